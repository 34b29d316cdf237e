#include "error.hpp"
#include "modules.hpp"
#include "text.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>

// Part of tally_yaml.so: reading NetBox device-type files with yaml-cpp,
// reached through YamlModule (modules.hpp) by import_netbox_models.
namespace tally {

namespace {

std::optional<std::string> scalar(const YAML::Node& doc, const char* key, const std::string& file,
                                  std::vector<std::string>& problems) {
  const YAML::Node node = doc[key];
  if (!node.IsDefined() || node.IsNull()) {
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    problems.push_back(file + ": field \"" + key + "\": must be a single value, not a list or mapping");
    return std::nullopt;
  }
  if (const auto problem = text_problem(node.Scalar(), TextKind::free_text)) {
    problems.push_back(file + ": field \"" + key + "\" " + *problem);
    return std::nullopt;
  }
  return node.Scalar();
}

// Reads one document of a device-type file; nullopt (with problems listed) if
// it is unusable. `file` names the document in messages ("F" or "F, document 2").
std::optional<ImportedModel> read_document(const YAML::Node& doc, const std::string& file,
                                           std::vector<std::string>& problems) {
  if (!doc.IsMap()) {
    problems.push_back(file + ": not a NetBox device type (expected a mapping with manufacturer: and model:)");
    return std::nullopt;
  }
  const std::size_t before = problems.size();
  ImportedModel m;
  m.file = file;
  const auto manufacturer = scalar(doc, "manufacturer", file, problems);
  const auto model = scalar(doc, "model", file, problems);
  if (!manufacturer || trim(*manufacturer).empty()) {
    problems.push_back(file + ": field \"manufacturer\": missing; every device type names its manufacturer");
  } else {
    m.manufacturer = trim(*manufacturer);
  }
  if (!model || trim(*model).empty()) {
    problems.push_back(file + ": field \"model\": missing; every device type names its model");
  } else {
    m.model = trim(*model);
  }
  if (const auto part = scalar(doc, "part_number", file, problems); part && !trim(*part).empty()) {
    m.part_number = trim(*part);
  }
  if (const auto height = scalar(doc, "u_height", file, problems)) {
    char* end = nullptr;
    const double units = std::strtod(height->c_str(), &end);
    const double halves = units * 2;
    if (height->empty() || *end != '\0' || !std::isfinite(units) || units < 0 || units > 100 ||
        std::fabs(halves - std::round(halves)) > 1e-9) {
      problems.push_back(file + ": field \"u_height\": '" + *height +
                         "' must be a number of rack units, a multiple of 0.5 from 0 to 100");
    } else {
      m.u_height_halves = static_cast<int>(std::lround(halves));
    }
  }
  if (doc["is_full_depth"].IsDefined() && !doc["is_full_depth"].IsNull()) {
    try {
      m.full_depth = doc["is_full_depth"].as<bool>();
    } catch (const YAML::Exception&) {
      problems.push_back(file + ": field \"is_full_depth\": must be true or false");
    }
  }
  if (problems.size() != before) {
    return std::nullopt;
  }
  return m;
}

// Every document of a file: a NetBox file holds one device type, but YAML
// allows several documents ("---" between them) and each one is imported.
// Empty documents (a trailing "---") are skipped.
std::vector<ImportedModel> read_device_types(const std::string& file, std::vector<std::string>& problems) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAllFromFile(file);
  } catch (const YAML::BadFile&) {
    problems.push_back(file + ": cannot read the file");
    return {};
  } catch (const YAML::ParserException& e) {
    problems.push_back(file + ": line " + std::to_string(e.mark.line + 1) + ", column " +
                       std::to_string(e.mark.column + 1) + ": not valid YAML: " + e.msg);
    return {};
  }
  std::vector<YAML::Node> used;
  for (const auto& doc : docs) {
    if (doc.IsDefined() && !doc.IsNull()) {
      used.push_back(doc);
    }
  }
  if (used.empty()) {
    problems.push_back(file + ": not a NetBox device type (expected a mapping with manufacturer: and model:)");
    return {};
  }
  std::vector<ImportedModel> models;
  for (std::size_t i = 0; i < used.size(); ++i) {
    const std::string name = used.size() == 1 ? file : file + ", document " + std::to_string(i + 1);
    if (auto m = read_document(used[i], name, problems)) {
      m->file = name;
      models.push_back(std::move(*m));
    }
  }
  return models;
}

}  // namespace

}  // namespace tally

extern "C" __attribute__((visibility("default"))) const tally::YamlModule* tally_yaml_module() {
  static const tally::YamlModule module{tally::read_device_types};
  return &module;
}
