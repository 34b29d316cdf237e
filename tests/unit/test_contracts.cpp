// Unit tests of contracts and coverage (src/contracts.cpp, src/reports.cpp):
// adding, finding by number and vendor, renewals with their terms, covering,
// coverage_on (sources, order, the received date), the coverage report, and
// every refusal of the contract rules with the database unchanged.

#include "assets.hpp"
#include "clock.hpp"
#include "contracts.hpp"
#include "lifecycle.hpp"
#include "models.hpp"
#include "reports.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"
#include "vendors.hpp"

#include <gtest/gtest.h>

#include <tuple>

namespace tally {
namespace {

using test::refusal;

date::year_month_day day(const char* text) {
  return *parse_date(text);
}

// Vendors Dell and HPE, a Dell model with 12 months of warranty, assets
// SRV-W (received 2026-01-15, warranty to 2027-01-15) and SRV-X (received
// 2026-06-01), and SRV-DEAD (disposed), written with SQL.
class ContractTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_vendors(db(), {"Dell", "HPE"});
    NewModel server = test::model_of("Dell", "R640", "server");
    server.warranty_months = 12;
    add_model(db(), "t", server);
    w = add_asset(
        db(), "t",
        {"Dell R640", "SW", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::string("2026-01-15")});
    x = add_asset(
        db(), "t",
        {"Dell R640", "SX", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::string("2026-06-01")});
    test::insert_asset_as(db().connection(), "SRV-DEAD", 1, 1, "disposed");
  }

  NewContract contract(const std::string& number, const std::string& vendor, const std::string& starts,
                       const std::string& ends) {
    NewContract c;
    c.number = number;
    c.vendor = vendor;
    c.kind = "support";
    c.starts_on = starts;
    c.ends_on = ends;
    return c;
  }

  std::int64_t events() { return count("event"); }

  Asset w, x;
  test::ScopedEnv m_today{"TALLY_TODAY", "2026-11-27"};
};

TEST_F(ContractTest, AddRecordsTheFirstTermAndAnEvent) {
  NewContract c = contract("SUP-1", "dell", "2026-01-01", "2026-12-31");
  c.sla = " NBD ";
  c.cost = "100.50";
  c.period = "month";
  c.notice_days = 30;
  c.team = "A-1";
  const ContractDetail d = add_contract(db(), "t", c);
  EXPECT_EQ(d.contract.vendor, "Dell");
  EXPECT_EQ(d.contract.sla, "NBD");
  EXPECT_EQ(d.contract.cost_minor, 10050);
  EXPECT_EQ(d.contract.currency, "USD");
  EXPECT_EQ(d.contract.status, "active");
  EXPECT_EQ(d.contract.days_to_end, 34);
  EXPECT_EQ(d.contract.notice_by, "2026-12-01");
  ASSERT_EQ(d.terms.size(), 1u);
  EXPECT_EQ(d.terms[0].starts_on, "2026-01-01");
  EXPECT_EQ(d.terms[0].cost_minor, 10050);
  EXPECT_EQ(contract_json(d.contract)["cost"], "100.50");
  EXPECT_EQ(query_int(db().connection(), "SELECT count(*) FROM event WHERE entity = 'contract' AND action = 'create'"),
            1);
}

TEST_F(ContractTest, RefusalsWriteNothing) {
  add_contract(db(), "t", contract("SUP-1", "Dell", "2026-01-01", "2026-12-31"));
  const auto before = std::make_tuple(count("contract"), count("contract_term"), count("contract_asset"), events());
  EXPECT_EQ(refusal([&] { add_contract(db(), "t", contract("SUP-2", "Dell", "2026-06-01", "2026-05-31")); }),
            "contract add: ends_on 2026-05-31 is before starts_on 2026-06-01");
  EXPECT_EQ(refusal([&] { add_contract(db(), "t", contract("SUP-1", "Dell", "2027-01-01", "2027-12-31")); }),
            "contract add: vendor Dell already has contract SUP-1 (ending 2026-12-31); a number is unique per vendor "
            "(to extend it: `contract renew SUP-1 ends_on DATE`)");
  EXPECT_EQ(refusal([&] {
              renew_contract(db(), "t", {{"SUP-1", std::nullopt}, "2026-12-30", std::nullopt});
            }),
            "contract renew: ends_on 2026-12-30 is not after the current end 2026-12-31 of SUP-1 (Dell); a renewal "
            "extends the contract");
  EXPECT_EQ(refusal([&] {
              cover_assets(db(), "t", {"SUP-1", std::nullopt}, {"SRV-DEAD"});
            }),
            "contract cover: asset SRV-DEAD is disposed; a disposed or returned asset cannot be covered");
  {
    test::ScopedEnv later("TALLY_TODAY", "2027-01-01");
    EXPECT_EQ(refusal([&] {
                cover_assets(db(), "t", {"SUP-1", std::nullopt}, {w.tag});
              }),
              "contract cover: contract SUP-1 (Dell) ended on 2026-12-31, before today 2027-01-01; renew it first "
              "(`contract renew SUP-1 ends_on DATE`)");
  }
  NewContract negative = contract("SUP-3", "Dell", "2026-01-01", "2026-12-31");
  negative.notice_days = -1;
  EXPECT_EQ(refusal([&] { add_contract(db(), "t", negative); }), "contract add: notice_days -1 must be 0 or more");
  NewContract kind = contract("SUP-3", "Dell", "2026-01-01", "2026-12-31");
  kind.kind = "insurance";
  EXPECT_TRUE(refusal([&] { add_contract(db(), "t", kind); }).find("unknown kind 'insurance'") != std::string::npos);
  EXPECT_EQ(before, std::make_tuple(count("contract"), count("contract_term"), count("contract_asset"), events()));
}

TEST_F(ContractTest, RenewalContinuesFromTheDayAfterTheCurrentEnd) {
  NewContract c = contract("SUP-1", "HPE", "2026-01-01", "2026-12-31");
  c.cost = "1000";
  c.period = "year";
  add_contract(db(), "t", c);
  const ContractDetail d = renew_contract(db(), "t", {{"SUP-1", std::string("HPE")}, "2027-12-31", std::nullopt});
  EXPECT_EQ(d.contract.ends_on, "2027-12-31");
  EXPECT_EQ(d.contract.starts_on, "2026-01-01");
  ASSERT_EQ(d.terms.size(), 2u);
  EXPECT_EQ(d.terms[1].starts_on, "2027-01-01");
  EXPECT_EQ(d.terms[1].ends_on, "2027-12-31");
  EXPECT_EQ(d.terms[1].cost_minor, 100000);
  const ContractDetail priced = renew_contract(db(), "t", {{"SUP-1", std::nullopt}, "2028-12-31", "1100.00"});
  EXPECT_EQ(priced.contract.cost_minor, 110000);
  EXPECT_EQ(priced.terms.size(), 3u);
  EXPECT_EQ(priced.terms[0].cost_minor, 100000);
}

TEST_F(ContractTest, SameNumberAtTwoVendorsIsAskedForTheVendor) {
  add_contract(db(), "t", contract("C-1", "Dell", "2026-01-01", "2026-12-31"));
  add_contract(db(), "t", contract("C-1", "HPE", "2026-01-01", "2027-12-31"));
  EXPECT_EQ(refusal([&] {
              show_contract(db(), {"C-1", std::nullopt});
            }),
            "contract show: contract number 'C-1' exists for 2 vendors: Dell, HPE; add vendor to say which");
  EXPECT_EQ(show_contract(db(), {" C-1 ", std::string("HPE")}).contract.ends_on, "2027-12-31");
}

TEST_F(ContractTest, CoverageOnListsEverySourceLatestEndingFirst) {
  // Before receipt: no warranty yet.
  EXPECT_FALSE(coverage_on(db(), w.id, day("2026-01-14")).covered());
  const Coverage warranty = coverage_on(db(), w.id, day("2026-01-15"));
  ASSERT_EQ(warranty.sources.size(), 1u);
  EXPECT_EQ(warranty.covered_by(), "warranty");
  EXPECT_EQ(warranty.covered_until(), "2027-01-15");
  EXPECT_FALSE(coverage_on(db(), w.id, day("2027-01-16")).covered());

  NewContract same_end = contract("EXT-1", "Dell", "2026-06-01", "2027-01-15");
  same_end.sla = "4h";
  add_contract(db(), "t", same_end);
  add_contract(db(), "t", contract("SUP-9", "HPE", "2026-12-01", "2027-06-30"));
  cover_assets(db(), "t", {"EXT-1", std::nullopt}, {w.tag});
  cover_assets(db(), "t", {"SUP-9", std::nullopt}, {w.tag, x.tag});

  // On the same end date a contract (with its SLA) comes before the warranty.
  const Coverage nov = coverage_on(db(), w.id, day("2026-11-27"));
  ASSERT_EQ(nov.sources.size(), 2u);
  EXPECT_EQ(nov.covered_by(), "contract EXT-1 (Dell)");
  EXPECT_EQ(nov.sla(), "4h");
  EXPECT_EQ(nov.sources[1].source, "warranty");

  const Coverage dec = coverage_on(db(), w.id, day("2026-12-01"));
  ASSERT_EQ(dec.sources.size(), 3u);
  EXPECT_EQ(dec.covered_by(), "contract SUP-9 (HPE)");
  EXPECT_EQ(dec.covered_until(), "2027-06-30");
  EXPECT_EQ(dec.sla(), std::nullopt);
  EXPECT_FALSE(coverage_on(db(), w.id, day("2027-07-01")).covered());
}

TEST_F(ContractTest, CoverageReportListsUncoveredDeployedAndEndingAssets) {
  db().exec("INSERT INTO location (code, name, kind) VALUES ('DC1', 'Data center', 'site')");
  db().exec("UPDATE asset SET status = 'deployed', location_id = last_insert_rowid() WHERE tag IN ('" + w.tag + "', '" +
            x.tag + "')");
  add_contract(db(), "t", contract("SUP-1", "Dell", "2026-01-01", "2026-12-31"));
  cover_assets(db(), "t", {"SUP-1", std::nullopt}, {x.tag});
  // x: warranty to 2027-06-01 and SUP-1 to 2026-12-31, so covered until June; w: warranty to 2027-01-15.
  const auto gaps = coverage_report(db(), {std::nullopt, std::nullopt, 60});
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].tag, w.tag);
  EXPECT_EQ(gaps[0].problem, "ending");
  EXPECT_EQ(gaps[0].days_left, 49);
  test::ScopedEnv later("TALLY_TODAY", "2027-02-01");
  const auto feb = coverage_report(db(), {std::nullopt, std::nullopt, 0});
  ASSERT_EQ(feb.size(), 1u);
  EXPECT_EQ(feb[0].tag, w.tag);
  EXPECT_EQ(feb[0].problem, "uncovered");
  EXPECT_EQ(refusal([&] {
              coverage_report(db(), {std::nullopt, std::nullopt, -1});
            }),
            "report coverage: within -1 must be 0 or more days");
}

}  // namespace
}  // namespace tally
