#include "db.hpp"
#include "error.hpp"
#include "migrations.hpp"
#include "store/sqlite_file.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace tally {
namespace {

using SchemaRows = std::set<std::tuple<std::string, std::string, std::string, std::string>>;

// Everything that defines a schema: objects with their SQL text, the header
// pragmas, and the reference data the triggers read.
struct SchemaSnapshot {
  SchemaRows objects;
  int user_version = 0;
  int application_id = 0;
  std::set<std::string> reference_rows;
};

std::string normalize(std::string sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) {
      out += ' ';
    }
    space = false;
    out += c;
  }
  return out;
}

SchemaSnapshot snapshot(store::Connection& db) {
  SchemaSnapshot s;
  Statement q(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema");
  while (q.step()) {
    s.objects.emplace(q.column(0).as_text(), q.column(1).as_text(), q.column(2).as_text(),
                      normalize(q.column(3).as_text()));
  }
  s.user_version = static_cast<int>(query_int(db, "PRAGMA user_version"));
  s.application_id = static_cast<int>(query_int(db, "PRAGMA application_id"));
  for (const char* table : {"po_status_transition", "asset_status_transition"}) {
    Statement rows(db, std::string("SELECT from_status || '>' || to_status FROM ") + table);
    while (rows.step()) {
      s.reference_rows.insert(std::string(table) + ":" + rows.column(0).as_text());
    }
  }
  return s;
}

std::vector<Migration> first(int n) {
  const auto& all = builtin_migrations();
  return std::vector<Migration>(all.begin(), all.begin() + n);
}

TEST(Migrations, BuiltinAreNumberedWithoutGaps) {
  const auto& all = builtin_migrations();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i) + 1) << all[i].name;
  }
  EXPECT_EQ(all.front().name, "0001_schema_v1.sql");
  EXPECT_EQ(latest_version(all), static_cast<int>(all.size()));
}

TEST(Migrations, FreshDatabaseReachesTheLatestVersion) {
  const auto db_owned = store::open_sqlite_file(":memory:", store::FileAccess::read_write_create);
  store::Connection& db = *db_owned;
  const auto applied = migrate(db, builtin_migrations());
  EXPECT_EQ(applied.size(), builtin_migrations().size());
  EXPECT_EQ(schema_version(db), latest_version(builtin_migrations()));
  EXPECT_TRUE(migrate(db, builtin_migrations()).empty()) << "a second run applies nothing";
}

TEST(Migrations, StepByStepUpgradeFromEveryEarlierVersionEqualsFresh) {
  const auto fresh_owned = store::open_sqlite_file(":memory:", store::FileAccess::read_write_create);
  store::Connection& fresh = *fresh_owned;
  migrate(fresh, builtin_migrations());
  const SchemaSnapshot want = snapshot(fresh);
  const int latest = latest_version(builtin_migrations());
  for (int start = 0; start < latest; ++start) {
    const auto db_owned = store::open_sqlite_file(":memory:", store::FileAccess::read_write_create);
    store::Connection& db = *db_owned;
    migrate(db, first(start));
    ASSERT_EQ(schema_version(db), start);
    // Then one release at a time, as users who skip no version would.
    for (int next = start + 1; next <= latest; ++next) {
      const auto applied = migrate(db, first(next));
      ASSERT_EQ(applied.size(), 1u);
      ASSERT_EQ(schema_version(db), next);
    }
    const SchemaSnapshot got = snapshot(db);
    EXPECT_EQ(got.objects, want.objects) << "upgrading from version " << start;
    EXPECT_EQ(got.reference_rows, want.reference_rows) << "upgrading from version " << start;
    EXPECT_EQ(got.application_id, want.application_id);
  }
}

// 0016 rebuilds asset (sqlite.org's 12 steps) to make the serial optional: a
// database of the version before it, with assets and rows that point at them,
// keeps every row, and the foreign keys are back on afterwards.
TEST(Migrations, OptionalSerialKeepsEveryAssetRow) {
  const auto db_owned = store::open_sqlite_file(":memory:", store::FileAccess::read_write_create);
  store::Connection& db = *db_owned;
  const int latest = latest_version(builtin_migrations());
  const int before_0016 = 15;
  ASSERT_EQ(builtin_migrations()[before_0016].name, "0016_optional_serial.sql");
  migrate(db, first(before_0016));
  db.exec("PRAGMA foreign_keys = ON");
  const std::string at = "'2026-11-27T09:15:00Z'";
  db.exec(
      "INSERT INTO vendor (id, name) VALUES (1, 'Dell'), (2, 'Acme');"
      "INSERT INTO model (id, manufacturer_id, name, category) VALUES (1, 1, 'R640', 'server'), (2, 2, 'Dock', 'component');"
      "INSERT INTO location (id, code, name, kind) VALUES (1, 'WH1', 'Warehouse', 'warehouse');"
      "INSERT INTO asset (id, tag, serial, model_id, manufacturer_id, status, location_id, notes, created_at, "
      "updated_at) VALUES (1, 'AT-1', 'SN1', 1, 1, 'in_stock', 1, 'first', " + at + ", " + at + "),"
      "(2, 'AT-2', 'SN2', 1, 1, 'in_stock', 1, NULL, " + at + ", " + at + "),"
      "(3, 'AT-3', 'SN1', 2, 2, 'in_stock', NULL, NULL, " + at + ", " + at + ");"
      "INSERT INTO asset_barcode (asset_id, code) VALUES (2, 'OLD-TAG-2');"
      "INSERT INTO repair (asset_id, reason, opened_on) VALUES (1, 'fan', '2026-11-27');");
  const std::string rows_sql =
      "SELECT group_concat(id || ':' || tag || ':' || serial || ':' || model_id || ':' || manufacturer_id || ':' || "
      "status || ':' || coalesce(location_id, '-') || ':' || coalesce(notes, '-') || ':' || created_at, ' | ') "
      "FROM (SELECT * FROM asset ORDER BY id)";
  const std::string rows_before = query_text(db, rows_sql);
  ASSERT_EQ(rows_before,
            "1:AT-1:SN1:1:1:in_stock:1:first:2026-11-27T09:15:00Z | 2:AT-2:SN2:1:1:in_stock:1:-:2026-11-27T09:15:00Z | "
            "3:AT-3:SN1:2:2:in_stock:-:-:2026-11-27T09:15:00Z");
  const auto applied = migrate(db, builtin_migrations());
  ASSERT_EQ(applied.size(), static_cast<std::size_t>(latest - before_0016));
  EXPECT_EQ(applied[0], "0016_optional_serial.sql");
  EXPECT_EQ(query_text(db, rows_sql), rows_before);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM asset_barcode WHERE asset_id = 2"), 1);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM repair WHERE asset_id = 1"), 1);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
  EXPECT_EQ(query_int(db, "PRAGMA foreign_keys"), 1) << "the migrator turns foreign keys back on";
  EXPECT_EQ(query_int(db, "PRAGMA legacy_alter_table"), 0);
  EXPECT_EQ(query_text(db, "PRAGMA integrity_check"), "ok");
  // The rules of the rebuilt table: NULL serials (two under one maker), never '' or blanks, still unique.
  const std::string insert = "INSERT INTO asset (tag, serial, model_id, manufacturer_id, created_at, updated_at) VALUES ";
  db.exec(insert + "('AT-4', NULL, 1, 1, " + at + ", " + at + "), ('AT-5', NULL, 1, 1, " + at + ", " + at + ")");
  EXPECT_THROW(db.exec(insert + "('AT-6', '', 1, 1, " + at + ", " + at + ")"), store::SqlError);
  EXPECT_THROW(db.exec(insert + "('AT-6', '  ', 1, 1, " + at + ", " + at + ")"), store::SqlError);
  EXPECT_THROW(db.exec(insert + "('AT-6', 'SN2', 1, 1, " + at + ", " + at + ")"), store::SqlError);
  // The triggers on asset came back with the table (a terminal asset is read-only, a bulk model has no asset).
  db.exec("INSERT INTO model (id, manufacturer_id, name, category, serialized) VALUES (3, 1, 'SFP', 'optic', 0)");
  EXPECT_THROW(db.exec(insert + "('AT-7', 'X7', 3, 1, " + at + ", " + at + ")"), store::SqlError);
  EXPECT_THROW(db.exec("DELETE FROM asset WHERE id = 1"), store::SqlError) << "the repair points at it";
}

TEST(Migrations, NewerDatabaseIsRefusedAndUntouched) {
  const auto db_owned = store::open_sqlite_file(":memory:", store::FileAccess::read_write_create);
  store::Connection& db = *db_owned;
  migrate(db, builtin_migrations());
  db.exec("PRAGMA user_version = 99");
  try {
    migrate(db, builtin_migrations());
    FAIL() << "expected a storage Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::storage);
    const std::string message = e.what();
    EXPECT_NE(message.find("schema version 99"), std::string::npos) << message;
    EXPECT_NE(message.find("schema version " + std::to_string(latest_version(builtin_migrations()))), std::string::npos)
        << message;
  }
  EXPECT_EQ(schema_version(db), 99);
}

TEST(Migrations, AFailingStepRollsBackEveryPendingStep) {
  const auto db_owned = store::open_sqlite_file(":memory:", store::FileAccess::read_write_create);
  store::Connection& db = *db_owned;
  const std::vector<Migration> broken = {{1, "0001_ok.sql", "CREATE TABLE a (x INTEGER) STRICT;"},
                                         {2, "0002_bad.sql", "CREATE TABLE b (x INTEGER) STRICT; SELECT nonsense("}};
  try {
    migrate(db, broken);
    FAIL() << "expected a storage Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::storage);
    EXPECT_NE(std::string(e.what()).find("0002_bad.sql"), std::string::npos) << e.what();
  }
  EXPECT_EQ(schema_version(db), 0);
  EXPECT_EQ(static_cast<int>(query_int(db, "SELECT count(*) FROM sqlite_schema")), 0);
}

TEST(SchemaFile, MatchesMigrations) {
  const auto from_migrations_owned = store::open_sqlite_file(":memory:", store::FileAccess::read_write_create);
  store::Connection& from_migrations = *from_migrations_owned;
  migrate(from_migrations, builtin_migrations());

  std::ifstream file(TALLY_SCHEMA_SQL);
  ASSERT_TRUE(file) << "cannot read " << TALLY_SCHEMA_SQL;
  std::stringstream text;
  text << file.rdbuf();
  const auto from_file_owned = store::open_sqlite_file(":memory:", store::FileAccess::read_write_create);
  store::Connection& from_file = *from_file_owned;
  from_file.exec(text.str());

  const SchemaSnapshot want = snapshot(from_migrations);
  const SchemaSnapshot got = snapshot(from_file);
  EXPECT_EQ(got.objects, want.objects) << "schema/schema.sql is stale: run scripts/update-schema.sh";
  EXPECT_EQ(got.reference_rows, want.reference_rows) << "schema/schema.sql is stale: run scripts/update-schema.sh";
  EXPECT_EQ(got.user_version, want.user_version);
  EXPECT_EQ(got.application_id, k_application_id);
  EXPECT_EQ(want.application_id, k_application_id);
}

TEST(DatabaseOpen, ExistingModeNeverCreatesAFile) {
  test::ScopedTempDir dir;
  const std::string path = dir.file("missing.db");
  try {
    Database::open(path, OpenMode::existing);
    FAIL() << "expected a storage Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::storage);
    EXPECT_NE(std::string(e.what()).find("`init`"), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(DatabaseOpen, AppliesConnectionSettings) {
  test::ScopedTempDir dir;
  const std::string path = dir.file("t.db");
  Database::open(path, OpenMode::create);
  auto db = Database::open(path, OpenMode::existing);
  EXPECT_EQ(static_cast<int>(query_int(db->connection(), "PRAGMA foreign_keys")), 1);
  EXPECT_EQ(query_text(db->connection(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(static_cast<int>(query_int(db->connection(), "PRAGMA synchronous")), 1);  // NORMAL
  EXPECT_GE(static_cast<int>(query_int(db->connection(), "PRAGMA busy_timeout")), 3000);
  EXPECT_EQ(static_cast<int>(query_int(db->connection(), "PRAGMA application_id")), k_application_id);
  EXPECT_FALSE(db->report().created);
  EXPECT_TRUE(db->report().migrations.empty());
}

TEST(DatabaseOpen, RefusesForeignSqliteFiles) {
  test::ScopedTempDir dir;
  const std::string path = dir.file("other.db");
  {
    const auto other_owned = store::open_sqlite_file(path, store::FileAccess::read_write_create);
    store::Connection& other = *other_owned;
    other.exec("CREATE TABLE foo (x)");
  }
  EXPECT_THROW(Database::open(path, OpenMode::create), Error);
  const auto other_owned = store::open_sqlite_file(path, store::FileAccess::read_only);
  store::Connection& other = *other_owned;
  EXPECT_EQ(query_text(other, "SELECT group_concat(name) FROM sqlite_schema"), "foo");
}

TEST(DatabaseOpen, CorruptFileIsAStorageError) {
  test::ScopedTempDir dir;
  const std::string path = dir.file("garbage.db");
  {
    std::ofstream out(path);
    for (int i = 0; i < 200; ++i) {
      out << "this is not a database ";
    }
  }
  try {
    Database::open(path, OpenMode::existing);
    FAIL() << "expected a storage Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::storage);
  }
}

TEST(Schema, ForeignKeysAndChecksHold) {
  auto db = Database::open(":memory:", OpenMode::create);
  auto& sql = db->connection();
  // A person in a team that does not exist.
  EXPECT_THROW(sql.exec("INSERT INTO person (username, name, team_id) VALUES ('x', 'X', 999)"), store::SqlError);
  // Enumerations are CHECKed.
  EXPECT_THROW(sql.exec("INSERT INTO location (code, name, kind) VALUES ('L', 'L', 'moon')"), store::SqlError);
  // Dates must be real and canonical.
  sql.exec("INSERT INTO team (code, name, kind) VALUES ('1A', 'Div', 'division')");
  sql.exec("INSERT INTO vendor (name) VALUES ('Dell')");
  EXPECT_THROW(sql.exec("INSERT INTO contract (vendor_id, number, kind, starts_on, ends_on) "
                        "VALUES (1, 'C1', 'support', '2026-02-30', '2027-01-01')"),
               store::SqlError);
  EXPECT_THROW(sql.exec("INSERT INTO contract (vendor_id, number, kind, starts_on, ends_on) "
                        "VALUES (1, 'C1', 'support', '2027-01-01', '2026-01-01')"),
               store::SqlError);
  sql.exec(
      "INSERT INTO contract (vendor_id, number, kind, starts_on, ends_on) "
      "VALUES (1, 'C1', 'support', '2026-01-01', '2027-01-01')");
  // Sub-teams hang under teams, teams under divisions.
  EXPECT_THROW(sql.exec("INSERT INTO team (code, name, kind, parent_id) VALUES ('U-X', 'X', 'subteam', 1)"),
               store::SqlError);
}

TEST(Schema, AssetLifecycleIsEnforcedByTheTrigger) {
  auto db = Database::open(":memory:", OpenMode::create);
  auto& sql = db->connection();
  sql.exec(
      "INSERT INTO vendor (id, name) VALUES (1, 'Dell');"
      "INSERT INTO model (id, manufacturer_id, name, category, stores_data) VALUES (1, 1, 'R640', 'server', 1);"
      "INSERT INTO asset (id, tag, serial, model_id, manufacturer_id, created_at, updated_at) "
      "VALUES (1, 'AT-0000017', 'SN1', 1, 1, '2026-11-27T09:15:00Z', '2026-11-27T09:15:00Z');");
  EXPECT_THROW(sql.exec("UPDATE asset SET status = 'returned_to_vendor' WHERE id = 1"), store::SqlError);
  sql.exec("UPDATE asset SET status = 'retired' WHERE id = 1");
  // Data-bearing models need a wipe before disposal.
  EXPECT_THROW(sql.exec("INSERT INTO disposal (asset_id, method, disposed_on, recorded_at, recorded_by) "
                        "VALUES (1, 'recycle', '2026-11-27', '2026-11-27T09:15:00Z', 't')"),
               store::SqlError);
  EXPECT_THROW(sql.exec("UPDATE asset SET status = 'disposed' WHERE id = 1"), store::SqlError)
      << "no disposal record yet";
  sql.exec(
      "INSERT INTO disposal (asset_id, method, disposed_on, wipe_method, recorded_at, recorded_by) "
      "VALUES (1, 'recycle', '2026-11-27', 'nist-800-88-purge', '2026-11-27T09:15:00Z', 't')");
  sql.exec("UPDATE asset SET status = 'disposed' WHERE id = 1");
  EXPECT_THROW(sql.exec("UPDATE asset SET notes = 'x' WHERE id = 1"), store::SqlError);
  EXPECT_THROW(sql.exec("DELETE FROM asset WHERE id = 1"), store::SqlError);
  // Same serial for the same manufacturer is refused.
  EXPECT_THROW(sql.exec("INSERT INTO asset (tag, serial, model_id, manufacturer_id, created_at, updated_at) "
                        "VALUES ('AT-0000025', 'SN1', 1, 1, '2026-11-27T09:15:00Z', '2026-11-27T09:15:00Z')"),
               store::SqlError);
}

TEST(Schema, RackPlacementsCannotOverlap) {
  auto db = Database::open(":memory:", OpenMode::create);
  auto& sql = db->connection();
  sql.exec(
      "INSERT INTO vendor (id, name) VALUES (1, 'Dell');"
      "INSERT INTO model (id, manufacturer_id, name, category, u_height_halves) VALUES (1, 1, 'R640', 'server', 2);"
      "INSERT INTO model (id, manufacturer_id, name, category, u_height_halves, full_depth) "
      "VALUES (2, 1, 'S3048', 'switch', 2, 0);"
      "INSERT INTO location (id, code, name, kind) VALUES (1, 'DC1', 'DC1', 'site');"
      "INSERT INTO rack (id, location_id, name, height_u) VALUES (1, 1, 'R12', 42);");
  // AT-1 is a full-depth server, AT-2 and AT-3 half-depth switches.
  for (int i = 1; i <= 3; ++i) {
    sql.exec(
        "INSERT INTO asset (id, tag, serial, model_id, manufacturer_id, status, location_id, created_at, "
        "updated_at) VALUES (" +
        std::to_string(i) + ", 'AT-" + std::to_string(i) + "', 'S" + std::to_string(i) + "', " + (i == 1 ? "1" : "2") +
        ", 1, 'deployed', 1, '2026-11-27T09:15:00Z', '2026-11-27T09:15:00Z')");
  }
  const std::string at = "'2026-11-27T09:15:00Z'";
  sql.exec("INSERT INTO placement VALUES (1, 1, 18, 20, 'front', 1, 1, " + at + ")");
  const auto refusal = [&](const std::string& statement) {
    try {
      sql.exec(statement);
    } catch (const store::SqlError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  // Same units as the full-depth server: overlap.
  EXPECT_EQ(refusal("INSERT INTO placement VALUES (2, 1, 18, 20, 'front', 1, 0, " + at + ")"),
            "placement: overlaps another device");
  // A half-depth device takes one face, a full-depth one both.
  EXPECT_EQ(refusal("INSERT INTO placement VALUES (2, 1, 30, 32, NULL, 1, 1, " + at + ")"),
            "placement: a half-depth device takes one face, front or rear");
  // Past the top of a 42U rack (84 half units).
  EXPECT_EQ(refusal("INSERT INTO placement VALUES (2, 1, 84, 86, 'front', 1, 0, " + at + ")"),
            "placement: device runs past the top of the rack");
  // Adjacent is fine; half-depth devices back to back share a unit.
  sql.exec("INSERT INTO placement VALUES (2, 1, 20, 22, 'front', 1, 0, " + at + ")");
  sql.exec("INSERT INTO placement VALUES (3, 1, 20, 22, 'rear', 0, 1, " + at + ")");
  EXPECT_EQ(static_cast<int>(query_int(sql, "SELECT count(*) FROM placement")), 3);
}

TEST(Schema, LicenseSeatsAreNotOverAllocated) {
  auto db = Database::open(":memory:", OpenMode::create);
  auto& sql = db->connection();
  const std::string at = "'2026-11-27T09:15:00Z'";
  sql.exec(
      "INSERT INTO team (id, code, name, kind) VALUES (1, '1A', 'Div', 'division');"
      "INSERT INTO vendor (id, name) VALUES (1, 'Acme');"
      "INSERT INTO license (id, product, vendor_id, seats, created_at) VALUES (1, 'Tool', 1, 2, " +
      at + ");");
  sql.exec("INSERT INTO license_assignment (license_id, team_id, quantity, assigned_at) VALUES (1, 1, 2, " + at + ")");
  EXPECT_THROW(sql.exec("UPDATE license_assignment SET quantity = 3"), store::SqlError);
  EXPECT_THROW(sql.exec("UPDATE license SET seats = 1"), store::SqlError);
  sql.exec("UPDATE license SET allow_overallocation = 1");
  sql.exec("UPDATE license_assignment SET quantity = 3");
  EXPECT_EQ(static_cast<int>(query_int(sql, "SELECT sum(quantity) FROM license_assignment")), 3);
}

TEST(Schema, StockLedgerKeepsOnHandAndNeverGoesNegative) {
  auto db = Database::open(":memory:", OpenMode::create);
  auto& sql = db->connection();
  const std::string at = "'2026-11-27T09:15:00Z'";
  sql.exec(
      "INSERT INTO vendor (id, name) VALUES (1, 'FS');"
      "INSERT INTO model (id, manufacturer_id, name, category, serialized) VALUES (1, 1, 'SFP', 'optic', 0);"
      "INSERT INTO location (id, code, name, kind) VALUES (1, 'W1', 'W1', 'warehouse');");
  sql.exec("INSERT INTO stock_movement (model_id, location_id, delta, kind, at, actor) VALUES (1, 1, 5, 'receipt', " +
           at + ", 't')");
  sql.exec("INSERT INTO stock_movement (model_id, location_id, delta, kind, at, actor) VALUES (1, 1, -3, 'issue', " +
           at + ", 't')");
  EXPECT_THROW(sql.exec("INSERT INTO stock_movement (model_id, location_id, delta, kind, at, actor) "
                        "VALUES (1, 1, -3, 'issue', " +
                        at + ", 't')"),
               store::SqlError);
  EXPECT_EQ(static_cast<int>(query_int(sql, "SELECT on_hand FROM stock_level")), 2);
  EXPECT_THROW(sql.exec("DELETE FROM stock_movement"), store::SqlError);
}

}  // namespace
}  // namespace tally
