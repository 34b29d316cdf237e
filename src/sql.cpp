#include "sql.hpp"

#include "db.hpp"
#include "error.hpp"
#include "text.hpp"
#include "users.hpp"

#include <sqlite3.h>
#include <unistd.h>
#include <filesystem>
#include <random>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

namespace tally {

namespace {

// A prepared statement finalized on every path.
struct Finalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, Finalizer>;

// Prepares the first statement of `sql`; `tail` points past it. Empty
// statements (comments, lone semicolons) prepare to nullptr and are skipped.
StatementPtr prepare(sqlite3* db, const char* sql, const char** tail) {
  sqlite3_stmt* raw = nullptr;
  const char* rest = sql;
  while (*rest != '\0' && raw == nullptr) {
    if (sqlite3_prepare_v2(db, rest, -1, &raw, &rest) != SQLITE_OK) {
      throw refused(std::string("sql: ") + sqlite3_errmsg(db));
    }
  }
  *tail = rest;
  return StatementPtr(raw);
}

Json column_value(sqlite3_stmt* statement, int i) {
  switch (sqlite3_column_type(statement, i)) {
    case SQLITE_INTEGER:
      return Json(static_cast<std::int64_t>(sqlite3_column_int64(statement, i)));
    case SQLITE_FLOAT:
      return Json(sqlite3_column_double(statement, i));
    case SQLITE_TEXT:
      return Json(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, i)),
                              static_cast<std::size_t>(sqlite3_column_bytes(statement, i))));
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(statement, i));
      return Json(blob_text(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement, i))));
    }
    default:
      return Json();
  }
}

// PRAGMAs that only read. The first list may take an argument (a table or
// index name, a row limit); the second only reads without one (with an
// argument they set something).
constexpr std::array<const char*, 16> k_pragmas_any = {
    "table_info",       "table_xinfo",       "table_list",      "index_list",   "index_info",     "index_xinfo",
    "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",  "collation_list", "function_list",
    "module_list",      "pragma_list",       "compile_options", "database_list"};
constexpr std::array<const char*, 16> k_pragmas_no_argument = {
    "journal_mode",   "user_version", "application_id",     "schema_version", "page_size",   "page_count",
    "freelist_count", "encoding",     "foreign_keys",       "data_version",   "auto_vacuum", "synchronous",
    "busy_timeout",   "cache_size",   "wal_autocheckpoint", "max_page_count"};

template <std::size_t N>
bool listed(const std::array<const char*, N>& names, const char* name) {
  return std::any_of(names.begin(), names.end(), [name](const char* n) { return sqlite3_stricmp(n, name) == 0; });
}

// What the authorizer saw while a statement was prepared.
struct Authorization {
  bool show_keys = false;
  bool pragma = false;  // the statement is an allowed PRAGMA
  std::string refusal;  // why it was denied, if it was
};

int authorize(void* data, int action, const char* first, const char* second, const char*, const char*) {
  auto* auth = static_cast<Authorization*>(data);
  switch (action) {
    case SQLITE_READ:
      if (first != nullptr && sqlite3_stricmp(first, "sqlite_dbpage") == 0) {
        auth->refusal = "sql: sqlite_dbpage (the raw pages of the file) is not readable through " + command_ref("sql");
        return SQLITE_DENY;
      }
      if (!auth->show_keys && first != nullptr && second != nullptr && sqlite3_stricmp(first, "license") == 0 &&
          sqlite3_stricmp(second, "license_key") == 0) {
        return SQLITE_IGNORE;  // the column reads as NULL
      }
      if (first != nullptr && second != nullptr && is_secret_column(first, second)) {
        return SQLITE_IGNORE;  // hashes of passwords, tokens and sessions: never shown, --show-keys or not
      }
      return SQLITE_OK;
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
      auth->refusal = "sql: ATTACH and DETACH are not allowed; " + command_ref("sql") + " reads the one database at " +
                      field_ref("db");
      return SQLITE_DENY;
    case SQLITE_PRAGMA: {
      const char* name = first != nullptr ? first : "";
      if (listed(k_pragmas_any, name) || (second == nullptr && listed(k_pragmas_no_argument, name))) {
        auth->pragma = true;
        return SQLITE_OK;
      }
      auth->refusal = std::string("sql: PRAGMA ") + name + (second != nullptr ? " with a value" : "") +
                      " is not allowed; " + command_ref("sql") +
                      " runs the PRAGMAs that only read (table_info, journal_mode, "
                      "user_version, foreign_key_list, integrity_check, ... without a value)";
      return SQLITE_DENY;
    }
    default:
      return SQLITE_OK;
  }
}

// Interrupts the statement once its time is up.
struct Deadline {
  std::chrono::steady_clock::time_point at;
  bool passed = false;
};

int check_deadline(void* data) {
  auto* deadline = static_cast<Deadline*>(data);
  if (std::chrono::steady_clock::now() >= deadline->at) {
    deadline->passed = true;
    return 1;
  }
  return 0;
}

// Roughly what a value costs in the result rows (the Json node, its key, its text).
std::int64_t cost_of(const Json& value, const std::string& key) {
  constexpr std::int64_t k_overhead = 96;
  return k_overhead + static_cast<std::int64_t>(key.size()) +
         (value.is_string() ? static_cast<std::int64_t>(value.get_ref<const std::string&>().size()) : 0);
}

// SQLite's hard heap limit while it lives (process-wide), restored after.
class HeapLimit {
 public:
  explicit HeapLimit(std::int64_t bytes) : m_previous(sqlite3_hard_heap_limit64(bytes)) {}
  ~HeapLimit() { sqlite3_hard_heap_limit64(m_previous); }
  HeapLimit(const HeapLimit&) = delete;
  HeapLimit& operator=(const HeapLimit&) = delete;

 private:
  sqlite3_int64 m_previous;
};

std::string mebibytes(std::int64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

}  // namespace

std::string blob_text(const unsigned char* bytes, std::size_t size) {
  constexpr std::size_t k_shown = 64;
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out = "x'";
  for (std::size_t b = 0; b < std::min(size, k_shown); ++b) {
    out += k_hex[bytes[b] >> 4];
    out += k_hex[bytes[b] & 0xF];
  }
  if (size > k_shown) {
    return out + "\u2026' (" + std::to_string(size) + " bytes)";
  }
  return out + "'";
}

QueryResult query_read_only(const std::string& path, const std::string& sql, const QueryOptions& options) {
  if (trim(sql).empty()) {
    throw refused("sql: no statement was given; pass one SELECT, e.g. " + command_ref("sql \"SELECT * FROM v_asset\""));
  }
  if (is_cluster_address(path)) {
    // The same read-only connection and authorizer, on a snapshot of the
    // cluster's database that its leader hands out (a `tally backup` copy).
    const auto copy = std::filesystem::temp_directory_path() / ("tally-sql-" + std::to_string(::getpid()) + "-" +
                                                                std::to_string(std::random_device{}()) + ".db");
    Database::open(path, OpenMode::existing)->connection().copy_to_file(copy.string(), {});
    struct Remove {
      std::filesystem::path file;
      ~Remove() {
        std::error_code ignored;
        std::filesystem::remove(file, ignored);
      }
    } remove{copy};
    return query_read_only(copy.string(), sql, options);
  }
  // A normal open first: it refuses a missing or foreign file and migrates, so
  // that the views exist. Then a second, read-only connection runs the SQL.
  Database::open(path, OpenMode::existing);

  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  const std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
  if (rc != SQLITE_OK) {
    throw storage_error("'" + path + "': cannot open read-only (" + (raw ? sqlite3_errmsg(raw) : "out of memory") +
                        ")");
  }
  sqlite3_busy_timeout(db.get(), busy_timeout_ms());
  Authorization auth;
  auth.show_keys = options.show_keys;
  sqlite3_set_authorizer(db.get(), authorize, &auth);
  Deadline deadline{std::chrono::steady_clock::now() + options.timeout};
  constexpr int k_progress_steps = 10000;
  sqlite3_progress_handler(db.get(), k_progress_steps, check_deadline, &deadline);
  // Process-wide, and this process runs nothing else from here on.
  const HeapLimit heap_limit(options.memory_limit);
  const auto refusal = [&](const std::string& fallback) { return auth.refusal.empty() ? fallback : auth.refusal; };

  const char* tail = nullptr;
  StatementPtr statement;
  try {
    statement = prepare(db.get(), sql.c_str(), &tail);
  } catch (const Error& e) {
    throw refused(refusal(e.raw()));
  }
  if (!statement) {
    throw refused("sql: no statement was given (only comments or semicolons); pass one SELECT");
  }
  const char* after = nullptr;
  if (prepare(db.get(), tail, &after)) {
    throw refused("sql: more than one statement was given; run one at a time (the rest starts at '" +
                  trim(std::string(tail).substr(0, 40)) + "')");
  }
  const bool allowed_pragma = auth.pragma;
  if (!allowed_pragma && !sqlite3_stmt_readonly(statement.get())) {
    throw refused("sql: '" + trim(std::string(sqlite3_sql(statement.get())).substr(0, 60)) + "' would write; " +
                  command_ref("sql") + " runs read-only statements only (use the tally commands to change data)");
  }

  QueryResult result;
  const int count = sqlite3_column_count(statement.get());
  for (int i = 0; i < count; ++i) {
    const char* name = sqlite3_column_name(statement.get(), i);
    std::string key = name ? name : "column" + std::to_string(i + 1);
    const std::string base = key;
    for (int n = 2; std::find(result.columns.begin(), result.columns.end(), key) != result.columns.end(); ++n) {
      key = base + "_" + std::to_string(n);
    }
    result.columns.push_back(key);
  }
  std::int64_t result_bytes = 0;
  for (;;) {
    const int step = sqlite3_step(statement.get());
    if (step == SQLITE_DONE) {
      break;
    }
    if (step != SQLITE_ROW) {
      const int code = sqlite3_errcode(db.get());
      if (deadline.passed) {
        throw refused("sql: stopped after " + std::to_string(options.timeout.count() / 1000) +
                      " s, the time limit (an endless recursive CTE?); give more with " + field_ref("timeout") +
                      " SECONDS");
      }
      if (code == SQLITE_NOMEM) {
        throw refused("sql: the statement needs more than " + mebibytes(options.memory_limit) +
                      " of memory, the limit; narrow it (WHERE, LIMIT)");
      }
      const std::string message = std::string("sql: ") + sqlite3_errmsg(db.get());
      if (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_CORRUPT || code == SQLITE_IOERR) {
        throw storage_error(message);
      }
      throw refused(message);
    }
    Json row = Json::object();
    for (int i = 0; i < count; ++i) {
      const std::string& key = result.columns[static_cast<std::size_t>(i)];
      Json value = column_value(statement.get(), i);
      result_bytes += cost_of(value, key);
      row[key] = std::move(value);
    }
    if (result_bytes > options.memory_limit) {
      throw refused("sql: the result passed " + mebibytes(options.memory_limit) + " after " +
                    std::to_string(result.rows.size()) + " rows, the limit; narrow it (WHERE, LIMIT)");
    }
    result.rows.push_back(std::move(row));
  }
  return result;
}

}  // namespace tally
