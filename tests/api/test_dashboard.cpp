// The routes the dashboard (server/static/dashboard.html) reads, against a real
// `tally serve`: spend by month and over a period, assets per team and status,
// licenses and contracts near expiry; each answers the CLI's --format json for
// the same question, and a bad period is refused with the library's message.

#include "api/api_fixture.hpp"
#include "e2e/spend_estate.hpp"

#include <gtest/gtest.h>

namespace tally::api {
namespace {

using nlohmann::json;

class Dashboard : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    e2e::spend_estate(sb);
    ASSERT_FALSE(HasFailure()) << "the estate could not be set up";
  }
};

TEST_F(Dashboard, SpendByMonthIsTheCliReport) {
  Client viewer = as("viewer");
  const json months = all_items(viewer, "/api/v1/reports/spend?by=month&fy=2026", 2);
  EXPECT_EQ(months, ok_json({"report", "spend", "--by", "month", "--fy", "2026"}));
  ASSERT_EQ(months.size(), 5u);
  EXPECT_EQ(months[0], json::parse(R"({"month":"2026-06","currency":"USD","pos":1,"units":1,"received":"8450.00"})"));
  EXPECT_EQ(months[2], json::parse(R"({"month":"2026-08","currency":"EUR","pos":1,"units":6,"received":"30.00"})"));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/spend?by=month&quarter=2026Q3", 10),
            ok_json({"report", "spend", "--by", "month", "--quarter", "2026Q3"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/spend?by=month&from=2026-06-30&to=2026-07-01", 10),
            ok_json({"report", "spend", "--by", "month", "--from", "2026-06-30", "--to", "2026-07-01"}));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/spend?by=vendor&quarter=2026Q3", 10),
            ok_json({"report", "spend", "--by", "vendor", "--quarter", "2026Q3"}));
  const json teams = all_items(viewer, "/api/v1/reports/spend?by=team&from=2026-07-01", 3);
  EXPECT_EQ(teams, ok_json({"report", "spend", "--from", "2026-07-01"}));
  ASSERT_EQ(teams.size(), 7u);
  EXPECT_EQ(teams[0], json::parse(R"({"team":"1A","name":"Facilities & Physical Infrastructure","parent":null,
                                      "from":"2026-07-01","to":null,"currency":"USD","units":13,
                                      "received":"25475.00"})"));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/spend?by=vendor&fy=2026", 10),
            ok_json({"report", "spend", "--by", "vendor", "--fy", "2026"}))
      << "the fiscal-year report is unchanged";
}

TEST_F(Dashboard, BadPeriodsAreRefusedWithTheLibrarysMessage) {
  Client viewer = as("viewer");
  const Answer quarter = viewer.get("/api/v1/reports/spend?by=month&quarter=2026Q5");
  EXPECT_EQ(quarter.status, 422) << quarter.body;
  EXPECT_EQ(quarter.json["error"]["message"],
            R"(report spend: "quarter" '2026Q5' is not a quarter like 2026Q3 (Q1 to Q4))");
  EXPECT_EQ(quarter.json["error"]["problem"], "invalid");
  EXPECT_EQ(quarter.json["error"]["field"], "quarter");
  const Answer order = viewer.get("/api/v1/reports/spend?from=2026-10-01&to=2026-09-30");
  EXPECT_EQ(order.status, 422) << order.body;
  EXPECT_EQ(order.json["error"]["message"], R"(report spend: "from" 2026-10-01 is after "to" 2026-09-30)");
  EXPECT_EQ(order.json["error"]["field"], "from");
  const Answer both = viewer.get("/api/v1/reports/spend?fy=2026&quarter=2026Q3");
  EXPECT_EQ(both.status, 422) << both.body;
  EXPECT_EQ(both.json["error"]["field"], "fy");
  const Answer by = viewer.get("/api/v1/reports/spend?by=week");
  EXPECT_EQ(by.status, 400) << by.body;
  EXPECT_EQ(by.json["error"]["message"], "query parameter by: 'week' is not one of team, vendor, month");
  EXPECT_EQ(as("").get("/api/v1/reports/spend?by=month").status, 401);
  EXPECT_EQ(as("").get("/api/v1/reports/team-status").status, 401);
}

TEST_F(Dashboard, AssetsPerTeamAndStatusAreTheCliReport) {
  Client viewer = as("viewer");
  const json rows = all_items(viewer, "/api/v1/reports/team-status", 1);
  EXPECT_EQ(rows, ok_json({"report", "team-status"}));
  EXPECT_EQ(rows, json::parse(R"j([
    {"team":"A-3","name":"Server Hardware Setup","parent":"1A","in_stock":2,"staging":1,"deployed":1,"in_repair":0,
     "rma":0,"retired":0,"lost":0,"total":4},
    {"team":"U-AP2","name":"Inventory & Warehousing","parent":"IT-5","in_stock":1,"staging":0,"deployed":0,
     "in_repair":0,"rma":0,"retired":0,"lost":0,"total":1},
    {"team":null,"name":"(no owning team)","parent":null,"in_stock":1,"staging":0,"deployed":0,"in_repair":0,
     "rma":0,"retired":0,"lost":0,"total":1
}])j"));
  EXPECT_EQ(all_items(viewer, "/api/v1/reports/team-status?all=true", 10), ok_json({"report", "team-status", "--all"}));
}

// Today is 2026-11-27 for the server and the CLI (TALLY_NOW, tests/api/server_process.cpp).
TEST_F(Dashboard, LicensesAndContractsNearExpiryAreTheCliLists) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"vendor", "add", "Microsoft", "--supplier"},
           {"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "5", "--expires", "2026-12-17"},
           {"license", "add", "Office", "--vendor", "Microsoft", "--seats", "5", "--expires", "2027-12-31"},
           {"contract", "add", "SUP-1", "--vendor", "Dell", "--kind", "support", "--starts", "2026-01-31", "--ends",
            "2027-01-06", "--notice-days", "60"},
           {"contract", "add", "SUP-2", "--vendor", "Dell", "--kind", "support", "--starts", "2026-11-17", "--ends",
            "2028-10-27", "--notice-days", "30"},
       }) {
    const e2e::Result r = sb.tally(args);
    ASSERT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
  }
  Client viewer = as("viewer");
  const json licenses = all_items(viewer, "/api/v1/licenses?expiring_within=90", 10);
  EXPECT_EQ(licenses, ok_json({"license", "list", "--expiring-within", "90"}));
  ASSERT_EQ(licenses.size(), 1u);
  EXPECT_EQ(licenses[0]["product"], "Visio");
  EXPECT_EQ(licenses[0]["days_to_expiry"], 20);
  const json contracts = all_items(viewer, "/api/v1/contracts?notice_due_within=90", 10);
  EXPECT_EQ(contracts, ok_json({"contract", "list", "--notice-due-within", "90"}));
  ASSERT_EQ(contracts.size(), 1u);
  EXPECT_EQ(contracts[0]["number"], "SUP-1");
  EXPECT_EQ(contracts[0]["notice_overdue"], true);
}

}  // namespace
}  // namespace tally::api
