#pragma once

// The storage seam: everything above it (the whole of src/ but this folder)
// talks to a database through these two interfaces and never learns which
// engine answers. Backends: the SQLite file (sqlite_file.cpp, the default)
// and a dqlite cluster (dqlite_*.cpp). Both run SQLite's SQL, so the schema,
// triggers and views are the same on each; what differs is how a statement
// travels and what a failure looks like, and both report failures as
// SqlError carrying SQLite's result codes.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tally::store {

// A failure the engine reported. code() is SQLite's primary result code
// (SQLITE_CONSTRAINT, SQLITE_BUSY, ...; dqlite answers with the same codes),
// extended_code() the extended one where the engine gives it (else == code()).
class SqlError : public std::runtime_error {
 public:
  SqlError(int code, int extended_code, const std::string& message)
      : std::runtime_error(message), m_code(code), m_extended_code(extended_code) {}
  int code() const { return m_code; }
  int extended_code() const { return m_extended_code; }

 private:
  int m_code;
  int m_extended_code;
};

// SQLite's result codes that callers above the seam act on (every backend
// reports these numbers).
namespace code {
constexpr int perm = 3;
constexpr int busy = 5;
constexpr int locked = 6;
constexpr int readonly = 8;
constexpr int ioerr = 10;
constexpr int corrupt = 11;
constexpr int full = 13;
constexpr int cantopen = 14;
constexpr int constraint = 19;
constexpr int range = 25;
constexpr int notadb = 26;
constexpr int constraint_trigger = constraint | (7 << 8);  // SQLITE_CONSTRAINT_TRIGGER
constexpr int constraint_unique = constraint | (8 << 8);   // SQLITE_CONSTRAINT_UNIQUE
// Extended codes of a cluster backend's own failures (primary code ioerr),
// whose message says everything: a transaction lost with its leader
// (nothing of it was written, so trying again is safe), a write whose
// outcome is unknown, and a cluster that cannot be reached or has no leader.
constexpr int cluster_nothing_written = ioerr | (61 << 8);
constexpr int cluster_outcome_unknown = ioerr | (60 << 8);
constexpr int cluster_unavailable = ioerr | (62 << 8);
}  // namespace code

// The storage class of a value, numbered as SQLite numbers them.
enum class Type { integer = 1, real = 2, text = 3, blob = 4, null = 5 };

// One prepared statement of a backend. Parameters are numbered from 1,
// columns from 0, as in SQLite. Every method may throw SqlError.
class Cursor {
 public:
  virtual ~Cursor() = default;

  // The number of a named parameter (":name"), 0 if the statement has none of that name.
  virtual int parameter_index(const char* name) = 0;
  virtual void bind_null(int index) = 0;
  virtual void bind_int64(int index, std::int64_t value) = 0;
  virtual void bind_double(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_blob(int index, const void* data, std::size_t size) = 0;
  // Drops every binding (all parameters NULL again).
  virtual void clear_bindings() = 0;

  // Runs the statement on to its next row: true when a row is ready, false
  // when it has finished (a write has then been applied).
  virtual bool step() = 0;
  // Back to before the first step; bindings are kept. Never throws the
  // error of an earlier failed step again.
  virtual void reset() = 0;

  virtual int column_count() = 0;
  virtual std::string column_name(int index) = 0;
  // Of the current row (valid after step() returned true):
  virtual Type column_type(int index) = 0;
  virtual std::int64_t column_int64(int index) = 0;
  virtual double column_double(int index) = 0;
  // Valid until the next step(), reset() or the cursor's end. NULL reads as "".
  virtual std::string_view column_text(int index) = 0;
  virtual std::string_view column_blob(int index) = 0;

  // The SQL text the statement was prepared from.
  virtual std::string sql() const = 0;
};

// One connection to a database. Not thread-safe: one connection per thread.
class Connection {
 public:
  virtual ~Connection() = default;

  // Compiles one SQL statement (trailing text other than whitespace and
  // comments is an error). Throws SqlError.
  virtual std::unique_ptr<Cursor> prepare(const std::string& sql) = 0;
  // Runs a script of one or more statements, discarding any rows. Throws SqlError.
  virtual void exec(const std::string& script) = 0;

  // The rowid of the last row an INSERT on this connection made.
  virtual std::int64_t last_insert_rowid() = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  virtual std::int64_t changes() = 0;
  // Whether a transaction is open on this connection (BEGIN without its COMMIT).
  virtual bool in_transaction() = 0;
  // The most parameters one statement may bind (a batch of rows in one INSERT stays within it).
  virtual int max_parameters() = 0;

  // Where the connection points, for messages: a file path, or dqlite://... .
  virtual std::string location() const = 0;

  // Writes a consistent copy of the whole database to a new SQLite file at
  // `path` (which must not exist), calling progress(done, total) in pages as
  // it goes. The copy is of one snapshot even while others write. Throws SqlError.
  virtual void copy_to_file(const std::string& path,
                            const std::function<void(std::int64_t, std::int64_t)>& progress) = 0;
};

}  // namespace tally::store
