// Unit tests of the filter language (src/filter.cpp): the exact SQL and
// bindings a few terms compile to, and every refusal with the term named.

#include "assets.hpp"
#include "filter.hpp"
#include "licenses.hpp"
#include "locations.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

using test::refusal;

class FilterTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    db().exec("INSERT INTO location (id, code, name, kind) VALUES (7, 'DC1', 'Data centre 1', 'site')");
  }
  CompiledFilter assets(const std::vector<std::string>& terms) {
    return compile_filter(db(), "asset list", asset_filter_fields(), terms);
  }
  CompiledFilter licenses(const std::vector<std::string>& terms) {
    return compile_filter(db(), "license list", license_filter_fields(), terms);
  }
  std::int64_t team_id(const std::string& code) { return resolve_team(db(), code).id; }
};

TEST_F(FilterTest, NoTermsMatchEverything) {
  const auto f = assets({});
  EXPECT_EQ(f.sql, "1");
  EXPECT_TRUE(f.bindings.empty());
}

TEST_F(FilterTest, EqualsContainsAndNegation) {
  const auto f = assets({"status:in_stock", "model~R640", "-status:disposed"});
  EXPECT_EQ(f.sql, "(a.status = :f1) AND (instr(lower(m.name), lower(:f2)) > 0) AND (a.status = :f3) IS NOT 1");
  ASSERT_EQ(f.bindings.size(), 3u);
  EXPECT_EQ(f.bindings[0].first, ":f1");
  EXPECT_EQ(std::get<std::string>(f.bindings[0].second), "in_stock");
  EXPECT_EQ(std::get<std::string>(f.bindings[1].second), "R640");
  EXPECT_EQ(std::get<std::string>(f.bindings[2].second), "disposed");
}

TEST_F(FilterTest, TeamAndLocationIncludeDescendantsAsListsOfIds) {
  db().exec("INSERT INTO location (id, code, name, kind, parent_id) VALUES (9, 'DC1-H1', 'Hall 1', 'room', 7)");
  db().exec("INSERT INTO location (id, code, name, kind, parent_id) VALUES (8, 'DC1-H1-R1', 'Row 1', 'row', 9)");
  // The division's own id and those of every team below it, in id order.
  std::string division;
  {
    Statement q(db().connection(), "SELECT id FROM " + team_subtree_sql(":root") + " ORDER BY id");
    q.bind(":root", team_id("1A"));
    while (q.step()) {
      division += (division.empty() ? "" : ", ") + std::to_string(q.column(0).as_int64());
    }
  }
  ASSERT_GT(std::count(division.begin(), division.end(), ','), 1) << division;
  const auto f = assets({"team:1a", "location:DC1", "team:A-2"});
  EXPECT_EQ(f.sql, "(a.owner_team_id IN (" + division +
                       ")) AND (a.location_id IN (7, 8, 9)) AND (a.owner_team_id IN (" +
                       std::to_string(team_id("A-2")) + "))");
  EXPECT_TRUE(f.bindings.empty());
}

TEST_F(FilterTest, DatesAndNumbersCompare) {
  const auto f = assets({"received>=2026-01-01", "warranty<2027-01-01"});
  EXPECT_EQ(f.sql, "(a.received_on >= :f1) AND (a.warranty_ends < :f2)");
  EXPECT_EQ(std::get<std::string>(f.bindings[0].second), "2026-01-01");
  EXPECT_EQ(std::get<std::string>(f.bindings[1].second), "2027-01-01");
  const auto l = licenses({"seats>10", "expires<=2027-06-30", "vendor:microsoft"});
  EXPECT_EQ(l.sql, "(l.seats > :f1) AND (l.expires_on <= :f2) AND (v.name = :f3 COLLATE NOCASE)");
  EXPECT_EQ(std::get<std::int64_t>(l.bindings[0].second), 10);
}

TEST_F(FilterTest, ValuesAreNeverPastedIntoTheSql) {
  const auto f = assets({"serial:x' OR 1=1 --"});
  EXPECT_EQ(f.sql, "(a.serial = :f1 COLLATE NOCASE)");
  EXPECT_EQ(std::get<std::string>(f.bindings[0].second), "x' OR 1=1 --");
}

TEST_F(FilterTest, RefusesBadTermsNamingThem) {
  EXPECT_EQ(refusal([&] { assets({"warranty<2027-13-01"}); }),
            "asset list: term 'warranty<2027-13-01': not a date (YYYY-MM-DD)");
  EXPECT_EQ(refusal([&] { assets({"colour:red"}); }),
            "asset list: term 'colour:red': unknown field 'colour'; expected one of: tag, serial, status, model, "
            "manufacturer, category, team, location, custodian, po, hostname, rack, received, warranty");
  EXPECT_EQ(refusal([&] { assets({"status~stock"}); }),
            "asset list: term 'status~stock': field 'status' does not take '~'; it takes: :");
  EXPECT_EQ(refusal([&] { assets({"received~2026"}); }),
            "asset list: term 'received~2026': field 'received' does not take '~'; it takes: : < <= > >=");
  EXPECT_EQ(refusal([&] { assets({"status:broken"}); }),
            "asset list: term 'status:broken': unknown status 'broken'; expected one of: in_stock, staging, "
            "deployed, in_repair, rma, retired, lost, disposed, returned_to_vendor");
  EXPECT_EQ(refusal([&] { assets({"R640"}); }),
            "asset list: term 'R640': not a filter term; write FIELD:VALUE, FIELD~TEXT or FIELD<VALUE (<=, >, >= "
            "too), with a leading - to negate");
  EXPECT_EQ(refusal([&] { assets({"model:"}); }), "asset list: term 'model:': no value after ':'");
  EXPECT_EQ(refusal([&] { assets({"team:ZZ-9"}); }).rfind("asset list: term 'team:ZZ-9': unknown team", 0), 0u);
  EXPECT_EQ(refusal([&] { assets({"location:NOWHERE"}); }),
            "asset list: term 'location:NOWHERE': unknown location 'NOWHERE' (`location list` shows every "
            "code)");
  EXPECT_EQ(test::marked_refusal([&] { assets({"po:PO-2026-9999"}); }),
            "asset list: term 'po:PO-2026-9999': unknown purchase order 'PO-2026-9999' (`" + command_ref("po list") +
                "` shows them)");
  EXPECT_EQ(refusal([&] { licenses({"seats>ten"}); }), "license list: term 'seats>ten': not a whole number");
  EXPECT_EQ(refusal([&] { licenses({"type:perpetual"}); }),
            "license list: term 'type:perpetual': unknown type 'perpetual'; expected one of: per-seat, per-device, "
            "per-core, site, subscription");
}

}  // namespace
}  // namespace tally
