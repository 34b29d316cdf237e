#pragma once

#include "teams.hpp"

#include <string>
#include <vector>

namespace tally {

// What `tally init` did.
struct InitReport {
  std::string path;
  bool created = false;
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> migrations;
  OrgLoadReport org;
};

// Creates the database at `path` if needed, applies pending migrations and
// loads the missing units of the built-in org chart, recording events. Safe to
// run again. Throws a storage Error when the file cannot be opened, is not a
// Tally database, or is newer than this binary.
InitReport init_database(const std::string& path, const std::string& actor);

}  // namespace tally
