#include "assets.hpp"
#include "budgets.hpp"
#include "error.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "purchasing.hpp"
#include "receiving.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"
#include "vendors.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

using test::refusal;

class PurchasingTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_warehouse(db(), "WH1");
    test::seed_vendors(db(), {"Dell"});
    test::seed_vendors(db(), {"FS"});
    NewModel server = test::model_of("Dell", "R640", "server");
    server.warranty_months = 1;
    server.gtin = "09506000134352";
    add_model(db(), "t", server);
    NewModel optic = test::model_of("FS", "SFP", "optic");
    optic.bulk = true;
    add_model(db(), "t", optic);
  }

  // A PO of `team` with 2 servers at 1000.00 and 10 optics at 5.00 (2050.00).
  std::string make_po(const std::string& team) {
    NewPurchaseOrder po;
    po.vendor = "Dell";
    po.team = team;
    const std::string number = create_po(db(), "t", po).number;
    add_po_line(db(), "t", {number, std::string("Dell R640"), std::nullopt, 2, "1000.00", std::nullopt});
    add_po_line(db(), "t", {number, std::string("FS SFP"), std::nullopt, 10, "5", std::nullopt});
    return number;
  }

  void advance(const std::string& po, std::initializer_list<PoAction> actions) {
    for (PoAction a : actions) {
      PoTransitionRequest r;
      r.po = po;
      r.action = a;
      transition_po(db(), a == PoAction::approve ? "approver" : "t", r);
    }
  }
};

TEST_F(PurchasingTest, NumbersAreGeneratedPerYear) {
  NewPurchaseOrder po;
  po.vendor = "Dell";
  po.team = "A-3";
  EXPECT_EQ(create_po(db(), "t", po).number, "PO-2026-0001");
  po.number = "PO-2026-0002";
  create_po(db(), "t", po);
  po.number.reset();
  EXPECT_EQ(create_po(db(), "t", po).number, "PO-2026-0003") << "a number taken by hand is skipped";
}

TEST_F(PurchasingTest, ApprovalChecksEveryBudgetUpTheChart) {
  set_budget(db(), "t", "1A", 2026, "3000.00", "USD");
  set_budget(db(), "t", "A-3", 2026, "2500.00", "USD");
  const std::string first = make_po("A-3");
  advance(first, {PoAction::submit, PoAction::approve});
  // The second PO no longer fits A-3 (2500 - 2050 = 450 left), checked before 1A.
  const std::string second = make_po("A-3");
  advance(second, {PoAction::submit});
  PoTransitionRequest approve{second, PoAction::approve, std::nullopt, false};
  EXPECT_EQ(refusal([&] { transition_po(db(), "approver", approve); }),
            "approve: " + second +
                " total 2050.00 USD exceeds what is left of A-3's FY2026 budget: budget 2500.00, "
                "committed 2050.00, spent 0.00, remaining 450.00; use override reason TEXT to approve anyway");
  // A-1 has no budget of its own: 1A's budget applies, with A-3's commitment in it.
  const std::string third = make_po("A-1");
  advance(third, {PoAction::submit});
  approve.po = third;
  EXPECT_EQ(refusal([&] { transition_po(db(), "approver", approve); }),
            "approve: " + third +
                " total 2050.00 USD exceeds what is left of 1A's FY2026 budget: budget 3000.00, "
                "committed 2050.00, spent 0.00, remaining 950.00; use override reason TEXT to approve anyway");
  approve.override_budget = true;
  approve.reason = "CFO signed";
  EXPECT_EQ(transition_po(db(), "approver", approve).override_reason, std::optional<std::string>("CFO signed"));
}

TEST_F(PurchasingTest, BudgetReportRollsUpAndCountsReceipts) {
  set_budget(db(), "t", "A-3", 2026, "10000", "USD");
  const std::string po = make_po("A-3");
  advance(po, {PoAction::submit, PoAction::approve, PoAction::order});
  Receiver receiver(db(), "clerk", {po, 1, std::string("WH1")});
  receiver.receive("SN1");
  receive_bulk(db(), "clerk", {po, 2, std::string("WH1")}, 4);

  const auto lines = budget_report(db(), std::string("1A"), 2026);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].team, "1A");
  EXPECT_FALSE(lines[0].budget_minor);
  EXPECT_EQ(lines[0].spent_minor, 100000 + 2000);      // one server, four optics
  EXPECT_EQ(lines[0].committed_minor, 100000 + 3000);  // one server, six optics
  EXPECT_EQ(lines[1].team, "A-3");
  EXPECT_EQ(lines[1].remaining_minor(), 1000000 - 102000 - 103000);
  EXPECT_TRUE(budget_report(db(), std::string("1B"), 2026).empty());
  EXPECT_TRUE(budget_report(db(), std::nullopt, 2025).empty());
}

TEST_F(PurchasingTest, TransitionsFollowTheSchemaTable) {
  const std::string po = make_po("A-3");
  PoTransitionRequest order{po, PoAction::order, std::nullopt, false};
  EXPECT_EQ(refusal([&] { transition_po(db(), "t", order); }),
            "po order: " + po + " is draft; it can move to submitted, cancelled");
  advance(po, {PoAction::cancel});
  PoTransitionRequest submit{po, PoAction::submit, std::nullopt, false};
  EXPECT_EQ(refusal([&] { transition_po(db(), "t", submit); }),
            "po submit: " + po + " is cancelled; it can move to none (it is final)");
}

TEST_F(PurchasingTest, ReceivingTagsUnitsAndCompletesThePo) {
  set_budget(db(), "t", "A-3", 2026, "10000", "USD");
  const std::string po = make_po("A-3");
  advance(po, {PoAction::submit, PoAction::approve, PoAction::order});
  Receiver receiver(db(), "clerk", {po, 1, std::string("WH1")});
  const ReceivedUnit first = receiver.receive("(01)09506000134352(21)SN1");
  EXPECT_EQ(first.asset.tag, "AT-00000013");
  EXPECT_EQ(first.asset.serial, "SN1");
  EXPECT_EQ(first.asset.warranty_ends, std::optional<std::string>("2026-12-27"));
  EXPECT_EQ(first.po_status, "partially_received");
  EXPECT_EQ(refusal([&] { receiver.receive("SN1"); }), "receive: serial 'SN1' already exists for Dell (AT-00000013)");
  EXPECT_EQ(refusal([&] { receiver.receive("(01)04006381333931(21)SN2"); }),
            "receive: code '(01)04006381333931(21)SN2' has GTIN 04006381333931 but line 1 is Dell R640 with GTIN "
            "09506000134352");
  const ReceivedUnit second = receiver.receive("SN2");
  EXPECT_EQ(second.line_received, 2);
  EXPECT_EQ(refusal([&] { receiver.receive("SN3"); }),
            "receive: " + po + " line 1 ordered 2, already received 2; refusing 1 more");
  EXPECT_EQ(receive_bulk(db(), "clerk", {po, 2, std::string("WH1")}, 10).po_status, "received");
  EXPECT_EQ(show_po(db(), po).status, "received");
  EXPECT_EQ(resolve_asset(db(), "SN2").tag, second.asset.tag);
  EXPECT_EQ(refusal([&] { resolve_asset(db(), "AT-00000014"); }),
            "asset: 'AT-00000014' has a wrong check digit; it is not a valid tag (mistyped?)");
}

TEST_F(PurchasingTest, BatchReceiptIsAllOrNothing) {
  set_budget(db(), "t", "A-3", 2026, "10000", "USD");
  const std::string po = make_po("A-3");
  advance(po, {PoAction::submit, PoAction::approve, PoAction::order});
  const auto assets = count("asset");
  const auto events = count("event");
  EXPECT_EQ(refusal([&] {
              receive_serials(db(), "clerk", {po, 1, std::string("WH1")}, {"A", "A"});
            }),
            "receive: serial 'A' is given twice");
  EXPECT_EQ(refusal([&] {
              receive_serials(db(), "clerk", {po, 1, std::string("WH1")}, {"A", "B", "C"});
            }),
            "receive: " + po + " line 1 ordered 2, already received 0; refusing 3 more");
  EXPECT_EQ(refusal([&] {
              receive_bulk(db(), "clerk", {po, 2, std::nullopt}, 1);
            }),
            "receive: bulk stock needs a location to count it at");
  EXPECT_EQ(count("asset"), assets);
  EXPECT_EQ(count("event"), events);
  EXPECT_EQ(count("receipt"), 0);
  EXPECT_EQ(receive_serials(db(), "clerk", {po, 1, std::string("WH1")}, {"A", "B"}).size(), 2u);
  EXPECT_EQ(count("receipt"), 1) << "one receipt for the batch";
}

TEST_F(PurchasingTest, ModelsResolveByNamePartNumberAndGtin) {
  EXPECT_EQ(resolve_model(db(), "dell r640").name, "R640");
  EXPECT_EQ(resolve_model(db(), "R640").name, "R640");
  EXPECT_EQ(resolve_model(db(), "9506000134352").name, "R640") << "GTIN-13 form of the GTIN-14";
  EXPECT_EQ(refusal([&] { resolve_model(db(), "R650"); }),
            "unknown model 'R650'; give \"MANUFACTURER MODEL\" as in `model list`");
}

}  // namespace
}  // namespace tally
