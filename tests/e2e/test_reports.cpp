// End-to-end tests of the query layer and reports: the views read
// with the sqlite3 shell, filter terms on `asset list` and `license list`,
// `tally sql` (read-only), and every report on a small hand-computed estate.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

const std::map<std::string, std::string> k_today = {{"TALLY_TODAY", "2026-11-27"}};

// The estate, all on 2026-11-27:
//   DC1 (site) > DC1-H1 (room) with rack R1 (10U); WH1 (warehouse).
//   S1 R640 A-2 DC1-H1 1000.00 USD received 2026-01-10, in R1 at U3.
//   S2 R640 U-AP2 (under IT-5, 1I) DC1 2000.00 received 2026-03-01, RMA to Dell opened 2026-11-01.
//   L1 Latitude IT-5 WH1 500.00 received 2025-12-01 (warranty ends 2026-12-01).
//   L2 Latitude IT-5 WH1 no cost received 2026-02-01 (warranty ends 2027-02-01).
//   S9 R640 received on PO-2026-0001 (A-3, 2 x 1000.00, one received) into WH1.
//   LIC-00001 Office, Microsoft, 2 seats, IT-5, 300.00, expires 2026-12-20, assigned to L1 and L2.
//   LIC-00002 Visio, Microsoft, 1 seat (over-allocation allowed), U-AP2, expires 2027-03-01, 2 seats used.
class ReportCli : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    ok({"location", "add", "DC1", "--name", "DC 1", "--kind", "site"});
    ok({"location", "add", "DC1-H1", "--name", "Hall 1", "--kind", "room", "--parent", "DC1"});
    ok({"location", "add", "WH1", "--name", "Warehouse", "--kind", "warehouse"});
    ok({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
    ok({"vendor", "add", "Microsoft", "--supplier"});
    ok({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--u-height", "1", "--warranty-months",
        "36"});
    ok({"model", "add", "Dell", "Latitude 5440", "--category", "laptop", "--warranty-months", "12"});
    s1 = add("PowerEdge R640", "S1", "A-2", "DC1-H1", "1000.00", "2026-01-10");
    s2 = add("PowerEdge R640", "S2", "U-AP2", "DC1", "2000.00", "2026-03-01");
    l1 = add("Latitude 5440", "L1", "IT-5", "WH1", "500.00", "2025-12-01");
    l2 = add("Latitude 5440", "L2", "IT-5", "WH1", "", "2026-02-01");
    ok({"rack", "add", "R1", "--location", "DC1-H1", "--height", "10"});
    ok({"rack", "install", s1, "--rack", "R1", "--u", "3"});
    ok({"rma", "open", s2, "--vendor", "Dell", "--reason", "dead PSU"}, {{"TALLY_TODAY", "2026-11-01"}});
    ok({"budget", "set", "A-3", "2026", "5000.00"});
    ok({"po", "create", "--vendor", "Dell", "--team", "A-3"});
    ok({"po", "add-line", k_po, "--model", "Dell PowerEdge R640", "--qty", "2", "--unit-cost", "1000.00"});
    for (const char* step : {"submit", "approve", "order"}) {
      ok({"po", step, k_po, "--actor", std::string(step) == "approve" ? "approver" : "tester"});
    }
    s9 = ok({"receive", k_po, "--line", "1", "--serial", "S9", "--location", "WH1"})[0]["tag"];
    ok({"license", "add", "Office", "--vendor", "Microsoft", "--seats", "2", "--team", "IT-5", "--cost", "300.00",
        "--expires", "2026-12-20"});
    ok({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "1", "--team", "U-AP2", "--expires",
        "2027-03-01", "--allow-overallocation"});
    ok({"license", "assign", "LIC-00001", "--asset", l1});
    ok({"license", "assign", "LIC-00001", "--asset", l2});
    ok({"license", "assign", "LIC-00002", "--team", "U-AP2", "--qty", "2"});
    ASSERT_FALSE(HasFailure()) << "the estate could not be set up";
  }

  json ok(std::vector<std::string> args, const std::map<std::string, std::string>& env = k_today) {
    return ok_json(std::move(args), env);
  }

  std::string add(const std::string& model, const std::string& serial, const std::string& team,
                  const std::string& location, const std::string& cost, const std::string& received) {
    std::vector<std::string> args = {"asset",  "add", "--model",    "Dell " + model, "--serial",   serial,
                                     "--team", team,  "--location", location,        "--received", received};
    if (!cost.empty()) {
      args.insert(args.end(), {"--cost", cost});
    }
    return ok(args)["tag"];
  }

  // `tally ... --format csv` that must succeed, as lines.
  std::vector<std::string> csv(std::vector<std::string> args) {
    args.insert(args.end(), {"--format", "csv"});
    const Result r = sb.tally(args, "", k_today);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return lines_of(r.out);
  }

  std::string s1, s2, l1, l2, s9;
};

TEST_F(ReportCli, AssetViewHasOneRowPerAsset) {
  const Result r = sb.sqlite("SELECT * FROM v_asset ORDER BY serial;");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines_of(r.out),
            (std::vector<std::string>{
                l1 + "|L1|Latitude 5440|Dell|laptop|in_stock|WH1|WH1|IT-5|Asset & Procurement|1I|||500.00|USD|"
                     "2025-12-01|2026-12-01|||",
                l2 + "|L2|Latitude 5440|Dell|laptop|in_stock|WH1|WH1|IT-5|Asset & Procurement|1I||||"
                     "|2026-02-01|2027-02-01|||",
                s1 + "|S1|PowerEdge R640|Dell|server|deployed|DC1-H1|DC1/DC1-H1|A-2|Inventory & Warehousing|1A|||"
                     "1000.00|USD|2026-01-10|2029-01-10||DC1-H1/R1|3",
                s2 + "|S2|PowerEdge R640|Dell|server|rma|DC1|DC1|U-AP2|Inventory & Warehousing|1I|||2000.00|USD|"
                     "2026-03-01|2029-03-01|||",
                s9 + "|S9|PowerEdge R640|Dell|server|in_stock|WH1|WH1|A-3|Server Hardware Setup|1A||" + k_po +
                    "|1000.00|USD|2026-11-27|2029-11-27|||"}));
}

TEST_F(ReportCli, LicenseComplianceViewCountsSeats) {
  const Result r = sb.sqlite(
      "SELECT license, product, vendor, team, seats, used, free, over_allocated, expires_on, "
      "days_to_expiry = CAST(julianday(expires_on) - julianday(date('now')) AS INTEGER) FROM v_license_compliance;");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines_of(r.out), (std::vector<std::string>{"LIC-00001|Office|Microsoft|IT-5|2|2|0|0|2026-12-20|1",
                                                       "LIC-00002|Visio|Microsoft|U-AP2|1|2|-1|1|2027-03-01|1"}));
}

TEST_F(ReportCli, TeamRollupViewPairsEveryUnitWithItsAncestors) {
  const Result r = sb.sqlite(
      "SELECT team, ancestor, distance FROM v_team_rollup WHERE team IN ('U-AP2', 'A-2', '1A') "
      "ORDER BY team, distance;\nSELECT count(*) FROM v_team_rollup WHERE ancestor = '1I' AND distance > 0;");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines_of(r.out), (std::vector<std::string>{"1A|1A|0", "A-2|A-2|0", "A-2|1A|1", "U-AP2|U-AP2|0",
                                                       "U-AP2|IT-5|1", "U-AP2|1I|2", "20"}));
}

// The `tag` of each row of a JSON list.
std::vector<std::string> tags_of(const json& rows) {
  std::vector<std::string> tags;
  for (const auto& row : rows) {
    tags.push_back(row["tag"].get<std::string>());
  }
  return tags;
}

TEST_F(ReportCli, FilterTermsSelectAssets) {
  EXPECT_EQ(tags_of(ok({"asset", "list", "team:1I", "-status:rma"})), (std::vector<std::string>{l1, l2}));
  EXPECT_EQ(tags_of(ok({"asset", "list", "location:DC1", "model~r640"})), (std::vector<std::string>{s1, s2}));
  EXPECT_EQ(tags_of(ok({"asset", "list", "received>=2026-01-01", "warranty<2029-02-01"})),
            (std::vector<std::string>{s1, l2}));
  // The existing options combine with terms.
  EXPECT_EQ(tags_of(ok({"asset", "list", "--team", "IT-5", "-serial:L1"})), (std::vector<std::string>{s2, l2}));
  EXPECT_EQ(tags_of(ok({"asset", "list", "po:" + std::string(k_po), "--status", "in_stock"})),
            (std::vector<std::string>{s9}));
  EXPECT_EQ(tags_of(ok({"asset", "list", "rack~dc1-h1/"})), (std::vector<std::string>{s1}));
}

TEST_F(ReportCli, FilterTermsSelectLicenses) {
  const auto ids = [](const json& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) {
      out.push_back(row["id"]);
    }
    return out;
  };
  EXPECT_EQ(ids(ok({"license", "list", "used>1", "-team:U-AP2"})), (std::vector<std::string>{"LIC-00001"}));
  EXPECT_EQ(ids(ok({"license", "list", "expires<2027-01-01"})), (std::vector<std::string>{"LIC-00001"}));
  EXPECT_EQ(ids(ok({"license", "list", "free<0", "team:1I"})), (std::vector<std::string>{"LIC-00002"}));
}

TEST_F(ReportCli, FilterRefusalsNameTheTerm) {
  EXPECT_EQ(refused({"asset", "list", "warranty<2027-13-01"}),
            "tally: error: asset list: term 'warranty<2027-13-01': not a date (YYYY-MM-DD)\n");
  EXPECT_EQ(refused({"asset", "list", "colour:red"}),
            "tally: error: asset list: term 'colour:red': unknown field 'colour'; expected one of: tag, serial, "
            "status, model, manufacturer, category, team, location, custodian, po, hostname, rack, received, "
            "warranty\n");
  EXPECT_EQ(refused({"asset", "list", "-status:gone"}),
            "tally: error: asset list: term '-status:gone': unknown status 'gone'; expected one of: in_stock, "
            "staging, deployed, in_repair, rma, retired, lost, disposed, returned_to_vendor\n");
  EXPECT_EQ(refused({"license", "list", "seats~2"}),
            "tally: error: license list: term 'seats~2': field 'seats' does not take '~'; it takes: : < <= > >=\n");
}

TEST_F(ReportCli, SqlPrintsRowsWithTheCommonRenderer) {
  EXPECT_EQ(csv({"sql", "SELECT team, count(*) AS n FROM v_asset GROUP BY team ORDER BY team"}),
            (std::vector<std::string>{"team,n", "A-2,1", "A-3,1", "IT-5,2", "U-AP2,1"}));
  const json rows = ok({"sql", "SELECT license, free, NULL AS empty FROM v_license_compliance ORDER BY 1;"});
  EXPECT_EQ(rows, json::parse(R"([{"license":"LIC-00001","free":0,"empty":null},
                                   {"license":"LIC-00002","free":-1,"empty":null}])"));
}

TEST_F(ReportCli, SqlRefusesWritesAndSeveralStatements) {
  EXPECT_EQ(refused({"sql", "DELETE FROM asset"}),
            "tally: error: sql: 'DELETE FROM asset' would write; tally sql runs read-only statements only (use the "
            "tally commands to change data)\n");
  EXPECT_EQ(refused({"sql", "PRAGMA user_version = 99"}),
            "tally: error: sql: PRAGMA user_version with a value is not allowed; tally sql runs the PRAGMAs that only "
            "read (table_info, journal_mode, user_version, foreign_key_list, integrity_check, ... without a value)\n");
  EXPECT_EQ(refused({"sql", "SELECT 1; DROP TABLE asset"}),
            "tally: error: sql: more than one statement was given; run one at a time (the rest starts at 'DROP TABLE "
            "asset')\n");
  EXPECT_EQ(refused({"sql", "SELEC 1"}), "tally: error: sql: near \"SELEC\": syntax error\n");
  EXPECT_EQ(refused({"sql", " "}),
            "tally: error: sql: no statement was given; pass one SELECT, e.g. tally sql \"SELECT * FROM v_asset\"\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM asset").out, "5\n");
}

TEST_F(ReportCli, AssetsByTeamRollUpTheOrgChart) {
  EXPECT_EQ(csv({"report", "assets", "--by", "team"}),
            (std::vector<std::string>{
                "team,name,parent,count,cost_USD", "1A,Facilities & Physical Infrastructure,,2,2000.00",
                "A-2,Inventory & Warehousing,1A,1,1000.00", "A-3,Server Hardware Setup,1A,1,1000.00",
                "1I,Corporate IT & End-User Services,,3,2500.00", "IT-5,Asset & Procurement,1I,3,2500.00",
                "U-AP2,Inventory & Warehousing,IT-5,1,2000.00"}));
  const json rows = ok({"report", "assets", "--by", "team"});
  EXPECT_EQ(rows[3], json::parse(R"({"team":"1I","name":"Corporate IT & End-User Services","parent":null,
                                     "count":3,"cost":["2500.00 USD"],
                                     "cost_by_currency":[{"currency":"USD","amount":"2500.00"}]})"));
  const Result table = sb.tally({"report", "assets", "--by", "team"}, "", k_today);
  EXPECT_TRUE(contains(table.out, "   \u2514\u2500 U-AP2")) << table.out;
}

TEST_F(ReportCli, AssetsByOtherGroupings) {
  EXPECT_EQ(
      csv({"report", "assets", "--by", "division"}),
      (std::vector<std::string>{"division,name,count,cost_USD", "1A,Facilities & Physical Infrastructure,2,2000.00",
                                "1I,Corporate IT & End-User Services,3,2500.00"}));
  EXPECT_EQ(
      csv({"report", "assets", "--by", "status"}),
      (std::vector<std::string>{"status,count,cost_USD", "deployed,1,1000.00", "in_stock,3,1500.00", "rma,1,2000.00"}));
  EXPECT_EQ(csv({"report", "assets", "--by", "model"}),
            (std::vector<std::string>{"model,count,cost_USD", "Dell Latitude 5440,2,500.00",
                                      "Dell PowerEdge R640,3,4000.00"}));
  EXPECT_EQ(csv({"report", "assets", "--by", "category"}),
            (std::vector<std::string>{"category,count,cost_USD", "laptop,2,500.00", "server,3,4000.00"}));
  EXPECT_EQ(csv({"report", "assets", "--by", "vendor"}),
            (std::vector<std::string>{"vendor,count,cost_USD", "Dell,5,4500.00"}));
  EXPECT_EQ(refused({"report", "assets", "--by", "colour"}, 2),
            "tally: error: report assets: --by 'colour' is not one of team, division, status, location, model, "
            "category, vendor or field.NAME\n");
}

TEST_F(ReportCli, LicensesByTeam) {
  EXPECT_EQ(csv({"report", "licenses", "--by", "team"}),
            (std::vector<std::string>{
                "team,name,parent,licenses,seats,used,free,over_allocated,cost_USD,expiring_30,expiring_60,"
                "expiring_90,expired",
                "1I,Corporate IT & End-User Services,,2,3,4,0,1,300.00,1,1,1,0",
                "IT-5,Asset & Procurement,1I,2,3,4,0,1,300.00,1,1,1,0",
                "U-AP2,Inventory & Warehousing,IT-5,1,1,2,0,1,,0,0,0,0"}));
}

TEST_F(ReportCli, SpendByTeamAndVendor) {
  EXPECT_EQ(
      csv({"report", "spend", "--by", "team"}),
      (std::vector<std::string>{"team,name,parent,fiscal_year,currency,ordered,received,outstanding,budget,remaining",
                                "1A,Facilities & Physical Infrastructure,,2026,USD,2000.00,1000.00,1000.00,,",
                                "A-3,Server Hardware Setup,1A,2026,USD,2000.00,1000.00,1000.00,5000.00,3000.00"}));
  EXPECT_EQ(csv({"report", "spend", "--by", "vendor", "--fy", "2026"}),
            (std::vector<std::string>{"vendor,fiscal_year,currency,pos,ordered,received,outstanding",
                                      "Dell,2026,USD,1,2000.00,1000.00,1000.00"}));
  EXPECT_EQ(csv({"report", "spend", "--fy", "2025"}),
            (std::vector<std::string>{
                "team,name,parent,fiscal_year,currency,ordered,received,outstanding,budget,remaining"}));
  EXPECT_EQ(refused({"report", "spend", "--fy", "1999"}),
            "tally: error: report spend: --fy 1999 must be between 2000 and 2999\n");
}

TEST_F(ReportCli, RmaAgesWarrantyAndRacks) {
  EXPECT_EQ(csv({"report", "rma"}),
            (std::vector<std::string>{"vendor,open,days_0_7,days_8_30,days_31_90,days_over_90,oldest",
                                      "Dell,1,0,1,0,0,2026-11-01"}));
  EXPECT_EQ(csv({"report", "warranty", "--within", "30"}),
            (std::vector<std::string>{"tag,serial,model,status,team,location,warranty_ends,days_left",
                                      l1 + ",L1,Dell Latitude 5440,in_stock,IT-5,WH1,2026-12-01,4"}));
  EXPECT_EQ(csv({"report", "warranty", "--within", "66"}).size(), 3u);
  EXPECT_EQ(csv({"report", "warranty", "--within", "65"}).size(), 2u);
  EXPECT_EQ(refused({"report", "warranty", "--within", "-1"}),
            "tally: error: report warranty: --within -1 must be 0 or more days\n");
  EXPECT_EQ(csv({"report", "racks"}),
            (std::vector<std::string>{"site,racks,units,used,free,utilization,devices", "DC1,1,10,1,9,10.0,1"}));
}

}  // namespace
}  // namespace tally::e2e

namespace tally::e2e {
namespace {

// Issue 18, "Reporting": the location tree rolled up, licenses by division
// with the expired column, money in CSV as numbers beside their currency.

TEST_F(ReportCli, AssetsByLocationRollUpTheLocationTree) {
  // DC1 holds S2 itself and S1 in its room DC1-H1: 2 assets, 3000.00.
  EXPECT_EQ(csv({"report", "assets", "--by", "location"}),
            (std::vector<std::string>{"location,name,parent,here,count,cost_USD", "DC1,DC 1,,1,2,3000.00",
                                      "DC1-H1,Hall 1,DC1,1,1,1000.00", "WH1,Warehouse,,3,3,1500.00"}));
  const json rows = ok({"report", "assets", "--by", "location"});
  EXPECT_EQ(rows[0], json::parse(R"({"location":"DC1","name":"DC 1","parent":null,"here":1,"count":2,
                                     "cost":["3000.00 USD"],
                                     "cost_by_currency":[{"currency":"USD","amount":"3000.00"}]})"));
  const Result table = sb.tally({"report", "assets", "--by", "location"}, "", k_today);
  EXPECT_EQ(lines_of(table.out),
            (std::vector<std::string>{"LOCATION   NAME       PARENT  HERE  COUNT         COST",
                                      "DC1        DC 1                  1      2  3000.00 USD",
                                      "\u2514\u2500 DC1-H1  Hall 1     DC1        1      1  1000.00 USD",
                                      "WH1        Warehouse             3      3  1500.00 USD"}));
  const Result help = sb.tally({"report", "assets", "--help"});
  EXPECT_TRUE(contains(help.out, "--by location rolls up the")) << help.out;
}

TEST_F(ReportCli, LicensesByDivisionWithExpired) {
  // Office (IT-5, 2 seats, 300.00, expires 2026-12-20) and Visio (U-AP2, 1 seat, 2 used) are both under 1I.
  EXPECT_EQ(csv({"report", "licenses", "--by", "division"}),
            (std::vector<std::string>{"division,name,licenses,seats,used,free,over_allocated,cost_USD,expiring_30,"
                                      "expiring_60,expiring_90,expired",
                                      "1I,Corporate IT & End-User Services,2,3,4,0,1,300.00,1,1,1,0"}));
  // On 2026-12-21 Office has expired: counted as expired, no longer as expiring.
  const Result later =
      sb.tally({"report", "licenses", "--by", "division", "--format", "json"}, "", {{"TALLY_TODAY", "2026-12-21"}});
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(json::parse(later.out),
            json::parse(R"([{"division":"1I","name":"Corporate IT & End-User Services","licenses":2,"seats":3,
                             "used":4,"free":0,"over_allocated":1,"cost":["300.00 USD"],
                             "expiring_30":0,"expiring_60":0,"expiring_90":1,"expired":1,
                             "cost_by_currency":[{"currency":"USD","amount":"300.00"}]}])"));
  EXPECT_EQ(refused({"report", "licenses", "--by", "colour"}, 2).rfind("tally: error: --by: colour not in", 0), 0u);
}

}  // namespace
}  // namespace tally::e2e
