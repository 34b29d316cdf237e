// Unit tests of repairs and RMAs (src/repairs.cpp): in-house repairs opened
// and closed with the asset's status, RMAs opened (escalating an open
// repair), shipped and resolved four ways with their events, the RMA list
// and its filters, and every refusal with the database unchanged.

#include "assets.hpp"
#include "events.hpp"
#include "licenses.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "people.hpp"
#include "racks.hpp"
#include "repairs.hpp"
#include "rma.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"
#include "vendors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tally {
namespace {

using test::dump_rows;
using test::refusal_of;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Location WH1; vendors Dell and Depot (a repair shop); a Dell R640 with 12
// months of warranty; person ana; assets S1 and S2 in WH1 owned by A-2,
// S1 bought for 1200.00 USD.
class RepairTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_warehouse(db(), "WH1");
    test::seed_vendors(db(), {"Dell", "Depot"});
    NewModel server = test::model_of("Dell", "R640", "server");
    server.warranty_months = 12;
    add_model(db(), "t", server);
    add_person(db(), "t", {"ana", "Ana", std::nullopt, "A-2"});
    m_s1 = intake("S1", std::string("1200.00")).tag;
    m_s2 = intake("S2", std::nullopt).tag;
  }

  Asset intake(const std::string& serial, std::optional<std::string> cost) {
    AssetIntake in;
    in.model = "Dell R640";
    in.serial = serial;
    in.location = "WH1";
    in.team = "A-2";
    in.cost = std::move(cost);
    return add_asset(db(), "clerk", in);
  }

  std::string status(const std::string& tag) { return resolve_asset(db(), tag).status; }
  std::string dump() { return dump_rows(db().connection()); }

  RmaResolution resolution(const std::string& outcome) {
    RmaResolution r;
    r.rma = "RMA-00001";
    r.outcome = outcome;
    return r;
  }

  std::string m_s1, m_s2;
};

TEST_F(RepairTest, ARepairTakesTheAssetToInRepairAndBack) {
  const Repair opened = open_repair(db(), "tech", m_s1, "  fan noise ");
  EXPECT_EQ(repair_json(opened), (Json{{"id", "REP-00001"},
                                       {"tag", m_s1},
                                       {"reason", "fan noise"},
                                       {"opened_on", "2026-11-27"},
                                       {"closed_on", nullptr},
                                       {"outcome", nullptr},
                                       {"notes", nullptr}}));
  EXPECT_EQ(status(m_s1), "in_repair");
  const auto history = asset_history(db(), m_s1);
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history.back().action, "repair-open");
  EXPECT_EQ(history.back().actor, "tech");
  EXPECT_EQ(history.back().before["status"], "in_stock");
  EXPECT_EQ(history.back().after["status"], "in_repair");
  EXPECT_EQ(history.back().after["repair"], "REP-00001");
  EXPECT_EQ(history.back().after["reason"], "fan noise");

  const Repair closed = close_repair(db(), "tech", "S1", "fixed", std::string("new fan"));
  EXPECT_EQ(closed.closed_on, std::optional<std::string>("2026-11-27"));
  EXPECT_EQ(closed.outcome, std::optional<std::string>("fixed"));
  EXPECT_EQ(closed.notes, std::optional<std::string>("new fan"));
  EXPECT_EQ(status(m_s1), "in_stock");
  const Event last = asset_history(db(), m_s1).back();
  EXPECT_EQ(last.action, "repair-close");
  EXPECT_EQ(last.after["status"], "in_stock");
  EXPECT_EQ(last.after["outcome"], "fixed");
  EXPECT_EQ(last.after["notes"], "new fan");

  open_repair(db(), "tech", m_s2, "dead board");
  const Repair scrapped = close_repair(db(), "tech", m_s2, "unrepairable", std::nullopt);
  EXPECT_EQ(scrapped.id, 2);
  EXPECT_FALSE(scrapped.notes);
  EXPECT_EQ(status(m_s2), "retired");
}

TEST_F(RepairTest, RepairRefusalsWriteNothing) {
  open_repair(db(), "tech", m_s2, "dead board");
  const std::string before = dump();
  test::Refusal r = refusal_of([&] { open_repair(db(), "tech", m_s1, " \t"); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("repair open: "));
  EXPECT_THAT(r.what, HasSubstr("reason must not be empty"));
  r = refusal_of([&] { open_repair(db(), "tech", "NOPE", "x"); });
  EXPECT_EQ(r.problem, Problem::not_found);
  EXPECT_EQ(r.what, "asset: no asset has tag, serial, barcode or hostname 'NOPE'");
  EXPECT_EQ(refusal_of([&] { open_repair(db(), "tech", m_s2, "again"); }).what,
            "asset " + m_s2 + " is already in_repair");
  r = refusal_of([&] { close_repair(db(), "tech", m_s1, "fixed", std::nullopt); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_EQ(r.what, "repair close: " + m_s1 + " has no open repair (it is in_stock)");
  EXPECT_EQ(refusal_of([&] { close_repair(db(), "tech", m_s2, "escalated", std::nullopt); }).what,
            "repair close: unknown outcome 'escalated'; expected one of: fixed, unrepairable");
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(RepairTest, AnRmaEscalatesAnOpenRepairAndRecordsItsCreation) {
  open_repair(db(), "tech", m_s1, "DIMM errors");
  const Rma rma = open_rma(db(), "tech", m_s1, "dell", " bad DIMM ", std::string("V-77"));
  EXPECT_EQ(rma.id, 1);
  EXPECT_EQ(rma.vendor, "Dell");
  EXPECT_EQ(rma.model, "Dell R640");
  EXPECT_EQ(rma.serial, "S1");
  EXPECT_EQ(rma.reason, "bad DIMM");
  EXPECT_EQ(rma.days_open, 0);
  const Json json = rma_json(rma);
  EXPECT_EQ(json["status"], "open");
  EXPECT_EQ(json["vendor_rma"], "V-77");
  EXPECT_TRUE(json["refund"].is_null());
  EXPECT_EQ(status(m_s1), "rma");
  EXPECT_EQ(query_text(db().connection(), "SELECT closed_on || ' ' || outcome || ' ' || notes FROM repair"),
            "2026-11-27 escalated escalated to RMA-00001");

  EventFilter f;
  f.entity = "rma";
  const auto events = list_events(db(), f);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "create");
  EXPECT_EQ(events[0].entity_key, "RMA-00001");
  EXPECT_TRUE(events[0].before.is_null());
  EXPECT_EQ(events[0].after, json);
  const Event last = asset_history(db(), m_s1).back();
  EXPECT_EQ(last.action, "rma-open");
  EXPECT_EQ(last.before["status"], "in_repair");
  EXPECT_EQ(last.after["rma"], "RMA-00001");
}

TEST_F(RepairTest, OpeningAnRmaIsRefusedForUnitsThatCannotLeave) {
  assign_asset(db(), "t", m_s2, std::string("ana"), std::nullopt);
  test::insert_asset_as(db().connection(), "GONE", 1, 1, "disposed");
  const std::string before = dump();
  EXPECT_THAT(refusal_of([&] { open_rma(db(), "t", m_s1, "Dell", "", std::nullopt); }).what,
              HasSubstr("reason must not be empty"));
  test::Refusal r = refusal_of([&] { open_rma(db(), "t", m_s2, "Dell", "dead", std::nullopt); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("rma open: " + m_s2 + " is assigned to ana; unassign it with "));
  EXPECT_THAT(r.what, HasSubstr("asset unassign " + m_s2));
  EXPECT_EQ(refusal_of([&] { open_rma(db(), "t", "GONE", "Dell", "dead", std::nullopt); }).what,
            "asset GONE is disposed, which is final: it cannot change any more");
  EXPECT_THAT(refusal_of([&] { open_rma(db(), "t", m_s1, "Acme", "dead", std::nullopt); }).what,
              StartsWith("unknown vendor 'Acme'"));
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(RepairTest, ARackedUnitMustBeRemovedBeforeAnRma) {
  add_rack(db(), "t", {"R1", "WH1", std::nullopt, std::nullopt, std::nullopt});
  Installation at;
  at.asset = m_s1;
  at.rack = "R1";
  install_asset(db(), "t", at);
  const std::string before = dump();
  const std::string said = refusal_of([&] { open_rma(db(), "t", m_s1, "Dell", "dead", std::nullopt); }).what;
  EXPECT_THAT(said, StartsWith("rma open: " + m_s1 + " is installed in rack WH1/R1; remove it with "));
  EXPECT_THAT(said, HasSubstr("rack remove " + m_s1));
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(RepairTest, ShippingRecordsTheDateTrackingAndTwoEvents) {
  open_rma(db(), "t", m_s1, "Dell", "dead", std::nullopt);
  const Rma shipped = ship_rma(db(), "shipper", "rma-1", std::string("1Z999"), std::nullopt);
  EXPECT_EQ(shipped.shipped_on, std::optional<std::string>("2026-11-27"));
  EXPECT_EQ(shipped.tracking, std::optional<std::string>("1Z999"));
  EXPECT_EQ(rma_json(shipped)["status"], "shipped");
  EventFilter f;
  f.entity = "rma";
  const Event ship = list_events(db(), f).back();
  EXPECT_EQ(ship.action, "ship");
  EXPECT_EQ(ship.actor, "shipper");
  EXPECT_EQ(ship.before, (Json{{"status", "open"}, {"shipped_on", nullptr}, {"tracking", nullptr}}));
  EXPECT_EQ(ship.after, (Json{{"status", "shipped"}, {"shipped_on", "2026-11-27"}, {"tracking", "1Z999"}}));
  const Event asset_event = asset_history(db(), m_s1).back();
  EXPECT_EQ(asset_event.action, "rma-ship");
  EXPECT_EQ(asset_event.after, (Json{{"rma", "RMA-00001"}, {"shipped_on", "2026-11-27"}, {"tracking", "1Z999"}}));
}

TEST_F(RepairTest, ShippingRefusalsWriteNothing) {
  open_rma(db(), "t", m_s1, "Dell", "dead", std::nullopt);
  const std::string before = dump();
  const auto said = [&](const std::string& id, std::optional<std::string> date) {
    return refusal_of([&] { ship_rma(db(), "t", id, std::nullopt, date); });
  };
  EXPECT_EQ(said("R-1", std::nullopt).what, "'R-1' is not an RMA id like RMA-00001");
  EXPECT_THAT(said("RMA-00009", std::nullopt).what, StartsWith("unknown RMA 'RMA-00009'"));
  EXPECT_THAT(said("RMA-00001", std::string("27/11/2026")).what, StartsWith("rma ship: "));
  EXPECT_THAT(said("RMA-00001", std::string("27/11/2026")).what,
              HasSubstr("'27/11/2026' is not a date like 2026-11-27"));
  EXPECT_THAT(said("RMA-00001", std::string("2026-11-01")).what,
              HasSubstr(" 2026-11-01 is before the RMA was opened (2026-11-27)"));
  EXPECT_EQ(test::row_changes(before, dump()), "");
  ship_rma(db(), "t", "RMA-00001", std::nullopt, std::nullopt);
  const std::string shipped = dump();
  EXPECT_EQ(said("RMA-00001", std::nullopt).what, "rma ship: RMA-00001 was already shipped on 2026-11-27");
  resolve_rma(db(), "t", resolution("rejected"));
  const std::string resolved = dump();
  EXPECT_EQ(said("RMA-00001", std::nullopt).what, "rma ship: RMA-00001 was resolved on 2026-11-27 (rejected)");
  EXPECT_EQ(test::row_changes(resolved, dump()), "");
  EXPECT_NE(shipped, resolved);
}

TEST_F(RepairTest, RepairedAndRejectedBringTheUnitBackInStock) {
  open_rma(db(), "t", m_s1, "Dell", "dead", std::nullopt);
  const Rma done = resolve_rma(db(), "t", resolution("repaired"));
  EXPECT_EQ(done.outcome, std::optional<std::string>("repaired"));
  EXPECT_EQ(rma_json(done)["status"], "resolved");
  EXPECT_EQ(status(m_s1), "in_stock");
  const Event last = asset_history(db(), m_s1).back();
  EXPECT_EQ(last.action, "rma-resolve");
  EXPECT_EQ(last.after["status"], "in_stock");
  EXPECT_EQ(last.after["outcome"], "repaired");
  EventFilter f;
  f.entity = "rma";
  const Event resolve = list_events(db(), f).back();
  EXPECT_EQ(resolve.action, "resolve");
  EXPECT_EQ(resolve.before, (Json{{"status", "open"}, {"resolved_on", nullptr}, {"outcome", nullptr}}));
  EXPECT_EQ(resolve.after, (Json{{"status", "resolved"}, {"resolved_on", "2026-11-27"}, {"outcome", "repaired"}}));
}

TEST_F(RepairTest, ARefundReturnsTheUnitAndReleasesItsSeats) {
  NewLicense lic;
  lic.product = "iDRAC Enterprise";
  lic.vendor = "Dell";
  lic.type = "per-device";
  lic.seats = 2;
  add_license(db(), "t", lic);
  assign_license(db(), "t", {"LIC-00001", {AssigneeKind::asset, m_s1}, 1, false});
  open_rma(db(), "t", m_s1, "Dell", "dead", std::nullopt);
  RmaResolution r = resolution("refunded");
  r.refund = "1150.5";
  const Rma done = resolve_rma(db(), "t", r);
  EXPECT_EQ(done.refund_minor, std::optional<std::int64_t>(115050));
  EXPECT_EQ(done.refund_currency, std::optional<std::string>("USD"));
  EXPECT_EQ(rma_json(done)["refund"], "1150.50");
  EXPECT_EQ(status(m_s1), "returned_to_vendor");
  EXPECT_EQ(count("license_assignment"), 0);
}

TEST_F(RepairTest, ResolutionRefusalsWriteNothing) {
  open_rma(db(), "t", m_s1, "Dell", "dead", std::nullopt);
  const std::string before = dump();
  const auto said = [&](const RmaResolution& r) { return refusal_of([&] { resolve_rma(db(), "t", r); }); };
  test::Refusal r = said(resolution("lost"));
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_EQ(r.what, "rma resolve: unknown outcome 'lost'; expected one of: repaired, replaced, refunded, rejected");
  EXPECT_THAT(said(resolution("replaced")).what, StartsWith("rma resolve: "));
  EXPECT_THAT(said(resolution("replaced")).what, HasSubstr("replaced needs "));
  RmaResolution serial_alone = resolution("repaired");
  serial_alone.replacement_serial = "S9";
  EXPECT_THAT(said(serial_alone).what, HasSubstr(" only goes with "));
  RmaResolution refund_alone = resolution("rejected");
  refund_alone.refund = "10";
  EXPECT_THAT(said(refund_alone).what, HasSubstr(" only goes with "));
  RmaResolution bad_refund = resolution("refunded");
  bad_refund.refund = "10.001";
  EXPECT_THAT(said(bad_refund).what, HasSubstr("'10.001' is not a non-negative USD amount with at most 2 decimals"));
  RmaResolution blank = resolution("replaced");
  blank.replacement_serial = "  ";
  EXPECT_THAT(said(blank).what, HasSubstr(" must not be empty"));
  RmaResolution taken = resolution("replaced");
  taken.replacement_serial = "S2";
  EXPECT_EQ(said(taken).what, "rma resolve: replacement serial 'S2' already exists for Dell (" + m_s2 + ")");
  RmaResolution early = resolution("repaired");
  early.date = "2026-11-26";
  EXPECT_THAT(said(early).what, HasSubstr(" 2026-11-26 is before the RMA was opened (2026-11-27)"));
  early.date = "tomorrow";
  EXPECT_THAT(said(early).what, HasSubstr("'tomorrow' is not a date like 2026-11-27"));
  RmaResolution unknown = resolution("repaired");
  unknown.rma = "RMA-00002";
  EXPECT_THAT(said(unknown).what, StartsWith("unknown RMA 'RMA-00002'"));
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(RepairTest, TheListFiltersByOpennessVendorAndAge) {
  {
    test::ScopedEnv earlier("TALLY_NOW", "2026-11-01T08:00:00Z");
    open_rma(db(), "t", m_s1, "Dell", "dead", std::nullopt);
  }
  open_rma(db(), "t", m_s2, "Depot", "noisy", std::nullopt);
  const auto all = list_rmas(db(), {});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].days_open, 26);
  EXPECT_EQ(all[1].days_open, 0);
  RmaFilter old;
  old.older_than_days = 25;
  ASSERT_EQ(list_rmas(db(), old).size(), 1u);
  EXPECT_EQ(list_rmas(db(), old)[0].tag, m_s1);
  old.older_than_days = 26;
  EXPECT_TRUE(list_rmas(db(), old).empty()) << "older than: strictly more days";
  RmaFilter depot;
  depot.vendor = "depot";
  ASSERT_EQ(list_rmas(db(), depot).size(), 1u);
  EXPECT_EQ(list_rmas(db(), depot)[0].vendor, "Depot");

  resolve_rma(db(), "t", resolution("rejected"));
  EXPECT_EQ(show_rma(db(), "RMA-00001").days_open, 26) << "to the resolution";
  RmaFilter open;
  open.open_only = true;
  ASSERT_EQ(list_rmas(db(), open).size(), 1u);
  EXPECT_EQ(list_rmas(db(), open)[0].id, 2);

  RmaFilter negative;
  negative.older_than_days = -1;
  EXPECT_THAT(refusal_of([&] { list_rmas(db(), negative); }).what, HasSubstr(" must be 0 or more days"));
  RmaFilter nobody;
  nobody.vendor = "Acme";
  EXPECT_THAT(refusal_of([&] { list_rmas(db(), nobody); }).what, StartsWith("unknown vendor 'Acme'"));
}

}  // namespace
}  // namespace tally
