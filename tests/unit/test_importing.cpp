// Unit tests of the import library: Snipe-IT's forms of amounts, dates,
// booleans and status labels (src/import_dialects.cpp), and how a problem of
// a file is told (src/import_resolver.cpp).

#include "importing.hpp"

#include "checks.hpp"
#include "db.hpp"
#include "import_resolver.hpp"
#include "json.hpp"
#include "models.hpp"
#include "support.hpp"
#include "vendors.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace tally {
namespace {

TEST(Importing, AProblemSaysWhereUnlessTheReaderSaidIt) {
  ImportProblems problems;
  EXPECT_TRUE(problems.empty());
  problems.add(3, "Serial", "empty");
  problems.add_unreadable("line 4: a quoted field is never closed; the rest of the file was not read");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems.items()[0].line, 3);
  EXPECT_EQ(problems.items()[0].column, "Serial");
  EXPECT_EQ(problems.items()[0].message(), "line 3, column 'Serial': empty");
  EXPECT_FALSE(problems.items()[1].line);
  EXPECT_EQ(problems.items()[1].message(), "line 4: a quoted field is never closed; the rest of the file was not read");
}

TEST(Importing, LooseAmounts) {
  EXPECT_EQ(parse_loose_amount("$1,234.56", "USD"), 123456);
  EXPECT_EQ(parse_loose_amount("1234.5", "USD"), 123450);
  EXPECT_EQ(parse_loose_amount("\xE2\x82\xAC 99", "EUR"), 9900);
  EXPECT_EQ(parse_loose_amount("USD 10.00", "USD"), 1000);
  EXPECT_EQ(parse_loose_amount("12.345", "USD"), std::nullopt);
  EXPECT_EQ(parse_loose_amount("-5", "USD"), std::nullopt);
  EXPECT_EQ(parse_loose_amount("$", "USD"), std::nullopt);
}

TEST(Importing, LooseDates) {
  EXPECT_EQ(parse_loose_date("2026-03-15"), "2026-03-15");
  EXPECT_EQ(parse_loose_date("03/15/2026"), "2026-03-15");
  EXPECT_EQ(parse_loose_date("3/5/2026"), "2026-03-05");
  EXPECT_EQ(parse_loose_date("15/03/2026"), std::nullopt);
  EXPECT_EQ(parse_loose_date("02/30/2026"), std::nullopt);
  EXPECT_EQ(parse_loose_date("2026-3-5"), std::nullopt);
  // Two-digit years: POSIX strptime's %y window.
  EXPECT_EQ(parse_loose_date("1/23/23"), "2023-01-23");
  EXPECT_EQ(parse_loose_date("12/31/68"), "2068-12-31");
  EXPECT_EQ(parse_loose_date("1/1/69"), "1969-01-01");
  EXPECT_EQ(parse_loose_date("2/29/00"), "2000-02-29");
  EXPECT_EQ(parse_loose_date("2/29/01"), std::nullopt);
  EXPECT_EQ(parse_loose_date("1/23/023"), std::nullopt);
  EXPECT_EQ(parse_loose_date("001/23/2023"), std::nullopt);
  EXPECT_EQ(parse_loose_date("1/+3/2023"), std::nullopt);
  // A time of day after the date is dropped; a malformed one refuses the date.
  EXPECT_EQ(parse_loose_date("2023-01-23 00:00:00"), "2023-01-23");
  EXPECT_EQ(parse_loose_date("2023-01-23 23:59:59.250"), "2023-01-23");
  EXPECT_EQ(parse_loose_date("2023-01-23T08:30:00"), "2023-01-23");
  EXPECT_EQ(parse_loose_date("1/23/23 9:30 AM"), "2023-01-23");
  EXPECT_EQ(parse_loose_date("1/23/2023 14:05"), "2023-01-23");
  EXPECT_EQ(parse_loose_date("2023-01-23 24:00:00"), std::nullopt);
  EXPECT_EQ(parse_loose_date("2023-01-23 13:00 PM"), std::nullopt);
  EXPECT_EQ(parse_loose_date("2023-01-23 12:5"), std::nullopt);
  EXPECT_EQ(parse_loose_date("2023-01-23 noon"), std::nullopt);
}

TEST(Importing, LooseBooleans) {
  EXPECT_EQ(parse_loose_bool("yes"), true);
  EXPECT_EQ(parse_loose_bool("TRUE"), true);
  EXPECT_EQ(parse_loose_bool("1"), true);
  EXPECT_EQ(parse_loose_bool("FALSE"), false);
  EXPECT_EQ(parse_loose_bool("no"), false);
  EXPECT_EQ(parse_loose_bool("0"), false);
  EXPECT_EQ(parse_loose_bool("maybe"), std::nullopt);
}

TEST(Importing, SnipeItStatusTable) {
  EXPECT_EQ(snipeit_status("Ready to Deploy"), "in_stock");
  EXPECT_EQ(snipeit_status("pending"), "staging");
  EXPECT_EQ(snipeit_status("Deployed"), "deployed");
  EXPECT_EQ(snipeit_status("Out for Repair"), "in_repair");
  EXPECT_EQ(snipeit_status("Broken - Not Fixable"), "retired");
  EXPECT_EQ(snipeit_status("Archived"), "retired");
  EXPECT_EQ(snipeit_status("Lost/Stolen"), "lost");
  EXPECT_EQ(snipeit_status("Sunbathing"), std::nullopt);
  // The custom report's "Label (meta)": a known label decides, else the meta status.
  EXPECT_EQ(snipeit_status("Ready to Deploy (deployable)"), "in_stock");
  EXPECT_EQ(snipeit_status("Ready to Deploy (deployed)"), "in_stock");
  EXPECT_EQ(snipeit_status("Pending Diagnostics (pending)"), "staging");
  EXPECT_EQ(snipeit_status("Stolen Laptop (archived)"), "retired");
  EXPECT_EQ(snipeit_status("Loaner (deployed)"), "deployed");
  EXPECT_EQ(snipeit_status("Bench (undeployable)"), "in_repair");
  EXPECT_EQ(snipeit_status("Bench (resting)"), std::nullopt);
  EXPECT_EQ(snipeit_status("(pending)"), std::nullopt);
  // Site labels first, with or without the meta status.
  const std::map<std::string, std::string> site = {{"pending diagnostics", "in_repair"}, {"archived", "lost"}};
  EXPECT_EQ(snipeit_status("Pending Diagnostics", site), "in_repair");
  EXPECT_EQ(snipeit_status("Pending Diagnostics (pending)", site), "in_repair");
  EXPECT_EQ(snipeit_status("ARCHIVED", site), "lost");
  EXPECT_EQ(snipeit_status("Pending Diagnostics"), std::nullopt);
}

TEST(Importing, TallyHeadersAreTheListColumns) {
  EXPECT_EQ(tally_asset_headers().size(), 18u);
  EXPECT_EQ(tally_asset_headers().front(), "tag");
  EXPECT_EQ(tally_asset_headers().back(), "rack_u");
  EXPECT_EQ(tally_license_headers().size(), 17u);
}

// Vendor Dell with model R640 (a server).
class ImportEventTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_vendors(db(), {"Dell"});
    NewModel server = test::model_of("Dell", "R640", "server");
    add_model(db(), "t", server);
  }
};

// The `after` of each asset's import event is written without nlohmann for
// ASCII values: it must be byte for byte what nlohmann's dump() writes,
// escapes included, and nlohmann still writes rows with non-ASCII text.
// Tags, serials and hostnames hold no control characters (the importer and
// the schema refuse them), so the odd serial and hostname carry the quote,
// backslash and slash that JSON escapes or may escape.
TEST_F(ImportEventTest, EventJsonIsWhatNlohmannWrites) {
  test::ScopedTempDir dir;
  const std::string file = dir.file("assets.csv");
  std::ofstream(file) << "tag,serial,manufacturer,model,status,location,owner_team,custodian,po,po_line,cost,"
                         "currency,received_on,warranty_ends,hostname\n"
                         ",\"A\"\"B\\C D/\",Dell,R640,in_repair,,,,,,1234.5,USD,2026-01-02,2029-01-02,"
                         "\"h\\x\"\n"
                         ",\xC3\x9C"
                         "ber-1,Dell,R640,,,,,,,,,,,\n"
                         ",S3,Dell,R640,,,,,,,0,JPY,,,\n";
  ImportOptions options;
  options.file = file;
  const ImportReport report = import_assets(db(), "t", options);
  ASSERT_EQ(report.rows, 3);
  const auto row = [](const std::string& serial, const Json& status, const Json& cost, const Json& currency,
                      const Json& received, const Json& warranty, const Json& hostname, std::int64_t line) {
    return Json{
        {"serial", serial},          {"manufacturer", "Dell"}, {"model", "R640"},      {"status", status},
        {"location", nullptr},       {"owner_team", nullptr},  {"custodian", nullptr}, {"po", nullptr},
        {"po_line", nullptr},        {"cost", cost},           {"currency", currency}, {"received_on", received},
        {"warranty_ends", warranty}, {"hostname", hostname},   {"line", line}}
        .dump();
  };
  const std::vector<std::string> expected = {
      row("A\"B\\C D/", "in_repair", "1234.50", "USD", "2026-01-02", "2029-01-02", "h\\x", 2),
      row("\xC3\x9C"
          "ber-1",
          "in_stock", nullptr, nullptr, nullptr, nullptr, nullptr, 3),
      row("S3", "in_stock", "0", "JPY", nullptr, nullptr, nullptr, 4)};
  Statement q(db().connection(), "SELECT after FROM event WHERE entity = 'asset' AND action = 'import' ORDER BY id");
  std::vector<std::string> stored;
  while (q.step()) {
    stored.push_back(q.column(0).as_text());
  }
  EXPECT_EQ(stored, expected);
}

// The HTTP face hands the CSV over in memory: `content` is read instead of a file, `file` only names it
// (in the import event and in a refusal), and no file of that name need exist.
TEST_F(ImportEventTest, ContentIsReadInsteadOfTheFile) {
  ImportOptions options;
  options.file = "upload.csv";
  options.content = "serial,manufacturer,model\nM1,Dell,R640\nM2,Dell,R640\n";
  options.mode = ImportMode::dry_run;
  const ImportReport dry = import_assets(db(), "t", options);
  EXPECT_EQ(dry.rows, 2);
  EXPECT_TRUE(dry.dry_run);
  EXPECT_EQ(db().query_int("SELECT count(*) FROM asset"), 0);
  options.mode = ImportMode::apply;
  const ImportReport done = import_assets(db(), "t", options);
  ASSERT_EQ(done.counts.size(), 1u);
  EXPECT_EQ(done.counts[0].kind, "asset");
  EXPECT_EQ(done.counts[0].created, 2);
  EXPECT_EQ(db().query_text("SELECT entity_key FROM event WHERE entity = 'import'"), "upload.csv");
  options.content = "serial,manufacturer,model\nM3,Dell,\n";
  const test::Refusal bad = test::refusal_of([&] { import_assets(db(), "t", options); });
  EXPECT_EQ(bad.problem, Problem::invalid);
  EXPECT_EQ(bad.what,
            "import assets: upload.csv has 1 problem; nothing was imported. Fix the file and run the import "
            "again:\nline 2, column 'model': empty");
  options.content = "";
  EXPECT_EQ(test::refusal_of([&] { import_assets(db(), "t", options); }).what,
            "import assets: upload.csv is empty; it needs a header row");
  EXPECT_EQ(db().query_int("SELECT count(*) FROM asset"), 2);
}

}  // namespace
}  // namespace tally
