#pragma once

// The SQLite file backend of the storage seam (src/store/store.hpp).

#include "store.hpp"

#include <memory>
#include <string>

struct sqlite3;

namespace tally::store {

// How a file is opened.
enum class FileAccess {
  read_write,         // the file must exist
  read_write_create,  // created if missing
  read_only,
};

// A connection to the SQLite file at `path` (or ":memory:"). Throws SqlError
// when it cannot be opened.
std::unique_ptr<Connection> open_sqlite_file(const std::string& path, FileAccess access);

// The SQLite handle of a file connection, nullptr for any other backend: for
// the few whole-file operations only SQLite has (the online backup API).
sqlite3* sqlite_handle(Connection& connection);

}  // namespace tally::store
