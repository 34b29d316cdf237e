#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tally::store {
class Connection;
}

namespace tally {

// One numbered schema step: migrations/0001_schema_v1.sql is version 1.
struct Migration {
  int version;
  std::string name;
  // Static text, never copied: the file embedded in the binary (or a literal
  // in a test). Every command reads the list at start-up.
  std::string_view sql;
};

// The migrations built into this binary, in order. Throws a storage Error if
// the embedded files are not numbered 1, 2, 3... without gaps.
const std::vector<Migration>& builtin_migrations();

// The schema version a fully migrated database has (the last migration's).
int latest_version(const std::vector<Migration>& migrations);

// The database's schema version (PRAGMA user_version).
int schema_version(store::Connection& db);

// Brings the database from its version up to the last of `migrations`, all
// pending steps inside one transaction; returns the names applied. Throws a
// storage Error, leaving the database unchanged, if the database is newer than
// the migrations or a step fails.
std::vector<std::string> migrate(store::Connection& db, const std::vector<Migration>& migrations);

}  // namespace tally
