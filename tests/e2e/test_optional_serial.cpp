// End-to-end tests of the optional serial (issue 17, migration 0016): intake
// and imports without a serial store NULL (never ''), a serial that is
// present stays unique per manufacturer, receiving against a PO line still
// needs one, and the sqlite3 shell cannot store an empty or blank serial.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

class OptionalSerial : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
  }

  std::string file(const std::string& name, const std::string& text) const {
    const std::string path = sb.dir().file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // The serial column of the asset with `tag`, as the sqlite3 shell prints it (NULL shown as "NULL").
  std::string stored_serial(const std::string& tag) const {
    const Result r = sb.sqlite("SELECT coalesce(serial, 'NULL') FROM asset WHERE tag = '" + tag + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto lines = lines_of(r.out);
    return lines.empty() ? "<no row>" : lines[0];
  }
};

TEST_F(OptionalSerial, IntakeWithoutSerialStoresNullAndShowsNull) {
  const json a = ok_json({"asset", "add", "--model", k_server, "--location", "WH1"});
  ASSERT_TRUE(a.is_object()) << a;
  const std::string tag = a["tag"];
  EXPECT_EQ(a["serial"], nullptr);
  EXPECT_EQ(stored_serial(tag), "NULL");
  EXPECT_EQ(ok_json({"asset", "show", tag})["serial"], nullptr);
  const json list = ok_json({"asset", "list"});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["serial"], nullptr);
  // The event records the null too.
  EXPECT_EQ(sb.sqlite("SELECT json_type(after, '$.serial') FROM event WHERE entity = 'asset'").out, "null\n");
  // A serial is set later with asset set, and then finds the asset.
  const json set = ok_json({"asset", "set", tag, "--serial", "LATE-1", "--reason", "found the sticker"});
  EXPECT_EQ(set["serial"], "LATE-1");
  EXPECT_EQ(ok_json({"asset", "show", "LATE-1"})["tag"], tag);
  // Clearing a recorded serial is refused (a serial is corrected, never removed).
  EXPECT_EQ(refused({"asset", "set", tag, "--serial", " ", "--reason", "x"}),
            "tally: error: asset set: --serial must not be empty\n");
}

TEST_F(OptionalSerial, TwoAssetsWithoutSerialUnderOneManufacturer) {
  const json a = ok_json({"asset", "add", "--model", k_server, "--location", "WH1"});
  const json b = ok_json({"asset", "add", "--model", k_server, "--location", "WH1"});
  EXPECT_NE(a["tag"], b["tag"]);
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM asset WHERE serial IS NULL").out, "2\n");
  // A present serial is still unique per manufacturer.
  ok_json({"asset", "add", "--model", k_server, "--serial", "DUP-1"});
  const std::string err = refused({"asset", "add", "--model", k_server, "--serial", "DUP-1"});
  EXPECT_TRUE(contains(err, "asset add: serial 'DUP-1' already exists for Dell")) << err;
  // A blank --serial is a typo, not "no serial".
  EXPECT_EQ(refused({"asset", "add", "--model", k_server, "--serial", "  "}),
            "tally: error: asset add: --serial must not be empty; leave it out when the unit has none\n");
  // The serial filter and find skip the assets without one.
  EXPECT_EQ(ok_json({"asset", "list", "serial:DUP-1"}).size(), 1u);
}

TEST_F(OptionalSerial, CsvWithoutSerialColumnImports) {
  const std::string path = file("no-serial.csv",
                                "tag,manufacturer,model,location\n"
                                "MON-0001,Dell,PowerEdge R640,WH1\n"
                                "MON-0002,Dell,PowerEdge R640,WH1\n");
  const Result r = sb.tally({"import", "assets", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(stored_serial("MON-0001"), "NULL");
  EXPECT_EQ(stored_serial("MON-0002"), "NULL");
  EXPECT_EQ(ok_json({"asset", "show", "MON-0002"})["serial"], nullptr);
  // A blank or spaces-only cell is NULL as well, beside a real serial.
  const std::string blanks = file("blank-serial.csv",
                                  "tag,serial,manufacturer,model\n"
                                  "MON-0003,,Dell,PowerEdge R640\n"
                                  "MON-0004,   ,Dell,PowerEdge R640\n"
                                  "MON-0005,SN-5,Dell,PowerEdge R640\n");
  const Result b = sb.tally({"import", "assets", blanks});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(stored_serial("MON-0003"), "NULL");
  EXPECT_EQ(stored_serial("MON-0004"), "NULL");
  EXPECT_EQ(stored_serial("MON-0005"), "SN-5");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM asset WHERE serial IS NOT NULL AND trim(serial) = ''").out, "0\n");
}

TEST_F(OptionalSerial, SnipeItFileWithoutSerialImports) {
  const std::string path = file("snipeit.csv",
                                "Asset Tag,Manufacturer,Model name,Category\n"
                                "SNIPE-01,Dell,PowerEdge R640,server\n");
  const Result r = sb.tally({"import", "assets", "--dialect", "snipeit", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(stored_serial("SNIPE-01"), "NULL");
}

TEST_F(OptionalSerial, ExportImportJsonKeepsTheNull) {
  const json a = ok_json({"asset", "add", "--model", k_server, "--location", "WH1"});
  const std::string out = sb.dir().file("export.json");
  const Result e = sb.tally({"export", "--out", out});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  Sandbox fresh;
  fresh.init();
  const Result i = fresh.tally({"import", "json", out});
  ASSERT_EQ(i.exit_code, 0) << i.err;
  const Result s = fresh.sqlite("SELECT coalesce(serial, 'NULL') FROM asset WHERE tag = '" +
                                a["tag"].get<std::string>() + "'");
  EXPECT_EQ(s.out, "NULL\n") << s.err;
}

TEST_F(OptionalSerial, ReceivingStillNeedsASerial) {
  const std::string before = sb.dump();
  const Result r = sb.tally({"receive", k_po, "--line", "1", "--location", "WH1"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err, "tally: error: receive: give --serial S (repeatable), --scan, or --qty N\n");
  EXPECT_EQ(refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", " "}),
            "tally: error: receive: ' ' has no serial number in it (blank)\n");
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(OptionalSerial, ShellCannotStoreAnEmptyOrBlankSerial) {
  ok_json({"asset", "add", "--model", k_server, "--serial", "REAL-1"});
  const std::string before = sb.dump();
  for (const std::string serial : {"''", "'  '"}) {
    const Result r = sb.sqlite(
        "INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, owner_team_id, "
        "created_at, updated_at) SELECT 'SH-000001', " +
        serial + ", model_id, manufacturer_id, status, location_id, owner_team_id, created_at, updated_at "
                 "FROM asset LIMIT 1");
    EXPECT_NE(r.exit_code, 0) << serial;
    EXPECT_TRUE(contains(r.err, "CHECK constraint failed")) << r.err;
    const Result u = sb.sqlite("UPDATE asset SET serial = " + serial);
    EXPECT_NE(u.exit_code, 0) << serial;
    EXPECT_TRUE(contains(u.err, "CHECK constraint failed")) << u.err;
  }
  EXPECT_EQ(sb.dump(), before);
}

}  // namespace
}  // namespace tally::e2e
