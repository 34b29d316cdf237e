// Unit tests of the reports (src/reports.cpp): assets counted and costed per
// team (rolled up the org chart), division, status, location, model,
// category and vendor; licenses per team with seats and expiry buckets;
// spend per team against budgets and per vendor; open RMAs by age; warranties
// ending soon; rack utilization per site; and the refusals of bad arguments.
// The coverage report has its own tests in test_contracts.cpp.

#include "assets.hpp"
#include "budgets.hpp"
#include "disposal.hpp"
#include "licenses.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "purchasing.hpp"
#include "racks.hpp"
#include "receiving.hpp"
#include "repairs.hpp"
#include "reports.hpp"
#include "rma.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"
#include "vendors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tally {
namespace {

using test::refusal_of;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The column keys of a table.
// A report row without the money columns per currency (cost_USD, ...) and
// cost_by_currency that the CSV and JSON forms add beside "cost"; checked on
// their own in AssetsByTeamRollUpTheChartAndEndWithTheUnowned.
Json without_currency_columns(Json row) {
  for (auto it = row.begin(); it != row.end();) {
    const std::string& k = it.key();
    it = (k == "cost_by_currency" || (k.size() == 8 && k.rfind("cost_", 0) == 0)) ? row.erase(it) : std::next(it);
  }
  return row;
}

std::vector<std::string> keys(const Table& table) {
  std::vector<std::string> out;
  for (const auto& c : table.columns) {
    out.push_back(c.key);
  }
  return out;
}

// Sites DC1 (with room DC1-R) and WH1; vendors Dell and HPE; a Dell R640
// server (1U, 12 months of warranty), an HPE DL380 server (2U) and a Dell
// monitor; today is 2026-11-27.
class ReportTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    add_location(db(), "t", {"DC1", "Data center", std::nullopt, std::nullopt});
    add_location(db(), "t", {"DC1-R", "Room", std::string("room"), std::string("DC1")});
    test::seed_warehouse(db(), "WH1");
    test::seed_vendors(db(), {"Dell", "HPE"});
    NewModel r640 = test::model_of("Dell", "R640", "server");
    r640.u_height = "1";
    r640.warranty_months = 12;
    add_model(db(), "t", r640);
    NewModel dl380 = r640;
    dl380.manufacturer = "HPE";
    dl380.name = "DL380";
    dl380.u_height = "2";
    dl380.warranty_months = 0;
    add_model(db(), "t", dl380);
    NewModel monitor = r640;
    monitor.name = "P2422H";
    monitor.category = "monitor";
    monitor.u_height.reset();
    monitor.warranty_months = 0;
    add_model(db(), "t", monitor);
  }

  Asset intake(const std::string& model, const std::string& serial, std::optional<std::string> team,
               std::optional<std::string> location, std::optional<std::string> cost,
               std::optional<std::string> currency = std::nullopt, std::optional<std::string> received = std::nullopt) {
    AssetIntake in;
    in.model = model;
    in.serial = serial;
    in.team = std::move(team);
    in.location = std::move(location);
    in.cost = std::move(cost);
    in.currency = std::move(currency);
    in.received = std::move(received);
    return add_asset(db(), "clerk", in);
  }

  // Five assets: two of A-3 (one in EUR), one of A-1, one of B-1 and one
  // without a team; plus a disposed one of A-3.
  void estate() {
    intake("Dell R640", "S1", std::string("A-3"), std::string("DC1-R"), std::string("1000"));
    intake("HPE DL380", "S2", std::string("A-3"), std::string("DC1"), std::string("2000"), std::string("EUR"));
    intake("Dell P2422H", "M1", std::string("A-1"), std::string("WH1"), std::string("150.25"));
    intake("Dell R640", "S3", std::string("B-1"), std::nullopt, std::nullopt);
    intake("Dell P2422H", "M2", std::nullopt, std::string("WH1"), std::string("99.75"));
    intake("Dell R640", "GONE", std::string("A-3"), std::nullopt, std::string("500"));
    DisposalRequest gone;
    gone.method = "recycle";
    gone.wipe = "nist-800-88-purge";
    dispose_assets(db(), "t", {"GONE"}, gone);
  }
};

TEST(AssetGrouping, ParsesTheSevenNamesOnly) {
  EXPECT_EQ(parse_asset_grouping("team"), AssetGrouping::team);
  EXPECT_EQ(parse_asset_grouping("division"), AssetGrouping::division);
  EXPECT_EQ(parse_asset_grouping("status"), AssetGrouping::status);
  EXPECT_EQ(parse_asset_grouping("location"), AssetGrouping::location);
  EXPECT_EQ(parse_asset_grouping("model"), AssetGrouping::model);
  EXPECT_EQ(parse_asset_grouping("category"), AssetGrouping::category);
  EXPECT_EQ(parse_asset_grouping("vendor"), AssetGrouping::vendor);
  EXPECT_FALSE(parse_asset_grouping("Team"));
  EXPECT_FALSE(parse_asset_grouping("owner"));
  EXPECT_FALSE(parse_asset_grouping(""));
}

TEST_F(ReportTest, AssetsByTeamRollUpTheChartAndEndWithTheUnowned) {
  estate();
  const Table t = asset_report(db(), AssetGrouping::team, false);
  EXPECT_EQ(keys(t), (std::vector<std::string>{"team", "name", "parent", "count", "cost", "cost_EUR", "cost_USD",
                                               "cost_by_currency"}));
  ASSERT_EQ(t.rows.size(), 6u);
  // A column per currency with the plain amount (CSV), and the amounts as objects (JSON).
  EXPECT_EQ(t.rows[0]["cost_EUR"], "2000.00");
  EXPECT_EQ(t.rows[0]["cost_USD"], "1150.25");
  EXPECT_EQ(t.rows[0]["cost_by_currency"],
            (Json{{{"currency", "EUR"}, {"amount", "2000.00"}}, {{"currency", "USD"}, {"amount", "1150.25"}}}));
  EXPECT_FALSE(t.rows[1].contains("cost_EUR")) << "no column value for a currency the group does not hold";
  EXPECT_EQ(without_currency_columns(t.rows[0]), (Json{{"team", "1A"},
                                                       {"name", "Facilities & Physical Infrastructure"},
                                                       {"parent", nullptr},
                                                       {"count", 3},
                                                       {"cost", {"2000.00 EUR", "1150.25 USD"}}}));
  EXPECT_EQ(without_currency_columns(t.rows[1]), (Json{{"team", "A-1"},
                                                       {"name", "Buying & Vendor Management"},
                                                       {"parent", "1A"},
                                                       {"count", 1},
                                                       {"cost", {"150.25 USD"}}}));
  EXPECT_EQ(t.rows[2]["team"], "A-3");
  EXPECT_EQ(t.rows[2]["count"], 2);
  EXPECT_EQ(t.rows[3]["team"], "1B");
  EXPECT_EQ(t.rows[3]["cost"], Json::array()) << "an asset without a cost counts but adds nothing";
  EXPECT_EQ(t.rows[4]["team"], "B-1");
  EXPECT_EQ(without_currency_columns(t.rows[5]), (Json{{"team", nullptr},
                                                       {"name", "(no owning team)"},
                                                       {"parent", nullptr},
                                                       {"count", 1},
                                                       {"cost", {"99.75 USD"}}}));
  EXPECT_EQ(t.depth, (std::vector<int>{0, 1, 1, 0, 1, 0}));

  const Table gone = asset_report(db(), AssetGrouping::team, true);
  EXPECT_EQ(gone.rows[0]["count"], 4);
  EXPECT_EQ(gone.rows[0]["cost"], (Json{"2000.00 EUR", "1650.25 USD"}));
  EXPECT_EQ(gone.rows[2]["count"], 3);
}

TEST_F(ReportTest, AssetsByDivisionShowTopUnitsOnly) {
  estate();
  const Table t = asset_report(db(), AssetGrouping::division, false);
  EXPECT_EQ(keys(t), (std::vector<std::string>{"division", "name", "count", "cost", "cost_EUR", "cost_USD",
                                               "cost_by_currency"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0]["division"], "1A");
  EXPECT_EQ(t.rows[1]["division"], "1B");
  EXPECT_EQ(without_currency_columns(t.rows[2]),
            (Json{{"division", nullptr}, {"name", "(no owning team)"}, {"count", 1}, {"cost", {"99.75 USD"}}}));
  EXPECT_TRUE(t.depth.empty());
}

TEST_F(ReportTest, AssetsByAColumnGroupWithTheEmptyGroupLast) {
  estate();
  set_asset_status(db(), "t", "S3", "lost", std::nullopt);
  const Table status = asset_report(db(), AssetGrouping::status, false);
  EXPECT_EQ(keys(status),
            (std::vector<std::string>{"status", "count", "cost", "cost_EUR", "cost_USD", "cost_by_currency"}));
  ASSERT_EQ(status.rows.size(), 2u);
  EXPECT_EQ(without_currency_columns(status.rows[0]),
            (Json{{"status", "in_stock"}, {"count", 4}, {"cost", {"2000.00 EUR", "1250.00 USD"}}}));
  EXPECT_EQ(without_currency_columns(status.rows[1]),
            (Json{{"status", "lost"}, {"count", 1}, {"cost", Json::array()}}));
  EXPECT_EQ(asset_report(db(), AssetGrouping::status, true).rows[0]["status"], "disposed");

  // The group of assets without a location: TheEmptyGroupComesLast checks where it sorts.
  const Table location = asset_report(db(), AssetGrouping::location, false);
  std::vector<Json> groups;
  std::int64_t nowhere = 0;
  for (const auto& r : location.rows) {
    if (r["location"].is_null()) {
      nowhere = r["count"].get<std::int64_t>();
    } else {
      groups.push_back(r["location"]);
      // Rolled up the location tree: DC1 counts its own unit and the one in room DC1-R.
      EXPECT_EQ(r["count"], r["location"] == "DC1-R" ? 1 : 2) << r.dump();
      EXPECT_EQ(r["here"], r["location"] == "WH1" ? 2 : 1) << r.dump();
    }
  }
  EXPECT_EQ(groups, (std::vector<Json>{"DC1", "DC1-R", "WH1"}));
  EXPECT_EQ(nowhere, 1);

  const Table model = asset_report(db(), AssetGrouping::model, false);
  ASSERT_EQ(model.rows.size(), 3u);
  EXPECT_EQ(without_currency_columns(model.rows[0]),
            (Json{{"model", "Dell P2422H"}, {"count", 2}, {"cost", {"250.00 USD"}}}));
  EXPECT_EQ(model.rows[2]["model"], "HPE DL380");

  const Table category = asset_report(db(), AssetGrouping::category, false);
  ASSERT_EQ(category.rows.size(), 2u);
  EXPECT_EQ(without_currency_columns(category.rows[1]),
            (Json{{"category", "server"}, {"count", 3}, {"cost", {"2000.00 EUR", "1000.00 USD"}}}));

  const Table vendor = asset_report(db(), AssetGrouping::vendor, false);
  ASSERT_EQ(vendor.rows.size(), 2u);
  EXPECT_EQ(without_currency_columns(vendor.rows[0]),
            (Json{{"vendor", "Dell"}, {"count", 4}, {"cost", {"1250.00 USD"}}}));
  EXPECT_EQ(without_currency_columns(vendor.rows[1]),
            (Json{{"vendor", "HPE"}, {"count", 1}, {"cost", {"2000.00 EUR"}}}));
}

// The group of assets with no value (here: no location) comes last. "ORDER
// BY 1 IS NULL" would not do it: only a bare integer names a column, so that
// is an expression on the constant 1 and the NULL group sorted first.
TEST_F(ReportTest, TheEmptyGroupComesLast) {
  estate();
  const Table location = asset_report(db(), AssetGrouping::location, false);
  ASSERT_EQ(location.rows.size(), 4u);
  EXPECT_EQ(location.rows[0]["location"], "DC1");
  EXPECT_EQ(without_currency_columns(location.rows[3]), (Json{{"location", nullptr},
                                                              {"name", "(no location)"},
                                                              {"parent", nullptr},
                                                              {"here", 1},
                                                              {"count", 1},
                                                              {"cost", Json::array()}}));
}

TEST_F(ReportTest, LicensesCountSeatsOverAllocationAndExpiryBuckets) {
  const Asset s1 = intake("Dell R640", "S1", std::string("A-3"), std::nullopt, std::nullopt);
  const auto license = [&](const std::string& product, std::optional<std::int64_t> seats,
                           std::optional<std::string> team, std::optional<std::string> expires,
                           std::optional<std::string> cost) {
    NewLicense l;
    l.product = product;
    l.vendor = "Dell";
    l.type = seats ? "per-seat" : "site";
    l.seats = seats;
    l.team = std::move(team);
    l.expires_on = std::move(expires);
    l.cost = std::move(cost);
    l.allow_overallocation = true;
    return add_license(db(), "t", l);
  };
  license("OpenManage", 2, std::string("A-3"), std::string("2026-12-20"), std::string("100"));           // 23 days
  license("iDRAC", 1, std::string("A-3"), std::string("2027-02-10"), std::nullopt);                      // 75 days
  license("Site tools", std::nullopt, std::string("A-1"), std::string("2026-11-01"), std::string("5"));  // expired
  license("Loose", 4, std::nullopt, std::nullopt, std::nullopt);
  assign_license(db(), "t", {"LIC-00001", {AssigneeKind::asset, s1.tag}, 1, false});
  assign_license(db(), "t", {"LIC-00002", {AssigneeKind::team, "A-3"}, 3, false});

  const Table t = license_report(db());
  EXPECT_EQ(keys(t), (std::vector<std::string>{"team", "name", "parent", "licenses", "seats", "used", "free",
                                               "over_allocated", "cost", "cost_USD", "cost_by_currency", "expiring_30",
                                               "expiring_60", "expiring_90", "expired"}));
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(without_currency_columns(t.rows[0]), (Json{{"team", "1A"},
                                                       {"name", "Facilities & Physical Infrastructure"},
                                                       {"parent", nullptr},
                                                       {"licenses", 3},
                                                       {"seats", 3},
                                                       {"used", 4},
                                                       {"free", 1},
                                                       {"over_allocated", 1},
                                                       {"cost", {"105.00 USD"}},
                                                       {"expiring_30", 1},
                                                       {"expiring_60", 1},
                                                       {"expiring_90", 2},
                                                       {"expired", 1}}));
  EXPECT_EQ(t.rows[1]["team"], "A-1");
  EXPECT_EQ(t.rows[1]["seats"], 0) << "a site license has no seat count";
  EXPECT_EQ(t.rows[1]["expiring_90"], 0) << "an expired license is not expiring";
  EXPECT_EQ(t.rows[2]["team"], "A-3");
  EXPECT_EQ(t.rows[2]["free"], 1) << "free never goes below zero on the over-allocated license";
  EXPECT_EQ(t.rows[3]["team"], nullptr);
  EXPECT_EQ(t.rows[3]["free"], 4);
  EXPECT_EQ(t.depth, (std::vector<int>{0, 1, 1, 0}));
}

TEST_F(ReportTest, SpendComparesTeamsWithBudgetsAndSumsVendors) {
  add_location(db(), "t", {"WH2", "Warehouse 2", std::nullopt, std::nullopt});
  set_budget(db(), "t", "A-3", 2026, "1500", "USD");
  const auto make = [&](const std::string& vendor, const std::string& model, std::int64_t quantity,
                        const std::string& cost) {
    NewPurchaseOrder p;
    p.vendor = vendor;
    p.team = "A-3";
    const std::string number = create_po(db(), "t", p).number;
    add_po_line(db(), "t", {number, model, std::nullopt, quantity, cost, std::nullopt});
    for (PoAction a : {PoAction::submit, PoAction::approve, PoAction::order}) {
      PoTransitionRequest r;
      r.po = number;
      r.action = a;
      r.override_budget = a == PoAction::approve;
      r.reason = std::string("test");
      if (a != PoAction::approve) {
        r.reason.reset();
      }
      transition_po(db(), a == PoAction::approve ? "approver" : "t", r);
    }
    return number;
  };
  const std::string dell = make("Dell", "Dell R640", 2, "1000");
  make("HPE", "HPE DL380", 1, "300");
  receive_serials(db(), "clerk", {dell, 1, std::string("WH2")}, {"N1"});
  NewPurchaseOrder draft;
  draft.vendor = "HPE";
  draft.team = "A-3";
  add_po_line(db(), "t",
              {create_po(db(), "t", draft).number, std::string("HPE DL380"), std::nullopt, 9, "1", std::nullopt});

  const Table teams = spend_report(db(), SpendGrouping::team, std::nullopt);
  EXPECT_EQ(keys(teams), (std::vector<std::string>{"team", "name", "parent", "fiscal_year", "currency", "ordered",
                                                   "received", "outstanding", "budget", "remaining"}));
  ASSERT_EQ(teams.rows.size(), 2u);
  EXPECT_EQ(teams.rows[0]["team"], "1A");
  EXPECT_EQ(teams.rows[0]["budget"], nullptr);
  EXPECT_EQ(teams.rows[0]["remaining"], nullptr);
  EXPECT_EQ(without_currency_columns(teams.rows[1]), (Json{{"team", "A-3"},
                                                           {"name", "Server Hardware Setup"},
                                                           {"parent", "1A"},
                                                           {"fiscal_year", 2026},
                                                           {"currency", "USD"},
                                                           {"ordered", "2300.00"},
                                                           {"received", "1000.00"},
                                                           {"outstanding", "1300.00"},
                                                           {"budget", "1500.00"},
                                                           {"remaining", "-800.00"}}));
  EXPECT_EQ(teams.depth, (std::vector<int>{0, 1}));

  const Table vendors = spend_report(db(), SpendGrouping::vendor, 2026);
  EXPECT_EQ(keys(vendors), (std::vector<std::string>{"vendor", "fiscal_year", "currency", "pos", "ordered", "received",
                                                     "outstanding"}));
  ASSERT_EQ(vendors.rows.size(), 2u) << "the draft PO is not spend";
  EXPECT_EQ(without_currency_columns(vendors.rows[0]), (Json{{"vendor", "Dell"},
                                                             {"fiscal_year", 2026},
                                                             {"currency", "USD"},
                                                             {"pos", 1},
                                                             {"ordered", "2000.00"},
                                                             {"received", "1000.00"},
                                                             {"outstanding", "1000.00"}}));
  EXPECT_EQ(vendors.rows[1]["vendor"], "HPE");
  EXPECT_EQ(vendors.rows[1]["outstanding"], "300.00");
  EXPECT_TRUE(spend_report(db(), SpendGrouping::vendor, 2025).rows.empty());

  test::Refusal r = refusal_of([&] { spend_report(db(), SpendGrouping::team, 1999); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("report spend: "));
  EXPECT_THAT(r.what, HasSubstr(" 1999 must be between 2000 and 2999"));
  EXPECT_THAT(refusal_of([&] { spend_report(db(), SpendGrouping::vendor, 3000); }).what,
              HasSubstr(" 3000 must be between 2000 and 2999"));
}

// Spend over a period of receipt dates and by month: two USD POs of A-3 (one of
// FY2026, one of FY2025) and a EUR PO of B-1, received on days around the
// third quarter's edges.
TEST_F(ReportTest, SpendByMonthAndPeriodCountsReceiptsByDate) {
  add_location(db(), "t", {"WH2", "Warehouse 2", std::nullopt, std::nullopt});
  const auto make = [&](const std::string& team, std::optional<int> fy, std::optional<std::string> currency,
                        const std::string& cost) {
    NewPurchaseOrder p;
    p.vendor = "Dell";
    p.team = team;
    p.fiscal_year = fy;
    p.currency = std::move(currency);
    const std::string number = create_po(db(), "t", p).number;
    add_po_line(db(), "t", {number, std::string("Dell R640"), std::nullopt, 5, cost, std::nullopt});
    for (PoAction a : {PoAction::submit, PoAction::approve, PoAction::order}) {
      PoTransitionRequest r;
      r.po = number;
      r.action = a;
      r.override_budget = a == PoAction::approve;
      if (a == PoAction::approve) {
        r.reason = std::string("test");
      }
      transition_po(db(), a == PoAction::approve ? "approver" : "t", r);
    }
    return number;
  };
  const std::string po26 = make("A-3", 2026, std::nullopt, "1000");
  const std::string po25 = make("A-3", 2025, std::nullopt, "10");
  const std::string eur = make("B-1", 2026, std::string("EUR"), "7.50");
  const auto receive_at = [&](const char* now, const std::string& po, std::vector<std::string> serials) {
    test::ScopedEnv at("TALLY_NOW", now);
    receive_serials(db(), "clerk", {po, 1, std::string("WH2")}, std::move(serials));
  };
  receive_at("2026-06-30T23:59:59Z", po26, {"A1"});
  receive_at("2026-07-01T00:00:00Z", po26, {"A2", "A3"});
  receive_at("2026-07-20T10:00:00Z", po25, {"B1"});
  receive_at("2026-09-30T12:00:00Z", eur, {"E1", "E2"});
  receive_at("2026-10-01T00:00:00Z", po26, {"A4"});

  const Table year = spend_report(db(), SpendGrouping::month, SpendFilter{2026, {}, {}, {}});
  EXPECT_EQ(keys(year), (std::vector<std::string>{"month", "currency", "pos", "units", "received"}));
  EXPECT_EQ(Json(year.rows), Json::parse(R"([
    {"month":"2026-06","currency":"USD","pos":1,"units":1,"received":"1000.00"},
    {"month":"2026-07","currency":"USD","pos":1,"units":2,"received":"2000.00"},
    {"month":"2026-09","currency":"EUR","pos":1,"units":2,"received":"15.00"},
    {"month":"2026-10","currency":"USD","pos":1,"units":1,"received":"1000.00"}])"));
  EXPECT_EQ(Json(spend_report(db(), SpendGrouping::month, 2025).rows), Json::parse(R"([
    {"month":"2026-07","currency":"USD","pos":1,"units":1,"received":"10.00"}])"));

  const Table q3 = spend_report(db(), SpendGrouping::month, SpendFilter{{}, {}, {}, std::string("2026Q3")});
  EXPECT_EQ(Json(q3.rows), Json::parse(R"([
    {"month":"2026-07","currency":"USD","pos":2,"units":3,"received":"2010.00"},
    {"month":"2026-09","currency":"EUR","pos":1,"units":2,"received":"15.00"}])"));
  const Table edges = spend_report(db(), SpendGrouping::month,
                                   SpendFilter{{}, std::string("2026-06-30"), std::string("2026-07-01"), {}});
  EXPECT_EQ(edges.rows.size(), 2u) << "both ends of a period are included";
  EXPECT_EQ(edges.rows[1]["received"], "2000.00");

  const Table vendors = spend_report(db(), SpendGrouping::vendor, SpendFilter{{}, std::string("2026-07-01"), {}, {}});
  EXPECT_EQ(keys(vendors), (std::vector<std::string>{"vendor", "from", "to", "currency", "pos", "units", "received"}));
  EXPECT_EQ(Json(vendors.rows), Json::parse(R"([
    {"vendor":"Dell","from":"2026-07-01","to":null,"currency":"EUR","pos":1,"units":2,"received":"15.00"},
    {"vendor":"Dell","from":"2026-07-01","to":null,"currency":"USD","pos":2,"units":4,"received":"3010.00"}])"));

  const Table teams = spend_report(db(), SpendGrouping::team, SpendFilter{{}, {}, {}, std::string("2026q3")});
  EXPECT_EQ(keys(teams),
            (std::vector<std::string>{"team", "name", "parent", "from", "to", "currency", "units", "received"}));
  ASSERT_EQ(teams.rows.size(), 4u);
  EXPECT_EQ(teams.rows[0]["team"], "1A");
  EXPECT_EQ(teams.rows[0]["received"], "2010.00");
  EXPECT_EQ(teams.rows[0]["from"], "2026-07-01");
  EXPECT_EQ(teams.rows[0]["to"], "2026-09-30");
  EXPECT_EQ(teams.rows[1]["team"], "A-3");
  EXPECT_EQ(teams.rows[1]["units"], 3);
  EXPECT_EQ(teams.rows[2]["received"], "15.00");
  EXPECT_EQ(teams.rows[3]["team"], "B-1");
  EXPECT_EQ(teams.rows[3]["currency"], "EUR");
  EXPECT_EQ(teams.depth, (std::vector<int>{0, 1, 0, 1}));

  const auto refused_with = [&](SpendFilter f, const std::string& field, const std::string& what) {
    const test::Refusal r = refusal_of([&] { spend_report(db(), SpendGrouping::month, f); });
    EXPECT_EQ(r.problem, Problem::invalid) << what;
    EXPECT_EQ(r.field, field) << what;
    EXPECT_EQ(r.what, what);
  };
  refused_with({{}, {}, {}, std::string("2026Q5")}, "quarter",
               "report spend: quarter '2026Q5' is not a quarter like 2026Q3 (Q1 to Q4)");
  refused_with({{}, {}, {}, std::string("1999Q4")}, "quarter",
               "report spend: quarter 1999Q4 must be in a year between 2000 and 2999");
  refused_with({{}, std::string("2026-02-30"), {}, {}}, "from",
               "report spend: from '2026-02-30' is not a date like 2026-11-27");
  refused_with({{}, {}, std::string("2026-7-1"), {}}, "to",
               "report spend: to '2026-7-1' is not a date like 2026-11-27");
  refused_with({{}, std::string("2026-10-01"), std::string("2026-09-30"), {}}, "from",
               "report spend: from 2026-10-01 is after to 2026-09-30");
  refused_with({{}, std::string("2026-07-01"), {}, std::string("2026Q3")}, "quarter",
               "report spend: quarter is a period of its own; give it without from and to");
  refused_with({2026, {}, {}, std::string("2026Q3")}, "fy",
               "report spend: fy counts a fiscal year's POs, a period counts receipts by date; give one of them");
  refused_with({1999, {}, {}, {}}, "fy", "report spend: fy 1999 must be between 2000 and 2999");
}

TEST_F(ReportTest, TeamStatusCountsAssetsPerOwnerAndStatus) {
  estate();
  const Table t = team_status_report(db(), false);
  EXPECT_EQ(keys(t), (std::vector<std::string>{"team", "name", "parent", "in_stock", "staging", "deployed", "in_repair",
                                               "rma", "retired", "lost", "total"}));
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[1]["team"], "A-3");
  EXPECT_EQ(t.rows[1]["in_stock"], 2) << "the disposed asset is left out";
  EXPECT_EQ(t.rows[1]["total"], 2);
  EXPECT_EQ(without_currency_columns(t.rows[3]),
            Json::parse(R"j({"team":null,"name":"(no owning team)","parent":null,"in_stock":1,"staging":0,
                                       "deployed":0,"in_repair":0,"rma":0,"retired":0,"lost":0,"total":1
})j"));
  const Table all = team_status_report(db(), true);
  EXPECT_EQ(all.columns.size(), 13u) << "team, name, parent, nine statuses, total";
  EXPECT_EQ(all.rows[1]["disposed"], 1);
  EXPECT_EQ(all.rows[1]["total"], 3);
}

TEST_F(ReportTest, OpenRmasAreBucketedByAge) {
  const auto rma_opened = [&](const std::string& serial, const char* now) {
    intake("Dell R640", serial, std::nullopt, std::nullopt, std::nullopt);
    test::ScopedEnv at("TALLY_NOW", now);
    open_rma(db(), "t", serial, serial == "H1" ? "HPE" : "Dell", "dead", std::nullopt);
  };
  rma_opened("D1", "2026-11-27T08:00:00Z");  // 0 days
  rma_opened("D2", "2026-11-20T08:00:00Z");  // 7
  rma_opened("D3", "2026-11-19T08:00:00Z");  // 8
  rma_opened("D4", "2026-08-29T08:00:00Z");  // 90
  rma_opened("D5", "2026-08-28T08:00:00Z");  // 91
  rma_opened("H1", "2026-10-28T08:00:00Z");  // 30
  rma_opened("D6", "2026-11-26T08:00:00Z");  // resolved: not counted
  RmaResolution done;
  done.rma = "RMA-00007";
  done.outcome = "rejected";
  resolve_rma(db(), "t", done);

  const Table t = rma_report(db());
  EXPECT_EQ(keys(t), (std::vector<std::string>{"vendor", "open", "days_0_7", "days_8_30", "days_31_90", "days_over_90",
                                               "oldest"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(without_currency_columns(t.rows[0]), (Json{{"vendor", "Dell"},
                                                       {"open", 5},
                                                       {"days_0_7", 2},
                                                       {"days_8_30", 1},
                                                       {"days_31_90", 1},
                                                       {"days_over_90", 1},
                                                       {"oldest", "2026-08-28"}}));
  EXPECT_EQ(without_currency_columns(t.rows[1]), (Json{{"vendor", "HPE"},
                                                       {"open", 1},
                                                       {"days_0_7", 0},
                                                       {"days_8_30", 1},
                                                       {"days_31_90", 0},
                                                       {"days_over_90", 0},
                                                       {"oldest", "2026-10-28"}}));
}

TEST_F(ReportTest, WarrantiesEndingWithinTheWindowSoonestFirst) {
  // 12 months of warranty from the received date.
  intake("Dell R640", "W1", std::string("A-3"), std::string("DC1"), std::nullopt, std::nullopt,
         std::string("2025-12-10"));  // ends 2026-12-10: 13 days
  intake("Dell R640", "W2", std::nullopt, std::nullopt, std::nullopt, std::nullopt,
         std::string("2025-11-27"));  // ends today: 0 days
  intake("Dell R640", "W3", std::nullopt, std::nullopt, std::nullopt, std::nullopt,
         std::string("2025-11-26"));  // ended yesterday
  intake("Dell R640", "W4", std::nullopt, std::nullopt, std::nullopt, std::nullopt,
         std::string("2026-01-15"));  // 49 days
  const Asset retired =
      intake("Dell R640", "W5", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::string("2025-12-01"));
  set_asset_status(db(), "t", retired.tag, "retired", std::nullopt);

  const Table t = warranty_report(db(), 30);
  EXPECT_EQ(keys(t), (std::vector<std::string>{"tag", "serial", "model", "status", "team", "location", "warranty_ends",
                                               "days_left"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0]["serial"], "W2");
  EXPECT_EQ(t.rows[0]["days_left"], 0);
  EXPECT_EQ(t.rows[0]["team"], nullptr);
  EXPECT_EQ(t.rows[1]["serial"], "W1");
  EXPECT_EQ(t.rows[1]["model"], "Dell R640");
  EXPECT_EQ(t.rows[1]["status"], "in_stock");
  EXPECT_EQ(t.rows[1]["team"], "A-3");
  EXPECT_EQ(t.rows[1]["location"], "DC1");
  EXPECT_EQ(t.rows[1]["warranty_ends"], "2026-12-10");
  EXPECT_EQ(t.rows[1]["days_left"], 13);
  EXPECT_EQ(warranty_report(db(), 0).rows.size(), 1u);
  EXPECT_EQ(warranty_report(db(), 49).rows.size(), 3u);

  const test::Refusal r = refusal_of([&] { warranty_report(db(), -1); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("report warranty: "));
  EXPECT_THAT(r.what, HasSubstr(" -1 must be 0 or more days"));
}

TEST_F(ReportTest, RackUtilizationIsPerSiteWithOneDecimal) {
  add_rack(db(), "t", {"R1", "DC1-R", 42, std::nullopt, std::nullopt});
  add_rack(db(), "t", {"R2", "DC1", 10, std::nullopt, std::nullopt});
  add_rack(db(), "t", {"R9", "WH1", 4, std::nullopt, std::nullopt});
  const auto install = [&](const std::string& model, const std::string& serial, const std::string& rack,
                           std::optional<std::string> u) {
    intake(model, serial, std::nullopt, std::nullopt, std::nullopt);
    Installation at;
    at.asset = serial;
    at.rack = rack;
    at.u = std::move(u);
    install_asset(db(), "t", at);
  };
  install("Dell R640", "A1", "DC1-R/R1", std::string("1"));
  install("HPE DL380", "A2", "DC1-R/R1", std::string("10"));
  install("HPE DL380", "A3", "DC1/R2", std::string("5"));
  install("Dell P2422H", "A4", "DC1/R2", std::nullopt);  // 0U: a device, no units

  const Table t = rack_report(db());
  EXPECT_EQ(keys(t), (std::vector<std::string>{"site", "racks", "units", "used", "free", "utilization", "devices"}));
  ASSERT_EQ(t.rows.size(), 2u);
  // DC1: 52 units, 5 used: 9.615...% rounds to 9.6.
  EXPECT_EQ(without_currency_columns(t.rows[0]), (Json{{"site", "DC1"},
                                                       {"racks", 2},
                                                       {"units", 52},
                                                       {"used", "5"},
                                                       {"free", "47"},
                                                       {"utilization", "9.6"},
                                                       {"devices", 4}}));
  EXPECT_EQ(without_currency_columns(t.rows[1]), (Json{{"site", "WH1"},
                                                       {"racks", 1},
                                                       {"units", 4},
                                                       {"used", "0"},
                                                       {"free", "4"},
                                                       {"utilization", "0.0"},
                                                       {"devices", 0}}));
}

TEST_F(ReportTest, CoverageRefusesBadArguments) {
  CoverageReportFilter f;
  f.within = -5;
  test::Refusal r = refusal_of([&] { coverage_report(db(), f); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("report coverage: "));
  EXPECT_THAT(r.what, HasSubstr(" -5 must be 0 or more days"));
  f.within = 30;
  f.team = "Z-9";
  EXPECT_THAT(refusal_of([&] { coverage_report(db(), f); }).what, StartsWith("unknown team 'Z-9'"));
  f.team.reset();
  f.location = "XX9";
  EXPECT_THAT(refusal_of([&] { coverage_report(db(), f); }).what, StartsWith("unknown location 'XX9'"));
}

}  // namespace
}  // namespace tally
