#include "netbox.hpp"

#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "models.hpp"
#include "modules.hpp"
#include "text.hpp"
#include "vendors.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

namespace tally {

namespace {

namespace fs = std::filesystem;

// Whether `path` has a directory component `module-types`: the NetBox
// library keeps its module types (line cards, power supplies, ...) there.
// They have no rack height or depth, so they are not device types.
bool under_module_types(const fs::path& path) {
  return std::any_of(path.begin(), path.end(), [](const fs::path& part) { return part == "module-types"; });
}

// The files named, with directories expanded to their *.yaml and *.yml files
// in name order; problems (missing paths, empty directories) are collected.
// Symbolic links to directories are followed, each real directory once (a
// link back up the tree ends the descent there); a file reached twice is read once.
std::vector<std::string> yaml_files(const std::vector<std::string>& paths, std::vector<std::string>& problems) {
  std::vector<std::string> files;
  std::set<std::string> seen_files;
  const auto add_file = [&](const fs::path& file) {
    std::error_code ec;
    const fs::path real = fs::canonical(file, ec);
    if (seen_files.insert(ec ? file.string() : real.string()).second) {
      files.push_back(file.string());
    }
  };
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      std::set<std::string> seen_dirs = {fs::canonical(path, ec).string()};
      fs::recursive_directory_iterator it(path, fs::directory_options::follow_directory_symlink, ec);
      for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        std::error_code entry_ec;
        if (it->is_directory(entry_ec)) {
          const fs::path real = fs::canonical(it->path(), entry_ec);
          if (entry_ec || !seen_dirs.insert(real.string()).second) {
            it.disable_recursion_pending();
          }
          continue;
        }
        const std::string ext = lower(it->path().extension().string());
        if (it->is_regular_file(entry_ec) && (ext == ".yaml" || ext == ".yml")) {
          found.push_back(it->path());
        }
      }
      if (found.empty()) {
        problems.push_back(path + ": no .yaml or .yml files in this directory");
      }
      std::sort(found.begin(), found.end());
      for (const auto& file : found) {
        add_file(file);
      }
    } else if (fs::is_regular_file(path, ec)) {
      add_file(path);
    } else {
      problems.push_back(path + ": no such file or directory");
    }
  }
  return files;
}

// A scalar field as text, nullopt when absent or null; a problem otherwise.

Json netbox_model_fields(const ImportedModel& m) {
  return {{"part_number", m.part_number ? Json(*m.part_number) : Json(nullptr)},
          {"u_height", format_u_height(m.u_height_halves)},
          {"full_depth", m.full_depth}};
}

// Applies one device type inside the open transaction; problems are collected.
// `vendors`: every vendor by lower-case name, kept up to date.
void apply(Database& db, const std::string& actor, const ModelImportOptions& options, ImportedModel& m,
           std::map<std::string, Vendor>& vendors, ModelImportReport& report, std::vector<std::string>& problems) {
  auto found = vendors.find(lower(m.manufacturer));
  if (found == vendors.end()) {
    NewVendor created;
    created.name = m.manufacturer;
    created.manufacturer = true;
    found = vendors.emplace(lower(m.manufacturer), insert_vendor(db, actor, created)).first;
    report.manufacturers_created.push_back(found->second.name);
  }
  const Vendor* maker = &found->second;
  m.manufacturer = maker->name;
  Statement q(db,
              "SELECT id, part_number, u_height_halves, full_depth, "
              "(SELECT count(*) FROM placement p JOIN asset a ON a.id = p.asset_id WHERE a.model_id = model.id) "
              "FROM model WHERE manufacturer_id = ? AND name = ? COLLATE NOCASE");
  q.bind(1, maker->id);
  q.bind(2, m.model);
  if (!q.step()) {
    NewModel created;
    created.manufacturer = maker->name;
    created.name = m.model;
    created.category = options.category;
    created.part_number = m.part_number;
    created.u_height = format_u_height(m.u_height_halves);
    created.full_depth = m.full_depth;
    insert_model(db, actor, created);
    m.result = "created";
    return;
  }
  const std::int64_t id = q.column(0).as_int64();
  ImportedModel old = m;
  old.part_number = text_or_null(q.column(1));
  old.u_height_halves = q.column(2).as_int();
  old.full_depth = q.column(3).as_int() != 0;
  const std::int64_t racked = q.column(4).as_int64();
  const Json before = netbox_model_fields(old);
  const Json after = netbox_model_fields(m);
  if (before == after) {
    m.result = "unchanged";
    return;
  }
  const std::string name = maker->name + " " + m.model;
  if (!options.update) {
    problems.push_back(m.file + ": " + name + " exists with " + before.dump() + "; the file says " + after.dump() +
                       "; add " + field_ref("update") + " to change it");
    return;
  }
  if (racked > 0 && (old.u_height_halves != m.u_height_halves || old.full_depth != m.full_depth)) {
    problems.push_back(m.file + ": " + name + " has " + std::to_string(racked) +
                       " units installed in racks; its height and depth cannot change (remove them first)");
    return;
  }
  Statement update(db, "UPDATE model SET part_number = ?, u_height_halves = ?, full_depth = ? WHERE id = ?");
  if (m.part_number) {
    update.bind(1, *m.part_number);
  }
  update.bind(2, m.u_height_halves);
  update.bind(3, m.full_depth ? 1 : 0);
  update.bind(4, id);
  update.exec();
  append_event(db, actor, "update", "model", name, before, after);
  m.result = "updated";
}

}  // namespace

ModelImportReport import_netbox_models(Database& db, const std::string& actor, const ModelImportOptions& options) {
  require_one_of("import models", "category", options.category, model_categories());
  ModelImportReport report;
  report.dry_run = options.dry_run;
  std::vector<std::string> problems;
  std::vector<ImportedModel> models;
  std::map<std::string, std::string> seen;  // "manufacturer\nmodel" -> the file that had it
  for (const auto& file : yaml_files(options.paths, problems)) {
    if (under_module_types(fs::path(file))) {
      problems.push_back(file + ": a NetBox module type (it is under module-types/), not a device type; Tally "
                                "imports device types only (name the device-types directory)");
      continue;
    }
    for (auto& m : yaml_module().read_device_types(file, problems)) {
      const std::string key = lower(m.manufacturer) + "\n" + lower(m.model);
      const auto [it, fresh] = seen.emplace(key, m.file);
      if (!fresh) {
        const std::string duplicate = m.file + ": " + m.manufacturer + " " + m.model + " is also in " + it->second;
        (options.skip_duplicates ? report.duplicates_skipped : problems).push_back(duplicate);
        continue;
      }
      models.push_back(std::move(m));
    }
  }
  write(db, options.dry_run ? Keep::no : Keep::yes, [&] {
    if (problems.empty()) {
      std::map<std::string, Vendor> vendors;
      for (auto& vendor : list_vendors(db)) {
        vendors.emplace(lower(vendor.name), std::move(vendor));
      }
      for (auto& m : models) {
        apply(db, actor, options, m, vendors, report, problems);
      }
    }
    if (!problems.empty()) {
      std::string list;
      for (const auto& p : problems) {
        list += "\n  " + p;
      }
      throw refused("import models: " + std::to_string(problems.size()) +
                    (problems.size() == 1 ? " problem" : " problems") + "; nothing was imported:" + list);
    }
    if (models.empty()) {
      throw refused("import models: no device types given; name YAML files or directories of them");
    }
  });
  report.models = std::move(models);
  return report;
}

}  // namespace tally
