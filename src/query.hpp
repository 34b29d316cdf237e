#pragma once

#include "json.hpp"

#include <string>
#include <vector>

namespace tally {

// What one read-only statement returned.
struct QueryResult {
  std::vector<std::string> columns;  // the statement's column names, made unique ("id", "id_2")
  std::vector<Json> rows;            // objects keyed by `columns`; BLOBs as lower-case hex text
};

// Runs one SQL statement on the Tally database at `path` over a connection
// opened read-only (SQLITE_OPEN_READONLY), after a normal open has checked
// the file and brought its schema up to date. Throws a refused Error for an
// empty text, more than one statement, a statement that would write
// (sqlite3_stmt_readonly), or SQL that SQLite rejects; a storage Error when
// the file cannot be opened.
QueryResult query_read_only(const std::string& path, const std::string& sql);

}  // namespace tally
