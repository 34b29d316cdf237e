// End-to-end tests of `tally init` and of the refusals to open files that
// are not (or not yet) a Tally database: every one exits 3 and leaves the
// file as it was.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

// The embedded migrations' names (k_migrations split at ", ").
nlohmann::json migration_names() {
  nlohmann::json names = nlohmann::json::array();
  std::string rest = k_migrations;
  for (auto comma = rest.find(", "); comma != std::string::npos; comma = rest.find(", ")) {
    names.push_back(rest.substr(0, comma));
    rest.erase(0, comma + 2);
  }
  names.push_back(rest);
  return names;
}

using nlohmann::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// The one value a `sqlite3` query prints, without the newline.
std::string scalar(const Sandbox& sb, const std::string& sql) {
  const Result r = sb.sqlite(sql);
  EXPECT_EQ(r.exit_code, 0) << sql << ": " << r.err;
  std::string out = r.out;
  while (!out.empty() && out.back() == '\n') {
    out.pop_back();
  }
  return out;
}

void expect_no_database_files(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    EXPECT_FALSE(std::filesystem::exists(path + suffix)) << path + suffix;
  }
}

TEST(Init, CreatesTheDatabaseAndLoadsTheOrgChart) {
  TALLY_SKIP_ON_CLUSTER("it checks the file that init creates");
  Sandbox sb;
  ASSERT_FALSE(std::filesystem::exists(sb.db()));
  const Result r = sb.tally({"--format", "json", "init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const json report = parse_json(r);
  json expected = json::parse(R"({
    "created": true,
    "schema_version_before": 0,
    "teams_added": 82,
    "teams_present": 0,
    "aliases_added": 28
  })");
  expected["path"] = sb.db();
  expected["schema_version"] = k_schema_version;
  expected["migrations_applied"] = migration_names();
  EXPECT_EQ(report, expected);
  EXPECT_TRUE(std::filesystem::is_regular_file(sb.db()));
  // One event per unit and one per alias.
  EXPECT_EQ(scalar(sb, "SELECT count(*) FROM event"), "110");
  EXPECT_EQ(scalar(sb, "SELECT count(*) FROM team"), "82");
  EXPECT_EQ(scalar(sb, "SELECT count(*) FROM team_alias"), "28");
  EXPECT_EQ(scalar(sb, "SELECT count(*) FROM event WHERE action = 'create' AND entity = 'team'"), "82");
  EXPECT_EQ(scalar(sb, "SELECT count(*) FROM event WHERE action = 'add-alias' AND entity = 'team'"), "28");
  EXPECT_EQ(scalar(sb, "SELECT DISTINCT actor || ' ' || at FROM event"), "tester 2026-11-27T09:15:00Z");
}

TEST(Init, TableOutputIsReadable) {
  Sandbox sb;
  const Result r = sb.tally({"init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "created:                yes\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "migrations applied:     " + std::string(k_migrations) + "\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "teams added:            82\n")) << r.out;
}

TEST(Init, SetsTheConnectionAndFilePragmas) {
  TALLY_SKIP_ON_CLUSTER("journal_mode and synchronous are the file's (a cluster has its own)");
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  EXPECT_EQ(scalar(sb, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(scalar(sb, "PRAGMA application_id"), "1413565529");  // "TALY"
  EXPECT_EQ(scalar(sb, "PRAGMA user_version"), std::to_string(k_schema_version));
  EXPECT_EQ(scalar(sb, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(scalar(sb, "PRAGMA foreign_key_check"), "");
}

TEST(Init, RunningAgainIsHarmless) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  const std::string events_before = scalar(sb, "SELECT count(*) FROM event");
  const std::string dump_before = sb.dump();

  const Result r = sb.tally({"--format", "json", "init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = parse_json(r);
  EXPECT_EQ(report["created"], false);
  EXPECT_EQ(report["schema_version_before"], k_schema_version);
  EXPECT_EQ(report["schema_version"], k_schema_version);
  EXPECT_EQ(report["migrations_applied"], json::array());
  EXPECT_EQ(report["teams_added"], 0);
  EXPECT_EQ(report["teams_present"], 82);
  EXPECT_EQ(report["aliases_added"], 0);

  EXPECT_EQ(events_before, "110");
  EXPECT_EQ(scalar(sb, "SELECT count(*) FROM event"), events_before);
  EXPECT_EQ(sb.dump(), dump_before);
}

TEST(Init, RunningAgainKeepsDataAdded) {
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  ASSERT_EQ(sb.tally({"person", "add", "ana", "--name", "Ana", "--team", "A-2"}).exit_code, 0);
  ASSERT_EQ(sb.tally({"location", "add", "DC1", "--name", "Datacenter 1"}).exit_code, 0);
  const std::string dump_before = sb.dump();
  const Result r = sb.tally({"init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.dump(), dump_before);
  EXPECT_EQ(scalar(sb, "SELECT username FROM person"), "ana");
}

TEST(InitRefusal, MissingPathForAnyCommandButInit) {
  TALLY_SKIP_ON_CLUSTER("a missing file; a cluster database that was never initialised is refused as empty");
  Sandbox sb;
  const std::vector<std::vector<std::string>> commands = {
      {"team", "list"},
      {"team", "show", "1A"},
      {"person", "list"},
      {"person", "add", "ana", "--name", "Ana", "--team", "A-2"},
      {"location", "list"},
      {"location", "add", "DC1", "--name", "Datacenter 1"},
      {"log"},
  };
  for (const auto& args : commands) {
    const Result r = sb.tally(args);
    EXPECT_EQ(r.exit_code, 3) << args[0];
    EXPECT_EQ(r.out, "") << args[0];
    EXPECT_TRUE(contains(r.err, "no database at '" + sb.db() + "'")) << r.err;
    EXPECT_TRUE(contains(r.err, "tally init")) << r.err;
    expect_no_database_files(sb.db());
  }
}

TEST(InitRefusal, GarbageFileIsLeftUnchanged) {
  TALLY_SKIP_ON_CLUSTER("it writes garbage into the file");
  Sandbox sb;
  std::string garbage;
  for (int i = 0; i < 400; ++i) {
    garbage += "this is not a database\n";
  }
  write_file(sb.db(), garbage);
  for (const auto& args : std::vector<std::vector<std::string>>{{"team", "list"}, {"init"}}) {
    const Result r = sb.tally(args);
    EXPECT_EQ(r.exit_code, 3) << args[0];
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(contains(r.err, "not a SQLite database")) << r.err;
    EXPECT_EQ(read_file(sb.db()), garbage);
    EXPECT_FALSE(std::filesystem::exists(sb.db() + "-wal"));
    EXPECT_FALSE(std::filesystem::exists(sb.db() + "-shm"));
  }
}

TEST(InitRefusal, DirectoryIsNotADatabase) {
  TempDir dir;
  const std::string path = dir.file("a-directory");
  std::filesystem::create_directory(path);
  for (const auto& args : std::vector<std::vector<std::string>>{{"init"}, {"team", "list"}}) {
    std::vector<std::string> full = {"--db", path};
    full.insert(full.end(), args.begin(), args.end());
    const Result r = run_process(tally_path(), full);
    EXPECT_EQ(r.exit_code, 3) << args[0];
    EXPECT_TRUE(contains(r.err, "'" + path + "' is a directory")) << r.err;
  }
  EXPECT_TRUE(std::filesystem::is_empty(path));
}

TEST(InitRefusal, PathInAMissingDirectory) {
  Sandbox sb;
  const std::string dir = sb.dir().file("no-such-dir");
  const std::string path = dir + "/tally.db";
  const Result r = run_process(tally_path(), {"--db", path, "init"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(r.err, "cannot access the database file")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(InitRefusal, DatabaseFromANewerVersion) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell sets user_version in the file");
  Sandbox sb;
  ASSERT_NO_FATAL_FAILURE(sb.init());
  ASSERT_EQ(sb.sqlite("PRAGMA user_version=99").exit_code, 0);
  const std::string dump_before = sb.dump();
  for (const auto& args : std::vector<std::vector<std::string>>{{"team", "list"}, {"init"}}) {
    const Result r = sb.tally(args);
    EXPECT_EQ(r.exit_code, 3) << args[0];
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(contains(r.err, "schema version 99")) << r.err;
    EXPECT_TRUE(contains(r.err, "(schema version " + std::to_string(k_schema_version) + ")")) << r.err;
    EXPECT_TRUE(contains(r.err, "newer")) << r.err;
  }
  EXPECT_EQ(scalar(sb, "PRAGMA user_version"), "99");
  EXPECT_EQ(sb.dump(), dump_before);
}

TEST(InitRefusal, SqliteFileOfAnotherApplication) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell makes another application's file");
  Sandbox sb;
  ASSERT_EQ(sb.sqlite("CREATE TABLE foo(x); INSERT INTO foo VALUES (1)").exit_code, 0);
  for (const auto& args : std::vector<std::vector<std::string>>{{"init"}, {"team", "list"}}) {
    const Result r = sb.tally(args);
    EXPECT_EQ(r.exit_code, 3) << args[0];
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(contains(r.err, "'" + sb.db() + "' is a SQLite database that Tally did not create")) << r.err;
  }
  EXPECT_EQ(scalar(sb, "SELECT group_concat(name) FROM sqlite_schema"), "foo");
  EXPECT_EQ(scalar(sb, "SELECT x FROM foo"), "1");
  EXPECT_EQ(scalar(sb, "PRAGMA user_version"), "0");
  EXPECT_EQ(scalar(sb, "PRAGMA application_id"), "0");
}

TEST(InitRefusal, SqliteFileWithAnotherApplicationId) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell sets application_id in the file");
  Sandbox sb;
  ASSERT_EQ(sb.sqlite("PRAGMA application_id = 42").exit_code, 0);
  const Result r = sb.tally({"init"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(contains(r.err, "another application")) << r.err;
  EXPECT_EQ(scalar(sb, "PRAGMA application_id"), "42");
  EXPECT_EQ(scalar(sb, "SELECT count(*) FROM sqlite_schema"), "0");
}

// The file is checked before anything that changes it (PRAGMA journal_mode =
// WAL rewrites header bytes 18-19), so a refused file keeps every byte.
TEST(InitRefusal, SqliteFileOfAnotherApplicationIsByteForByteUnchanged) {
  TALLY_SKIP_ON_CLUSTER("it compares the file byte for byte");
  Sandbox sb;
  ASSERT_EQ(sb.sqlite("CREATE TABLE foo(x)").exit_code, 0);
  const std::string bytes = read_file(sb.db());
  EXPECT_EQ(sb.tally({"init"}).exit_code, 3);
  EXPECT_TRUE(read_file(sb.db()) == bytes) << "the refused file was modified";
  EXPECT_EQ(scalar(sb, "PRAGMA journal_mode"), "delete");
}

TEST(InitRefusal, EmptyFileNeedsInit) {
  TALLY_SKIP_ON_CLUSTER("an empty file");
  Sandbox sb;
  write_file(sb.db(), "");
  ASSERT_TRUE(std::filesystem::exists(sb.db()));
  const Result r = sb.tally({"team", "list"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(r.err, "'" + sb.db() + "' is empty")) << r.err;
  EXPECT_TRUE(contains(r.err, "run `tally init`")) << r.err;
  EXPECT_EQ(scalar(sb, "SELECT count(*) FROM sqlite_schema"), "0");
}

// A refused command must not turn the 0-byte file into an empty WAL database.
TEST(InitRefusal, EmptyFileStaysEmpty) {
  TALLY_SKIP_ON_CLUSTER("an empty file");
  Sandbox sb;
  write_file(sb.db(), "");
  EXPECT_EQ(sb.tally({"team", "list"}).exit_code, 3);
  EXPECT_EQ(std::filesystem::file_size(sb.db()), 0u);
}

TEST(Init, EmptyFileCanBeInitialised) {
  Sandbox sb;
  write_file(sb.db(), "");
  const Result r = sb.tally({"--format", "json", "init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = parse_json(r);
  EXPECT_EQ(report["schema_version_before"], 0);
  EXPECT_EQ(report["schema_version"], k_schema_version);
  EXPECT_EQ(report["teams_added"], 82);
  EXPECT_EQ(report["created"], true) << "an empty file had no Tally schema";
  EXPECT_EQ(scalar(sb, "PRAGMA application_id"), "1413565529");
}

}  // namespace
}  // namespace tally::e2e
