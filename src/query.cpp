#include "query.hpp"

#include "db.hpp"
#include "error.hpp"
#include "text.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <memory>

namespace tally {

namespace {

constexpr int k_busy_timeout_ms = 5000;

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
      const int size = sqlite3_column_bytes(statement, i);
      static constexpr char k_hex[] = "0123456789abcdef";
      std::string hex;
      for (int b = 0; b < size; ++b) {
        hex += k_hex[bytes[b] >> 4];
        hex += k_hex[bytes[b] & 0xF];
      }
      return Json(hex);
    }
    default:
      return Json();
  }
}

}  // namespace

QueryResult query_read_only(const std::string& path, const std::string& sql) {
  if (trim(sql).empty()) {
    throw refused("sql: no statement was given; pass one SELECT, e.g. tally sql \"SELECT * FROM v_asset\"");
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
  sqlite3_busy_timeout(db.get(), k_busy_timeout_ms);

  const char* tail = nullptr;
  StatementPtr statement = prepare(db.get(), sql.c_str(), &tail);
  if (!statement) {
    throw refused("sql: no statement was given (only comments or semicolons); pass one SELECT");
  }
  const char* after = nullptr;
  if (prepare(db.get(), tail, &after)) {
    throw refused("sql: more than one statement was given; run one at a time (the rest starts at '" +
                  trim(std::string(tail).substr(0, 40)) + "')");
  }
  if (!sqlite3_stmt_readonly(statement.get())) {
    throw refused("sql: '" + trim(std::string(sqlite3_sql(statement.get())).substr(0, 60)) +
                  "' would write; tally sql runs read-only statements only (use the tally commands to change data)");
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
  for (;;) {
    const int step = sqlite3_step(statement.get());
    if (step == SQLITE_DONE) {
      break;
    }
    if (step != SQLITE_ROW) {
      const int code = sqlite3_errcode(db.get());
      const std::string message = std::string("sql: ") + sqlite3_errmsg(db.get());
      if (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_CORRUPT || code == SQLITE_IOERR) {
        throw storage_error(message);
      }
      throw refused(message);
    }
    Json row = Json::object();
    for (int i = 0; i < count; ++i) {
      row[result.columns[static_cast<std::size_t>(i)]] = column_value(statement.get(), i);
    }
    result.rows.push_back(std::move(row));
  }
  return result;
}

}  // namespace tally
