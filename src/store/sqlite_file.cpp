#include "sqlite_file.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstring>
#include <thread>

namespace tally::store {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc) {
  const int code = rc & 0xff;
  const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw SqlError(code, extended, message != nullptr ? message : sqlite3_errstr(rc));
}

class FileCursor final : public Cursor {
 public:
  FileCursor(sqlite3* db, sqlite3_stmt* statement) : m_db(db), m_statement(statement) {}
  ~FileCursor() override { sqlite3_finalize(m_statement); }
  FileCursor(const FileCursor&) = delete;
  FileCursor& operator=(const FileCursor&) = delete;

  int parameter_index(const char* name) override { return sqlite3_bind_parameter_index(m_statement, name); }
  void bind_null(int index) override { check(sqlite3_bind_null(m_statement, index)); }
  void bind_int64(int index, std::int64_t value) override { check(sqlite3_bind_int64(m_statement, index, value)); }
  void bind_double(int index, double value) override { check(sqlite3_bind_double(m_statement, index, value)); }
  void bind_text(int index, std::string_view value) override {
    check(sqlite3_bind_text64(m_statement, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_blob(int index, const void* data, std::size_t size) override {
    check(sqlite3_bind_blob64(m_statement, index, data, size, SQLITE_TRANSIENT));
  }
  void clear_bindings() override { sqlite3_clear_bindings(m_statement); }

  bool step() override {
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
      return true;
    }
    if (rc == SQLITE_DONE) {
      return false;
    }
    fail(m_db, rc);
  }
  void reset() override { sqlite3_reset(m_statement); }  // its return code repeats the last step's error

  int column_count() override { return sqlite3_column_count(m_statement); }
  std::string column_name(int index) override {
    const char* name = sqlite3_column_name(m_statement, index);
    return name != nullptr ? name : "";
  }
  Type column_type(int index) override { return static_cast<Type>(sqlite3_column_type(m_statement, index)); }
  std::int64_t column_int64(int index) override { return sqlite3_column_int64(m_statement, index); }
  double column_double(int index) override { return sqlite3_column_double(m_statement, index); }
  std::string_view column_text(int index) override {
    const auto* text = sqlite3_column_text(m_statement, index);
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(m_statement, index));
    return text != nullptr ? std::string_view(reinterpret_cast<const char*>(text), size) : std::string_view();
  }
  std::string_view column_blob(int index) override {
    const void* blob = sqlite3_column_blob(m_statement, index);
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(m_statement, index));
    return blob != nullptr ? std::string_view(static_cast<const char*>(blob), size) : std::string_view();
  }
  std::string sql() const override { return sqlite3_sql(m_statement); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) {
      fail(m_db, rc);
    }
  }

  sqlite3* m_db;
  sqlite3_stmt* m_statement;
};

// Before the first connection: SQLite's memory statistics off. They are kept
// under one process-wide mutex taken on every allocation, which the server's
// worker threads would contend for; Tally never reads them. (sqlite3_config
// is refused once the library is initialized; then nothing changes.)
void configure_library_once() {
  static const bool configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)configured;
}

class FileConnection final : public Connection {
 public:
  FileConnection(const std::string& path, FileAccess access) : m_path(path) {
    configure_library_once();
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (access) {
      case FileAccess::read_write:
        flags |= SQLITE_OPEN_READWRITE;
        break;
      case FileAccess::read_write_create:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
      case FileAccess::read_only:
        flags |= SQLITE_OPEN_READONLY;
        break;
    }
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
      const int code = rc & 0xff;
      const std::string message = m_db != nullptr ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
      sqlite3_close(m_db);
      throw SqlError(code, rc, message);
    }
    sqlite3_extended_result_codes(m_db, 1);
  }
  ~FileConnection() override { sqlite3_close_v2(m_db); }
  FileConnection(const FileConnection&) = delete;
  FileConnection& operator=(const FileConnection&) = delete;

  std::unique_ptr<Cursor> prepare(const std::string& sql) override {
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()) + 1, &statement, &tail);
    if (rc != SQLITE_OK) {
      fail(m_db, rc);
    }
    auto cursor = std::make_unique<FileCursor>(m_db, statement);
    if (statement == nullptr) {
      throw SqlError(SQLITE_MISUSE, SQLITE_MISUSE, "no SQL statement in: " + sql);
    }
    return cursor;
  }
  void exec(const std::string& script) override {
    const int rc = sqlite3_exec(m_db, script.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      fail(m_db, rc);
    }
  }
  std::int64_t last_insert_rowid() override { return sqlite3_last_insert_rowid(m_db); }
  std::int64_t changes() override { return sqlite3_changes(m_db); }
  bool in_transaction() override { return sqlite3_get_autocommit(m_db) == 0; }
  int max_parameters() override { return sqlite3_limit(m_db, SQLITE_LIMIT_VARIABLE_NUMBER, -1); }
  std::string location() const override { return m_path; }

  void copy_to_file(const std::string& path, const std::function<void(std::int64_t, std::int64_t)>& progress) override {
    FileConnection copy(path, FileAccess::read_write_create);
    // One read transaction on the source for the whole copy: the backup API
    // then copies one snapshot instead of restarting when another connection writes.
    const bool own_snapshot = !in_transaction();
    if (own_snapshot) {
      exec("BEGIN");
      exec("SELECT count(*) FROM sqlite_schema");  // the snapshot starts at the first read
    }
    sqlite3_backup* backup = sqlite3_backup_init(copy.m_db, "main", m_db, "main");
    if (backup == nullptr) {
      const SqlError error(sqlite3_errcode(copy.m_db), sqlite3_extended_errcode(copy.m_db), sqlite3_errmsg(copy.m_db));
      end_snapshot(own_snapshot);
      throw error;
    }
    int rc = SQLITE_OK;
    for (;;) {
      rc = sqlite3_backup_step(backup, 1024);
      if (progress) {
        const int total = sqlite3_backup_pagecount(backup);
        progress(total - sqlite3_backup_remaining(backup), total);
      }
      if (rc == SQLITE_OK) {
        continue;
      }
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      break;
    }
    sqlite3_backup_finish(backup);
    end_snapshot(own_snapshot);
    if (rc != SQLITE_DONE) {
      fail(copy.m_db, rc);
    }
  }

  sqlite3* handle() { return m_db; }

 private:
  void end_snapshot(bool own) {
    if (own && in_transaction()) {
      sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  std::string m_path;
  sqlite3* m_db = nullptr;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite_file(const std::string& path, FileAccess access) {
  return std::make_unique<FileConnection>(path, access);
}

sqlite3* sqlite_handle(Connection& connection) {
  auto* file = dynamic_cast<FileConnection*>(&connection);
  return file != nullptr ? file->handle() : nullptr;
}

}  // namespace tally::store
