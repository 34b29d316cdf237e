#pragma once

#include "db.hpp"
#include "embedded.hpp"
#include "error.hpp"
#include "teams.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
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

// Runs `f`, expects a refused Error and returns it (an empty one if none came).
inline Error caught_refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::refused);
    return e;
  }
  ADD_FAILURE() << "expected a refusal";
  return Error(Problem::invalid, "");
}

// Runs `f`, expects a refused Error and returns its message.
inline std::string refusal(const std::function<void()>& f) {
  return caught_refusal(f).what();
}

// The message of the refusal `f` throws as the core wrote it, with the marks
// (field_ref, command_ref) that each face renders in its own terms.
inline std::string marked_refusal(const std::function<void()>& f) {
  return caught_refusal(f).raw();
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
    return query_int(m_db->connection(), "SELECT count(*) FROM " + table);
  }

  ScopedEnv m_now{"TALLY_NOW", "2026-11-27T09:15:00Z"};
  std::unique_ptr<Database> m_db;
};

// Inserts an asset with `tag` and serial "SN-<tag>" straight into the asset
// table and takes it to `status` the way the schema allows: a deployed one at
// location `location_id`, a disposed one with its disposal record, a returned
// one through an RMA resolved as refunded (vendor = its manufacturer).
inline void insert_asset_as(store::Connection& sql, const std::string& tag, int model_id, int manufacturer_id,
                            const std::string& status, std::optional<int> location_id = std::nullopt) {
  const std::string at = "'2026-01-01T00:00:00Z'";
  const std::string id = "(SELECT id FROM asset WHERE tag = '" + tag + "')";
  sql.exec("INSERT INTO asset (tag, serial, model_id, manufacturer_id, location_id, created_at, updated_at) VALUES ('" +
           tag + "', 'SN-" + tag + "', " + std::to_string(model_id) + ", " + std::to_string(manufacturer_id) + ", " +
           (location_id ? std::to_string(*location_id) : std::string("NULL")) + ", " + at + ", " + at + ")");
  if (status == "disposed") {
    sql.exec("INSERT INTO disposal (asset_id, method, disposed_on, wipe_method, recorded_at, recorded_by) VALUES (" +
             id + ", 'recycle', '2026-01-01', 'nist-800-88-purge', " + at + ", 't')");
  } else if (status == "returned_to_vendor") {
    sql.exec("INSERT INTO rma (asset_id, vendor_id, reason, opened_on) VALUES (" + id + ", " +
             std::to_string(manufacturer_id) + ", 'dead', '2026-01-01')");
    sql.exec("UPDATE asset SET status = 'rma' WHERE id = " + id);
    sql.exec("UPDATE rma SET resolved_on = '2026-01-01', outcome = 'refunded' WHERE asset_id = " + id);
  }
  if (status != "in_stock") {
    sql.exec("UPDATE asset SET status = '" + status + "' WHERE id = " + id);
  }
}

}  // namespace tally::test
