// Unit tests of the license CMDB (src/licenses.cpp): ids, key masking, seat
// accounting, every refusal of the license rules (with the database unchanged), the
// list filters, and releasing an asset's seats.

#include "events.hpp"
#include "licenses.hpp"
#include "models.hpp"
#include "people.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"
#include "vendors.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

using test::refusal;

const char* const k_key = "ABCD-EFGH-IJKL-7Q2K";

// An org chart, vendors Microsoft and Dell, people ana (A-2) and bob (IT-5),
// and assets SRV-1, SRV-2 (in stock), SRV-DEAD (disposed), SRV-GONE
// (returned to the vendor) written with SQL.
class LicenseTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_vendors(db(), {"Microsoft"});
    test::seed_vendors(db(), {"Dell"});
    NewModel server = test::model_of("Dell", "R640", "server");
    add_model(db(), "t", server);
    add_person(db(), "t", {"ana", "Ana", std::nullopt, "A-2"});
    add_person(db(), "t", {"bob", "Bob", std::nullopt, "IT-5"});
    db().exec("INSERT INTO location (code, name, kind) VALUES ('DC1', 'Data center', 'site')");
    const int dc1 = static_cast<int>(db().last_insert_rowid());
    for (const auto& [tag, status] :
         std::vector<std::pair<std::string, std::string>>{{"SRV-1", "in_stock"},
                                                          {"SRV-2", "deployed"},
                                                          {"SRV-DEAD", "disposed"},
                                                          {"SRV-GONE", "returned_to_vendor"}}) {
      test::insert_asset_as(db().connection(), tag, 1, 2, status,
                            status == "deployed" ? std::optional<int>(dc1) : std::nullopt);
    }
  }

  // A per-seat license of Microsoft with `seats` seats (others as given).
  License add(const std::string& product, std::optional<std::int64_t> seats, NewLicense extra = {}) {
    extra.product = product;
    extra.vendor = extra.vendor.empty() ? "Microsoft" : extra.vendor;
    extra.seats = seats;
    return add_license(db(), "t", extra).license;
  }

  LicenseDetail assign(const std::string& license, AssigneeKind kind, const std::string& key, std::int64_t qty = 1) {
    return assign_license(db(), "t", {license, {kind, key}, qty});
  }

  // Everything a refused call could have written.
  std::string state() {
    std::string out;
    for (const char* q :
         {"SELECT group_concat(id || ':' || coalesce(seats, '-') || ':' || allow_overallocation || ':' || "
          "coalesce(expires_on, '-') || ':' || coalesce(starts_on, '-'), ',') FROM license",
          "SELECT group_concat(license_id || ':' || coalesce(asset_id, '') || ':' || "
          "coalesce(person_id, '') || ':' || coalesce(team_id, '') || ':' || quantity, ',') "
          "FROM license_assignment",
          "SELECT count(*) FROM event"}) {
      Statement s(db().connection(), q);
      s.step();
      out += (s.column(0).is_null() ? std::string("null") : s.column(0).as_text()) + "|";
    }
    return out;
  }

  // Runs `f`, expects a refusal that writes nothing; returns the message.
  std::string refused_unchanged(const std::function<void()>& f) {
    const std::string before = state();
    const std::string message = refusal(f);
    EXPECT_EQ(state(), before) << "a refused call changed the database";
    return message;
  }

  std::vector<std::string> ids(const LicenseFilter& filter) {
    std::vector<std::string> out;
    for (const auto& l : list_licenses(db(), filter)) {
      out.push_back(license_code(l.id));
    }
    return out;
  }

  static LicenseChange changing(const std::string& id) {
    LicenseChange change;
    change.license = id;
    return change;
  }

  std::vector<Event> license_events(const std::string& code) {
    EventFilter filter;
    filter.entity = "license";
    filter.entity_key = code;
    return list_events(db(), filter);
  }
};

TEST(LicenseCode, IsZeroPaddedToFiveDigits) {
  EXPECT_EQ(license_code(42), "LIC-00042");
  EXPECT_EQ(license_code(1), "LIC-00001");
  EXPECT_EQ(license_code(123456), "LIC-123456");
}

TEST(LicenseKeyMask, KeepsOnlyTheLastFourOfLongKeys) {
  EXPECT_EQ(mask_license_key(k_key), "XXXX-...-7Q2K");
  EXPECT_EQ(mask_license_key("123456789"), "XXXX-...-6789");
  EXPECT_EQ(mask_license_key("12345678"), "XXXX");
  EXPECT_EQ(mask_license_key("ab"), "XXXX");
}

TEST_F(LicenseTest, AddStoresTheLicenseAndTheHistoryKeepsTheKeyMasked) {
  NewLicense extra;
  extra.key = std::string(k_key);
  extra.team = "IT-5";
  extra.starts_on = "2026-01-01";
  extra.expires_on = "2026-12-31";
  extra.cost = "12500.5";
  const License l = add("Visio", 25, extra);
  EXPECT_EQ(license_code(l.id), "LIC-00001");
  EXPECT_EQ(license_json(l, KeyDisplay::masked),
            Json::parse(R"({"id":"LIC-00001","product":"Visio","vendor":"Microsoft","type":"per-seat","seats":25,
                            "used":0,"free":25,"over_allocated":false,"allow_overallocation":false,
                            "starts_on":"2026-01-01","expires_on":"2026-12-31","days_to_expiry":34,"team":"IT-5",
                            "po":null,"cost":"12500.50","currency":"USD","key":"XXXX-...-7Q2K"})"));
  EXPECT_EQ(license_json(l, KeyDisplay::shown)["key"], k_key);

  const auto events = license_events("LIC-00001");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "create");
  EXPECT_EQ(events[0].after["key"], "XXXX-...-7Q2K");
  EXPECT_EQ(query_int(db().connection(),
                      "SELECT count(*) FROM event WHERE instr(coalesce(after, '') || coalesce(before, ''), "
                      "'ABCD') > 0"),
            0);
}

TEST_F(LicenseTest, SiteLicensesHaveUnlimitedSeats) {
  NewLicense site;
  site.type = "site";
  const License l = add("Windows Server Datacenter", std::nullopt, site);
  EXPECT_FALSE(l.seats);
  assign(license_code(l.id), AssigneeKind::team, "1A", 5000);
  const License after = show_license(db(), license_code(l.id)).license;
  EXPECT_EQ(after.used, 5000);
  EXPECT_EQ(license_json(after, KeyDisplay::masked)["free"], nullptr);
  EXPECT_FALSE(after.over_allocated());
}

TEST_F(LicenseTest, AddRefusesBadSeatsDatesAndNames) {
  NewLicense site;
  site.type = "site";
  NewLicense backwards;
  backwards.starts_on = "2026-06-01";
  backwards.expires_on = "2026-01-01";
  NewLicense bad_date;
  bad_date.expires_on = "2026-02-30";
  NewLicense bad_cost;
  bad_cost.cost = "12.345";
  NewLicense bad_type;
  bad_type.type = "per-user";
  NewLicense unknown_vendor;
  unknown_vendor.vendor = "Nobody";

  EXPECT_EQ(refused_unchanged([&] { add("Visio", 0); }),
            "license add: seats 0 must be a positive whole number (a site license, type site, has unlimited seats)");
  EXPECT_EQ(refused_unchanged([&] { add("Visio", -5); }),
            "license add: seats -5 must be a positive whole number (a site license, type site, has unlimited seats)");
  EXPECT_EQ(refused_unchanged([&] { add("Visio", std::nullopt); }),
            "license add: seats N is required for a per-seat license (only type site has unlimited seats)");
  EXPECT_EQ(refused_unchanged([&] { add("Visio", 10, site); }),
            "license add: a site license has unlimited seats; drop seats 10");
  EXPECT_EQ(refused_unchanged([&] { add("Visio", 10, backwards); }),
            "license add: expires_on 2026-01-01 is before starts_on 2026-06-01");
  EXPECT_EQ(refused_unchanged([&] { add("Visio", 10, bad_date); }),
            "license add: expires_on '2026-02-30' is not a date like 2026-11-27");
  EXPECT_EQ(refused_unchanged([&] { add("Visio", 10, bad_cost); }),
            "license add: cost '12.345' is not a non-negative USD amount with at most 2 decimals, like 1234.56");
  EXPECT_EQ(
      refused_unchanged([&] { add("Visio", 10, bad_type); }),
      "license add: unknown type 'per-user'; expected one of: per-seat, per-device, per-core, site, subscription");
  EXPECT_EQ(refused_unchanged([&] { add("  ", 10); }), "license add: the product name must not be empty");
  EXPECT_NE(refused_unchanged([&] { add("Visio", 10, unknown_vendor); }).find("Nobody"), std::string::npos);
  EXPECT_EQ(count("license"), 0);
}

TEST_F(LicenseTest, AssigningAgainAddsToTheSameRow) {
  const std::string id = license_code(add("Visio", 10).id);
  assign(id, AssigneeKind::person, "ana", 2);
  const LicenseDetail d = assign(id, AssigneeKind::person, "ANA", 3);
  EXPECT_EQ(d.license.used, 5);
  EXPECT_EQ(*d.license.free_seats(), 5);
  ASSERT_EQ(d.assignments.size(), 1u);
  EXPECT_EQ(d.assignments[0].kind, "person");
  EXPECT_EQ(d.assignments[0].target, "ana");
  EXPECT_EQ(d.assignments[0].quantity, 5);
  EXPECT_EQ(d.assignments[0].assigned_at, "2026-11-27T09:15:00Z");
  EXPECT_EQ(count("license_assignment"), 1);

  const auto events = license_events(id);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].action, "assign");
  EXPECT_EQ(events[1].before, nullptr);
  EXPECT_EQ(events[1].after, Json::parse(R"({"person":"ana","quantity":2})"));
  EXPECT_EQ(events[2].before, Json::parse(R"({"quantity":2})"));
  EXPECT_EQ(events[2].after, Json::parse(R"({"person":"ana","quantity":5})"));
}

TEST_F(LicenseTest, OverAssignmentIsRefusedWithBoughtUsedRequested) {
  const std::string id = license_code(add("Visio", 5).id);
  assign(id, AssigneeKind::team, "A-2", 4);
  EXPECT_EQ(refused_unchanged([&] { assign(id, AssigneeKind::person, "bob", 2); }),
            "license assign: LIC-00001 (Visio) has too few seats: bought 5, used 4, requested 2 (allow "
            "over-allocation with `license set LIC-00001 allow_overallocation`)");
  EXPECT_EQ(refused_unchanged([&] { assign(id, AssigneeKind::team, "A-2", 2); }),
            "license assign: LIC-00001 (Visio) has too few seats: bought 5, used 4, requested 2 (allow "
            "over-allocation with `license set LIC-00001 allow_overallocation`)");
  EXPECT_EQ(refused_unchanged([&] { assign(id, AssigneeKind::team, "A-2", 0); }),
            "license assign: quantity 0 must be a positive whole number");
  EXPECT_EQ(assign(id, AssigneeKind::person, "bob", 1).license.used, 5) << "the last seat still fits";
}

TEST_F(LicenseTest, RefusalsCarryTheirProblemAndTheFieldAtFault) {
  const std::string id = license_code(add("Visio", 1).id);
  const auto caught = [](const std::function<void()>& f) -> Error {
    try {
      f();
    } catch (const Error& e) {
      return e;
    }
    ADD_FAILURE() << "expected a refusal";
    return refused("");
  };
  const Error zero = caught([&] { assign(id, AssigneeKind::team, "A-2", 0); });
  EXPECT_EQ(zero.problem(), Problem::invalid);
  EXPECT_EQ(zero.field(), "quantity");
  EXPECT_EQ(zero.raw(), "license assign: " + field_ref("quantity") + " 0 must be a positive whole number");
  const Error full = caught([&] { assign(id, AssigneeKind::team, "A-2", 2); });
  EXPECT_EQ(full.problem(), Problem::conflict);
  EXPECT_EQ(full.field(), "quantity");
  EXPECT_NE(full.raw().find(command_ref("license set " + id + " " + field_ref("allow_overallocation"))),
            std::string::npos);
  const Error missing = caught([&] { assign("LIC-00099", AssigneeKind::team, "A-2", 1); });
  EXPECT_EQ(missing.problem(), Problem::not_found);
  EXPECT_EQ(missing.field(), "license");
  NewLicense bad_date;
  bad_date.expires_on = "2026-02-30";
  const Error date = caught([&] { add("Visio", 10, bad_date); });
  EXPECT_EQ(date.problem(), Problem::invalid);
  EXPECT_EQ(date.field(), "expires_on");
}

TEST_F(LicenseTest, AllowedOverAllocationIsAcceptedAndReported) {
  NewLicense allow;
  allow.allow_overallocation = true;
  const std::string over = license_code(add("Visio", 2, allow).id);
  const std::string fine = license_code(add("Project", 2).id);
  assign(fine, AssigneeKind::person, "ana", 2);
  const License l = assign(over, AssigneeKind::team, "IT-5", 3).license;
  EXPECT_EQ(l.used, 3);
  EXPECT_TRUE(l.over_allocated());
  EXPECT_EQ(*l.free_seats(), -1);
  LicenseFilter filter;
  filter.over_allocated = true;
  EXPECT_EQ(ids(filter), std::vector<std::string>{over});
}

TEST_F(LicenseTest, PerDeviceLicensesGoToAssetsOnly) {
  NewLicense device;
  device.type = "per-device";
  const std::string id = license_code(add("Veeam Agent", 3, device).id);
  EXPECT_EQ(refused_unchanged([&] { assign(id, AssigneeKind::person, "ana"); }),
            "license assign: LIC-00001 (Veeam Agent) is a per-device license; it can only be assigned to an asset "
            "(asset TAG), not to a person");
  EXPECT_EQ(refused_unchanged([&] { assign(id, AssigneeKind::team, "A-2"); }),
            "license assign: LIC-00001 (Veeam Agent) is a per-device license; it can only be assigned to an asset "
            "(asset TAG), not to a team");
  const LicenseDetail d = assign(id, AssigneeKind::asset, "SRV-1");
  ASSERT_EQ(d.assignments.size(), 1u);
  EXPECT_EQ(d.assignments[0].kind, "asset");
  EXPECT_EQ(d.assignments[0].target, "SRV-1");
}

TEST_F(LicenseTest, DisposedAndReturnedAssetsTakeNoSeats) {
  const std::string id = license_code(add("Visio", 10).id);
  EXPECT_EQ(refused_unchanged([&] { assign(id, AssigneeKind::asset, "SRV-DEAD"); }),
            "license assign: asset SRV-DEAD is disposed; a disposed or returned asset takes no license seats");
  EXPECT_EQ(refused_unchanged([&] { assign(id, AssigneeKind::asset, "SRV-GONE"); }),
            "license assign: asset SRV-GONE is returned_to_vendor; a disposed or returned asset takes no license "
            "seats");
  EXPECT_EQ(refused_unchanged([&] { assign(id, AssigneeKind::person, "nobody"); }),
            "unknown person 'nobody' (`person list` shows them)");
}

TEST_F(LicenseTest, UnknownOrMalformedIdsAreRefused) {
  add("Visio", 1);
  EXPECT_EQ(refusal([&] { show_license(db(), "LIC-00099"); }),
            "license show: no license LIC-00099 (`license list` shows them)");
  EXPECT_EQ(refusal([&] { show_license(db(), "Visio"); }), "license show: 'Visio' is not a license id like LIC-00042");
  EXPECT_EQ(refusal([&] { show_license(db(), "LIC-"); }), "license show: 'LIC-' is not a license id like LIC-00042");
  EXPECT_EQ(refused_unchanged([&] { assign("LIC-00002", AssigneeKind::person, "ana"); }),
            "license assign: no license LIC-00002 (`license list` shows them)");
  EXPECT_EQ(show_license(db(), " lic-1 ").license.product, "Visio") << "ids are case-insensitive, padding optional";
}

TEST_F(LicenseTest, SeatsCannotDropBelowUseUnlessAllowed) {
  const std::string id = license_code(add("Visio", 10).id);
  assign(id, AssigneeKind::team, "A-2", 7);
  LicenseChange lower = changing(id);
  lower.seats = 5;
  EXPECT_EQ(refused_unchanged([&] { set_license(db(), "t", lower); }),
            "license set: LIC-00001 (Visio): bought 10, used 7; refusing to lower seats to 5 (unassign seats "
            "first, or add allow_overallocation)");
  LicenseChange zero = changing(id);
  zero.seats = 0;
  EXPECT_EQ(refused_unchanged([&] { set_license(db(), "t", zero); }),
            "license set: seats 0 must be a positive whole number (a site license, type site, has unlimited seats)");
  EXPECT_EQ(refused_unchanged([&] { set_license(db(), "t", changing(id)); }),
            "license set: nothing to change; give seats, starts_on, expires_on, team, key, cost, "
            "allow_overallocation or no_overallocation");

  LicenseChange allowed = lower;
  allowed.allow_overallocation = true;
  const License l = set_license(db(), "t", allowed).license;
  EXPECT_EQ(*l.seats, 5);
  EXPECT_TRUE(l.over_allocated());
  const auto events = license_events(id);
  EXPECT_EQ(events.back().before, Json::parse(R"({"seats":10,"allow_overallocation":false})"));
  EXPECT_EQ(events.back().after, Json::parse(R"({"seats":5,"allow_overallocation":true})"));

  LicenseChange forbid = changing(id);
  forbid.allow_overallocation = false;
  EXPECT_EQ(refused_unchanged([&] { set_license(db(), "t", forbid); }),
            "license set: LIC-00001 (Visio): bought 5, used 7; no_overallocation needs seats 7 or more (or "
            "unassign seats first)");
  forbid.seats = 7;
  EXPECT_FALSE(set_license(db(), "t", forbid).license.over_allocated());
}

TEST_F(LicenseTest, SetChangesDatesTeamKeyAndCost) {
  NewLicense extra;
  extra.key = std::string(k_key);
  extra.expires_on = "2027-01-31";
  const std::string id = license_code(add("Visio", 10, extra).id);
  LicenseChange backwards = changing(id);
  backwards.starts_on = "2027-02-01";
  EXPECT_EQ(refused_unchanged([&] { set_license(db(), "t", backwards); }),
            "license set: LIC-00001 (Visio) would expire on 2027-01-31, before it starts on 2027-02-01");

  LicenseChange change = changing(id);
  change.team = "U-AP2";
  change.cost = "99.99";
  change.expires_on = "";
  change.key = "ZZZZ-EFGH-IJKL-7Q2K";  // same last four characters
  const License l = set_license(db(), "t", change).license;
  EXPECT_EQ(*l.team, "U-AP2");
  EXPECT_EQ(*l.cost_minor, 9999);
  EXPECT_EQ(*l.currency, "USD");
  EXPECT_FALSE(l.expires_on);
  EXPECT_EQ(*l.license_key, "ZZZZ-EFGH-IJKL-7Q2K");
  const Event last = license_events(id).back();
  EXPECT_EQ(last.action, "update");
  EXPECT_EQ(last.before, Json::parse(R"({"expires_on":"2027-01-31","team":null,"cost":null,"currency":null,
                                          "key":"XXXX-...-7Q2K"})"));
  EXPECT_EQ(last.after, Json::parse(R"({"expires_on":null,"team":"U-AP2","cost":"99.99","currency":"USD",
                                         "key":"XXXX-...-7Q2K"})"));
}

TEST_F(LicenseTest, UnassignRemovesTheTargetsRow) {
  const std::string id = license_code(add("Visio", 10).id);
  assign(id, AssigneeKind::person, "ana", 3);
  assign(id, AssigneeKind::asset, "SRV-1", 1);
  EXPECT_EQ(refused_unchanged([&] {
              unassign_license(db(), "t", id, {AssigneeKind::person, "bob"});
            }),
            "license unassign: LIC-00001 (Visio) is not assigned to person bob");
  const LicenseDetail d = unassign_license(db(), "t", id, {AssigneeKind::person, "ana"});
  EXPECT_EQ(d.license.used, 1);
  ASSERT_EQ(d.assignments.size(), 1u);
  EXPECT_EQ(d.assignments[0].target, "SRV-1");
  const Event last = license_events(id).back();
  EXPECT_EQ(last.action, "unassign");
  EXPECT_EQ(last.before, Json::parse(R"({"person":"ana","quantity":3})"));
  EXPECT_EQ(last.after, nullptr);
}

// license.used is kept by triggers (migration 0017) through every kind of
// change to an assignment, including one moved to another license.
TEST_F(LicenseTest, UsedFollowsItsAssignmentsAndOverAllocatedReadsIt) {
  const std::string visio = license_code(add("Visio", 10).id);
  NewLicense loose;
  loose.allow_overallocation = true;
  const std::string word = license_code(add("Word", 2, loose).id);
  assign(visio, AssigneeKind::person, "ana", 3);
  assign(word, AssigneeKind::team, "A-2", 4);
  const auto used = [&](const std::string& id) { return show_license(db(), id).license.used; };
  EXPECT_EQ(used(visio), 3);
  EXPECT_EQ(used(word), 4);
  LicenseFilter over;
  over.over_allocated = true;
  EXPECT_EQ(ids(over), std::vector<std::string>{word});
  db().exec("UPDATE license_assignment SET license_id = 2, quantity = 2 WHERE person_id IS NOT NULL");
  EXPECT_EQ(used(visio), 0);
  EXPECT_EQ(used(word), 6);
  db().exec("DELETE FROM license_assignment WHERE team_id IS NOT NULL");
  EXPECT_EQ(used(word), 2);
  EXPECT_EQ(ids(over), std::vector<std::string>{});
  LicenseFilter free_seats;
  free_seats.terms = {"free>=10"};
  EXPECT_EQ(ids(free_seats), std::vector<std::string>{visio});
}

TEST_F(LicenseTest, ListFiltersByExpiryRelativeToToday) {
  NewLicense soon;
  soon.expires_on = "2026-12-15";
  NewLicense later;
  later.expires_on = "2027-03-01";
  NewLicense past;
  past.expires_on = "2026-10-01";
  add("Soon", 1, soon);    // LIC-00001
  add("Later", 1, later);  // LIC-00002
  add("Past", 1, past);    // LIC-00003
  add("Never", 1);         // LIC-00004
  LicenseFilter within30;
  within30.expiring_within = 30;
  LicenseFilter expired;
  expired.expired = true;
  {
    test::ScopedEnv today("TALLY_TODAY", "2026-11-27");
    EXPECT_EQ(ids(within30), std::vector<std::string>{"LIC-00001"});
    EXPECT_EQ(ids(expired), std::vector<std::string>{"LIC-00003"});
    EXPECT_EQ(*list_licenses(db(), within30)[0].days_to_expiry, 18);
  }
  {
    test::ScopedEnv today("TALLY_TODAY", "2027-01-30");  // 2027-03-01 is exactly 30 days on
    EXPECT_EQ(ids(within30), std::vector<std::string>{"LIC-00002"});
    EXPECT_EQ(ids(expired), (std::vector<std::string>{"LIC-00001", "LIC-00003"}));
    EXPECT_EQ(*list_licenses(db(), expired)[0].days_to_expiry, -46);
  }
  {
    test::ScopedEnv today("TALLY_TODAY", "2027-03-02");
    EXPECT_EQ(ids(within30), std::vector<std::string>{});
    EXPECT_EQ(ids(expired), (std::vector<std::string>{"LIC-00001", "LIC-00002", "LIC-00003"}));
  }
  LicenseFilter negative;
  negative.expiring_within = -1;
  EXPECT_EQ(refusal([&] { list_licenses(db(), negative); }), "license list: expiring_within -1 must be 0 or more days");
}

TEST_F(LicenseTest, ListFiltersByTeamRollUpAndVendor) {
  NewLicense it5;
  it5.team = "IT-5";
  NewLicense subteam;
  subteam.team = "U-AP2";  // under IT-5, under 1I
  NewLicense a2;
  a2.team = "A-2";
  NewLicense dell;
  dell.vendor = "Dell";
  dell.team = "IT-5";
  add("A", 1, it5);
  add("B", 1, subteam);
  add("C", 1, a2);
  add("D", 1);
  add("E", 1, dell);
  LicenseFilter division;
  division.team = "1I";
  EXPECT_EQ(ids(division), (std::vector<std::string>{"LIC-00001", "LIC-00002", "LIC-00005"}));
  LicenseFilter team;
  team.team = "U-AP2";
  EXPECT_EQ(ids(team), std::vector<std::string>{"LIC-00002"});
  division.vendor = "Dell";
  EXPECT_EQ(ids(division), std::vector<std::string>{"LIC-00005"});
  LicenseFilter unknown;
  unknown.team = "ZZ-9";
  EXPECT_NE(refusal([&] { list_licenses(db(), unknown); }).find("ZZ-9"), std::string::npos);
}

TEST_F(LicenseTest, ReleasingAnAssetsSeatsRecordsOneEventPerLicense) {
  const std::string first = license_code(add("Visio", 10).id);
  const std::string second = license_code(add("Project", 10).id);
  assign(first, AssigneeKind::asset, "SRV-1", 2);
  assign(first, AssigneeKind::asset, "SRV-2", 1);
  assign(second, AssigneeKind::asset, "SRV-1", 1);
  assign(second, AssigneeKind::person, "ana", 4);
  const std::int64_t srv1 = query_int(db().connection(), "SELECT id FROM asset WHERE tag = 'SRV-1'");
  {
    WriteTransaction tx(db());
    EXPECT_EQ(release_asset_licenses(db(), "clerk", srv1, "disposed of (recycle)"), 2);
    tx.commit();
  }
  EXPECT_EQ(show_license(db(), first).license.used, 1);
  EXPECT_EQ(show_license(db(), second).license.used, 4);
  EXPECT_EQ(count("license_assignment"), 2);
  const Event released = license_events(first).back();
  EXPECT_EQ(released.action, "release");
  EXPECT_EQ(released.actor, "clerk");
  EXPECT_EQ(released.before, Json::parse(R"({"quantity":2})"));
  EXPECT_EQ(released.after, Json::parse(R"j({"asset":"SRV-1","quantity":0,"reason":"disposed of (recycle)"})j"));
  EXPECT_EQ(license_events(second).back().before, Json::parse(R"({"quantity":1})"));
  EXPECT_EQ(license_events(second).back().after["asset"], "SRV-1");
  {
    WriteTransaction tx(db());
    EXPECT_EQ(release_asset_licenses(db(), "clerk", srv1, "again"), 0);
    tx.commit();
  }
  {
    // Inside a transaction that rolls back, the release is undone with it.
    WriteTransaction tx(db());
    const std::int64_t srv2 = query_int(db().connection(), "SELECT id FROM asset WHERE tag = 'SRV-2'");
    EXPECT_EQ(release_asset_licenses(db(), "clerk", srv2, "returned"), 1);
  }
  EXPECT_EQ(show_license(db(), first).license.used, 1);
}

TEST_F(LicenseTest, TheSchemaRefusesWhatTheLibraryRefuses) {
  const std::string id = license_code(add("Visio", 1).id);
  assign(id, AssigneeKind::person, "ana");
  const auto schema_refusal = [&](const std::string& sql) {
    try {
      db().exec(sql);
    } catch (const store::SqlError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(schema_refusal("INSERT INTO license_assignment (license_id, team_id, quantity, assigned_at) "
                           "VALUES (1, 1, 1, '2026-11-27T09:15:00Z')"),
            "license_assignment: more seats than bought");
  EXPECT_EQ(schema_refusal("UPDATE license SET seats = 0 WHERE id = 1"), "license: fewer seats than assigned");
  add("Project", 1);
  EXPECT_EQ(schema_refusal("UPDATE license SET seats = 0 WHERE id = 2"), "CHECK constraint failed: seats > 0");
  EXPECT_EQ(schema_refusal("UPDATE license SET expires_on = '2020-01-01', starts_on = '2021-01-01' WHERE id = 1"),
            "CHECK constraint failed: expires_on IS NULL OR starts_on IS NULL OR expires_on >= starts_on");
}

}  // namespace
}  // namespace tally
