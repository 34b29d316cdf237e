// Unit tests of export, import and backup (src/export.cpp): an export
// imported into a fresh database gives the same rows; license keys are
// written only when asked; a backup is a SQLite file with the same rows;
// every refusal of a target path, and of a corrupt or edited export, leaves
// the files and the database as they were.

#include "assets.hpp"
#include "embedded.hpp"
#include "export.hpp"
#include "licenses.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "stock.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"
#include "vendors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tally {
namespace {

namespace fs = std::filesystem;

using test::dump_rows;
using test::refusal_of;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const char* const k_key = "ABCD-EFGH-IJKL-7Q2K";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// The names in `dir`, sorted, without the -wal and -shm files of open databases.
std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    const auto ends_with = [&](const std::string& suffix) {
      return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (!ends_with("-wal") && !ends_with("-shm")) {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A database file in a temporary directory, as `tally init` leaves it, with
// vendors, models, a location, two assets, a license with a key and stock.
class TransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_path = m_dir.file("tally.db");
    m_db = open_initialized(m_path);
    test::seed_warehouse(db(), "WH1");
    test::seed_vendors(db(), {"Dell"});
    NewModel server = test::model_of("Dell", "R640", "server");
    server.warranty_months = 12;
    add_model(db(), "t", server);
    NewModel optic = server;
    optic.name = "SFP";
    optic.category = "optic";
    optic.bulk = true;
    add_model(db(), "t", optic);
    for (const char* serial : {"S1", "S2"}) {
      AssetIntake in;
      in.model = "Dell R640";
      in.serial = serial;
      in.location = "WH1";
      in.team = "A-2";
      in.cost = "1234.56";
      add_asset(db(), "t", in);
    }
    NewLicense lic;
    lic.product = "iDRAC";
    lic.vendor = "Dell";
    lic.seats = 5;
    lic.key = k_key;
    add_license(db(), "t", lic);
    StockReturn r;
    r.model = "Dell SFP";
    r.quantity = 12;
    r.to = "WH1";
    return_stock(db(), "t", r);
  }

  static std::unique_ptr<Database> open_initialized(const std::string& path) {
    auto db = Database::open(path, OpenMode::create);
    write(*db, [&] { load_org_chart(*db, "tally", embedded::org_chart_json()); });
    return db;
  }

  Database& db() { return *m_db; }
  std::string dump() { return dump_rows(db().connection()); }

  // An export of the database with keys, parsed.
  Json exported() {
    const std::string file = m_dir.file("base.json");
    if (!fs::exists(file)) {
      export_json(db(), file, {false, true}, m_stdout, nullptr);
    }
    return Json::parse(read_file(file));
  }

  // Imports `document` into a new file and expects a refusal that writes nothing.
  std::string refused_import(const std::string& text) {
    const std::string file = m_dir.file("edited.json");
    write_file(file, text);
    const std::string target = m_dir.file("new.db");
    const auto before = entries(m_dir.file(""));
    const test::Refusal r = refusal_of([&] { import_json(target, file, nullptr); });
    EXPECT_EQ(r.problem, Problem::invalid);
    EXPECT_FALSE(fs::exists(target)) << r.what;
    EXPECT_EQ(entries(m_dir.file("")), before) << "no partial file is left behind";
    return r.what;
  }
  std::string refused_import(const Json& document) { return refused_import(document.dump()); }

  test::ScopedEnv m_now{"TALLY_NOW", "2026-11-27T09:15:00Z"};
  test::ScopedTempDir m_dir;
  std::string m_path;
  std::unique_ptr<Database> m_db;
  std::ostringstream m_stdout;  // where an export to "-" writes
};

TEST_F(TransferTest, AnExportToDashGoesToTheStreamTheFaceGives) {
  const Json file = exported();
  export_json(db(), "-", {false, true}, m_stdout, nullptr);
  const Json streamed = Json::parse(m_stdout.str());
  EXPECT_EQ(streamed["tables"], file["tables"]);
  EXPECT_FALSE(fs::exists("-"));
}

TEST_F(TransferTest, AnExportImportedIntoANewFileGivesTheSameRows) {
  const std::string file = m_dir.file("export.json");
  std::int64_t calls = 0;
  const ExportReport report =
      export_json(db(), file, {false, true}, m_stdout, [&](std::int64_t, std::int64_t) { ++calls; });
  EXPECT_EQ(report.path, file);
  EXPECT_GT(report.schema_version, 0);
  EXPECT_EQ(report.bytes, static_cast<std::int64_t>(fs::file_size(file)));
  std::int64_t rows = 0;
  for (const auto& [table, n] : report.tables) {
    rows += n;
  }
  EXPECT_EQ(report.rows, rows);
  EXPECT_EQ(calls, 0) << "fewer rows than one progress step";
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  const Json document = Json::parse(read_file(file));
  EXPECT_EQ(document["format"], k_export_format);
  EXPECT_EQ(document["format_version"], 1);
  EXPECT_EQ(document["schema_version"], report.schema_version);
  EXPECT_EQ(document["exported_at"], "2026-11-27T09:15:00Z");
  EXPECT_EQ(document["license_keys"], "included");
  EXPECT_EQ(document["tables"]["license"][0]["license_key"], k_key);
  EXPECT_EQ(document["tables"]["asset"].size(), 2u);
  EXPECT_EQ(document["tables"]["asset"][0]["cost_minor"], 123456);

  const std::string copy = m_dir.file("copy.db");
  const JsonImportReport imported = import_json(copy, file, nullptr);
  EXPECT_TRUE(imported.created);
  EXPECT_EQ(imported.path, copy);
  EXPECT_EQ(imported.schema_version, report.schema_version);
  EXPECT_EQ(imported.rows, report.rows);
  auto other = Database::open(copy, OpenMode::existing);
  EXPECT_EQ(test::row_changes(dump(), dump_rows(other->connection())), "");
  EXPECT_EQ(entries(m_dir.file("")), (std::vector<std::string>{"copy.db", "export.json", "tally.db"}));
}

TEST_F(TransferTest, AnImportIntoAnInitializedDatabaseReplacesItsOrgChart) {
  const std::string file = m_dir.file("export.json");
  export_json(db(), file, {false, true}, m_stdout, nullptr);
  const std::string target = m_dir.file("init.db");
  auto fresh = open_initialized(target);
  const JsonImportReport imported = import_json(*fresh, file, nullptr);
  EXPECT_FALSE(imported.created);
  EXPECT_EQ(test::row_changes(dump(), dump_rows(fresh->connection())), "");
}

TEST_F(TransferTest, KeysAreLeftOutUnlessAsked) {
  const std::string file = m_dir.file("export.json");
  export_json(db(), file, {}, m_stdout, nullptr);
  const Json document = Json::parse(read_file(file));
  EXPECT_EQ(document["license_keys"], "omitted");
  EXPECT_TRUE(document["tables"]["license"][0]["license_key"].is_null());
  EXPECT_EQ(read_file(file).find(k_key), std::string::npos);
  const std::string copy = m_dir.file("copy.db");
  import_json(copy, file, nullptr);
  auto other = Database::open(copy, OpenMode::existing);
  EXPECT_EQ(query_text(other->connection(), "SELECT coalesce(license_key, 'null') FROM license"), "null");
  EXPECT_EQ(query_int(other->connection(), "SELECT count(*) FROM asset"), 2);
}

TEST_F(TransferTest, ExportRefusesTargetsThatAreNotANewFile) {
  const std::string file = m_dir.file("export.json");
  write_file(file, "keep me");
  const std::string before = dump();
  test::Refusal r = refusal_of([&] { export_json(db(), file, {}, m_stdout, nullptr); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("export: '" + file + "' already exists; choose a new name or add "));
  EXPECT_EQ(read_file(file), "keep me");
  EXPECT_EQ(refusal_of([&] {
              export_json(db(), m_path, {true, false}, m_stdout, nullptr);
            }).what,
            "export: '" + m_path + "' is the database being copied (" + m_path +
                " or its -wal/-shm file); write the copy to another file");
  EXPECT_THAT(refusal_of([&] {
                export_json(db(), m_path + "-wal", {true, false}, m_stdout, nullptr);
              }).what,
              HasSubstr(" is the database being copied"));
  EXPECT_EQ(refusal_of([&] {
              export_json(db(), m_dir.file(""), {true, false}, m_stdout, nullptr);
            }).what,
            "export: '" + m_dir.file("") + "' is a directory; give a file name");
  const std::string nowhere = m_dir.file("no/such/dir/x.json");
  EXPECT_EQ(refusal_of([&] { export_json(db(), nowhere, {}, m_stdout, nullptr); }).what,
            "export: the directory '" + m_dir.file("no/such/dir") + "' does not exist; create it first");
  EXPECT_EQ(test::row_changes(before, dump()), "");
  EXPECT_EQ(entries(m_dir.file("")), (std::vector<std::string>{"export.json", "tally.db"}));

  const ExportReport replaced = export_json(db(), file, {true, false}, m_stdout, nullptr);
  EXPECT_EQ(Json::parse(read_file(file))["format"], k_export_format);
  EXPECT_EQ(replaced.bytes, static_cast<std::int64_t>(fs::file_size(file)));
}

TEST_F(TransferTest, ImportRefusesADatabaseThatHoldsData) {
  const std::string file = m_dir.file("export.json");
  export_json(db(), file, {}, m_stdout, nullptr);
  const std::string before = dump();
  const test::Refusal r = refusal_of([&] { import_json(db(), file, nullptr); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("import json: the database '" + m_path + "' is not empty ("));
  EXPECT_THAT(r.what, HasSubstr("asset 2 rows"));
  EXPECT_EQ(test::row_changes(before, dump()), "");
  EXPECT_THAT(refusal_of([&] { import_json(m_dir.file("x.db"), m_dir.file("missing.json"), nullptr); }).what,
              StartsWith("import json: cannot read '" + m_dir.file("missing.json") + "'; give the path of a file "));
  EXPECT_FALSE(fs::exists(m_dir.file("x.db")));
}

TEST_F(TransferTest, ACorruptFileIsRefusedWithNothingWritten) {
  const std::string text = exported().dump(2);
  EXPECT_THAT(refused_import(text.substr(0, text.size() / 2)), HasSubstr("is not valid JSON at byte "));
  EXPECT_THAT(refused_import(std::string("[1, 2]")),
              HasSubstr("the file is not a Tally export (its top level is not an object)"));
  EXPECT_THAT(refused_import(std::string("{\"format\": \"tally-export\"}")),
              HasSubstr("the file has no \"tables\"; is it the output of "));

  // Into an open, initialized database: the same refusal leaves its rows as they were.
  const std::string file = m_dir.file("half.json");
  write_file(file, text.substr(0, text.size() - 10));
  auto fresh = open_initialized(m_dir.file("init.db"));
  const std::string before = dump_rows(fresh->connection());
  EXPECT_THAT(refusal_of([&] { import_json(*fresh, file, nullptr); }).what, HasSubstr("is not valid JSON at byte"));
  EXPECT_EQ(test::row_changes(before, dump_rows(fresh->connection())), "");
}

TEST_F(TransferTest, AnEditedHeaderIsRefused) {
  Json document = exported();
  Json edited = document;
  edited["format"] = "other";
  EXPECT_THAT(refused_import(edited), HasSubstr("the file is not a Tally export: \"format\": \"tally-export\" must "
                                                "come before \"tables\""));
  edited = document;
  edited["format_version"] = 2;
  EXPECT_THAT(refused_import(edited), HasSubstr("\"format_version\" must be 1 (before \"tables\"); this file says 2"));
  edited = document;
  edited["schema_version"] = 1;
  EXPECT_THAT(refused_import(edited), HasSubstr("the file is an export of schema version 1 and this tally has schema "
                                                "version "));
  edited = document;
  edited["schema_version"] = "9";
  EXPECT_THAT(refused_import(edited), HasSubstr("\"schema_version\" must be a number before \"tables\""));
  edited = document;
  edited["comment"] = "hi";
  EXPECT_THAT(refused_import(edited), HasSubstr("unknown top-level key \"comment\""));
}

TEST_F(TransferTest, EditedTablesAndRowsAreRefusedNamingTheRow) {
  const Json document = exported();
  Json edited = document;
  edited["tables"]["gadget"] = Json::array();
  EXPECT_THAT(refused_import(edited), HasSubstr("unknown table \"gadget\""));
  edited = document;
  edited["tables"].erase("vendor");
  EXPECT_THAT(refused_import(edited), HasSubstr("table vendor is missing from the file"));
  edited = document;
  edited["tables"]["asset"] = Json::object();
  EXPECT_THAT(refused_import(edited), HasSubstr("table asset must be an array of rows"));
  edited = document;
  edited["tables"]["asset"][1] = 7;
  EXPECT_THAT(refused_import(edited), HasSubstr("table asset row 2 must be an object of column: value"));
  edited = document;
  edited["tables"]["asset"][1]["colour"] = "red";
  EXPECT_THAT(refused_import(edited), HasSubstr("table asset row 2: unknown column \"colour\""));
  edited = document;
  edited["tables"]["asset"][0].erase("serial");
  EXPECT_THAT(refused_import(edited), HasSubstr("table asset row 1: column \"serial\" is missing"));
  edited = document;
  edited["tables"]["asset"][0]["serial"] = Json::array({"S1"});
  EXPECT_THAT(refused_import(edited), HasSubstr("table asset row 1, column \"serial\": array is not a value Tally "
                                                "stores"));
  edited = document;
  edited["tables"]["asset"][0]["serial"] = " ";
  EXPECT_THAT(refused_import(edited), HasSubstr("table asset row 1: "));
}

TEST_F(TransferTest, RowsThatBreakTheDoctorsChecksAreRefused) {
  Json edited = exported();
  ASSERT_EQ(edited["tables"]["stock_level"].size(), 1u);
  edited["tables"]["stock_level"][0]["on_hand"] = 99;
  const std::string said = refused_import(edited);
  EXPECT_THAT(said, StartsWith("import json: the rows break checks of "));
  EXPECT_THAT(said, HasSubstr("nothing was imported:\n  "));
}

TEST_F(TransferTest, ABackupIsASqliteFileWithTheSameRows) {
  const std::string copy = m_dir.file("backup.db");
  std::int64_t last_total = 0;
  const BackupReport report =
      backup_database(db(), copy, false, [&](std::int64_t, std::int64_t total) { last_total = total; });
  EXPECT_EQ(report.path, copy);
  EXPECT_EQ(report.check, "ok");
  EXPECT_GT(report.pages, 0);
  EXPECT_EQ(last_total, report.pages);
  EXPECT_EQ(report.bytes, static_cast<std::int64_t>(fs::file_size(copy)));
  struct stat st {};
  ASSERT_EQ(::stat(copy.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // The SQLite library itself reads it.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(copy.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT group_concat(serial, ',') FROM (SELECT serial FROM asset ORDER BY id)", -1,
                               &q, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, 0))), "S1,S2");
  sqlite3_finalize(q);
  sqlite3_close(raw);

  auto other = Database::open(copy, OpenMode::existing);
  EXPECT_EQ(test::row_changes(dump(), dump_rows(other->connection())), "");
}

TEST_F(TransferTest, BackupRefusesTheDatabaseItselfAndAnExistingFile) {
  const std::string copy = m_dir.file("backup.db");
  write_file(copy, "old");
  const std::string before = dump();
  test::Refusal r = refusal_of([&] { backup_database(db(), copy, false, nullptr); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("backup: '" + copy + "' already exists; choose a new name or add "));
  EXPECT_EQ(read_file(copy), "old");
  EXPECT_THAT(refusal_of([&] { backup_database(db(), m_path, true, nullptr); }).what,
              StartsWith("backup: '" + m_path + "' is the database being copied"));
  const std::string link = m_dir.file("link.db");
  fs::create_symlink(m_path, link);
  EXPECT_THAT(refusal_of([&] { backup_database(db(), link, true, nullptr); }).what,
              HasSubstr(" is the database being copied"))
      << "by file identity, not by name";
  EXPECT_EQ(test::row_changes(before, dump()), "");
  EXPECT_EQ(entries(m_dir.file("")), (std::vector<std::string>{"backup.db", "link.db", "tally.db"}));

  EXPECT_EQ(backup_database(db(), copy, true, nullptr).check, "ok");
  auto other = Database::open(copy, OpenMode::existing);
  EXPECT_EQ(test::row_changes(dump(), dump_rows(other->connection())), "");
}

}  // namespace
}  // namespace tally
