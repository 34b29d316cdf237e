#pragma once

#include "db.hpp"
#include "embedded.hpp"
#include "error.hpp"
#include "org.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>

namespace tally::test {

// A fresh temporary directory, removed with its contents at the end of scope.
class ScopedTempDir {
 public:
  ScopedTempDir() {
    std::random_device rd;
    for (;;) {
      m_path = std::filesystem::temp_directory_path() / ("tally-unit-" + std::to_string(rd()));
      if (std::filesystem::create_directory(m_path)) {
        break;
      }
    }
  }
  ~ScopedTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  std::string file(const std::string& name) const { return (m_path / name).string(); }

 private:
  std::filesystem::path m_path;
};

// Sets an environment variable for the scope of a test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) {
      m_old = old;
    }
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (m_old) {
      setenv(m_name.c_str(), m_old->c_str(), 1);
    } else {
      unsetenv(m_name.c_str());
    }
  }

 private:
  std::string m_name;
  std::optional<std::string> m_old;
};

// Runs `f`, expects a refused Error and returns its message.
inline std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::refused);
    return e.what();
  }
  ADD_FAILURE() << "expected a refusal";
  return "";
}

// A migrated in-memory database with the org chart loaded, and a fixed clock.
class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_db = Database::open(":memory:", OpenMode::create);
    WriteTransaction tx(*m_db);
    load_org_chart(*m_db, "tester", embedded::org_chart_json());
    tx.commit();
  }
  Database& db() { return *m_db; }
  std::int64_t count(const std::string& table) {
    return m_db->sql().execAndGet("SELECT count(*) FROM " + table).getInt64();
  }

  ScopedEnv m_now{"TALLY_NOW", "2026-11-27T09:15:00Z"};
  std::unique_ptr<Database> m_db;
};

}  // namespace tally::test
