#pragma once

#include "labels.hpp"
#include "netbox.hpp"
#include "scan.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The code that needs cairo, zxing-cpp, libjpeg, yaml-cpp or libdqlite is built
// into small modules (tally_labels.so, tally_yaml.so, tally_dqlite.so; the HTTP face is another,
// tally_serve.so, see server/server.hpp) that the core opens with
// dlopen the first time a command needs them, so that every other command
// starts without loading those libraries. The modules are this library's own
// code compiled separately; they call back into the core (which the binary
// exports) and are reached only through the tables below.
struct dqlite_node;

namespace tally {

// tally_labels.so: drawing labels and reading barcodes in photos.
struct LabelsModule {
  std::string (*png)(const LabelContent& label, const LabelStyle& style);
  std::string (*svg)(const LabelContent& label, const LabelStyle& style);
  std::string (*pdf)(const std::vector<LabelContent>& labels, const LabelStyle& style, const SheetTemplate* sheet);
  std::string (*zpl)(const LabelContent& label, const LabelStyle& style);
  std::vector<FoundBarcode> (*decode_image)(const std::string& path);
  std::vector<FoundBarcode> (*decode_image_bytes)(const std::string& bytes, const std::string& what);
};

// tally_dqlite.so: libdqlite's embedded node (with libraft, libuv, liblz4),
// for `tally node start` only; the cluster's client is the core's own.
struct DqliteModule {
  int (*create)(std::uint64_t id, const char* address, const char* dir, ::dqlite_node** node);
  int (*set_bind_address)(::dqlite_node* node, const char* address);
  int (*start)(::dqlite_node* node);
  const char* (*errmsg)(::dqlite_node* node);
  int (*stop)(::dqlite_node* node);
  void (*destroy)(::dqlite_node* node);
};

// tally_yaml.so: reading NetBox device-type files.
struct YamlModule {
  // Every device type of one file (a multi-document file holds several); the problems are listed for the
  // documents that are unusable.
  std::vector<ImportedModel> (*read_device_types)(const std::string& file, std::vector<std::string>& problems);
};

// Opens the module `file` and returns the table its extern "C" function
// `entry` gives (for faces that keep their own modules: tally_serve.so). The
// same search and errors as below; `needed_for` names what needs it.
const void* open_module(const std::string& file, const char* entry, const char* needed_for);

// The modules, opened on first use: looked for next to the running binary
// (the build tree), then in ../lib/tally/modules/ from it (the installed tree). Throw
// a storage Error naming the path when a module is missing or unusable.
const LabelsModule& labels_module();
const YamlModule& yaml_module();
const DqliteModule& dqlite_module();

// The entry points each module defines (extern "C", the only symbols it exports).
extern "C" {
using LabelsModuleEntry = const LabelsModule* (*)();
using YamlModuleEntry = const YamlModule* (*)();
using DqliteModuleEntry = const DqliteModule* (*)();
}
constexpr const char* k_labels_module_entry = "tally_labels_module";
constexpr const char* k_yaml_module_entry = "tally_yaml_module";
constexpr const char* k_dqlite_module_entry = "tally_dqlite_module";

namespace photo {
// Defined in tally_labels.so (photo_decoding.cpp), reached through LabelsModule.
std::vector<FoundBarcode> decode_image(const std::string& path);
std::vector<FoundBarcode> decode_image_bytes(const std::string& bytes, const std::string& what);
}  // namespace photo

}  // namespace tally
