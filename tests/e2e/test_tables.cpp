// End-to-end tests of issue 18's tables, report options and time zone:
// under a pseudo-terminal of 60, 80 and 120 columns (run_on_terminal) the key
// columns (tag, serial) are never cut and the other columns are left out or
// shortened in each list's order; `--columns` chooses the columns of any list
// or report in every format; output that is not a terminal is never cut;
// bulk stock has a value; `tally sql` reads a file or stdin; the new views;
// `tally log --until/--actor`; the organisation's time zone.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;
using Lines = std::vector<std::string>;

// The standard estate with two servers of long serials and 12 optics received into WH1-BIN.
class TableCli : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    for (const char* serial : {"CN7XK2Q1S0042A", "CN7XK2Q1S0043B"}) {
      ok_json({"receive", k_po, "--line", "1", "--serial", serial, "--location", "WH1-BIN"});
    }
    ok_json({"receive", k_po, "--line", "2", "--qty", "12", "--location", "WH1-BIN"});
    ASSERT_FALSE(HasFailure());
  }

  // What a terminal `columns` wide shows for `tally args...`.
  Lines screen(const std::vector<std::string>& args, unsigned short columns,
               const std::map<std::string, std::string>& env = {}) const {
    const Result r = sb.tally_on_terminal(args, columns, env);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return lines_of(r.out);
  }

  // stdout of a command that must succeed (not on a terminal).
  std::string out(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                  const std::string& input = "") const {
    const Result r = sb.tally(args, input, env);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
};

// 128 columns wide in full: at 120 the empty rack and U go; nothing is shortened.
TEST_F(TableCli, AssetListAt120Columns) {
  EXPECT_EQ(
      screen({"asset", "list"}, 120),
      (Lines{
          "TAG          SERIAL          MANUFACTURER  MODEL           STATUS    LOCATION  TEAM  CUSTODIAN  WARRANTY "
          "ENDS  HOSTNAME",
          "AT-00000013  CN7XK2Q1S0042A  Dell          PowerEdge R640  in_stock  WH1-BIN   A-3              2029-11-27",
          "AT-00000021  CN7XK2Q1S0043B  Dell          PowerEdge R640  in_stock  WH1-BIN   A-3              "
          "2029-11-27"}));
}

// At 80 the hostname, warranty, custodian and manufacturer go too; tag and serial stay whole.
TEST_F(TableCli, AssetListAt80Columns) {
  EXPECT_EQ(screen({"asset", "list"}, 80),
            (Lines{"TAG          SERIAL          MODEL           STATUS    LOCATION  TEAM",
                   "AT-00000013  CN7XK2Q1S0042A  PowerEdge R640  in_stock  WH1-BIN   A-3",
                   "AT-00000021  CN7XK2Q1S0043B  PowerEdge R640  in_stock  WH1-BIN   A-3"}));
}

// At 60 the location goes too.
TEST_F(TableCli, AssetListAt60Columns) {
  EXPECT_EQ(screen({"asset", "list"}, 60), (Lines{"TAG          SERIAL          MODEL           STATUS    TEAM",
                                                  "AT-00000013  CN7XK2Q1S0042A  PowerEdge R640  in_stock  A-3",
                                                  "AT-00000021  CN7XK2Q1S0043B  PowerEdge R640  in_stock  A-3"}));
  // stock list leaves out its reorder columns and keeps the value.
  EXPECT_EQ(screen({"stock", "list"}, 60), (Lines{"MODEL              LOCATION  ON HAND  UNIT COST  CUR   VALUE",
                                                  "FS.com SFP-10G-SR  WH1-BIN        12      12.50  USD  150.00"}));
  EXPECT_EQ(screen({"asset", "list", "--columns", "serial,tag,cost"}, 60),
            (Lines{"SERIAL          TAG          COST", "CN7XK2Q1S0042A  AT-00000013  8450.00",
                   "CN7XK2Q1S0043B  AT-00000021  8450.00"}));
}

TEST_F(TableCli, OutputThatIsNotATerminalIsNeverCut) {
  EXPECT_EQ(
      lines_of(out({"asset", "list"}, {{"COLUMNS", "40"}})),
      (Lines{
          "TAG          SERIAL          MANUFACTURER  MODEL           STATUS    LOCATION  TEAM  CUSTODIAN  WARRANTY "
          "ENDS  HOSTNAME  RACK  U",
          "AT-00000013  CN7XK2Q1S0042A  Dell          PowerEdge R640  in_stock  WH1-BIN   A-3              2029-11-27",
          "AT-00000021  CN7XK2Q1S0043B  Dell          PowerEdge R640  in_stock  WH1-BIN   A-3              "
          "2029-11-27"}));
}

TEST_F(TableCli, ColumnsChoosesColumnsInEveryFormat) {
  EXPECT_EQ(lines_of(out({"asset", "list", "--columns", "serial,tag,cost,currency", "--format", "csv"})),
            (Lines{"serial,tag,cost,currency", "CN7XK2Q1S0042A,AT-00000013,8450.00,USD",
                   "CN7XK2Q1S0043B,AT-00000021,8450.00,USD"}));
  EXPECT_EQ(json::parse(out({"asset", "list", "--columns", "tag,status", "--format", "json"})),
            json::parse(R"([{"tag":"AT-00000013","status":"in_stock"},{"tag":"AT-00000021","status":"in_stock"}])"));
  EXPECT_EQ(lines_of(out({"--columns", "on_hand,model", "stock", "list"})),
            (Lines{"ON HAND  MODEL", "     12  FS.com SFP-10G-SR"}));
  EXPECT_EQ(lines_of(out({"report", "stock", "--columns", "model,value", "--format", "csv"})),
            (Lines{"model,value", "FS.com SFP-10G-SR,150.00"}));
}

TEST_F(TableCli, AnUnknownColumnIsAUsageErrorListingTheColumns) {
  EXPECT_EQ(refused({"asset", "list", "--columns", "tag,colour"}, 2),
            "tally: error: --columns: no column 'colour' here; the columns are tag, serial, manufacturer, model, "
            "category, status, location, owner_team, custodian, po, po_line, cost, currency, received_on, "
            "warranty_ends, hostname, rack, rack_u\n");
  EXPECT_EQ(refused({"report", "stock", "--columns", "price"}, 2),
            "tally: error: --columns: no column 'price' here; the columns are model, category, on_hand, "
            "locations, unit_cost, currency, value\n");
}

TEST_F(TableCli, BulkStockHasAValue) {
  // 12 optics on hand at the last unit cost 12.50: 150.00.
  EXPECT_EQ(lines_of(out({"stock", "list", "--format", "csv"})),
            (Lines{"model,location,on_hand,reorder_point,reorder_qty,at_or_below_reorder,suggested,unit_cost,currency,"
                   "value",
                   "FS.com SFP-10G-SR,WH1-BIN,12,,,false,0,12.50,USD,150.00"}));
  const json shown = ok_json({"stock", "show", k_optic});
  EXPECT_EQ(shown["unit_cost"], "12.50");
  EXPECT_EQ(shown["currency"], "USD");
  EXPECT_EQ(shown["value"], "150.00");
  const json by_model = ok_json({"stock", "show", "--location", "WH1"});
  EXPECT_EQ(by_model["models"], json::parse(R"([{"model":"FS.com SFP-10G-SR","category":"optic","total":12,
      "locations":1,"unit_cost":"12.50","currency":"USD","value":"150.00"}])"));
  EXPECT_EQ(lines_of(out({"report", "stock", "--format", "csv"})),
            (Lines{"model,category,on_hand,locations,unit_cost,currency,value",
                   "FS.com SFP-10G-SR,optic,12,1,12.50,USD,150.00"}));
  // A later PO line at 11.00: the last unit cost is the latest receipt's.
  ASSERT_EQ(ok_json({"po", "create", "--vendor", "FS.com", "--team", "A-3"})["number"], "PO-2026-0002");
  ok_json({"po", "add-line", "PO-2026-0002", "--model", k_optic, "--qty", "8", "--unit-cost", "11.00"});
  ok_json({"po", "submit", "PO-2026-0002"});
  ok_json({"po", "approve", "--actor", "approver", "PO-2026-0002"});
  ok_json({"po", "order", "PO-2026-0002"});
  ok_json({"receive", "PO-2026-0002", "--line", "1", "--qty", "8", "--location", "WH1"},
          {{"TALLY_NOW", "2026-11-28T09:00:00Z"}});
  // 20 on hand x 11.00 = 220.00.
  EXPECT_EQ(lines_of(out({"report", "stock", "--format", "csv"})),
            (Lines{"model,category,on_hand,locations,unit_cost,currency,value",
                   "FS.com SFP-10G-SR,optic,20,2,11.00,USD,220.00"}));
  EXPECT_EQ(lines_of(out({"sql", "SELECT location, on_hand, unit_cost, value FROM v_stock ORDER BY location",
                          "--format", "csv"})),
            (Lines{"location,on_hand,unit_cost,value", "WH1,8,11.00,88.00", "WH1-BIN,12,11.00,132.00"}));
}

TEST_F(TableCli, SqlReadsTheStatementFromAFileOrStdin) {
  const std::string file = sb.dir().file("query.sql");
  std::ofstream(file) << "SELECT tag, serial\r\nFROM v_asset\r\nORDER BY tag;\r\n";
  const Lines expected{"tag,serial", "AT-00000013,CN7XK2Q1S0042A", "AT-00000021,CN7XK2Q1S0043B"};
  EXPECT_EQ(lines_of(out({"sql", "--file", file, "--format", "csv"})), expected);
  EXPECT_EQ(lines_of(out({"sql", "-", "--format", "csv"}, {}, "SELECT tag, serial FROM v_asset ORDER BY tag")),
            expected);
  EXPECT_EQ(refused({"sql"}, 2), "tally: error: sql: give a statement, --file PATH, or - to read it from stdin\n");
  EXPECT_EQ(refused({"sql", "SELECT 1", "--file", file}, 2).rfind("tally: error: statement excludes --file", 0), 0u);
  EXPECT_EQ(refused({"sql", "--file", sb.dir().file("missing.sql")}),
            "tally: error: sql: --file " + sb.dir().file("missing.sql") + ": No such file or directory\n");
  EXPECT_EQ(refused({"sql", "-"}, 1, "DELETE FROM asset").rfind("tally: error: sql: ", 0), 0u);
}

TEST_F(TableCli, NewViewsForPosLicenseAssignmentsEventsAndStock) {
  ok_json({"vendor", "add", "Microsoft", "--supplier"});
  ok_json({"license", "add", "Office", "--vendor", "Microsoft", "--seats", "5"});
  ok_json({"license", "assign", "LIC-00001", "--asset", "AT-00000013"});
  ok_json({"license", "assign", "LIC-00001", "--team", "A-3", "--qty", "2"});
  // Received: 2 x 8450.00 + 12 x 12.50 = 17050.00.
  EXPECT_EQ(sb.sqlite("SELECT * FROM v_po").out,
            "PO-2026-0001|Dell|A-3|partially_received|2026|USD|34300.00|17050.00|2|2026-11-27T09:15:00Z|tester|"
            "tester|\n");
  EXPECT_EQ(sb.sqlite("SELECT * FROM v_po_line ORDER BY line").out,
            "PO-2026-0001|1|Dell PowerEdge R640||4|2|8450.00|33800.00|USD\n"
            "PO-2026-0001|2|FS.com SFP-10G-SR||40|12|12.50|500.00|USD\n");
  EXPECT_EQ(sb.sqlite("SELECT * FROM v_license_assignment ORDER BY quantity").out,
            "LIC-00001|Office|AT-00000013|||1|2026-11-27T09:15:00Z\n"
            "LIC-00001|Office|||A-3|2|2026-11-27T09:15:00Z\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*) = (SELECT count(*) FROM event) FROM v_event").out, "1\n");
  EXPECT_EQ(sb.sqlite("SELECT * FROM v_stock").out,
            "FS.com SFP-10G-SR|optic|WH1-BIN|WH1/WH1-BIN|12|||12.50|USD|150.00\n");
}

TEST_F(TableCli, LogUntilATimeAndByAnActor) {
  ok_json({"location", "add", "T-9", "--name", "Nine", "--kind", "site"}, {{"TALLY_NOW", "2026-11-28T10:00:00Z"}});
  ok_json({"vendor", "add", "Lenovo", "--supplier", "--actor", "ana"}, {{"TALLY_NOW", "2026-11-29T10:00:00Z"}});
  const auto keys = [&](const std::vector<std::string>& args) {
    std::vector<std::string> found;
    std::vector<std::string> full = {"log"};
    full.insert(full.end(), args.begin(), args.end());
    for (const auto& e : ok_json(full)) {
      found.push_back(e["entity"].get<std::string>() + "@" + e["at"].get<std::string>());
    }
    return found;
  };
  EXPECT_EQ(keys({"--since", "2026-11-28"}), (Lines{"location@2026-11-28T10:00:00Z", "vendor@2026-11-29T10:00:00Z"}));
  EXPECT_EQ(keys({"--since", "2026-11-28", "--until", "2026-11-28"}), (Lines{"location@2026-11-28T10:00:00Z"}));
  EXPECT_EQ(keys({"--since", "2026-11-28", "--until", "2026-11-28T09:59:59Z"}), Lines{});
  EXPECT_EQ(keys({"--since", "2026-11-28", "--until", "2026-11-28T10:00:00Z"}),
            (Lines{"location@2026-11-28T10:00:00Z"}));
  EXPECT_EQ(keys({"--actor", "ana"}), (Lines{"vendor@2026-11-29T10:00:00Z"}));
  EXPECT_EQ(refused({"log", "--until", "2026-11-28 10:00"}),
            "tally: error: log: --until '2026-11-28 10:00' is not a date like 2026-11-27 or a UTC time like "
            "2026-11-27T09:15:00Z\n");
}

// The organisation in Auckland: at 2026-12-01T19:36:00Z it is 08:36 on 2 December there.
TEST_F(TableCli, TodayAndTablesInTheOrganisationsTimeZone) {
  const std::map<std::string, std::string> evening = {{"TALLY_NOW", "2026-12-01T19:36:00Z"}};
  ok_json({"vendor", "add", "Microsoft", "--supplier"});
  ok_json({"license", "add", "Office", "--vendor", "Microsoft", "--seats", "5", "--expires", "2026-12-20"});
  // In UTC it is still 1 December: 19 days to expiry.
  EXPECT_EQ(ok_json({"license", "show", "LIC-00001"}, evening)["days_to_expiry"], 19);
  const json set = ok_json({"config", "set", "timezone", "Pacific/Auckland"}, evening);
  EXPECT_EQ(set["value"], "Pacific/Auckland");
  // In Auckland it is 2 December: 18 days.
  EXPECT_EQ(ok_json({"license", "show", "LIC-00001"}, evening)["days_to_expiry"], 18);
  // A table shows the event's time in Auckland; JSON and CSV keep UTC.
  const Lines table = lines_of(out({"log", "--entity", "setting"}, evening));
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table[1].rfind("2026-12-02 08:36:00 NZDT", table[1].find("2026")), table[1].find("2026")) << table[1];
  EXPECT_EQ(ok_json({"log", "--entity", "setting"}, evening)[0]["at"], "2026-12-01T19:36:00Z");
  EXPECT_TRUE(contains(out({"log", "--entity", "setting", "--format", "csv"}, evening), "2026-12-01T19:36:00Z"));
  // Receiving on that morning dates the units 2 December.
  const json units = ok_json({"receive", k_po, "--line", "1", "--serial", "NZ1", "--location", "WH1"}, evening);
  EXPECT_EQ(units[0]["received_on"], "2026-12-02");
  // An unknown zone is refused and changes nothing.
  EXPECT_EQ(refused({"config", "set", "timezone", "Mars/Olympus"}),
            "tally: error: config set: timezone 'Mars/Olympus' must be an IANA time zone name such as "
            "Pacific/Auckland (or UTC)\n");
  ok_json({"config", "set", "timezone", "UTC"}, evening);
  EXPECT_EQ(ok_json({"license", "show", "LIC-00001"}, evening)["days_to_expiry"], 19);
}

}  // namespace
}  // namespace tally::e2e
