// End-to-end tests of `tally import assets|licenses --dialect snipeit` on
// files in Snipe-IT's own formats (fixtures/snipeit/, written for these
// tests in the forms of Snipe-IT's sample_csvs/ and its custom report):
// every imported value against its source cell, the refusals naming row and
// column, header and row problems in one run, unmapped status labels and
// missing people listed once, and the database unchanged on refusal.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

std::string fixture(const std::string& name) {
  return std::string(TALLY_FIXTURES_DIR) + "/snipeit/" + name;
}

class SnipeItImport : public SandboxTest {
 protected:
  std::string csv(const std::string& name, const std::string& text) const {
    const std::string path = sb.dir().file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  json show(const std::string& tag) const { return ok_json({"asset", "show", tag}); }
  // The asset's fields a Snipe-IT file sets, in one line.
  std::string fields(const std::string& tag) const {
    const json a = show(tag);
    std::string out;
    for (const char* key : {"serial", "manufacturer", "model", "category", "status", "location", "owner_team",
                            "custodian", "cost", "currency", "received_on", "warranty_ends", "notes"}) {
      const json& v = a[key];
      out += (out.empty() ? "" : "|") + (v.is_null() ? std::string("-") : v.get<std::string>());
    }
    return out;
  }
};

TEST_F(SnipeItImport, AssetsExportFormImportsEveryCellWithCreatedPeople) {
  const std::string before = sb.dump();
  // Without --create-people the missing people are listed once.
  const std::string err = refused({"import", "assets", fixture("assets-export-serials.csv"), "--dialect", "snipeit",
                                   "--map-company", "Northwind Ltd=A-2", "--team", "IT-5"});
  EXPECT_EQ(err, "tally: error: import assets: " + fixture("assets-export-serials.csv") +
                     " has 1 problem; nothing was imported. Fix the file and run the import again:\n"
                     "line 3, column 'Checked Out To: Username': 2 people are not in Tally: mrivera (1 row: line 3), "
                     "tokafor (1 row: line 5); give --create-people to create them from the rows' names and emails, or "
                     "add them with `tally person add` first\n");
  EXPECT_EQ(sb.dump(), before);

  const Result r =
      sb.tally({"import", "assets", fixture("assets-export-serials.csv"), "--dialect", "snipeit", "--map-company",
                "Northwind Ltd=A-2", "--team", "IT-5", "--create-people", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "kind,created,updated,unchanged\nasset,4,0,0\nvendor,2,0,0\nmodel,2,0,0\nlocation,2,0,0\nperson,2,0,0\n");
  EXPECT_EQ(r.err, "4 rows imported\n");
  // Purchase Date 1/23/23 -> 2023-01-23; Asset Notes -> notes; Model Notes,
  // Asset EOL Date, Supplier, Order Number and Name are known, not kept.
  EXPECT_EQ(fields("NWL-1001"),
            "C02AIR001|Apple|MacBook Air 13\"|laptop|in_stock|RIVERSIDE-OFFICE|A-2|-|1499.00|USD|2023-01-23|-|"
            "Keyboard replaced once");
  EXPECT_EQ(fields("NWL-1002"),
            "C02AIR002|Apple|MacBook Air 13\"|laptop|in_stock|RIVERSIDE-OFFICE|A-2|mrivera|1299.50|USD|2022-11-14|-|-");
  // Checked out to a location: Checked Out To: Location is where it is.
  EXPECT_EQ(fields("NWL-1003"),
            "CN0DISP3|Dell|U2723QE|monitor|in_stock|HARBOUR-DEPOT|IT-5|-|612.40|USD|2023-03-01|-|-");
  // 6/30/99: two-digit years 69-99 are 19YY. No username: the email's local part.
  EXPECT_EQ(fields("NWL-1004"),
            "C02AIR004|Apple|MacBook Air 13\"|laptop|in_stock|RIVERSIDE-OFFICE|IT-5|tokafor|899.00|USD|1999-06-30|-|-");
  EXPECT_EQ(sb.sqlite("SELECT part_number FROM model WHERE name = 'MacBook Air 13\"'").out, "A2337\n");
  // Created people: username, the row's names and email, the row's team; the normal person event.
  EXPECT_EQ(sb.sqlite("SELECT p.username, p.name, p.email, t.code FROM person p JOIN team t ON t.id = p.team_id "
                      "WHERE p.username IN ('mrivera', 'tokafor') ORDER BY 1")
                .out,
            "mrivera|Maria Rivera|mrivera@example.org|A-2\ntokafor|Tom Okafor|tokafor@example.org|IT-5\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM event WHERE action = 'create' AND entity = 'person' AND "
                      "entity_key IN ('mrivera', 'tokafor')")
                .out,
            "2\n");
}

TEST_F(SnipeItImport, OfficialAssetsHeadersWithoutSerialImportAssetsWithoutSerials) {
  // The official sample's headers exactly: no Serial column. The tag is the
  // identity; every asset is stored with no serial (NULL, never '').
  const Result r = sb.tally({"import", "assets", fixture("assets-export.csv"), "--dialect", "snipeit",
                             "--map-company", "Northwind Ltd=A-2", "--team", "IT-5", "--create-people", "--format",
                             "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.sqlite("SELECT tag, quote(serial) FROM asset WHERE tag LIKE 'NWL-%' ORDER BY 1").out,
            "NWL-1001|NULL\nNWL-1002|NULL\nNWL-1003|NULL\nNWL-1004|NULL\n");
  const Result shown = sb.tally({"asset", "show", "NWL-1003", "--format", "json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_TRUE(contains(shown.out, "\"serial\": null")) << shown.out;
}

TEST_F(SnipeItImport, CustomReportFormDatesWithTimesStatusesWithMetaAndSiteLabels) {
  const std::string file = fixture("assets-custom-report.csv");
  const Result r = sb.tally({"import", "assets", file, "--dialect", "snipeit", "--map-company", "Northwind Ltd=A-2",
                             "--create-people", "--map-status", "Pending Diagnostics=in_repair", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "kind,created,updated,unchanged\nasset,4,0,0\nvendor,1,0,0\nmodel,1,0,0\nlocation,2,0,0\nperson,1,0,0\n");
  // Purchased "2023-01-23 00:00:00" keeps the day; Warranty Expires is the
  // warranty's end; Checked Out + Type user + Username is the custodian;
  // "Ready to Deploy (deployed)": the label decides (in_stock).
  EXPECT_EQ(fields("NWL-2001"),
            "SVC7010A|Dell|OptiPlex 7010|desktop|in_stock|RIVERSIDE-OFFICE|A-2|mrivera|1024.00|USD|2023-01-23|"
            "2026-01-23|Reception desk");
  // Checked Out with Type location is where it is; a site label mapped by --map-status.
  EXPECT_EQ(fields("NWL-2002"),
            "SVC7010B|Dell|OptiPlex 7010|desktop|in_repair|HARBOUR-DEPOT|A-2|-|980.00|USD|2023-01-23|-|-");
  EXPECT_EQ(sb.sqlite("SELECT reason FROM repair r JOIN asset a ON a.id = r.asset_id WHERE a.tag = 'NWL-2002'").out,
            "imported as in_repair (line 3)\n");
  EXPECT_EQ(fields("NWL-2003"),
            "SVC7010C|Dell|OptiPlex 7010|desktop|retired|-|-|-|-|-|2024-01-05|-|Retired after the flood");
  // An unknown label with its meta status in parentheses maps through the meta status.
  EXPECT_EQ(fields("NWL-2004"), "SVC7010D|Dell|OptiPlex 7010|desktop|retired|RIVERSIDE-OFFICE|-|-|-|-|-|-|-");
}

TEST_F(SnipeItImport, UnmappedSiteLabelsWithoutMetaAreListedOnceWithTheirRows) {
  // The sample's "Pending Diagnostics" (no meta status): one problem for all its rows.
  const std::string file = csv("labels.csv",
                               "Serial,Model Name,Manufacturer,Status\n"
                               "P1,Tab,Samsung,Pending Diagnostics\nP2,Tab,Samsung,Ready to Deploy\n"
                               "P3,Tab,Samsung,pending diagnostics\nP4,Tab,Samsung,Sunbathing\n"
                               "P5,Tab,Samsung,Pending Diagnostics\n");
  const std::string before = sb.dump();
  const std::string err = refused({"import", "assets", file, "--dialect", "snipeit"});
  const std::string known =
      "known: Ready to Deploy, Deployable, Pending, Deployed, Out for Repair, Out for Diagnostics, Undeployable, "
      "Broken - Not Fixable, Archived, Lost/Stolen";
  EXPECT_EQ(err, "tally: error: import assets: " + file +
                     " has 2 problems; nothing was imported. Fix the file and run the import again:\n"
                     "line 2, column 'Status': unknown Snipe-IT status label 'Pending Diagnostics' on 3 rows (lines "
                     "2, 4, 6); " +
                     known +
                     "; map it with --map-status \"Pending Diagnostics=STATUS\"\n"
                     "line 5, column 'Status': unknown Snipe-IT status label 'Sunbathing' on 1 row (line 5); " +
                     known + "; map it with --map-status \"Sunbathing=STATUS\"\n");
  EXPECT_EQ(sb.dump(), before);
  const std::string usage =
      refused({"import", "assets", file, "--dialect", "snipeit", "--map-status", "Sunbathing"}, 2);
  EXPECT_TRUE(contains(usage, "--map-status 'Sunbathing' must be LABEL=STATUS")) << usage;
  EXPECT_TRUE(
      contains(refused({"import", "assets", file, "--dialect", "snipeit", "--map-status", "Sunbathing=beach"}, 2),
               "STATUS one of: in_stock, staging, deployed, in_repair, rma, retired, lost, disposed, "
               "returned_to_vendor"));
  const Result r = sb.tally({"import", "assets", file, "--dialect", "snipeit", "--map-status",
                             "pending diagnostics=in_repair", "--map-status", "Sunbathing=lost", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.sqlite("SELECT serial, status FROM asset ORDER BY serial").out,
            "P1|in_repair\nP2|in_stock\nP3|in_repair\nP4|lost\nP5|in_repair\n");
}

TEST_F(SnipeItImport, BlanksFormWithUnnamedColumnsAndCrLinesImportsEveryCell) {
  const std::string file = fixture("assets-blanks.csv");
  const Result r =
      sb.tally({"import", "assets", file, "--dialect", "snipeit", "--map-company", "Northwind Ltd=A-2", "--team",
                "IT-5", "--create-people", "--map-status", "Pending Diagnostics=in_repair", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "kind,created,updated,unchanged\nasset,4,0,0\nvendor,1,0,0\nmodel,1,0,0\nlocation,1,0,0\nperson,2,0,0\n");
  // 4/5/16 + Warranty 14 months; Undeployable -> in_repair.
  EXPECT_EQ(fields("SAM-0001"),
            "R52W10001|Samsung|Galaxy Tab S9|other|in_repair|PORTO-LAB|A-2|iduarte|412.90|USD|"
            "2016-04-05|2017-06-05|Screen protector fitted");
  EXPECT_EQ(
      fields("SAM-0002"),
      "R52W10002|Samsung|Galaxy Tab S9|other|in_repair|PORTO-LAB|IT-5|kmensah|399.00|USD|2016-03-08|2017-03-08|-");
  EXPECT_EQ(fields("SAM-0003"), "R52W10003|Samsung|Galaxy Tab S9|other|in_stock|PORTO-LAB|IT-5|-|-|-|2015-08-09|-|-");
  EXPECT_EQ(fields("SAM-0004"),
            "R52W10004|Samsung|Galaxy Tab S9|other|retired|PORTO-LAB|IT-5|kmensah|-|-|2015-10-11|-|-");
  EXPECT_EQ(sb.sqlite("SELECT part_number FROM model WHERE name = 'Galaxy Tab S9'").out, "SM-X710\n");
  // A value under a column without a header is refused, not dropped.
  const std::string stray = csv("stray.csv", "Serial,,Model Name,Manufacturer\nQ1,lost cell,Tab,Samsung\n");
  const std::string before = sb.dump();
  EXPECT_TRUE(contains(refused({"import", "assets", stray, "--dialect", "snipeit"}),
                       "line 2, column '#2': 'lost cell' in a column without a header; name the column or empty it\n"));
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(SnipeItImport, BadFormListsEveryRealProblemInOneRun) {
  const std::string file = fixture("assets-bad.csv");
  const std::string before = sb.dump();
  const std::string err =
      refused({"import", "assets", file, "--dialect", "snipeit", "--map-company", "Northwind Ltd=A-2", "--team", "IT-5",
               "--create-people", "--map-status", "Pending Diagnostics=in_repair"});
  EXPECT_EQ(err,
            "tally: error: import assets: " + file +
                " has 4 problems; nothing was imported. Fix the file and run the import again:\n"
                "line 6, column 'Purchase Date': '13/40/15' is not a date like 2026-11-27, 11/27/2026 or 11/27/26\n"
                "line 7, column 'Category': 'Tablets' but the earlier column 'Category' says 'Phones'; the two "
                "columns must agree (or one be empty)\n"
                "line 8, column 'Model name': model 'Galaxy Tab S9' of Samsung has model number 'SM-X710' (created "
                "from line 2), not 'SM-X999'; Tally keeps one number per model: give the other number's model its "
                "own name\n"
                "line 9, column 'Status': unknown Snipe-IT status label 'Sunbathing' on 1 row (line 9); known: Ready "
                "to Deploy, Deployable, Pending, Deployed, Out for Repair, Out for Diagnostics, Undeployable, Broken "
                "- Not Fixable, Archived, Lost/Stolen; map it with --map-status \"Sunbathing=STATUS\"\n");
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(SnipeItImport, HeaderAndRowProblemsComeTogetherAndIgnoreColumnLeavesOut) {
  const std::string file = csv("unknown.csv",
                               "Serial,Model Name,Manufacturer,MAC Address,RAM (GB),Purchase Date,Warranty\n"
                               "U1,Tab,Samsung,00:1A:2B,8,2/30/23,12\n"
                               "U2,Tab,Samsung,00:1A:2C,16,1/1/68,\n");
  const std::string before = sb.dump();
  const std::string err = refused({"import", "assets", file, "--dialect", "snipeit"});
  EXPECT_TRUE(contains(err, " has 2 problems; ")) << err;
  EXPECT_TRUE(contains(err,
                       "line 1, column 'MAC Address': 2 unknown headers: 'MAC Address', 'RAM (GB)'; expected one "
                       "of: "))
      << err;
  EXPECT_TRUE(contains(err,
                       " or a custom field (tally field add); keep the columns as new custom fields with "
                       "--create-fields, or leave a column out with --ignore-column NAME\n"))
      << err;
  // The date's own problem, not "a warranty in months needs the Purchase Date".
  EXPECT_TRUE(contains(err,
                       "line 2, column 'Purchase Date': '2/30/23' is not a date like 2026-11-27, 11/27/2026 or "
                       "11/27/26\n"))
      << err;
  EXPECT_FALSE(contains(err, "needs the Purchase Date")) << err;
  EXPECT_EQ(sb.dump(), before);
  const std::string fixed = csv("fixed.csv",
                                "Serial,Model Name,Manufacturer,MAC Address,RAM (GB),Purchase Date,Warranty\n"
                                "U1,Tab,Samsung,00:1A:2B,8,2/28/23 17:45,12\n"
                                "U2,Tab,Samsung,00:1A:2C,16,1/1/68,\n");
  const Result r = sb.tally({"import", "assets", fixed, "--dialect", "snipeit", "--ignore-column", "mac address",
                             "--ignore-column", "RAM (GB)", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 00-68 are 20YY (POSIX strptime's %y window).
  EXPECT_EQ(sb.sqlite("SELECT serial, received_on, warranty_ends FROM asset ORDER BY serial").out,
            "U1|2023-02-28|2024-02-28\nU2|2068-01-01|\n");
  // A warranty without any Purchase Date still says what it needs.
  const std::string no_date = csv("nodate.csv", "Serial,Model Name,Manufacturer,Warranty\nU3,Tab,Samsung,12\n");
  EXPECT_TRUE(contains(refused({"import", "assets", no_date, "--dialect", "snipeit"}),
                       "line 2, column 'Warranty': a warranty in months needs the Purchase Date to count from\n"));
}

TEST_F(SnipeItImport, SecondModelNumberOfAnExistingModelIsRefused) {
  ok_json({"vendor", "add", "Samsung", "--manufacturer"});
  ok_json({"model", "add", "Samsung", "Galaxy Tab S9", "--category", "phone", "--part-number", "SM-X710"});
  const std::string file = csv("numbers.csv",
                               "Serial,Model Name,Model Number,Manufacturer\nN1,Galaxy Tab S9,SM-X710,Samsung\n"
                               "N2,galaxy tab s9,SM-X716B,Samsung\nN3,Galaxy Tab S9,,Samsung\n");
  const std::string before = sb.dump();
  const std::string err = refused({"import", "assets", file, "--dialect", "snipeit"});
  EXPECT_TRUE(contains(err, " has 1 problem; ")) << err;
  EXPECT_TRUE(contains(err,
                       "line 3, column 'Model Name': model 'galaxy tab s9' of Samsung has model number 'SM-X710', "
                       "not 'SM-X716B'; Tally keeps one number per model: give the other number's model its own "
                       "name\n"))
      << err;
  EXPECT_EQ(sb.dump(), before);
  // A model the import creates from a row without a number takes the first number a later row gives.
  const std::string fill = csv("fill.csv",
                               "Serial,Model Name,Model Number,Manufacturer\nF1,Galaxy Tab A,,Samsung\n"
                               "F2,Galaxy Tab A,SM-X200,Samsung\nF3,Galaxy Tab A,,Samsung\n");
  const Result r = sb.tally({"import", "assets", fill, "--dialect", "snipeit", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.sqlite("SELECT part_number FROM model WHERE name = 'Galaxy Tab A'").out, "SM-X200\n");
  EXPECT_EQ(
      sb.sqlite("SELECT count(*) FROM asset a JOIN model m ON m.id = a.model_id WHERE m.name = 'Galaxy Tab A'").out,
      "3\n");
}

TEST_F(SnipeItImport, LicensesFormGivesSeatsToTheirPeople) {
  const std::string file = fixture("licenses.csv");
  const std::string before = sb.dump();
  const std::string err =
      refused({"import", "licenses", file, "--dialect", "snipeit", "--map-company", "Northwind Ltd=A-2"});
  EXPECT_TRUE(contains(err,
                       "line 2, column 'Username': 2 people are not in Tally: mrivera (1 row: line 2), tokafor "
                       "(1 row: line 5); give --create-people"))
      << err;
  EXPECT_EQ(sb.dump(), before);
  // A created person needs a team: the row's Company mapped, else --team.
  const std::string no_team = refused(
      {"import", "licenses", file, "--dialect", "snipeit", "--map-company", "Northwind Ltd=A-2", "--create-people"});
  EXPECT_TRUE(contains(no_team,
                       "line 5, column 'Username': person 'tokafor' is not in Tally and a created person "
                       "needs a team; give the row a Company mapped with --map-company or give --team\n"))
      << no_team;
  EXPECT_EQ(sb.dump(), before);
  const Result r = sb.tally({"import", "licenses", file, "--dialect", "snipeit", "--map-company", "Northwind Ltd=A-2",
                             "--team", "IT-5", "--create-people", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "kind,created,updated,unchanged\nlicense,3,0,0\nvendor,2,0,0\nperson,2,0,0\n");
  EXPECT_EQ(sb.sqlite("SELECT l.product, v.name, l.license_key, l.seats, l.starts_on, l.expires_on, l.cost_minor, "
                      "l.currency, t.code, l.notes FROM license l JOIN vendor v ON v.id = l.vendor_id LEFT JOIN team t "
                      "ON t.id = l.owner_team_id ORDER BY l.id")
                .out,
            "Affinity Designer|Serif|AFD-2291-KX|3|2008-11-24|2016-02-26|6999|USD|A-2|Design team copy\n\nSecond "
            "paragraph of the notes.\n"
            "Affinity Designer|Serif|AFD-2291-KY|1|2023-01-23|2026-01-23|6999|USD|IT-5|\n"
            "Sublime Text|Sublime HQ|ST4-0007|10|2023-01-23||9900|USD|IT-5|Shared pool\n");
  const json first = ok_json({"license", "show", "LIC-00001"});
  ASSERT_EQ(first["assignments"].size(), 1u) << first.dump();
  EXPECT_EQ(first["assignments"][0]["kind"], "person") << first.dump();
  EXPECT_EQ(first["assignments"][0]["target"], "mrivera") << first.dump();
  EXPECT_EQ(first["assignments"][0]["quantity"], 1) << first.dump();
  EXPECT_EQ(ok_json({"license", "show", "LIC-00002"})["assignments"][0]["target"], "tokafor");
  EXPECT_EQ(first["used"], 1);
  const json third = ok_json({"license", "show", "LIC-00003"});
  EXPECT_EQ(third["assignments"].size(), 0u) << third.dump();
}

// The four official sample files of Snipe-IT (sample_csvs/ of
// github.com/snipe/snipe-it), when TALLY_SNIPEIT_SAMPLES names a folder
// holding them; they are not in this repository.
TEST_F(SnipeItImport, OfficialSampleFiles) {
  const char* dir = std::getenv("TALLY_SNIPEIT_SAMPLES");
  if (dir == nullptr || !std::filesystem::exists(std::string(dir) + "/assets-sample.csv")) {
    GTEST_SKIP() << "set TALLY_SNIPEIT_SAMPLES to a folder with Snipe-IT's sample_csvs/";
  }
  const std::string d = dir;
  const std::vector<std::string> common = {"--dialect", "snipeit", "--team", "IT-5", "--create-people", "--dry-run"};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), common.begin(), common.end());
    return sb.tally(args);
  };
  // 147 rows: one expiry before its start, 8 rows naming neither a
  // manufacturer nor a supplier; every other row would import.
  const Result licenses = run({"import", "licenses", d + "/licenses-sample.csv"});
  EXPECT_EQ(licenses.exit_code, 1);
  EXPECT_TRUE(contains(licenses.err, "licenses-sample.csv has 9 problems; ")) << licenses.err;
  EXPECT_TRUE(contains(licenses.err, "line 36, column 'expiration date': 2016-01-22 is before the start 2016-11-05\n"))
      << licenses.err;
  EXPECT_TRUE(contains(licenses.err,
                       "line 5, column 'supplier': empty, and so is 'manufacturer'; every license needs "
                       "its vendor (the manufacturer, else the supplier)\n"))
      << licenses.err;
  // 21 rows without a Serial column (the serial is optional): only the three
  // rows naming a second model number for a model of the same manufacturer.
  const Result assets = run({"import", "assets", d + "/assets-sample.csv"});
  EXPECT_EQ(assets.exit_code, 1);
  EXPECT_TRUE(contains(assets.err, "assets-sample.csv has 3 problems; ")) << assets.err;
  EXPECT_FALSE(contains(assets.err, "column 'serial'")) << assets.err;
  // 200 rows each, saved on a Mac (Mac OS Roman bytes in 22 locations), one
  // site status label: in UTF-8 every such value is refused, each once; read
  // as mac-roman, with the label mapped, every row imports (17 without a serial).
  for (const std::string name : {"assets-sample-BAD.csv", "assets-sample-BLANKS.csv"}) {
    const Result raw = run({"import", "assets", d + "/" + name});
    EXPECT_EQ(raw.exit_code, 1);
    EXPECT_TRUE(contains(raw.err, name + " has 23 problems; ")) << raw.err;
    EXPECT_TRUE(contains(raw.err, "line 12, column 'Location': is not valid UTF-8 (byte 4); give the file's encoding"))
        << raw.err;
    const Result mac = run({"import", "assets", d + "/" + name, "--encoding", "mac-roman", "--map-status",
                            "Pending Diagnostics=in_repair", "--format", "csv"});
    EXPECT_EQ(mac.exit_code, 0) << mac.err;
    EXPECT_EQ(mac.out,
              "kind,created,updated,unchanged\nasset,200,0,0\nvendor,163,0,0\nmodel,200,0,0\nlocation,199,0,0\n"
              "person,172,0,0\n");
  }
  EXPECT_TRUE(contains(assets.err,
                       "line 6, column 'Model': model 'Macbook Pro 13\"' of Berge Inc has model number "
                       "'1786VM80X07' (created from line 2), not '0910VB28Q61'"))
      << assets.err;
}

}  // namespace
}  // namespace tally::e2e
