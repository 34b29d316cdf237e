#pragma once

#include <string>
#include <vector>

namespace tally {

// One row that breaks a check: the table it lives in, its human key (a tag,
// "RACK LOC/NAME", "LIC-00003", an event id) and what is wrong with it.
struct DoctorProblem {
  std::string table;
  std::string row;
  std::string detail;
};

// One check of `tally doctor` and the rows that fail it (none when it passed).
struct DoctorCheck {
  std::string name;         // integrity, foreign_keys, schema_version, ...
  std::string description;  // what it checks, for people
  std::vector<DoctorProblem> problems;
  // A warning's rows are worth a look but are not damage (a clock that
  // stepped back): they never make doctor or `import json` fail.
  bool warning = false;
  bool ok() const { return problems.empty(); }
  bool failed() const { return !warning && !problems.empty(); }
};

// The names of the checks, in the order doctor runs them.
const std::vector<std::string>& doctor_check_names();

// Opens the database at `path` without writing or migrating it, and runs
// every check. A check that cannot run (an older schema lacks a table, say)
// fails with the SQLite message as its problem. Throws a storage Error if the
// file is missing or is not a SQLite database at all.
std::vector<DoctorCheck> run_doctor(const std::string& path);

class Database;

// Runs every check on an open connection (inside its transaction, if one is
// open): `tally import json` checks what it wrote before committing.
std::vector<DoctorCheck> run_doctor_checks(Database& db);

}  // namespace tally
