// Unit tests of receiving (src/receiving.cpp): a Receiver session turns
// scanned or typed codes into assets one transaction per unit, receive_serials
// takes a batch all or nothing, receive_bulk counts units into stock; the PO
// moves to partially_received and received with its events; every refusal
// leaves every row of the database as it was.

#include "assets.hpp"
#include "events.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "purchasing.hpp"
#include "receiving.hpp"
#include "settings.hpp"
#include "stock.hpp"
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

const char* const k_server_gtin = "09506000134352";

// Location WH1; vendors Dell and FS; a serialized Dell R640 (GTIN
// k_server_gtin, 12 months of warranty) and a bulk FS SFP; an ordered PO of
// A-3: line 1 two servers at 1000.00, line 2 ten optics at 5.00, line 3 a
// service with no model.
class ReceivingTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_warehouse(db(), "WH1");
    test::seed_vendors(db(), {"Dell", "FS"});
    NewModel server = test::model_of("Dell", "R640", "server");
    server.warranty_months = 12;
    server.gtin = k_server_gtin;
    add_model(db(), "t", server);
    NewModel optic = test::model_of("FS", "SFP", "optic");
    optic.bulk = true;
    add_model(db(), "t", optic);
    m_po = make_po();
    advance(m_po, {PoAction::submit, PoAction::approve, PoAction::order});
  }

  std::string make_po() {
    NewPurchaseOrder po;
    po.vendor = "Dell";
    po.team = "A-3";
    const std::string number = create_po(db(), "t", po).number;
    add_po_line(db(), "t", {number, std::string("Dell R640"), std::nullopt, 2, "1000.00", std::nullopt});
    add_po_line(db(), "t", {number, std::string("FS SFP"), std::nullopt, 10, "5", std::nullopt});
    add_po_line(db(), "t", {number, std::nullopt, std::string("Rack and stack"), 1, "300", std::nullopt});
    return number;
  }

  void advance(const std::string& po, std::initializer_list<PoAction> actions) {
    for (PoAction a : actions) {
      PoTransitionRequest r;
      r.po = po;
      r.action = a;
      if (a == PoAction::approve) {
        r.override_budget = true;  // budgets are tested by themselves
        r.reason = "test";
      }
      transition_po(db(), a == PoAction::approve ? "approver" : "t", r);
    }
  }

  ReceiveTarget line(int n, std::optional<std::string> location = std::string("WH1")) {
    return {m_po, n, std::move(location)};
  }

  std::string dump() { return dump_rows(db().connection()); }

  std::string m_po;
};

TEST_F(ReceivingTest, AScannedUnitBecomesAnAssetOfThePoLine) {
  Receiver receiver(db(), "clerk", line(1));
  const ReceivedUnit unit = receiver.receive(std::string("(01)") + k_server_gtin + "(21)SN-1");
  EXPECT_EQ(unit.asset.serial, "SN-1");
  EXPECT_EQ(unit.asset.manufacturer, "Dell");
  EXPECT_EQ(unit.asset.model, "R640");
  EXPECT_EQ(unit.asset.status, "in_stock");
  EXPECT_EQ(unit.asset.location, std::optional<std::string>("WH1"));
  EXPECT_EQ(unit.asset.owner_team, std::optional<std::string>("A-3"));
  EXPECT_EQ(unit.asset.po, std::optional<std::string>(m_po));
  EXPECT_EQ(unit.asset.po_line, std::optional<int>(1));
  EXPECT_EQ(unit.asset.cost_minor, std::optional<std::int64_t>(100000));
  EXPECT_EQ(unit.asset.currency, std::optional<std::string>("USD"));
  EXPECT_EQ(unit.asset.received_on, std::optional<std::string>("2026-11-27"));
  EXPECT_EQ(unit.asset.warranty_ends, std::optional<std::string>("2027-11-27"));
  EXPECT_EQ(asset_json(unit.asset)["cost"], "1000.00");
  EXPECT_EQ(unit.line_received, 1);
  EXPECT_EQ(unit.line_ordered, 2);
  EXPECT_EQ(unit.po_status, "partially_received");

  EXPECT_EQ(query_text(db().connection(),
                       "SELECT quantity || ' ' || received_at || ' ' || received_by || ' ' || location_id "
                       "FROM receipt"),
            "1 2026-11-27T09:15:00Z clerk 1");
  EXPECT_EQ(query_int(db().connection(), "SELECT received FROM po_line WHERE line_no = 1"), 1);

  EventFilter f;
  f.entity = "purchase_order";
  const auto po_events = list_events(db(), f);
  ASSERT_FALSE(po_events.empty());
  EXPECT_EQ(po_events.back().action, "receive");
  EXPECT_EQ(po_events.back().actor, "clerk");
  EXPECT_EQ(po_events.back().entity_key, m_po);
  EXPECT_EQ(po_events.back().before, (Json{{"status", "ordered"}}));
  EXPECT_EQ(po_events.back().after, (Json{{"status", "partially_received"}}));
  f.entity = "asset";
  f.entity_key = unit.asset.tag;
  const auto asset_events = list_events(db(), f);
  ASSERT_EQ(asset_events.size(), 1u);
  EXPECT_EQ(asset_events[0].action, "receive");
  EXPECT_EQ(asset_events[0].actor, "clerk");
}

TEST_F(ReceivingTest, TheLastUnitReceivesThePoAndASecondStatusEventIsWritten) {
  Receiver receiver(db(), "clerk", line(1));
  receiver.receive("SN-1");
  const auto events = count("event");
  const ReceivedUnit second = receiver.receive("SN-2");
  EXPECT_EQ(second.line_received, 2);
  EXPECT_EQ(second.po_status, "partially_received") << "lines 2 and 3 are still open";
  EXPECT_EQ(count("event"), events + 1) << "the asset's event only: the PO's status did not change";
  EXPECT_EQ(receive_bulk(db(), "clerk", line(2), 10).po_status, "partially_received");
  // Line 3 has no model: nothing to receive, so the PO stays partially received.
  EXPECT_EQ(show_po(db(), m_po).status, "partially_received");
}

TEST_F(ReceivingTest, ASessionIsRefusedForAPoThatCannotBeReceived) {
  NewPurchaseOrder draft;
  draft.vendor = "Dell";
  draft.team = "A-3";
  const std::string number = create_po(db(), "t", draft).number;
  const std::string before = dump();

  test::Refusal r = refusal_of([&] { Receiver(db(), "clerk", {"PO-2026-0999", 1, std::nullopt}); });
  EXPECT_EQ(r.problem, Problem::not_found);
  EXPECT_EQ(r.field, "po");
  EXPECT_THAT(r.what, StartsWith("unknown purchase order 'PO-2026-0999'"));

  r = refusal_of([&] { Receiver(db(), "clerk", {number, 1, std::nullopt}); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_EQ(r.field, "");
  EXPECT_EQ(r.what,
            "receive: " + number + " is draft; only an ordered (or partially received) PO can be received against");

  r = refusal_of([&] { Receiver(db(), "clerk", line(7)); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_EQ(r.what, "receive: " + m_po + " has no line 7 (its lines: 1, 2, 3)");

  r = refusal_of([&] { Receiver(db(), "clerk", line(3)); });
  EXPECT_EQ(r.what,
            "receive: " + m_po + " line 3 (\"Rack and stack\") has no model, so there is nothing to tag or count");

  r = refusal_of([&] { Receiver(db(), "clerk", line(2)); });
  EXPECT_THAT(r.what, StartsWith("receive: " + m_po + " line 2 is FS SFP, a bulk (counted) model; receive it with "));
  EXPECT_THAT(r.what, HasSubstr(" N"));

  r = refusal_of([&] { Receiver(db(), "clerk", line(1, std::string("WH9"))); });
  EXPECT_THAT(r.what, StartsWith("unknown location 'WH9'"));
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(ReceivingTest, UnreadableAndMistakenCodesAreRefusedWithNothingWritten) {
  Receiver receiver(db(), "clerk", line(1));
  const Asset first = receiver.receive("SN-1").asset;
  const std::string before = dump();
  const auto said = [&](const std::string& code) { return refusal_of([&] { receiver.receive(code); }); };

  test::Refusal r = said(std::string("(01)") + k_server_gtin);
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_EQ(r.what, std::string("receive: GS1 code '(01)") + k_server_gtin + "' has no serial number (AI 21)");
  EXPECT_EQ(said("   ").what, "receive: '   ' has no serial number in it (blank)");
  EXPECT_EQ(said(first.tag).what,
            "receive: '" + first.tag + "' looks like a Tally asset tag, not a serial number; scan the serial");
  EXPECT_EQ(said("(01)04006381333931(21)SN-2").what,
            "receive: code '(01)04006381333931(21)SN-2' has GTIN 04006381333931 but line 1 is Dell R640 with GTIN " +
                std::string(k_server_gtin));
  EXPECT_EQ(said(std::string(129, 'X')).what,
            "receive: serial '" + std::string(40, 'X') + "...' is longer than 128 characters");
  r = said("SN-1");
  EXPECT_EQ(r.what, "receive: serial 'SN-1' already exists for Dell (" + first.tag + ")");
  EXPECT_THAT(said("(01)").what, StartsWith("receive: cannot read '(01)': "));
  EXPECT_EQ(test::row_changes(before, dump()), "");

  receiver.receive("SN-2");
  const std::string full = dump();
  EXPECT_EQ(said("SN-3").what, "receive: " + m_po + " line 1 ordered 2, already received 2; refusing 1 more");
  EXPECT_EQ(test::row_changes(full, dump()), "");
}

TEST_F(ReceivingTest, ASessionSeesWhatAnotherSessionReceived) {
  Receiver one(db(), "ana", line(1));
  Receiver two(db(), "bob", line(1));
  one.receive("SN-1");
  const ReceivedUnit unit = two.receive("SN-2");
  EXPECT_EQ(unit.line_received, 2) << "two re-reads the line before each unit";
  EXPECT_EQ(refusal_of([&] { one.receive("SN-3"); }).what,
            "receive: " + m_po + " line 1 ordered 2, already received 2; refusing 1 more");
}

TEST_F(ReceivingTest, ASessionStopsWhenThePoIsClosedMeanwhile) {
  Receiver receiver(db(), "clerk", line(1));
  receiver.receive("SN-1");
  advance(m_po, {PoAction::close});
  const std::string before = dump();
  EXPECT_EQ(refusal_of([&] { receiver.receive("SN-2"); }).what,
            "receive: " + m_po + " is closed; only an ordered (or partially received) PO can be received against");
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(ReceivingTest, ABatchOfSerialsIsOneReceiptAndAllOrNothing) {
  test::insert_asset_as(db().connection(), "OLD-1", 1, 1, "in_stock");  // serial SN-OLD-1
  const std::string before = dump();
  test::Refusal r = refusal_of([&] { receive_serials(db(), "clerk", line(1), {}); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("receive: give at least one "));
  EXPECT_EQ(refusal_of([&] {
              receive_serials(db(), "clerk", line(1), {"A", "A"});
            }).what,
            "receive: serial 'A' is given twice");
  EXPECT_EQ(refusal_of([&] {
              receive_serials(db(), "clerk", line(1), {"A", "B", "C"});
            }).what,
            "receive: " + m_po + " line 1 ordered 2, already received 0; refusing 3 more");
  // The second serial exists: the first unit, already inserted, goes too.
  EXPECT_THAT(refusal_of([&] {
                receive_serials(db(), "clerk", line(1), {"A", "SN-OLD-1"});
              }).what,
              StartsWith("receive: serial 'SN-OLD-1' already exists for Dell"));
  EXPECT_EQ(refusal_of([&] { receive_serials(db(), "clerk", line(2), {"A"}); }).what.rfind("receive: ", 0), 0u);
  EXPECT_EQ(test::row_changes(before, dump()), "");

  // Serialized units need a location: given, or the configured default.
  r = refusal_of([&] { receive_serials(db(), "clerk", line(1, std::nullopt), {"A"}); });
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_EQ(r.field, "location");
  EXPECT_EQ(r.what,
            "receive: serialized units need a location to go to (or a default: `config set "
            "receiving.location LOCATION`)");
  EXPECT_EQ(test::row_changes(before, dump()), "");
  set_setting(db(), "t", "receiving.location", "WH1");
  const auto units = receive_serials(db(), "clerk", line(1, std::nullopt), {" A ", "B"});
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].asset.serial, "A") << "trimmed";
  EXPECT_EQ(units[0].asset.location, "WH1");
  EXPECT_EQ(units[0].line_received, 2) << "every unit reports the line after the batch";
  EXPECT_EQ(units[1].po_status, "partially_received");
  EXPECT_EQ(query_text(db().connection(),
                       "SELECT quantity || ' ' || coalesce(l.code, 'none') FROM receipt r "
                       "LEFT JOIN location l ON l.id = r.location_id"),
            "2 WH1");
}

TEST_F(ReceivingTest, BulkUnitsGoIntoStockWithAMovementAndAnEvent) {
  const BulkReceipt receipt = receive_bulk(db(), "clerk", line(2), 4);
  EXPECT_EQ(receipt.po, m_po);
  EXPECT_EQ(receipt.line, 2);
  EXPECT_EQ(receipt.model, "FS SFP");
  EXPECT_EQ(receipt.location, "WH1");
  EXPECT_EQ(receipt.quantity, 4);
  EXPECT_EQ(receipt.line_received, 4);
  EXPECT_EQ(receipt.line_ordered, 10);
  EXPECT_EQ(receipt.on_hand, 4);
  EXPECT_EQ(receipt.po_status, "partially_received");
  EXPECT_EQ(count("asset"), 0) << "bulk units are counted, not tagged";
  EXPECT_EQ(query_text(db().connection(),
                       "SELECT kind || ' ' || delta || ' ' || reason || ' ' || actor || ' ' || "
                       "(receipt_id IS NOT NULL) FROM stock_movement"),
            "receipt 4 " + m_po + " line 2 clerk 1");

  EventFilter f;
  f.entity = "stock";
  const auto events = list_events(db(), f);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "receive");
  EXPECT_EQ(events[0].entity_key, "FS SFP@WH1");
  EXPECT_TRUE(events[0].before.is_null());
  EXPECT_EQ(events[0].after, (Json{{"po", m_po}, {"line", 2}, {"quantity", 4}, {"location", "WH1"}, {"on_hand", 4}}));

  EXPECT_EQ(receive_bulk(db(), "clerk", line(2), 6).on_hand, 10);
  EXPECT_TRUE(stock_ledger_mismatches(db()).empty());
}

TEST_F(ReceivingTest, BulkRefusalsWriteNothing) {
  receive_bulk(db(), "clerk", line(2), 8);
  const std::string before = dump();
  const auto said = [&](const ReceiveTarget& target, std::int64_t quantity) {
    return refusal_of([&] { receive_bulk(db(), "clerk", target, quantity); });
  };
  test::Refusal r = said(line(2), 0);
  EXPECT_EQ(r.problem, Problem::invalid);
  EXPECT_THAT(r.what, StartsWith("receive: "));
  EXPECT_THAT(r.what, HasSubstr(" 0 must be a positive whole number"));
  EXPECT_THAT(said(line(2), -2).what, HasSubstr(" -2 must be a positive whole number"));
  EXPECT_EQ(said(line(2), 3).what, "receive: " + m_po + " line 2 ordered 10, already received 8; refusing 3 more");
  EXPECT_THAT(said(line(2, std::nullopt), 1).what, StartsWith("receive: bulk stock needs a "));
  EXPECT_THAT(said(line(1), 1).what,
              StartsWith("receive: " + m_po + " line 1 is Dell R640, a serialized model; receive it with "));
  EXPECT_THAT(said(line(2, std::string("WH9")), 1).what, StartsWith("unknown location 'WH9'"));
  EXPECT_EQ(said({"PO-2026-0999", 2, std::string("WH1")}, 1).problem, Problem::not_found);
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(ReceivingTest, AReceivedPoTakesNoMoreSessions) {
  receive_serials(db(), "clerk", line(1), {"A", "B"});
  receive_bulk(db(), "clerk", line(2), 10);
  // Line 3 (the service) is never received: the PO stays partially received
  // until it is closed; a closed PO takes nothing.
  advance(m_po, {PoAction::close});
  const std::string before = dump();
  EXPECT_EQ(refusal_of([&] { Receiver(db(), "clerk", line(1)); }).what,
            "receive: " + m_po + " is closed; only an ordered (or partially received) PO can be received against");
  EXPECT_EQ(refusal_of([&] { receive_bulk(db(), "clerk", line(2), 1); }).what,
            "receive: " + m_po + " is closed; only an ordered (or partially received) PO can be received against");
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

}  // namespace
}  // namespace tally
