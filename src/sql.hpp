#pragma once

#include "json.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tally {

// What one read-only statement returned.
struct QueryResult {
  std::vector<std::string> columns;  // the statement's column names, made unique ("id", "id_2")
  std::vector<Json> rows;            // objects keyed by `columns`; BLOBs as the text x'0A1B' (see blob_text)
};

// Limits and permissions of one query_read_only.
struct QueryOptions {
  bool show_keys = false;                    // read license.license_key (else every read of it gives NULL)
  std::chrono::milliseconds timeout{30000};  // stop the statement after this long
  std::int64_t memory_limit = 256LL << 20;   // SQLite's heap (hard limit) and, separately, the result rows
};

// How `tally sql` shows a BLOB: "x'0A1B'", the SQL literal; past 64 bytes the
// first 64, then "…' (N bytes)".
std::string blob_text(const unsigned char* bytes, std::size_t size);

// Runs one SQL statement on the Tally database at `path` over a connection
// opened read-only (SQLITE_OPEN_READONLY), after a normal open has checked
// the file and brought its schema up to date. An authorizer makes every read
// of license.license_key NULL unless `options.show_keys` (however the column
// is reached: SELECT *, views, subqueries, CTEs, functions of it), refuses
// sqlite_dbpage and ATTACH, and allows only the PRAGMAs that read (see the
// README). Throws a refused Error for an empty text, more than one statement,
// a statement that would write (sqlite3_stmt_readonly), a PRAGMA that is not
// allowed, SQL that SQLite rejects, or a statement that runs past
// `options.timeout` or needs more than `options.memory_limit`; a storage Error
// when the file cannot be opened.
QueryResult query_read_only(const std::string& path, const std::string& sql, const QueryOptions& options = {});

}  // namespace tally
