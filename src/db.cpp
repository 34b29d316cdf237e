#include "db.hpp"

#include "error.hpp"
#include "migrations.hpp"

#include "store/dqlite_connection.hpp"
#include "store/sqlite_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace tally {

namespace {

int g_busy_timeout_ms = 5000;

void remove_database_files(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path + suffix, ignored);
  }
}

// Settings of the connection only; they do not touch the file.
void apply_connection_settings(store::Connection& db) {
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = " + std::to_string(g_busy_timeout_ms));
}

// Settings that change the file (WAL is persistent): only for files that are,
// or are about to become, Tally databases.
void apply_journal_settings(store::Connection& db) {
  // journal_mode answers with a row ("memory" for :memory: databases): exec ignores it.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
}

// Checks that the database at `path` is Tally's (or empty, for `tally
// init`), then applies the pending migrations; `file` applies the journal
// settings, which only a SQLite file has.
OpenReport check_and_migrate(store::Connection& sql, const std::string& path, OpenMode mode, bool file) {
  OpenReport report;
  // One statement, so one snapshot: a concurrent `tally init` commits its
  // whole schema (application_id included) at once, and these three
  // values are all from before it or all from after.
  int app_id = 0;
  int version = 0;
  int objects = 0;
  {
    Statement state(sql,
                    "SELECT (SELECT application_id FROM pragma_application_id), "
                    "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)");
    state.step();
    app_id = state.column(0).as_int();
    version = state.column(1).as_int();
    objects = state.column(2).as_int();
  }
  if (app_id != 0 && app_id != k_application_id) {
    throw storage_error("'" + path + "' is a SQLite database of another application, not a Tally database");
  }
  if (app_id == 0 && (version != 0 || objects != 0)) {
    throw storage_error("'" + path + "' is a SQLite database that Tally did not create; refusing to touch it");
  }
  if (app_id == 0 && mode == OpenMode::existing) {
    throw storage_error("'" + path + "' is empty, not a Tally database; run `" + command_ref("init") +
                        "` to create one");
  }
  report.from_version = version;
  if (mode == OpenMode::inspect) {
    report.to_version = version;
    return report;
  }
  if (file) {
    apply_journal_settings(sql);
  }
  report.migrations = migrate(sql, builtin_migrations());
  report.to_version = schema_version(sql);
  report.created = app_id == 0;
  return report;
}

}  // namespace

bool is_cluster_address(const std::string& location) {
  return store::dqlite::is_cluster_url(location);
}

void set_busy_timeout_ms(int milliseconds) {
  g_busy_timeout_ms = milliseconds;
}

int busy_timeout_ms() {
  return g_busy_timeout_ms;
}

Statement::Statement(Database& db, const std::string& sql) : Statement(db.connection(), sql) {}

std::int64_t Statement::exec() {
  while (m_cursor->step()) {
  }
  return m_connection->changes();
}

std::int64_t Statement::exec_and_reset() {
  std::int64_t changed = 0;
  try {
    changed = exec();
  } catch (...) {
    reset();
    throw;
  }
  reset();
  return changed;
}

std::string placeholder_rows(std::size_t columns, std::size_t rows) {
  std::string group = "(";
  for (std::size_t c = 0; c < columns; ++c) {
    group += c == 0 ? "?" : ", ?";
  }
  group += ")";
  std::string out;
  out.reserve(rows * (group.size() + 2));
  for (std::size_t r = 0; r < rows; ++r) {
    out += (r == 0 ? "" : ", ") + group;
  }
  return out;
}

int Statement::index_of(const char* name) {
  const int index = m_cursor->parameter_index(name);
  if (index == 0) {
    throw store::SqlError(store::code::range, store::code::range,
                          std::string("no parameter ") + name + " in: " + sql());
  }
  return index;
}

std::int64_t query_int(store::Connection& connection, const std::string& sql) {
  Statement q(connection, sql);
  return q.step() ? q.column(0).as_int64() : 0;
}

std::string query_text(store::Connection& connection, const std::string& sql) {
  Statement q(connection, sql);
  return q.step() ? q.column(0).as_text() : std::string();
}

std::int64_t Database::query_int(const std::string& sql) {
  return tally::query_int(*m_connection, sql);
}

std::string Database::query_text(const std::string& sql) {
  return tally::query_text(*m_connection, sql);
}

Database::Database(const std::string& path, std::unique_ptr<store::Connection> connection)
    : m_path(path), m_connection(std::move(connection)) {}

std::unique_ptr<Database> Database::open(const std::string& path, OpenMode mode) {
  if (store::dqlite::is_cluster_url(path)) {
    return open_cluster(path, mode);
  }
  const bool in_memory = path == ":memory:";
  std::error_code ec;
  const bool existed = in_memory || std::filesystem::exists(path, ec);
  if (!existed && mode == OpenMode::existing) {
    throw storage_error("no database at '" + path + "'; run `" + command_ref("init") + "` to create one, or point " +
                        field_ref("db") + " or TALLY_DB at an existing database");
  }
  if (existed && !in_memory && std::filesystem::is_directory(path, ec)) {
    throw storage_error("'" + path + "' is a directory, not a database file");
  }

  if (mode == OpenMode::inspect) {
    if (!existed) {
      throw storage_error("no database at '" + path + "'");
    }
    try {
      // Read-write but query_only: SQLite's integrity_check skips CHECK
      // constraints on a connection opened read-only. A file that cannot be
      // opened for writing is still inspected, read-only.
      std::unique_ptr<Database> db;
      try {
        db.reset(new Database(path, store::open_sqlite_file(path, store::FileAccess::read_write)));
      } catch (const store::SqlError&) {
        db.reset(new Database(path, store::open_sqlite_file(path, store::FileAccess::read_only)));
      }
      db->exec("PRAGMA query_only = 1");
      apply_connection_settings(db->connection());
      db->m_report.from_version = db->m_report.to_version = schema_version(db->connection());
      return db;
    } catch (const store::SqlError& e) {
      const Error mapped = from_sqlite(e);
      throw Error(mapped.kind(), "'" + path + "': " + mapped.what());
    }
  }
  if (mode == OpenMode::create && !existed && !in_memory) {
    return create_new(path);
  }
  return open_file(path, mode, existed);
}

std::unique_ptr<Database> Database::open_cluster(const std::string& url, OpenMode mode) {
  store::dqlite::ClusterAddress address;
  try {
    address = store::dqlite::parse_cluster_url(url);
  } catch (const std::invalid_argument& e) {
    throw usage_error(field_ref("db") + ": " + e.what());
  }
  store::dqlite::Options options;
  options.busy_timeout_ms = g_busy_timeout_ms;
  try {
    std::unique_ptr<Database> db(
        new Database(url, std::make_unique<store::dqlite::DqliteConnection>(std::move(address), options)));
    // Foreign keys are on in dqlite; journal, synchronous and busy timeout are
    // the cluster's own (the Raft log; the client's retries).
    db->m_report = check_and_migrate(db->connection(), url, mode, false);
    return db;
  } catch (const store::SqlError& e) {
    const Error mapped = from_sqlite(e);
    throw Error(mapped.kind(), "'" + url + "': " + mapped.what(), mapped.cause());
  }
}

std::unique_ptr<Database> Database::create_new(const std::string& path) {
  // Built aside and linked into place: link() fails if the path exists, so of
  // several `tally init`s on one new path exactly one creates it and the
  // others open what it made; nothing is ever removed at `path` itself.
  const std::string aside = path + ".init-" + std::to_string(::getpid());
  remove_database_files(aside);
  OpenReport report;
  try {
    report = open_file(aside, OpenMode::create, false)->m_report;  // closed here: the WAL is checkpointed
  } catch (const Error& e) {
    remove_database_files(aside);
    std::string message = e.raw();
    for (auto at = message.find(aside); at != std::string::npos; at = message.find(aside, at + path.size())) {
      message.replace(at, aside.size(), path);
    }
    throw Error(e.kind(), message);
  }
  const bool linked = ::link(aside.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  remove_database_files(aside);
  if (!linked && link_errno != EEXIST) {
    throw storage_error("cannot create '" + path + "': " + std::strerror(link_errno));
  }
  auto db = open_file(path, OpenMode::existing, true);
  if (linked) {
    db->m_report = report;
  }
  return db;
}

std::unique_ptr<Database> Database::open_file(const std::string& path, OpenMode mode, bool existed) {
  const bool in_memory = path == ":memory:";
  const auto access = mode == OpenMode::create ? store::FileAccess::read_write_create : store::FileAccess::read_write;
  std::unique_ptr<Database> db;
  try {
    try {
      db.reset(new Database(path, store::open_sqlite_file(path, access)));
      store::Connection& sql = db->connection();
      apply_connection_settings(sql);
      db->m_report = check_and_migrate(sql, path, mode, true);
    } catch (const store::SqlError& e) {
      const Error mapped = from_sqlite(e);
      throw Error(mapped.kind(), "'" + path + "': " + mapped.what());
    }
  } catch (const Error&) {
    db.reset();
    // A file made here (only ever a new path of this process: create_new's
    // aside file) goes again.
    if (!existed && !in_memory) {
      remove_database_files(path);
    }
    throw;
  }
  return db;
}

Statement& Database::statement(const std::string& sql) {
  auto& cached = m_statements[sql];
  if (!cached) {
    cached = std::make_unique<Statement>(*m_connection, sql);
  } else {
    cached->reset();
    cached->clear_bindings();
  }
  return *cached;
}

std::vector<std::string> allowed_moves(Database& db, const std::string& table, const std::string& from,
                                       const std::vector<std::string>& order) {
  Statement& q = db.statement("SELECT to_status FROM " + table + " WHERE from_status = ?");
  q.bind(1, from);
  std::vector<std::string> next;
  while (q.step()) {
    next.push_back(q.column(0).as_text());
  }
  std::sort(next.begin(), next.end(), [&](const std::string& a, const std::string& b) {
    return std::find(order.begin(), order.end(), a) < std::find(order.begin(), order.end(), b);
  });
  return next;
}

WriteTransaction::WriteTransaction(Database& db) : m_db(db), m_nested(db.in_transaction()) {
  try {
    // Cached statements: a grouped caller opens thousands of these.
    m_db.statement(m_nested ? "SAVEPOINT tally_write" : "BEGIN IMMEDIATE").exec();
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

WriteTransaction::~WriteTransaction() {
  // An error that ended the whole transaction (SQLite rolls back by itself on
  // some) leaves nothing to undo.
  if (m_done || !m_db.in_transaction()) {
    return;
  }
  try {
    m_db.exec(m_nested ? "ROLLBACK TO tally_write; RELEASE tally_write" : "ROLLBACK");
  } catch (const store::SqlError&) {
    // A destructor does not throw; the connection reports the state on its next use.
  }
}

ReadTransaction::ReadTransaction(Database& db) : m_db(db), m_nested(db.in_transaction()) {
  if (m_nested) {
    return;
  }
  try {
    m_db.exec("BEGIN");
    // The snapshot starts at the first read.
    m_db.query_int("SELECT count(*) FROM sqlite_schema");
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

ReadTransaction::~ReadTransaction() {
  if (m_nested || !m_db.in_transaction()) {
    return;
  }
  try {
    m_db.exec("ROLLBACK");
  } catch (const store::SqlError&) {
    // A destructor does not throw; the connection reports the state on its next use.
  }
}

void WriteTransaction::commit() {
  try {
    m_db.statement(m_nested ? "RELEASE tally_write" : "COMMIT").exec();
    m_done = true;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

}  // namespace tally
