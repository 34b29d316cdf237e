#pragma once

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
Result run_process(const std::string& program, const std::vector<std::string>& args, const std::string& input = "",
                   const std::map<std::string, std::string>& env = {});

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
  Sandbox() : m_db(m_dir.file("tally.db")) {}

  const std::string& db() const { return m_db; }
  const TempDir& dir() const { return m_dir; }

  // tally --db <db> args...
  Result tally(const std::vector<std::string>& args, const std::string& input = "",
               const std::map<std::string, std::string>& env = {}) const;
  // Runs `tally init` and fails the current test unless it exits 0.
  void init() const;
  // The sqlite3 shell on the database: sqlite3 <db> <sql>.
  Result sqlite(const std::string& sql) const;
  // `sqlite3 <db> .dump`: compare before/after to prove nothing was written.
  std::string dump() const;

 private:
  TempDir m_dir;
  std::string m_db;
};

}  // namespace tally::e2e
