// End-to-end tests of `tally import assets|licenses`: the export -> import
// round trip into a fresh database, the all-or-nothing refusal listing every
// problem (database unchanged), --dry-run, --update, and the Snipe-IT dialect.

#include "codes.hpp"
#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// The catalog both databases share: WH1 and its bin, Dell and FS.com, the
// server and optic models, person ana, and PO-2026-0001 taken to ordered.
class ImportCli : public SandboxTest {
 protected:
  void catalog(const Sandbox& box) const {
    auto run = [&](const std::vector<std::string>& args) {
      const Result r = box.tally(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    };
    run({"location", "add", "WH1", "--name", "Warehouse 1", "--kind", "warehouse"});
    run({"location", "add", "WH1-BIN", "--name", "Warehouse 1 bin", "--parent", "WH1", "--kind", "bin"});
    run({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
    run({"vendor", "add", "Microsoft", "--supplier"});
    run({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--u-height", "1"});
    run({"person", "add", "ana", "--name", "Ana", "--team", "A-2"});
    run({"budget", "set", "A-3", "2026", "100000.00"});
    run({"po", "create", "--vendor", "Dell", "--team", "A-3"});
    run({"po", "add-line", k_po, "--model", k_server, "--qty", "4", "--unit-cost", "8450.00"});
    run({"po", "submit", k_po});
    run({"po", "approve", "--actor", "approver", k_po});
    run({"po", "order", k_po});
  }

  std::string csv(const std::string& name, const std::string& text) const {
    const std::string path = sb.dir().file(name);
    write_file(path, text);
    return path;
  }

  std::string assets_csv() const {
    const Result r = sb.tally({"asset", "list", "--format", "csv"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
};

const std::string k_header =
    "tag,serial,manufacturer,model,category,status,location,owner_team,custodian,po,po_line,cost,currency,"
    "received_on,warranty_ends,hostname,rack,rack_u\n";

TEST_F(ImportCli, ExportImportRoundTripsIntoAFreshDatabase) {
  catalog(sb);
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1", "--serial", "S2"});
  ok_json({"asset", "add", "--model", k_server, "--serial", "S,3 \"odd\"", "--team", "A-2", "--cost", "99.50"});
  const json listed = ok_json({"asset", "list"});
  ok_json({"asset", "assign", listed[0]["tag"], "--person", "ana"});
  ok_json({"asset", "move", listed[1]["tag"], "--to", "WH1-BIN"});
  const std::string exported = assets_csv();
  ASSERT_EQ(lines_of(exported).size(), 4u) << exported;
  EXPECT_EQ(lines_of(exported)[0] + "\n", k_header);

  Sandbox fresh;
  fresh.init();
  catalog(fresh);
  const std::string file = csv("assets.csv", exported);
  const Result imported = fresh.tally({"import", "assets", file, "--format", "json"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(parse_json(imported), json::parse(R"([{"kind":"asset","created":3,"updated":0,"unchanged":0}])"));
  EXPECT_EQ(imported.err, "3 rows imported\n");
  const Result again = fresh.tally({"asset", "list", "--format", "csv"});
  EXPECT_EQ(again.out, exported);

  // One event per asset plus one for the import.
  const Result events = fresh.sqlite(
      "SELECT action, entity, count(*) FROM event WHERE action = 'import' "
      "GROUP BY entity ORDER BY entity");
  EXPECT_EQ(events.out, "import|asset|3\nimport|import|1\n");
  const Result summary = fresh.sqlite(
      "SELECT entity_key, json_extract(after, '$.rows'), "
      "json_extract(after, '$.counts.asset.created') FROM event WHERE entity = 'import'");
  EXPECT_EQ(summary.out, "assets.csv|3|3\n");

  // Importing the same file again is refused (the tags exist) unless --update,
  // which finds nothing to change.
  const std::string before = fresh.dump();
  const Result dup = fresh.tally({"import", "assets", file});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_TRUE(contains(dup.err, "line 2, column 'tag': asset " + listed[0]["tag"].get<std::string>() +
                                    " (serial S1) already exists; use --update to change it"))
      << dup.err;
  EXPECT_EQ(fresh.dump(), before);
  const Result update = fresh.tally({"import", "assets", file, "--update", "--format", "csv"});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_EQ(update.out, "kind,created,updated,unchanged\nasset,0,0,3\n");
}

TEST_F(ImportCli, EveryProblemIsListedAndNothingIsWritten) {
  catalog(sb);
  const std::string file =
      csv("bad.csv", k_header +
                         ",OK1,Dell,PowerEdge R640,server,in_stock,WH1,A-2,,,,,,2026-01-05,,,,\n"
                         ",S2,Acme,Widget,server,in_stock,NOWHERE,,,,,,,,,,,\n"
                         ",S3,Dell,PowerEdge R640,server,flying,WH1,ZZ-9,nobody,,,12.345,USD,2026-02-30,,,,\n"
                         ",S4,Dell,PowerEdge R640,laptop,in_stock,,,,,,,,,,,,\n"
                         ",OK1,Dell,PowerEdge R640,server,in_stock,,,,,,,,,,,,\n");
  const std::string before = sb.dump();
  const std::string err = refused({"import", "assets", file});
  EXPECT_EQ(sb.dump(), before);
  const std::vector<std::string> lines = lines_of(err);
  ASSERT_EQ(lines.size(), 10u) << err;
  EXPECT_EQ(lines[0], "tally: error: import assets: " + file +
                          " has 9 problems; nothing was imported. Fix the file and run the import again:");
  EXPECT_EQ(lines[1], "line 3, column 'manufacturer': no vendor 'Acme'; add it with `tally vendor add` first");
  EXPECT_TRUE(contains(lines[2], "line 3, column 'location': ")) << lines[2];
  EXPECT_TRUE(contains(lines[3], "line 4, column 'status': unknown status 'flying'")) << lines[3];
  EXPECT_TRUE(contains(lines[4], "line 4, column 'owner_team': ")) << lines[4];
  EXPECT_TRUE(contains(lines[5], "line 4, column 'custodian': ")) << lines[5];
  EXPECT_EQ(lines[6],
            "line 4, column 'cost': '12.345' is 12.345 with a decimal point but 12345 with a decimal comma, and no "
            "other cost of the file settles which; give --decimal point or comma");
  EXPECT_EQ(lines[7], "line 4, column 'received_on': '2026-02-30' is not a date like 2026-11-27");
  EXPECT_EQ(lines[8], "line 5, column 'category': 'laptop' but model 'PowerEdge R640' is a server");
  EXPECT_EQ(lines[9], "line 6, column 'serial': serial 'OK1' of Dell appears earlier in the file");
}

TEST_F(ImportCli, DuplicateInsideTheFileAndUnknownHeaderAreRefused) {
  catalog(sb);
  const std::string dup = csv("dup.csv", k_header +
                                             "AT-9,A1,Dell,PowerEdge R640,,,,,,,,,,,,,,\n"
                                             "AT-9,A2,Dell,PowerEdge R640,,,,,,,,,,,,,,\n"
                                             ",A1,Dell,PowerEdge R640,,,,,,,,,,,,,,\n");
  const std::string before = sb.dump();
  const std::string err = refused({"import", "assets", dup});
  EXPECT_TRUE(contains(err, "has 2 problems")) << err;
  EXPECT_TRUE(contains(err, "line 3, column 'tag': tag 'AT-9' appears earlier in the file")) << err;
  EXPECT_TRUE(contains(err, "line 4, column 'serial': serial 'A1' of Dell appears earlier in the file")) << err;
  const std::string header = csv("header.csv", "tag,serial,manufacturer,model,colour\n,X,Dell,PowerEdge R640,red\n");
  EXPECT_TRUE(
      contains(refused({"import", "assets", header}), "line 1, column 'colour': unknown header; expected one of:"));
  const std::string ragged = csv("ragged.csv", "serial,manufacturer,model\nX,Dell,PowerEdge R640\nY,Dell\n");
  EXPECT_TRUE(contains(refused({"import", "assets", ragged}),
                       "line 3: 2 fields where the header has 3; the rest of the file was not read"));
  const std::string open_quote = csv("quote.csv", "serial,manufacturer,model\n\"X,Dell,PowerEdge R640\n");
  EXPECT_TRUE(contains(refused({"import", "assets", open_quote}), "line 2: a quoted field is never closed"));
  EXPECT_EQ(sb.dump(), before);
}

// Plain new rows are written 256 at a time (15 on a cluster): one INSERT of
// their assets, one of their events. A batch that a row breaks is written row
// by row instead, so tags, events and messages are those of one row at a time.
TEST_F(ImportCli, BatchesOfRowsKeepTagsEventsAndMessagesOfOneRowAtATime) {
  catalog(sb);
  // An asset already holds the 300th tag the sequence would give.
  const auto tag = [](int n) { return make_tag("AT-", n); };
  ASSERT_EQ(sb.tally({"import", "assets",
                      csv("one.csv", k_header + tag(300) + ",EXISTING,Dell,PowerEdge R640,,,,,,,,,,,,,,\n")})
                .exit_code,
            0);
  std::string rows = k_header;
  for (int i = 1; i <= 700; ++i) {
    rows += ",B" + std::to_string(i) + ",Dell,PowerEdge R640,server,in_stock,WH1,A-2,,,,10.00,USD,,,,,\n";
  }
  const Result r = sb.tally({"import", "assets", csv("many.csv", rows), "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "kind,created,updated,unchanged\nasset,700,0,0\n");
  // Tags in the order of the file, the 300th skipped; one import event per
  // row, in the same order, naming its line.
  const std::vector<std::string> assets =
      lines_of(sb.sqlite("SELECT tag || ' ' || serial FROM asset WHERE serial GLOB 'B*' ORDER BY id").out);
  ASSERT_EQ(assets.size(), 700u);
  EXPECT_EQ(assets[0], tag(1) + " B1");
  EXPECT_EQ(assets[298], tag(299) + " B299");
  EXPECT_EQ(assets[299], tag(301) + " B300");
  EXPECT_EQ(assets[699], tag(701) + " B700");
  const std::vector<std::string> events = lines_of(
      sb.sqlite("SELECT entity_key || ' ' || json_extract(after, '$.serial') || ' ' || json_extract(after, '$.line') "
                "FROM event WHERE action = 'import' AND json_extract(after, '$.serial') GLOB 'B*' ORDER BY id")
          .out);
  ASSERT_EQ(events.size(), 700u);
  EXPECT_EQ(events[0], tag(1) + " B1 2");
  EXPECT_EQ(events[299], tag(301) + " B300 301");
  EXPECT_EQ(events[699], tag(701) + " B700 701");
  EXPECT_EQ(lines_of(sb.sqlite("SELECT value FROM sequence WHERE name = 'asset.tag'").out),
            std::vector<std::string>{"701"});

  // A duplicate inside a batch and a bad value after it: the problems in line order, nothing written.
  std::string bad = k_header;
  for (int i = 1; i <= 600; ++i) {
    const std::string serial = i == 400 ? "C390" : "C" + std::to_string(i);
    const std::string status = i == 550 ? "flying" : "in_stock";
    bad += "," + serial + ",Dell,PowerEdge R640,server," + status + ",WH1,A-2,,,,,,,,,,\n";
  }
  const std::string before = sb.dump();
  const std::string err = refused({"import", "assets", csv("bad.csv", bad)});
  EXPECT_EQ(sb.dump(), before);
  const std::vector<std::string> lines = lines_of(err);
  ASSERT_EQ(lines.size(), 3u) << err;
  EXPECT_EQ(lines[1], "line 401, column 'serial': serial 'C390' of Dell appears earlier in the file");
  EXPECT_TRUE(contains(lines[2], "line 551, column 'status': unknown status 'flying'")) << lines[2];
}

TEST_F(ImportCli, DryRunCountsAndWritesNothing) {
  catalog(sb);
  const std::string file = csv("dry.csv",
                               "\xEF\xBB\xBFserial,manufacturer,model,location\r\nD1,Dell,PowerEdge R640,WH1\r\n"
                               "\"D,2\",Dell,PowerEdge R640,WH1\r\n");
  const std::string before = sb.dump();
  const Result r = sb.tally({"import", "assets", file, "--dry-run", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "kind,created,updated,unchanged\nasset,2,0,0\n");
  EXPECT_EQ(r.err, "dry run: 2 rows checked; nothing was written\n");
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(ImportCli, UpdateChangesMatchedAssetsWithOneEventEach) {
  catalog(sb);
  ok_json({"asset", "add", "--model", k_server, "--serial", "U1"});
  ok_json({"asset", "add", "--model", k_server, "--serial", "U2"});
  const std::string file = csv("update.csv",
                               "serial,manufacturer,model,location,owner_team\n"
                               "U1,Dell,PowerEdge R640,WH1,A-2\n"
                               "U2,Dell,PowerEdge R640,,\n"
                               "U3,Dell,PowerEdge R640,WH1-BIN,\n");
  const std::string before = sb.dump();
  EXPECT_TRUE(contains(refused({"import", "assets", file}), "line 2, column 'serial': asset "));
  EXPECT_EQ(sb.dump(), before);
  const Result r = sb.tally({"import", "assets", file, "--update", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "kind,created,updated,unchanged\nasset,1,1,1\n");
  const json assets = ok_json({"asset", "list"});
  ASSERT_EQ(assets.size(), 3u);
  EXPECT_EQ(assets[0]["location"], "WH1");
  EXPECT_EQ(assets[0]["owner_team"], "A-2");
  EXPECT_EQ(assets[2]["location"], "WH1-BIN");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM event WHERE action = 'import' AND entity = 'asset'").out, "2\n");
}

TEST_F(ImportCli, SnipeItAssetsCreateTheCatalogAndMapStatuses) {
  ok_json({"person", "add", "jdoe", "--name", "J Doe", "--team", "A-2"});
  const std::string file =
      csv("snipe.csv",
          "Asset Tag,Name,Serial Number,Model Name,Model No.,Category,Manufacturer,Company,"
          "Location,Status,Supplier,Purchase Date,Purchase Cost,Order Number,Warranty,Notes,"
          "Checked Out To: Username\n"
          "LAP-0001,ana-laptop,C02X1,MacBook Pro 14,A2442,Laptops,Apple,Acme Corp,New York Office,"
          "Ready to Deploy,Apple Store,03/15/2025,\"$2,499.00\",ORD-1,12,\"Keyboard \"\"sticky\"\"\","
          "\n"
          "LAP-0002,bob-laptop,C02X2,MacBook Pro 14,A2442,Laptops,Apple,Other Co,New York Office,"
          "Lost/Stolen,,2025-04-01,1999,,,,jdoe\n");
  const Result r = sb.tally({"import", "assets", file, "--dialect", "snipeit", "--map-company", "acme corp=A-2",
                             "--team", "IT-5", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "kind,created,updated,unchanged\nasset,2,0,0\nvendor,1,0,0\nmodel,1,0,0\nlocation,1,0,0\n");
  const json assets = ok_json({"asset", "list"});
  ASSERT_EQ(assets.size(), 2u);
  EXPECT_EQ(assets[0]["tag"], "LAP-0001");
  EXPECT_EQ(assets[0]["category"], "laptop");
  EXPECT_EQ(assets[0]["status"], "in_stock");
  EXPECT_EQ(assets[0]["location"], "NEW-YORK-OFFICE");
  EXPECT_EQ(assets[0]["owner_team"], "A-2");
  EXPECT_EQ(assets[0]["cost"], "2499.00");
  EXPECT_EQ(assets[0]["received_on"], "2025-03-15");
  EXPECT_EQ(assets[0]["warranty_ends"], "2026-03-15");
  EXPECT_EQ(assets[1]["status"], "lost");
  EXPECT_EQ(assets[1]["owner_team"], "IT-5");
  EXPECT_EQ(assets[1]["custodian"], "jdoe");
  EXPECT_EQ(sb.sqlite("SELECT notes FROM asset WHERE tag = 'LAP-0001'").out, "Keyboard \"sticky\"\n");
}

TEST_F(ImportCli, SnipeItUnknownStatusIsRefused) {
  const std::string file =
      csv("snipe-bad.csv", "Serial Number,Model Name,Manufacturer,Status\nX1,M,Apple,Sunbathing\n");
  const std::string before = sb.dump();
  const std::string err = refused({"import", "assets", file, "--dialect", "snipeit"});
  EXPECT_TRUE(contains(err, "line 2, column 'Status': unknown Snipe-IT status label 'Sunbathing'")) << err;
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(ImportCli, LicensesRoundTripWithKeysAndSnipeItLicensesImport) {
  catalog(sb);
  ok_json({"license", "add", "Office 365", "--vendor", "Microsoft", "--seats", "50", "--key", "ABCD-EFGH-IJKL-7Q2K",
           "--team", "A-2", "--expires", "2027-06-30", "--cost", "1200.00"});
  ok_json({"license", "add", "Windows Server", "--vendor", "Microsoft", "--type", "site"});
  const Result exported = sb.tally({"license", "list", "--format", "csv", "--show-keys"});
  ASSERT_EQ(exported.exit_code, 0);

  Sandbox fresh;
  fresh.init();
  catalog(fresh);
  const std::string file = csv("licenses.csv", exported.out);
  const Result imported = fresh.tally({"import", "licenses", file, "--format", "csv"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out, "kind,created,updated,unchanged\nlicense,2,0,0\n");
  EXPECT_EQ(fresh.tally({"license", "list", "--format", "csv", "--show-keys"}).out, exported.out);

  const std::string snipe = csv("snipe-licenses.csv",
                                "Name,Product Key,Seats,Manufacturer,Purchase Date,Expiration Date,Purchase Cost,"
                                "Reassignable,Notes\n"
                                "Photoshop,KEY-1,5,Adobe,01/01/2026,12/31/2026,\"$1,000.50\",yes,team licences\n");
  const Result r =
      fresh.tally({"import", "licenses", snipe, "--dialect", "snipeit", "--team", "A-2", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "kind,created,updated,unchanged\nlicense,1,0,0\nvendor,1,0,0\n");
  const Result row = fresh.sqlite(
      "SELECT product, seats, license_key, starts_on, expires_on, cost_minor, notes FROM license WHERE id = 3");
  EXPECT_EQ(row.out, "Photoshop|5|KEY-1|2026-01-01|2026-12-31|100050|team licences\n");

  const std::string before = fresh.dump();
  const std::string bad = csv("bad-licenses.csv", "product,vendor,seats,expires_on\nX,Microsoft,0,2026-13-01\n");
  const Result refusal = fresh.tally({"import", "licenses", bad});
  EXPECT_EQ(refusal.exit_code, 1);
  const std::string& err = refusal.err;
  EXPECT_TRUE(contains(err, "line 2, column 'seats': '0' is not a number of seats of 1 or more")) << err;
  EXPECT_TRUE(contains(err, "line 2, column 'expires_on': '2026-13-01' is not a date like 2026-11-27")) << err;
  EXPECT_EQ(fresh.dump(), before);
}

}  // namespace
}  // namespace tally::e2e
