#include "modules.hpp"

#include "error.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <system_error>

namespace tally {

namespace {

namespace fs = std::filesystem;

// The directory of the running binary, empty if it cannot be read.
fs::path binary_directory() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

}  // namespace

const void* open_module(const std::string& file, const char* entry, const char* needed_for) {
  const fs::path dir = binary_directory();
  const fs::path beside = dir / file;
  const fs::path installed = (dir / ".." / "lib" / "tally" / "modules" / file).lexically_normal();
  std::error_code ec;
  const fs::path path = fs::exists(beside, ec) ? beside : installed;
  if (!fs::exists(path, ec)) {
    throw storage_error(std::string(needed_for) + " need the module " + path.string() +
                        ", which is missing; reinstall tally");
  }
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw storage_error("cannot load the module " + path.string() + " (" + needed_for +
                        " need it): " + (why ? why : "unknown error") + "; reinstall tally");
  }
  // The module stays loaded for the life of the process.
  void* symbol = dlsym(handle, entry);
  if (symbol == nullptr) {
    throw storage_error("the module " + path.string() + " has no entry point " + entry +
                        "; it is not this tally's module, reinstall tally");
  }
  using Entry = const void* (*)();
  return reinterpret_cast<Entry>(symbol)();
}

const LabelsModule& labels_module() {
  static const LabelsModule* module = static_cast<const LabelsModule*>(
      open_module("tally_labels.so", k_labels_module_entry, "labels and barcode photos"));
  return *module;
}

const YamlModule& yaml_module() {
  static const YamlModule* module =
      static_cast<const YamlModule*>(open_module("tally_yaml.so", k_yaml_module_entry, "NetBox YAML imports"));
  return *module;
}

}  // namespace tally
