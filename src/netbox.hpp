#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// What `tally import models` is asked to do.
struct ModelImportOptions {
  // YAML files of the NetBox community device-type library, or directories
  // searched (recursively) for *.yaml and *.yml files.
  std::vector<std::string> paths;
  std::string category = "other";  // NetBox device types have no category
  bool update = false;             // change a model that exists with other values
  bool dry_run = false;            // check and report; write nothing
  // Import the rest when a manufacturer and model appear in two files; the
  // later files' copies are skipped and listed (default: refuse them all).
  bool skip_duplicates = false;
};

// One device type read from a file and what became of it.
struct ImportedModel {
  std::string file;
  std::string manufacturer;
  std::string model;
  std::optional<std::string> part_number;
  int u_height_halves = 2;
  bool full_depth = true;
  std::string result;  // "created", "updated" or "unchanged"
};

struct ModelImportReport {
  std::vector<ImportedModel> models;
  std::vector<std::string> manufacturers_created;
  // With skip_duplicates: "FILE: MANUFACTURER MODEL is also in OTHER" for each copy skipped.
  std::vector<std::string> duplicates_skipped;
  bool dry_run = false;
};

// Reads every file, then (all or nothing, one transaction) creates missing
// manufacturers and models with their events. Reads `manufacturer`, `model`,
// `part_number`, `u_height` (default 1, multiples of 0.5) and
// `is_full_depth` (default true); every other key (airflow, weight,
// interfaces, ...) is ignored because Tally does not model it. A model that
// exists with the same values is unchanged; with other values it is refused
// unless `update`, and its height cannot change while units are racked.
// Every problem of every file is listed in one refusal as
// `FILE: field "X": reason`. Every document of a multi-document file is a
// device type; a file under a `module-types` directory (a NetBox module
// type: a line card, a PSU) is refused. Directories are searched through
// symbolic links (each real directory once, so a link loop ends).
ModelImportReport import_netbox_models(Database& db, const std::string& actor, const ModelImportOptions& options);

}  // namespace tally
