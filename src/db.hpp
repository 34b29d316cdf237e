#pragma once

#include "error.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace tally {

// How to open a database file.
enum class OpenMode {
  create,    // `tally init`: create the file if it does not exist
  existing,  // every other command: the file must exist and be a Tally database
  inspect,   // `tally doctor`: the file must exist; never written (query_only), not checked, never migrated
};

// What opening did to the schema.
struct OpenReport {
  bool created = false;                 // the file was new or empty: it had no Tally schema
  int from_version = 0;                 // schema version found
  int to_version = 0;                   // schema version now
  std::vector<std::string> migrations;  // names of the migrations applied
};

// "TALY": marks a SQLite file as a Tally database (PRAGMA application_id).
constexpr int k_application_id = 0x54414C59;

// Whether `location` names a database of a cluster (dqlite://...), not a file.
bool is_cluster_address(const std::string& location);

// The busy timeout of every connection opened after the call (5000 ms until
// then): how long a statement waits for another connection's lock before it
// fails with a busy storage Error.
void set_busy_timeout_ms(int milliseconds);
int busy_timeout_ms();

class Database;

// One value of the current row of a Statement (valid until its next step).
class Field {
 public:
  Field(store::Cursor& cursor, int index) : m_cursor(&cursor), m_index(index) {}
  bool is_null() const { return type() == store::Type::null; }
  store::Type type() const { return m_cursor->column_type(m_index); }
  std::int64_t as_int64() const { return m_cursor->column_int64(m_index); }
  int as_int() const { return static_cast<int>(m_cursor->column_int64(m_index)); }
  double as_double() const { return m_cursor->column_double(m_index); }
  // NULL reads as "".
  std::string as_text() const { return std::string(m_cursor->column_text(m_index)); }
  std::string_view as_blob() const { return m_cursor->column_blob(m_index); }
  std::string name() const { return m_cursor->column_name(m_index); }

 private:
  store::Cursor* m_cursor;
  int m_index;
};

// A prepared statement, whatever the backend: bind parameters (from 1 or by
// ":name"), step through rows, read columns (from 0). Throws store::SqlError;
// callers map it with from_sqlite (src/error.hpp).
class Statement {
 public:
  Statement(Database& db, const std::string& sql);
  Statement(store::Connection& connection, const std::string& sql)
      : m_connection(&connection), m_cursor(connection.prepare(sql)) {}

  void bind(int index) { m_cursor->bind_null(index); }
  void bind(int index, std::nullptr_t) { m_cursor->bind_null(index); }
  void bind(int index, int value) { m_cursor->bind_int64(index, value); }
  void bind(int index, std::int64_t value) { m_cursor->bind_int64(index, value); }
  void bind(int index, double value) { m_cursor->bind_double(index, value); }
  void bind(int index, const std::string& value) { m_cursor->bind_text(index, value); }
  void bind(int index, const char* value) { m_cursor->bind_text(index, value); }
  void bind_blob(int index, const void* data, std::size_t size) { m_cursor->bind_blob(index, data, size); }
  // By name (":status"); a name the statement does not have is a programming error (SqlError).
  template <class... Value>
  void bind(const char* name, Value&&... value) {
    bind(index_of(name), std::forward<Value>(value)...);
  }
  template <class... Value>
  void bind(const std::string& name, Value&&... value) {
    bind(index_of(name.c_str()), std::forward<Value>(value)...);
  }
  void clear_bindings() { m_cursor->clear_bindings(); }

  // The next row: true when one is ready, false when the statement is done.
  bool step() { return m_cursor->step(); }
  // Runs the statement to its end, ignoring any rows; the rows it changed.
  std::int64_t exec();
  // exec(), then reset() whether it succeeded or threw (a cached statement
  // run again and again); the rows it changed.
  std::int64_t exec_and_reset();
  // Back before the first step, bindings kept; never rethrows an old error.
  void reset() { m_cursor->reset(); }

  Field column(int index) { return Field(*m_cursor, index); }
  int column_count() { return m_cursor->column_count(); }
  std::string column_name(int index) { return m_cursor->column_name(index); }
  std::string sql() const { return m_cursor->sql(); }

 private:
  int index_of(const char* name);

  store::Connection* m_connection;
  std::unique_ptr<store::Cursor> m_cursor;
};

// An open Tally database: connection settings applied, schema up to date.
class Database {
 public:
  // Opens (or with OpenMode::create, creates) the database at `path`, applies
  // the connection settings and any pending migrations. Throws a storage Error
  // if the file is missing (existing mode), unreadable, corrupt, not a Tally
  // database, or newer than this binary. A new file is built beside `path`
  // and linked into place whole, so concurrent `tally init`s on one new path
  // all succeed (one creates it) and a failed one leaves nothing.
  static std::unique_ptr<Database> open(const std::string& path, OpenMode mode);

  // The connection, through the storage seam.
  store::Connection& connection() { return *m_connection; }

  // The file path, or the cluster address, the database was opened at.
  const std::string& path() const { return m_path; }

  // Runs a script of one or more statements, discarding rows. Throws store::SqlError.
  void exec(const std::string& script) { m_connection->exec(script); }
  // The first column of the first row of `sql` (0 or "" when there is no row).
  std::int64_t query_int(const std::string& sql);
  std::string query_text(const std::string& sql);
  // The rowid of the last row an INSERT on this connection made.
  std::int64_t last_insert_rowid() { return m_connection->last_insert_rowid(); }
  // Whether a transaction is open on this connection.
  bool in_transaction() { return m_connection->in_transaction(); }

  // A prepared statement for `sql`, compiled on first use and kept for the
  // life of the connection; returned reset, with no bindings. For the hot
  // paths (receiving, events) that run the same SQL thousands of times.
  Statement& statement(const std::string& sql);
  const OpenReport& report() const { return m_report; }

 private:
  Database(const std::string& path, std::unique_ptr<store::Connection> connection);
  // open() for a file at `path` (existing, or created here when `existed` is false).
  static std::unique_ptr<Database> open_file(const std::string& path, OpenMode mode, bool existed);
  // open() for a dqlite://HOST:PORT[,...]/NAME address: a database of a cluster.
  static std::unique_ptr<Database> open_cluster(const std::string& url, OpenMode mode);
  // open() for a new path with OpenMode::create: built aside, linked into place.
  static std::unique_ptr<Database> create_new(const std::string& path);

  std::string m_path;
  std::unique_ptr<store::Connection> m_connection;
  OpenReport m_report;
  std::map<std::string, std::unique_ptr<Statement>> m_statements;
};

// The first column of the first row of `sql` on `connection` (0 or "" when
// there is no row). Throws store::SqlError.
std::int64_t query_int(store::Connection& connection, const std::string& sql);
std::string query_text(store::Connection& connection, const std::string& sql);

// "(?, ?), (?, ?), (?, ?)": the VALUES of a multi-row INSERT, `rows` groups of `columns` placeholders.
std::string placeholder_rows(std::size_t columns, std::size_t rows);

// The statuses a transition table (po_status_transition,
// asset_status_transition) allows after `from`, in the order of `order`.
std::vector<std::string> allowed_moves(Database& db, const std::string& table, const std::string& from,
                                       const std::vector<std::string>& order);

// A nullable TEXT column as an optional string.
inline std::optional<std::string> text_or_null(const Field& column) {
  return column.is_null() ? std::nullopt : std::optional<std::string>(column.as_text());
}

// A write transaction that takes the write lock up front (BEGIN IMMEDIATE), so
// concurrent writers queue on the busy timeout instead of failing mid-way.
// Opened while a transaction is already open on the connection (a caller
// grouping many commands in one, as tally_generate does), it is a SAVEPOINT
// inside that one instead: a refusal still undoes exactly this command's
// work, and nothing is durable before the outer transaction commits.
class WriteTransaction {
 public:
  // Throws a storage Error when the write lock cannot be had.
  explicit WriteTransaction(Database& db);
  // Without commit(), rolls back everything since the constructor.
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  // Commits (or, nested, releases the savepoint into the outer transaction).
  void commit();

 private:
  Database& m_db;
  bool m_nested = false;
  bool m_done = false;
};

// Runs `fn` as one write transaction (a WriteTransaction: BEGIN IMMEDIATE, or
// a SAVEPOINT inside one already open) and commits it; returns what `fn`
// returns. Anything thrown leaves the database as it was; a store::SqlError
// from inside becomes the Error it means (from_sqlite). Every write of the
// core goes through here, so this is the one place that knows how a commit
// can fail.
// Whether write() commits what `fn` did: Keep::no runs it all (every check,
// every trigger) and rolls it back, for a dry run.
enum class Keep { yes, no };
template <class Fn>
auto write(Database& db, Keep keep, Fn&& fn) -> decltype(fn()) {
  try {
    WriteTransaction tx(db);
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      if (keep == Keep::yes) {
        tx.commit();
      }
    } else {
      auto result = fn();
      if (keep == Keep::yes) {
        tx.commit();
      }
      return result;
    }
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}
template <class Fn>
auto write(Database& db, Fn&& fn) -> decltype(fn()) {
  return write(db, Keep::yes, std::forward<Fn>(fn));
}

// A read transaction (BEGIN, then a first read that takes the snapshot;
// rolled back at the end, nothing having been written). Opened while a
// transaction is already open on the connection, it is part of that one.
class ReadTransaction {
 public:
  // Throws the Error a failed BEGIN means.
  explicit ReadTransaction(Database& db);
  // Ends the transaction this opened.
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& m_db;
  bool m_nested = false;
};

// Runs `fn` in one read transaction, so every read it makes sees the same
// snapshot of the database; returns what `fn` returns. A store::SqlError from
// inside becomes the Error it means (from_sqlite).
template <class Fn>
auto read(Database& db, Fn&& fn) -> decltype(fn()) {
  try {
    ReadTransaction tx(db);
    return fn();
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

}  // namespace tally
