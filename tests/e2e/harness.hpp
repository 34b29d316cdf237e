#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace tally::e2e {

// What one process run produced.
struct Result {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `program args...` with `input` on stdin and the given extra
// environment variables (on top of a clean environment that has PATH, HOME,
// TALLY_ACTOR=tester and TALLY_NOW=2026-11-27T09:15:00Z unless overridden;
// TALLY_DB is never inherited). Waits for it to finish.
// The environment of a child process as NAME=VALUE strings: `vars`, then
// PATH, HOME and LANG from this process, then `env` (a later one wins).
std::vector<std::string> child_environment(std::map<std::string, std::string> vars,
                                           const std::map<std::string, std::string>& env);
// Pointers into `strings` ending in nullptr, as posix_spawn takes argv and envp.
std::vector<char*> c_strings(std::vector<std::string>& strings);

Result run_process(const std::string& program, const std::vector<std::string>& args, const std::string& input = "",
                   const std::map<std::string, std::string>& env = {});

// Runs `program args...` with stdout and stderr on a new pseudo-terminal of
// `columns` columns (run_in_terminal in e2e/terminal.hpp, stdin empty; both
// defined in e2e/terminal.cpp, which only the e2e suite links), so
// `out` holds all the program wrote and `err` stays empty. The environment is
// run_process's. For tests of what a terminal shows (tables that fit).
Result run_on_terminal(const std::string& program, const std::vector<std::string>& args, unsigned short columns,
                       const std::map<std::string, std::string>& env = {});

// Whether the suite runs against a cluster: TALLY_TEST_DB=cluster makes each
// Sandbox's database a new NAME on one three-node dqlite cluster started for
// the whole run (tests/cluster/cluster.hpp); unset, each is a file.
bool on_cluster();

// The first line of a test that needs the database to be a file (the sqlite3
// shell writing to it, file-level attacks, the file's own name): skipped on
// the cluster, with the reason.
#define TALLY_SKIP_ON_CLUSTER(reason) \
  if (::tally::e2e::on_cluster())     \
  GTEST_SKIP() << "needs a database file: " << (reason)

// The built tally binary ($TALLY_BIN, else the path CMake compiled in).
std::string tally_path();

// A fresh temporary directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::string file(const std::string& name) const { return (m_path / name).string(); }

 private:
  std::filesystem::path m_path;
};

// A temporary directory with a database path in it, and shorthands to run
// tally on that database (`--db` is passed first).
class Sandbox {
 public:
  // A file in a new temporary directory, or on the cluster a new database there (see on_cluster).
  Sandbox();

  const std::string& db() const { return m_db; }
  const TempDir& dir() const { return m_dir; }

  // tally --db <db> args...
  Result tally(const std::vector<std::string>& args, const std::string& input = "",
               const std::map<std::string, std::string>& env = {}) const;
  // tally --db <db> args... on a pseudo-terminal `columns` wide (run_on_terminal).
  Result tally_on_terminal(const std::vector<std::string>& args, unsigned short columns,
                           const std::map<std::string, std::string>& env = {}) const;
  // Runs `tally init` and fails the current test unless it exits 0.
  void init() const;
  // The sqlite3 shell on the database: sqlite3 <db> <sql>. On the cluster a
  // query reads a fresh `tally backup` of the database, and a script that
  // writes runs on the cluster's leader through Tally's dqlite client (exit 1
  // and "Error: MESSAGE" on stderr when the schema refuses it, as the shell).
  Result sqlite(const std::string& sql) const;
  // `sqlite3 <db> .dump`: compare before/after to prove nothing was written
  // (on the cluster, of a fresh `tally backup`).
  std::string dump() const;

 private:
  // On the cluster: a `tally backup` of the database in the sandbox's directory.
  std::string backup_copy() const;

  TempDir m_dir;
  std::string m_db;
};

// stdout of `r` parsed as JSON; a test failure (and null) if it is not JSON.
nlohmann::json parse_json(const Result& r);

// Whether `part` occurs in `text`.
bool contains(const std::string& text, const std::string& part);

// Whether one of the '|'-separated `alternatives` occurs in `text` (when two
// triggers refuse a statement, SQLite does not promise which fires first).
bool contains_one_of(const std::string& text, const std::string& alternatives);

// The lines of `text`, without their newlines.
std::vector<std::string> lines_of(const std::string& text);

// The schema version of a new database and the migrations that built it
// ("0001_schema_v1.sql, 0002_racks.sql"), from migrations/ at configure time.
inline constexpr int k_schema_version = TALLY_SCHEMA_VERSION;
inline constexpr const char* k_migrations = TALLY_MIGRATIONS;

// The migration file names, in order.
std::vector<std::string> migration_names();

// The standard estate's purchase order, server model and optic model.
inline constexpr const char* k_po = "PO-2026-0001";
inline constexpr const char* k_server = "Dell PowerEdge R640";
inline constexpr const char* k_optic = "FS.com SFP-10G-SR";
// The GTIN of the standard estate's server model.
inline constexpr const char* k_server_gtin = "09506000134352";

// A fixture with a freshly initialised Sandbox `sb` for each test.
class SandboxTest : public ::testing::Test {
 protected:
  // Runs `tally init`; the test stops if it fails.
  void SetUp() override;

  // Runs a command that must succeed with --format json; returns its output.
  nlohmann::json ok_json(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) const;

  // Runs a command (with `input` on stdin) that must be refused with
  // `exit_code` without writing anything; returns its stderr.
  std::string refused(const std::vector<std::string>& args, int exit_code = 1, const std::string& input = "") const;

  // Warehouse WH1 with bin WH1-BIN, vendors Dell and FS.com, a serialized
  // server model (GTIN k_server_gtin, 36 months of warranty) and a bulk optic,
  // a budget of 100000.00 USD for A-3 in FY2026, and PO-2026-0001 for A-3
  // (line 1: 4 servers at 8450.00, line 2: 40 optics at 12.50; total
  // 34300.00) taken to ordered. `expected_total`, unless empty, is asserted
  // to be the ordered PO's total.
  void standard_estate(const std::string& expected_total = "") const;

  Sandbox sb;
};

}  // namespace tally::e2e
