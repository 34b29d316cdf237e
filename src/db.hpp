#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
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

// The busy timeout of every connection opened after the call (5000 ms until
// then): how long a statement waits for another connection's lock before it
// fails with a busy storage Error.
void set_busy_timeout_ms(int milliseconds);
int busy_timeout_ms();

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

  // The SQLite connection.
  SQLite::Database& sql() { return m_db; }

  const std::string& path() const { return m_path; }

  // A prepared statement for `sql`, compiled on first use and kept for the
  // life of the connection; returned reset, with no bindings. For the hot
  // paths (receiving, events) that run the same SQL thousands of times.
  SQLite::Statement& statement(const std::string& sql);
  const OpenReport& report() const { return m_report; }

 private:
  Database(const std::string& path, int flags);
  // open() for a file at `path` (existing, or created here when `existed` is false).
  static std::unique_ptr<Database> open_file(const std::string& path, OpenMode mode, bool existed);
  // open() for a new path with OpenMode::create: built aside, linked into place.
  static std::unique_ptr<Database> create_new(const std::string& path);

  std::string m_path;
  SQLite::Database m_db;
  OpenReport m_report;
  std::map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;
};

// The statuses a transition table (po_status_transition,
// asset_status_transition) allows after `from`, in the order of `order`.
std::vector<std::string> allowed_moves(Database& db, const std::string& table, const std::string& from,
                                       const std::vector<std::string>& order);

// A nullable TEXT column as an optional string.
inline std::optional<std::string> text_or_null(const SQLite::Column& column) {
  return column.isNull() ? std::nullopt : std::optional<std::string>(column.getString());
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

}  // namespace tally
