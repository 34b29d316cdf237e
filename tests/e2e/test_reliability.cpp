// End-to-end tests of reliability: files, secrets and text, waiting instead
// of failing under a lock, and small limits; every attack is performed through the real
// binary (or the sqlite3 shell) and must be refused with its exact message
// and exit code, the database unchanged (Sandbox::dump before and after).

#include "e2e/harness.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const char* const k_key = "ABCD-EFGH-IJKL-7Q2K";

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

class Reliability : public SandboxTest {
 protected:
  // Runs `args`, which must be refused with `exit_code` and exactly `message`
  // on stderr, and checks that the database is unchanged.
  void refused_exactly(const std::vector<std::string>& args, int exit_code, const std::string& message,
                       const std::string& input = "") const {
    const std::string before = sb.dump();
    const Result r = sb.tally(args, input);
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    EXPECT_EQ(r.err, message);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(sb.dump(), before) << "the database changed";
  }

  // A license LIC-00001 with key k_key.
  void license_with_key() const {
    ok_json({"vendor", "add", "Microsoft", "--supplier"});
    ok_json({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "5", "--key", k_key});
  }
};

// ------------------------------------------------------------ backup, export

TEST_F(Reliability, BackupOntoTheLiveDatabaseIsRefusedByFileIdentity) {
  TALLY_SKIP_ON_CLUSTER("the test links and renames the database's own file; a cluster's database is no file here");
  ok_json({"person", "add", "ana", "--name", "Ana", "--team", "A-2"});
  const std::string message = "tally: error: backup: '" + sb.db() + "' is the database being copied (" + sb.db() +
                              " or its -wal/-shm file); write the copy to another file\n";
  refused_exactly({"backup", sb.db(), "--force"}, 1, message);
  // The same file under another name: a hard link and a symbolic link.
  const std::string hard = sb.dir().file("hard.db");
  const std::string soft = sb.dir().file("soft.db");
  fs::create_hard_link(sb.db(), hard);
  fs::create_symlink(sb.db(), soft);
  for (const std::string& alias : {hard, soft, sb.db() + "-wal", sb.db() + "-shm"}) {
    refused_exactly({"backup", alias, "--force"}, 1,
                    "tally: error: backup: '" + alias + "' is the database being copied (" + sb.db() +
                        " or its -wal/-shm file); write the copy to another file\n");
  }
  refused_exactly({"export", "--out", hard, "--force"}, 1,
                  "tally: error: export: '" + hard + "' is the database being copied (" + sb.db() +
                      " or its -wal/-shm file); write the copy to another file\n");
  EXPECT_EQ(ok_json({"person", "list"}).size(), 1u);
}

TEST_F(Reliability, ExportAndBackupFilesAreOwnerOnlyAndStalePartialsAreRemoved) {
  const std::string out = sb.dir().file("out.json");
  // What a killed export leaves (its process is gone: no pid is that high).
  write_file(out + ".partial-99999999", "{ half an export");
  const Result exported = sb.tally({"export", "--out", out});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_FALSE(fs::exists(out + ".partial-99999999"));
  EXPECT_EQ(mode_of(out), 0600u);
  EXPECT_TRUE(contains(exported.err, "bytes, mode 0600; license keys omitted (--with-keys writes them)\n"))
      << exported.err;

  const std::string copy = sb.dir().file("copy.db");
  write_file(copy + ".partial-99999998", "half a backup");
  write_file(copy + ".partial-99999998-journal", "");
  const Result backup = sb.tally({"backup", copy});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_EQ(mode_of(copy), 0600u);
  EXPECT_FALSE(fs::exists(copy + ".partial-99999998"));
  EXPECT_FALSE(fs::exists(copy + ".partial-99999998-journal"));
}

TEST_F(Reliability, ImportJsonBuildsANewDatabaseAsideSoAFailedOneLeavesNothing) {
  ok_json({"person", "add", "ana", "--name", "Ana", "--team", "A-2"});
  const std::string out = sb.dir().file("out.json");
  ASSERT_EQ(sb.tally({"export", "--out", out}).exit_code, 0);
  const std::string target = sb.dir().file("restored.db");
  // What a killed import leaves: its temporary database, never the target.
  write_file(target + ".partial-99999999", "half a database");
  const std::string bad = sb.dir().file("bad.json");
  write_file(bad, read_file(out).substr(0, 400));
  const Result failed = run_process(tally_path(), {"--db", target, "import", "json", bad});
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_FALSE(fs::exists(target));
  EXPECT_FALSE(fs::exists(target + ".partial-99999999"));
  // The retry of a failed import works.
  const Result retried = run_process(tally_path(), {"--db", target, "import", "json", out});
  ASSERT_EQ(retried.exit_code, 0) << retried.err;
  EXPECT_TRUE(contains(retried.err, "into " + target + " (new file)\n")) << retried.err;
  const Result people = run_process(tally_path(), {"--db", target, "--format", "json", "person", "list"});
  EXPECT_EQ(parse_json(people).size(), 1u);
  for (const auto& entry : fs::directory_iterator(sb.dir().path())) {
    EXPECT_EQ(entry.path().string().find(".partial-"), std::string::npos) << entry.path();
  }
}

// ------------------------------------------------------------ license keys

TEST_F(Reliability, SqlReadsLicenseKeysAsNullUnlessShowKeys) {
  license_with_key();
  for (const char* statement :
       {"SELECT license_key FROM license", "SELECT * FROM license", "SELECT substr(license_key, 1) AS k FROM license",
        "SELECT k FROM (SELECT license_key AS k FROM license)",
        "WITH c AS (SELECT upper(license_key) AS k FROM license) SELECT k FROM c",
        "SELECT (SELECT group_concat(license_key) FROM license) AS k"}) {
    const Result r = sb.tally({"--format", "json", "sql", statement});
    ASSERT_EQ(r.exit_code, 0) << statement << ": " << r.err;
    const json rows = parse_json(r);
    ASSERT_EQ(rows.size(), 1u) << statement;
    for (const auto& [column, value] : rows[0].items()) {
      EXPECT_NE(value, json(k_key)) << statement << " shows the key in " << column;
      if (column == "license_key" || column == "k") {
        EXPECT_TRUE(value.is_null()) << statement;
      }
    }
  }
  const Result shown = sb.tally({"--format", "json", "sql", "--show-keys", "SELECT license_key FROM license"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(parse_json(shown), json::parse(R"([{"license_key":"ABCD-EFGH-IJKL-7Q2K"}])"));
}

TEST_F(Reliability, ExportWritesKeysOnlyWithWithKeys) {
  license_with_key();
  const Result omitted = sb.tally({"export", "--out", "-"});
  ASSERT_EQ(omitted.exit_code, 0) << omitted.err;
  const json document = parse_json(omitted);
  EXPECT_EQ(document["license_keys"], "omitted");
  EXPECT_TRUE(document["tables"]["license"][0]["license_key"].is_null());
  EXPECT_FALSE(contains(omitted.out, k_key));
  const Result included = sb.tally({"export", "--out", "-", "--with-keys"});
  const json with_keys = parse_json(included);
  EXPECT_EQ(with_keys["license_keys"], "included");
  EXPECT_EQ(with_keys["tables"]["license"][0]["license_key"], k_key);
}

// ------------------------------------------------------------ text in

TEST_F(Reliability, InvalidUtf8ArgumentsAreRefusedNamingTheOption) {
  ok_json({"vendor", "add", "Microsoft", "--supplier"});
  refused_exactly({"person", "add", "ana", "--name", "Ana \xFF", "--team", "A-2"}, 1,
                  "tally: error: --name is not valid UTF-8 (byte 4); nothing was written\n");
  refused_exactly({"location", "add", "WH9", "--name", "\xC3("}, 1,
                  "tally: error: --name is not valid UTF-8 (byte 0); nothing was written\n");
  refused_exactly({"vendor", "add", "Bad\xED\xA0\x80", "--supplier"}, 1,
                  "tally: error: argument name is not valid UTF-8 (byte 3); nothing was written\n");
  refused_exactly({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "5", "--key", "K\xFF\xFE"}, 1,
                  "tally: error: --key is not valid UTF-8 (byte 1); nothing was written\n");
  refused_exactly({"person", "add", "bo", "--name", "Bo\x1B[2J", "--team", "A-2"}, 1,
                  "tally: error: --name holds the control character \\e (byte 2); only TAB and line breaks are "
                  "allowed; nothing was written\n");
  // Identifiers refuse even TAB.
  refused_exactly({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "5", "--key", "K\tX"}, 1,
                  "tally: error: license add: --key holds the control character \\x09 (byte 1); nothing was "
                  "written\n");
  // Export still works: nothing unreadable was stored.
  EXPECT_EQ(sb.tally({"export", "--out", "-"}).exit_code, 0);
}

TEST_F(Reliability, InvalidUtf8InACsvImportNamesLineFieldAndOffset) {
  const std::string file = sb.dir().file("assets.csv");
  write_file(file,
             "tag,serial,manufacturer,model,category,status,location,owner_team,custodian,po,po_line,cost,currency,"
             "received_on,warranty_ends,hostname,rack,rack_u\n"
             ",SN\xFF" "1,Dell,R640,server,in_stock,,,,,,,,,,,,\n");
  refused_exactly({"import", "assets", file}, 1,
                  "tally: error: import assets: " + file +
                      " has 1 problem; nothing was imported. Fix the file and run the import again:\n"
                      "line 2, column 'serial': is not valid UTF-8 (byte 2); give the file's encoding with "
                      "--encoding (latin1, cp1252, mac-roman, utf-16)\n");
}

TEST_F(Reliability, ScannedCodesThatAreNotUtf8AreSkippedWithTheirLine) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const Result r = sb.tally({"--format", "json", "receive", k_po, "--line", "1", "--location", "WH1", "--scan"},
                            "SN1\nS\xFFN\nS\x1BN\nSN2\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "receive: scanning into PO-2026-0001 line 1; one code per line, an empty line or end of input finishes\n"
            "line 2: the code is not valid UTF-8 (byte 1); nothing was written; skipped\n"
            "line 3: the code holds the control character \\e (byte 1); nothing was written; skipped\n"
            "receive: 2 received, 2 refused\n"
            "tally: error: receive: some scanned codes were refused (see above)\n");
  EXPECT_EQ(sb.sqlite("SELECT serial FROM asset ORDER BY id").out, "SN1\nSN2\n");
}

// ------------------------------------------------------------ text out

TEST_F(Reliability, TerminalEscapesInStoredTextAreShownVisibly) {
  ok_json({"person", "add", "ana", "--name", "Ana", "--team", "A-2"});
  // Stored by hand (Tally itself refuses them), as an old database may hold them.
  ASSERT_EQ(sb.sqlite("UPDATE person SET name = 'X' || char(27) || '[2J' || char(27) || ']0;owned' || "
                      "char(7) || char(155) || 'Y' WHERE username = 'ana'")
                .exit_code,
            0);
  const Result list = sb.tally({"person", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(contains(list.out, "X\\e[2J\\e]0;owned\\x07\\x9bY")) << list.out;
  EXPECT_EQ(list.out.find('\x1B'), std::string::npos);
  // `show` output: a team's name, stored by hand the same way.
  ASSERT_EQ(sb.sqlite("UPDATE team SET name = 'T' || char(27) || '[2J' || char(7) WHERE code = 'A-2'").exit_code, 0);
  const Result show = sb.tally({"team", "show", "A-2"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(contains(show.out, "T\\e[2J\\x07")) << show.out;
  EXPECT_EQ(show.out.find('\x1B'), std::string::npos);
  EXPECT_EQ(show.out.find('\x07'), std::string::npos);
  // JSON keeps JSON's own escapes.
  EXPECT_EQ(ok_json({"person", "list"})[0]["name"], "X\x1B[2J\x1B]0;owned\x07\xC2\x9BY");
}

TEST_F(Reliability, CsvCellsThatWouldBeFormulasGetAQuoteUnlessCsvRaw) {
  ok_json({"person", "add", "ana", "--name", "=HYPERLINK(\"http://evil\",\"x\")", "--team", "A-2"});
  ok_json({"person", "add", "bo", "--name", "-12", "--team", "A-2"});
  ok_json({"person", "add", "cy", "--name", "@SUM(A1)", "--team", "A-2"});
  const Result csv = sb.tally({"--format", "csv", "sql", "SELECT username, name FROM person ORDER BY username"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out,
            "username,name\n"
            "ana,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"\n"
            "bo,-12\n"
            "cy,'@SUM(A1)\n");
  const Result raw =
      sb.tally({"--format", "csv", "--csv-raw", "sql", "SELECT username, name FROM person ORDER BY username"});
  EXPECT_EQ(raw.out,
            "username,name\n"
            "ana,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"\n"
            "bo,-12\n"
            "cy,@SUM(A1)\n");
}

TEST_F(Reliability, TallysOwnAssetCsvRoundTripsThroughTheGuard) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"asset", "add", "--model", k_server, "--serial", "=cmd|' /C calc'!A0", "--team", "A-2"});
  ok_json({"asset", "add", "--model", k_server, "--serial", "-SN2", "--team", "A-2"});
  const Result exported = sb.tally({"asset", "list", "--format", "csv"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(contains(exported.out, ",'=cmd|' /C calc'!A0,")) << exported.out;
  EXPECT_TRUE(contains(exported.out, ",'-SN2,")) << exported.out;
  const std::string file = sb.dir().file("assets.csv");
  write_file(file, exported.out);
  Sandbox fresh;
  fresh.init();
  for (const std::vector<std::string>& step :
       {std::vector<std::string>{"location", "add", "WH1", "--name", "Warehouse 1", "--kind", "warehouse"},
        {"location", "add", "WH1-BIN", "--name", "Warehouse 1 bin", "--parent", "WH1", "--kind", "bin"},
        {"vendor", "add", "Dell", "--manufacturer", "--supplier"},
        {"vendor", "add", "FS.com", "--manufacturer", "--supplier"},
        {"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--u-height", "1"}}) {
    ASSERT_EQ(fresh.tally(step).exit_code, 0);
  }
  const Result imported = fresh.tally({"import", "assets", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(fresh.sqlite("SELECT serial FROM asset ORDER BY serial").out, "-SN2\n=cmd|' /C calc'!A0\n");
}

// ------------------------------------------------------------ numbers

TEST_F(Reliability, QuantitiesAreParsedStrictlyAndBounded) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ASSERT_EQ(sb.tally({"stock", "count", "WH1-BIN"}).exit_code, 0);
  refused_exactly({"stock", "count", "WH1-BIN", "--model", k_optic, "--counted", "9223372036854775807"}, 1,
                  "tally: error: --counted: '9223372036854775807' is not a whole number from 0 to 1000000000\n");
  refused_exactly({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "9223372036854775808"}, 1,
                  "tally: error: --qty: '9223372036854775808' is not a whole number from 1 to 1000000000\n");
  refused_exactly({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "1000000001"}, 1,
                  "tally: error: --qty: '1000000001' is not a whole number from 1 to 1000000000\n");
  refused_exactly({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "12abc"}, 1,
                  "tally: error: --qty: '12abc' is not a whole number from 1 to 1000000000\n");
  refused_exactly({"po", "add-line", k_po, "--model", k_optic, "--qty", "99999999999", "--unit-cost", "1"}, 1,
                  "tally: error: --qty: '99999999999' is not a whole number from 1 to 1000000000\n");
  ok_json({"vendor", "add", "Microsoft", "--supplier"});
  refused_exactly({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "18446744073709551616"}, 1,
                  "tally: error: --seats: '18446744073709551616' is not a whole number from 1 to 1000000000\n");
  // The largest count is accepted, and what it sums to still prints.
  ok_json({"stock", "count", "WH1-BIN", "--model", k_optic, "--counted", "1000000000"});
  ok_json({"stock", "count", "WH1-BIN", "--finish", "--apply"});
  EXPECT_EQ(ok_json({"stock", "show", k_optic})["total"], 1000000000);
  EXPECT_EQ(ok_json({"stock", "show", k_optic, "--location", "WH1"})["total"], 1000000000);
}

// ------------------------------------------------------------ tally sql

TEST_F(Reliability, SqlStopsAnEndlessQueryAtItsTimeLimit) {
  const auto start = std::chrono::steady_clock::now();
  refused_exactly({"sql", "--timeout", "1",
                   "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"},
                  1,
                  "tally: error: sql: stopped after 1 s, the time limit (an endless recursive CTE?); give more with "
                  "--timeout SECONDS\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}

TEST_F(Reliability, SqlStopsAResultPastItsMemoryLimit) {
  const Result r = sb.tally({"sql", "--timeout", "120",
                             "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                             "SELECT x, randomblob(4000) AS b FROM c"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "tally: error: sql: the result passed 256 MiB after ")) << r.err;
  EXPECT_TRUE(contains(r.err, " rows, the limit; narrow it (WHERE, LIMIT)\n")) << r.err;
}

TEST_F(Reliability, SqlShowsBlobsAndAllowsReadingPragmas) {
  EXPECT_EQ(sb.tally({"--format", "csv", "sql", "SELECT x'0A1BFF' AS b"}).out, "b\nx'0A1BFF'\n");
  EXPECT_EQ(sb.tally({"--format", "csv", "sql", "PRAGMA journal_mode"}).out, "journal_mode\nwal\n");
  const Result info = sb.tally({"--format", "json", "sql", "PRAGMA table_info(person)"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_EQ(parse_json(info)[0]["name"], "id");
  EXPECT_EQ(sb.tally({"--format", "csv", "sql", "PRAGMA user_version"}).out,
            "user_version\n" + std::to_string(k_schema_version) + "\n");
  refused_exactly({"sql", "PRAGMA journal_mode = DELETE"}, 1,
                  "tally: error: sql: PRAGMA journal_mode with a value is not allowed; tally sql runs the PRAGMAs "
                  "that only read (table_info, journal_mode, user_version, foreign_key_list, integrity_check, ... "
                  "without a value)\n");
  refused_exactly({"sql", "PRAGMA writable_schema"}, 1,
                  "tally: error: sql: PRAGMA writable_schema is not allowed; tally sql runs the PRAGMAs that only "
                  "read (table_info, journal_mode, user_version, foreign_key_list, integrity_check, ... without a "
                  "value)\n");
}

// ------------------------------------------------------------ waiting

TEST_F(Reliability, AScanSessionWaitsForAnotherWriterAndLosesNoScan) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell holds the database file's write lock; a cluster's writer waits are "
                        "Cluster.Backend's (DqliteBackend) and Cluster.Failover's");
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  // The sqlite3 shell holds the write lock for 4 s, longer than the 1 s busy timeout.
  auto holder = std::async(std::launch::async, [&] {
    return run_process("sh", {"-c", "{ echo 'BEGIN IMMEDIATE;'; sleep 4; echo 'COMMIT;'; } | sqlite3 '" + sb.db() + "'"});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));  // the shell has taken the lock
  const auto started = std::chrono::steady_clock::now();
  const Result scan =
      sb.tally({"--busy-timeout", "1", "--format", "json", "receive", k_po, "--line", "1", "--location", "WH1", "--scan"},
               "SN1\nSN2\nSN3\n");
  EXPECT_EQ(scan.exit_code, 0) << scan.err;
  // It waited for the shell (about 3.3 s more), well past its 1 s timeout.
  EXPECT_GT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2000));
  EXPECT_EQ(lines_of(scan.out).size(), 3u) << scan.out;
  EXPECT_EQ(holder.get().exit_code, 0);
  EXPECT_EQ(sb.sqlite("SELECT serial, count(*) FROM asset GROUP BY serial ORDER BY serial").out,
            "SN1|1\nSN2|1\nSN3|1\n");
  // A single write still fails past the (configurable) timeout, with exit 3.
  auto again = std::async(std::launch::async, [&] {
    return run_process("sh", {"-c", "{ echo 'BEGIN IMMEDIATE;'; sleep 3; echo 'COMMIT;'; } | sqlite3 '" + sb.db() + "'"});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  const Result single = sb.tally({"person", "add", "zed", "--name", "Zed", "--team", "A-2"}, "",
                                 {{"TALLY_BUSY_TIMEOUT", "1"}});
  EXPECT_EQ(single.exit_code, 3) << single.err;
  EXPECT_TRUE(contains(single.err, "try again, or wait longer with --busy-timeout SECONDS")) << single.err;
  again.get();
  refused_exactly({"--busy-timeout", "soon", "person", "list"}, 1,
                  "tally: error: --busy-timeout (or TALLY_BUSY_TIMEOUT): 'soon' is not a whole number from 0 to "
                  "86400\n");
}

// ------------------------------------------------------------ --db and init

TEST_F(Reliability, AnSqliteUriForDbIsRefusedByEveryCommand) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"init"}, {"person", "list"}, {"doctor"}}) {
    std::vector<std::string> full = {"--db", "file:x.db"};
    full.insert(full.end(), args.begin(), args.end());
    const Result r = run_process(tally_path(), full);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err,
              "tally: error: --db: 'file:x.db' looks like an SQLite URI; a plain file path is expected (for a file "
              "really named so, write ./file:x.db)\n");
  }
  EXPECT_FALSE(fs::exists("x.db"));
}

TEST(ReliabilityInit, ConcurrentInitsOnANewPathAllSucceedAndOneCreates) {
  for (int round = 0; round < 3; ++round) {
    TempDir dir;
    const std::string db = dir.file("new.db");
    std::vector<std::future<Result>> inits;
    for (int i = 0; i < 6; ++i) {
      inits.push_back(std::async(std::launch::async,
                                 [&] { return run_process(tally_path(), {"--db", db, "--format", "json", "init"}); }));
    }
    int created = 0;
    for (auto& f : inits) {
      const Result r = f.get();
      ASSERT_EQ(r.exit_code, 0) << r.err;
      created += parse_json(r)["created"].get<bool>() ? 1 : 0;
    }
    EXPECT_EQ(created, 1) << "round " << round;
    const Result doctor = run_process(tally_path(), {"--db", db, "doctor"});
    EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;
  }
}

}  // namespace
}  // namespace tally::e2e
