// End-to-end tests of budgets (`budget set/show`) and the purchase order
// lifecycle (`po create/add-line/remove-line/submit/approve/order/cancel/
// close`): exact amounts, budget checks rolled up the org chart, and refusals
// (exit 1, a message naming the bad value or numbers, nothing written).

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

// The standard estate's checks include the ordered PO's total.
class Purchasing : public SandboxTest {
 protected:
  void standard_estate() { SandboxTest::standard_estate("34300.00"); }

  // A new PO for `team` with one line of `qty` servers at `unit_cost`, taken
  // to submitted; returns its number.
  std::string submitted_po(const std::string& team, const std::string& qty, const std::string& unit_cost) {
    const std::string number = ok_json({"po", "create", "--vendor", "Dell", "--team", team})["number"];
    ok_json({"po", "add-line", number, "--model", k_server, "--qty", qty, "--unit-cost", unit_cost});
    EXPECT_EQ(ok_json({"po", "submit", number})["status"], "submitted");
    return number;
  }

  // The `budget show` row of `team` (FY2026), or null.
  json budget_row(const std::string& team) {
    for (const auto& row : ok_json({"budget", "show", "--fy", "2026"})) {
      if (row["team"] == team) {
        return row;
      }
    }
    return nullptr;
  }
};

// ---------------------------------------------------------------- create

TEST_F(Purchasing, PoCreateGeneratesNumbersInSequence) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  // The estate's PO is PO-2026-0001; the next is 0002, then 0003.
  const json second = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"});
  EXPECT_EQ(second, json::parse(R"({"number":"PO-2026-0002","vendor":"Dell","team":"A-3","status":"draft",
                                   "fiscal_year":2026,"currency":"USD","total":"0.00","received_value":"0.00",
                                   "line_count":0,"units_ordered":0,"units_received":0,
                                   "created_at":"2026-11-27T09:15:00Z","override_reason":null,"lines":[]})"));
  const Result table = sb.tally({"po", "create", "--vendor", "FS.com", "--team", "a-2"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.rfind("number:           PO-2026-0003\n", 0), 0u) << table.out;
  EXPECT_TRUE(contains(table.out, "\nteam:             A-2\n")) << table.out;
  EXPECT_TRUE(contains(table.out, "\nstatus:           draft\n")) << table.out;
}

TEST_F(Purchasing, PoCreateFirstNumberOfTheYear) {
  ok_json({"vendor", "add", "Dell"});
  EXPECT_EQ(ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"], "PO-2026-0001");
  EXPECT_EQ(ok_json({"po", "create", "--vendor", "dell", "--team", "B-1", "--currency", "EUR"}),
            json::parse(R"({"number":"PO-2026-0002","vendor":"Dell","team":"B-1","status":"draft",
                            "fiscal_year":2026,"currency":"EUR","total":"0.00","received_value":"0.00",
                            "line_count":0,"units_ordered":0,"units_received":0,
                            "created_at":"2026-11-27T09:15:00Z","override_reason":null,"lines":[]})"));
}

TEST_F(Purchasing, PoCreateExplicitNumberAndDuplicateIsRefused) {
  ok_json({"vendor", "add", "Dell"});
  EXPECT_EQ(ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3", "--number", "PO-2026-0001"})["number"],
            "PO-2026-0001");
  EXPECT_EQ(ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3", "--number", "ACME-77"})["number"], "ACME-77");
  // The generator skips a number already taken by hand.
  EXPECT_EQ(ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"], "PO-2026-0002");

  std::string err = refused({"po", "create", "--vendor", "Dell", "--team", "A-3", "--number", "PO-2026-0001"});
  EXPECT_TRUE(contains(err, "purchase order PO-2026-0001 already exists")) << err;
  err = refused({"po", "create", "--vendor", "Dell", "--team", "A-3", "--number", "acme-77"});
  EXPECT_TRUE(contains(err, "purchase order ACME-77 already exists")) << err;
}

TEST_F(Purchasing, PoCreateUnknownVendorTeamOrBadCurrencyIsRefused) {
  ok_json({"vendor", "add", "Dell"});
  std::string err = refused({"po", "create", "--vendor", "Acme", "--team", "A-3"});
  EXPECT_TRUE(contains(err, "unknown vendor 'Acme'")) << err;
  err = refused({"po", "create", "--vendor", "Dell", "--team", "ZZ-9"});
  EXPECT_TRUE(contains(err, "unknown team 'ZZ-9'")) << err;
  err = refused({"po", "create", "--vendor", "Dell", "--team", "A-3", "--currency", "usd"});
  EXPECT_TRUE(contains(err, "--currency 'usd' must be an ISO 4217 code")) << err;
}

// ---------------------------------------------------------------- lines

TEST_F(Purchasing, AddLineParsesExactAmounts) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  ok_json({"po", "add-line", po, "--model", "dell poweredge r640", "--qty", "3", "--unit-cost", "1234.5"});
  const json shown = ok_json(
      {"po", "add-line", po, "--description", "Rack screws", "--qty", "7", "--unit-cost", "0.07", "--currency", "USD"});
  EXPECT_EQ(shown["total"], "3703.99");
  EXPECT_EQ(shown["line_count"], 2);
  EXPECT_EQ(shown["units_ordered"], 10);
  EXPECT_EQ(shown["lines"], json::parse(R"([
    {"line":1,"model":"Dell PowerEdge R640","description":null,"bulk":false,"ordered":3,"received":0,
     "outstanding":3,"unit_cost":"1234.50","total":"3703.50"},
    {"line":2,"model":null,"description":"Rack screws","bulk":false,"ordered":7,"received":0,
     "outstanding":7,"unit_cost":"0.07","total":"0.49"}])"));
  EXPECT_EQ(ok_json({"po", "show", po}), shown);
}

TEST_F(Purchasing, AddLineWithThreeDecimalsIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  for (const std::string amount : {"12.345", "1,234.00", "-5", "12.", ".5", "1e3"}) {
    const std::string err = refused({"po", "add-line", po, "--model", k_server, "--qty", "1", "--unit-cost", amount});
    EXPECT_TRUE(contains(err, "--unit-cost '" + amount + "' is not a non-negative USD amount with at most 2 decimals"))
        << err;
  }
  EXPECT_EQ(ok_json({"po", "show", po})["lines"], json::array());
}

TEST_F(Purchasing, AddLineZeroQuantityIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  const std::string err = refused({"po", "add-line", po, "--model", k_server, "--qty", "0", "--unit-cost", "10.00"});
  EXPECT_TRUE(contains(err, "--qty 0 must be a positive whole number")) << err;
}

TEST_F(Purchasing, AddLineNegativeQuantityIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  // CLI11 takes "-3" as the value; the library refuses it (exit 1, not 2).
  std::string err = refused({"po", "add-line", po, "--model", k_server, "--qty", "-3", "--unit-cost", "10.00"});
  EXPECT_TRUE(contains(err, "--qty -3 must be a positive whole number")) << err;
  err = refused({"po", "add-line", po, "--model", k_server, "--qty=-1", "--unit-cost", "10.00"});
  EXPECT_TRUE(contains(err, "--qty -1 must be a positive whole number")) << err;
}

// An invalid value is a refusal (exit 1) naming the option, since quantities are parsed strictly.
TEST_F(Purchasing, AddLineFractionalQuantityIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  const std::string err =
      refused({"po", "add-line", po, "--model", k_server, "--qty", "1.5", "--unit-cost", "10.00"}, 1);
  EXPECT_EQ(err, "tally: error: --qty: '1.5' is not a whole number from 1 to 1000000000\n");
}

TEST_F(Purchasing, AddLineInAnotherCurrencyIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  const std::string err =
      refused({"po", "add-line", po, "--model", k_server, "--qty", "1", "--unit-cost", "10.00", "--currency", "EUR"});
  EXPECT_TRUE(contains(err, po + " is in USD; a line in EUR would mix currencies on one PO")) << err;
}

TEST_F(Purchasing, AddLineUnknownModelOrPoIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  std::string err = refused({"po", "add-line", po, "--model", "Dell PowerEdge R999", "--qty", "1", "--unit-cost", "1"});
  EXPECT_TRUE(contains(err, "unknown model 'Dell PowerEdge R999'")) << err;
  err = refused({"po", "add-line", "PO-2026-0099", "--model", k_server, "--qty", "1", "--unit-cost", "1"});
  EXPECT_TRUE(contains(err, "unknown purchase order 'PO-2026-0099'")) << err;
}

TEST_F(Purchasing, AddLineOnANonDraftPoIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  std::string err = refused({"po", "add-line", k_po, "--model", k_server, "--qty", "1", "--unit-cost", "1.00"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 is ordered; lines can only be added to a draft")) << err;
  const std::string submitted = submitted_po("A-3", "1", "100.00");
  err = refused({"po", "add-line", submitted, "--model", k_server, "--qty", "1", "--unit-cost", "1.00"});
  EXPECT_TRUE(contains(err, submitted + " is submitted; lines can only be added to a draft")) << err;
}

TEST_F(Purchasing, RemoveLineInDraft) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  ok_json({"po", "add-line", po, "--model", k_server, "--qty", "2", "--unit-cost", "100.00"});
  ok_json({"po", "add-line", po, "--model", k_optic, "--qty", "10", "--unit-cost", "5.00"});
  const json after = ok_json({"po", "remove-line", po, "1"});
  EXPECT_EQ(after["total"], "50.00");
  EXPECT_EQ(after["lines"], json::parse(R"([
    {"line":2,"model":"FS.com SFP-10G-SR","description":null,"bulk":true,"ordered":10,"received":0,
     "outstanding":10,"unit_cost":"5.00","total":"50.00"}])"));
  const json log = ok_json({"log", "--entity", "purchase_order", "--key", po});
  ASSERT_EQ(log.size(), 4u) << log.dump();
  EXPECT_EQ(log[3]["action"], "remove-line");
  EXPECT_EQ(log[3]["before"], json::parse(R"({"line":1,"model":"Dell PowerEdge R640","description":null,
                                              "quantity":2,"unit_cost":"100.00"})"));
  EXPECT_EQ(log[3]["after"], nullptr);
}

TEST_F(Purchasing, RemoveUnknownLineIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  ok_json({"po", "add-line", po, "--model", k_server, "--qty", "2", "--unit-cost", "100.00"});
  const std::string err = refused({"po", "remove-line", po, "7"});
  EXPECT_TRUE(contains(err, po + " has no line 7")) << err;
}

TEST_F(Purchasing, RemoveLineOfANonDraftPoIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string err = refused({"po", "remove-line", k_po, "1"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 is ordered; lines can only be removed from a draft")) << err;
}

// BUG: a line's total is quantity x unit cost in 64-bit integers with no
// overflow check. 9223372036 units at 10000000000.00 overflow it; the PO then
// shows a negative total (-8547758080.00) and approve takes it as fitting a
// 100000.00 budget. Expected: the line (or at the latest the approval) is
// refused, nothing written.
TEST_F(Purchasing, AddLineWhoseTotalOverflowsIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  refused({"po", "add-line", po, "--description", "huge", "--qty", "9223372036", "--unit-cost", "10000000000.00"});
}

// ---------------------------------------------------------------- transitions

TEST_F(Purchasing, SubmitOfAnEmptyPoIsRefused) {
  ok_json({"vendor", "add", "Dell"});
  ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"});
  const std::string err = refused({"po", "submit", "PO-2026-0001"});
  EXPECT_TRUE(contains(err, "po submit: PO-2026-0001 has no lines")) << err;
}

TEST_F(Purchasing, TransitionsFromTheWrongStateAreRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string draft = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  ok_json({"po", "add-line", draft, "--model", k_server, "--qty", "1", "--unit-cost", "100.00"});

  std::string err = refused({"po", "order", draft});
  EXPECT_TRUE(contains(err, "po order: " + draft + " is draft; it can move to submitted, cancelled")) << err;
  err = refused({"po", "approve", "--actor", "approver", draft});
  EXPECT_TRUE(contains(err, "po approve: " + draft + " is draft; it can move to submitted, cancelled")) << err;
  err = refused({"po", "close", draft});
  EXPECT_TRUE(contains(err, "po close: " + draft + " is draft; it can move to submitted, cancelled")) << err;

  ok_json({"po", "submit", draft});
  err = refused({"po", "submit", draft});
  EXPECT_TRUE(contains(err, "po submit: " + draft + " is submitted; it can move to draft, approved, cancelled"))
      << err;
  err = refused({"po", "order", draft});
  EXPECT_TRUE(contains(err, "po order: " + draft + " is submitted; it can move to draft, approved, cancelled"))
      << err;

  err = refused({"po", "approve", "--actor", "approver", k_po});
  EXPECT_TRUE(contains(err,
                       "po approve: PO-2026-0001 is ordered; it can move to partially_received, received, "
                       "cancelled"))
      << err;
  err = refused({"po", "close", k_po});
  EXPECT_TRUE(contains(err,
                       "po close: PO-2026-0001 is ordered; it can move to partially_received, received, "
                       "cancelled"))
      << err;

  ok_json({"po", "cancel", k_po});
  err = refused({"po", "cancel", k_po});
  EXPECT_TRUE(contains(err, "po cancel: PO-2026-0001 is cancelled; it can move to none (it is final)")) << err;
}

TEST_F(Purchasing, ApproveOverBudgetIsRefusedWithTheFigures) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  // One server received: spent 8450.00, committed 34300.00 - 8450.00 = 25850.00,
  // remaining 100000.00 - 34300.00 = 65700.00.
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1"});
  // 8 x 8450.00 = 67600.00 > 65700.00.
  const std::string po = submitted_po("A-3", "8", "8450.00");
  const std::string err = refused({"po", "approve", "--actor", "approver", po});
  EXPECT_TRUE(contains(err, "approve: " + po + " total 67600.00 USD exceeds what is left of A-3's FY2026 budget"))
      << err;
  EXPECT_TRUE(contains(err, "budget 100000.00, committed 25850.00, spent 8450.00, remaining 65700.00")) << err;
  EXPECT_TRUE(contains(err, "--override --reason")) << err;
  EXPECT_EQ(ok_json({"po", "show", po})["status"], "submitted");
}

TEST_F(Purchasing, ApproveExactlyTheRemainingBudget) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  // remaining 65700.00 = 6 x 10950.00
  const std::string po = submitted_po("A-3", "6", "10950.00");
  const json approved = ok_json({"po", "approve", "--actor", "approver", po});
  EXPECT_EQ(approved["status"], "approved");
  EXPECT_EQ(approved["override_reason"], nullptr);
  EXPECT_EQ(budget_row("A-3")["remaining"], "0.00");
}

TEST_F(Purchasing, ApproveOverrideNeedsAReason) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = submitted_po("A-3", "8", "8450.00");
  std::string err = refused({"po", "approve", "--actor", "approver", po, "--override"});
  EXPECT_TRUE(contains(err, "po approve: --override needs --reason TEXT")) << err;
  err = refused({"po", "approve", "--actor", "approver", po, "--override", "--reason", "   "});
  EXPECT_TRUE(contains(err, "po approve: --override needs --reason TEXT")) << err;

  const json approved = ok_json({"po", "approve", "--actor", "approver", po, "--override", "--reason", "CFO signed off"});
  EXPECT_EQ(approved["status"], "approved");
  EXPECT_EQ(approved["override_reason"], "CFO signed off");
  EXPECT_EQ(ok_json({"po", "show", po})["override_reason"], "CFO signed off");

  const json log = ok_json({"log", "--entity", "purchase_order", "--key", po});
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back()["action"], "approve");
  EXPECT_EQ(log.back()["before"], json::parse(R"({"status":"submitted"})"));
  EXPECT_EQ(log.back()["after"],
            json::parse(R"({"status":"approved","reason":"CFO signed off","budget_override":true})"));

  // The budget now shows the overrun: 34300.00 + 67600.00 committed.
  const json row = budget_row("A-3");
  EXPECT_EQ(row["committed"], "101900.00");
  EXPECT_EQ(row["remaining"], "-1900.00");
}

TEST_F(Purchasing, ApproveWithNoBudgetOnThePathIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  // B-1 is under 1B; neither has a budget (A-3's does not count).
  const std::string po = submitted_po("B-1", "1", "100.00");
  const std::string err = refused({"po", "approve", "--actor", "approver", po});
  EXPECT_TRUE(contains(err, "approve: " + po +
                                " (100.00 USD) has no budget to draw on: neither B-1 nor a unit "
                                "above it has a budget for FY2026"))
      << err;
}

TEST_F(Purchasing, ApproveInAnotherCurrencyThanTheBudgetIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3", "--currency", "EUR"})["number"];
  ok_json({"po", "add-line", po, "--model", k_server, "--qty", "1", "--unit-cost", "1.00"});
  ok_json({"po", "submit", po});
  const std::string err = refused({"po", "approve", "--actor", "approver", po});
  EXPECT_TRUE(contains(err, po + " is in EUR but A-3's FY2026 budget is in USD")) << err;
}

TEST_F(Purchasing, DivisionBudgetCoversATeamWithoutOne) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  // A-2 has no budget of its own; its division 1A does not either, yet.
  const std::string po = submitted_po("A-2", "2", "1000.00");
  std::string err = refused({"po", "approve", "--actor", "approver", po});
  EXPECT_TRUE(contains(err, "neither A-2 nor a unit above it has a budget for FY2026")) << err;

  // 1A's budget counts every PO below it: A-3's 34300.00 is committed already,
  // so 36000.00 leaves 1700.00, less than this PO's 2000.00.
  ok_json({"budget", "set", "1A", "2026", "36000.00"});
  err = refused({"po", "approve", "--actor", "approver", po});
  EXPECT_TRUE(contains(err, "approve: " + po +
                                " total 2000.00 USD exceeds what is left of 1A's FY2026 budget: "
                                "budget 36000.00, committed 34300.00, spent 0.00, remaining 1700.00"))
      << err;

  ok_json({"budget", "set", "1A", "2026", "36300.00"});
  EXPECT_EQ(ok_json({"po", "approve", "--actor", "approver", po})["status"], "approved");
  EXPECT_EQ(budget_row("1A")["remaining"], "0.00");
}

TEST_F(Purchasing, DivisionBudgetRefusesEvenWhenTheTeamBudgetFits) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"budget", "set", "1A", "2026", "40000.00"});
  // A-3 has 65700.00 left, but 1A only 40000.00 - 34300.00 = 5700.00.
  const std::string po = submitted_po("A-3", "1", "5700.01");
  const std::string err = refused({"po", "approve", "--actor", "approver", po});
  EXPECT_TRUE(contains(err,
                       "exceeds what is left of 1A's FY2026 budget: budget 40000.00, committed 34300.00, "
                       "spent 0.00, remaining 5700.00"))
      << err;
}

// ---------------------------------------------------------------- budgets

TEST_F(Purchasing, BudgetSetPrintsTheLine) {
  EXPECT_EQ(ok_json({"budget", "set", "a-3", "2026", "250000"}),
            json::parse(R"({"team":"A-3","name":"Server Hardware Setup","parent":"1A","fiscal_year":2026,
                            "currency":"USD","budget":"250000.00","committed":"0.00","spent":"0.00",
                            "remaining":"250000.00"})"));
  std::string err = refused({"budget", "set", "A-3", "2026", "12.345"});
  EXPECT_TRUE(contains(err, "amount '12.345' is not a non-negative USD amount")) << err;
  err = refused({"budget", "set", "ZZ-9", "2026", "1.00"});
  EXPECT_TRUE(contains(err, "unknown team 'ZZ-9'")) << err;
}

TEST_F(Purchasing, BudgetShowRollsCommittedAndSpentUpTheChart) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"budget", "set", "1A", "2026", "250000.00"});
  // A-2 (no budget of its own, under 1A): one approved PO of 5000.00.
  const std::string a2 = submitted_po("A-2", "1", "5000.00");
  ok_json({"po", "approve", "--actor", "approver", a2});
  // Not counted: a draft and a submitted PO of A-3, a cancelled one, and a
  // PO of B-1 (outside 1A), and a PO of A-3 in another fiscal year.
  const std::string draft = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  ok_json({"po", "add-line", draft, "--model", k_server, "--qty", "1", "--unit-cost", "111.00"});
  submitted_po("A-3", "1", "222.00");
  const std::string cancelled = submitted_po("A-3", "1", "333.00");
  ok_json({"po", "approve", "--actor", "approver", cancelled});
  ok_json({"po", "cancel", cancelled});
  const std::string b1 = submitted_po("B-1", "1", "444.00");
  ok_json({"po", "approve", "--actor", "approver", b1, "--override", "--reason", "no budget yet"});
  const std::string fy27 = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3", "--fy", "2027"})["number"];
  ok_json({"po", "add-line", fy27, "--model", k_server, "--qty", "1", "--unit-cost", "555.00"});
  ok_json({"po", "submit", fy27});
  ok_json({"po", "approve", "--actor", "approver", fy27, "--override", "--reason", "next year"});

  // A-3 receives 2 servers (16900.00) and 10 optics (125.00).
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1", "--serial", "S2"});
  ok_json({"receive", k_po, "--line", "2", "--location", "WH1-BIN", "--qty", "10"});

  // A-3: committed 34300.00 - 17025.00 = 17275.00, spent 17025.00,
  //      remaining 100000.00 - 34300.00 = 65700.00.
  // A-2: committed 5000.00, no budget.
  // 1A:  committed 17275.00 + 5000.00 = 22275.00, spent 17025.00,
  //      remaining 250000.00 - 39300.00 = 210700.00.
  EXPECT_EQ(ok_json({"budget", "show", "1A", "--fy", "2026"}), json::parse(R"([
    {"team":"1A","name":"Facilities & Physical Infrastructure","parent":null,"fiscal_year":2026,"currency":"USD",
     "budget":"250000.00","committed":"22275.00","spent":"17025.00","remaining":"210700.00"},
    {"team":"A-2","name":"Inventory & Warehousing","parent":"1A","fiscal_year":2026,"currency":"USD",
     "budget":null,"committed":"5000.00","spent":"0.00","remaining":null},
    {"team":"A-3","name":"Server Hardware Setup","parent":"1A","fiscal_year":2026,"currency":"USD",
     "budget":"100000.00","committed":"17275.00","spent":"17025.00","remaining":"65700.00"}])"));

  // Without a team: every unit with a budget or money in the year, B-1's
  // overridden PO rolled into 1B.
  const json all = ok_json({"budget", "show", "--fy", "2026"});
  std::vector<std::string> teams;
  for (const auto& row : all) {
    teams.push_back(row["team"]);
  }
  EXPECT_EQ(teams, (std::vector<std::string>{"1A", "A-2", "A-3", "1B", "B-1"}));
  EXPECT_EQ(all[3]["committed"], "444.00");
  EXPECT_EQ(all[3]["budget"], nullptr);
  EXPECT_EQ(all[4]["committed"], "444.00");

  // The other year holds only the FY2027 PO.
  EXPECT_EQ(ok_json({"budget", "show", "A-3", "--fy", "2027"}), json::parse(R"([
    {"team":"A-3","name":"Server Hardware Setup","parent":"1A","fiscal_year":2027,"currency":"USD",
     "budget":null,"committed":"555.00","spent":"0.00","remaining":null}])"));
}

// ---------------------------------------------------------------- cancel, close

// A PO closed short takes the late unit once reopened (with a reason): the
// budget commits the outstanding units again and the history says why.
TEST_F(Purchasing, ReopenAShortClosedPoForALateUnit) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1"});
  ok_json({"po", "close", k_po, "--reason", "vendor cannot deliver the rest"});
  EXPECT_EQ(budget_row("A-3")["committed"], "0.00");
  std::string err = refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S2"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 is closed")) << err;

  err = refused({"po", "reopen", k_po});
  EXPECT_EQ(err, "tally: error: po reopen: --reason TEXT is required: say why (it is kept in the history)\n");
  const json reopened = ok_json({"po", "reopen", k_po, "--reason", "the last units arrived after all"});
  EXPECT_EQ(reopened["status"], "partially_received");
  EXPECT_EQ(budget_row("A-3")["committed"], "25850.00");  // 3 x 8450.00 + 40 x 12.50 outstanding again
  const json log = ok_json({"log", "--entity", "purchase_order", "--key", k_po});
  EXPECT_EQ(log.back()["action"], "reopen");
  EXPECT_EQ(log.back()["before"], json::parse(R"({"status":"closed"})"));
  EXPECT_EQ(log.back()["after"],
            json::parse(R"({"status":"partially_received","reason":"the last units arrived after all"})"));
  const json late = ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S2"});
  EXPECT_EQ(late[0]["serial"], "S2");
}

TEST_F(Purchasing, ReopenNeedsAClosedPoWithUnitsOutstanding) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  std::string err = refused({"po", "reopen", k_po, "--reason", "x"});
  EXPECT_EQ(err, "tally: error: po reopen: PO-2026-0001 is ordered; only a closed PO is reopened\n");
  for (const char* serial : {"S1", "S2", "S3", "S4"}) {
    ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", serial});
  }
  ok_json({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "40"});
  ok_json({"po", "close", k_po});
  err = refused({"po", "reopen", k_po, "--reason", "x"});
  EXPECT_EQ(err, "tally: error: po reopen: every line of PO-2026-0001 is fully received; there is nothing to reopen "
                 "for\n");
}

// An approver sends a submitted PO back as a draft; the requester changes it
// and submits it again.
TEST_F(Purchasing, RejectASubmittedPoBackToDraft) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"];
  ok_json({"po", "add-line", po, "--model", k_server, "--qty", "2", "--unit-cost", "100.00"});
  std::string err = refused({"po", "reject", po, "--reason", "x"});
  EXPECT_EQ(err, "tally: error: po reject: " + po + " is draft; it can move to submitted, cancelled\n");
  ok_json({"po", "submit", po});
  err = refused({"po", "reject", po, "--reason", "  "});
  EXPECT_EQ(err, "tally: error: po reject: --reason TEXT is required: say why (it is kept in the history)\n");
  const json rejected = ok_json({"po", "reject", po, "--reason", "one unit is enough"});
  EXPECT_EQ(rejected["status"], "draft");
  ok_json({"po", "remove-line", po, "1"});
  ok_json({"po", "add-line", po, "--model", k_server, "--qty", "1", "--unit-cost", "100.00"});
  EXPECT_EQ(ok_json({"po", "submit", po})["status"], "submitted");
  const json log = ok_json({"log", "--entity", "purchase_order", "--key", po});
  std::vector<std::string> actions;
  for (const auto& e : log) {
    actions.push_back(e["action"]);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "add-line", "submit", "reject", "remove-line", "add-line",
                                               "submit"}));
  ok_json({"po", "approve", "--actor", "approver", po});
  err = refused({"po", "reject", po, "--reason", "x"});
  EXPECT_EQ(err, "tally: error: po reject: " + po + " is approved; it can move to ordered, cancelled\n");
}

TEST_F(Purchasing, CancelBeforeAnyReceipt) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  EXPECT_EQ(budget_row("A-3")["committed"], "34300.00");
  const json cancelled = ok_json({"po", "cancel", k_po, "--reason", "duplicate"});
  EXPECT_EQ(cancelled["status"], "cancelled");
  const json row = budget_row("A-3");
  EXPECT_EQ(row["committed"], "0.00");
  EXPECT_EQ(row["spent"], "0.00");
  EXPECT_EQ(row["remaining"], "100000.00");
  const json log = ok_json({"log", "--entity", "purchase_order", "--key", k_po});
  EXPECT_EQ(log.back()["action"], "cancel");
  EXPECT_EQ(log.back()["after"], json::parse(R"({"status":"cancelled","reason":"duplicate"})"));
  // Nothing can be received on it any more.
  const std::string err = refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 is cancelled")) << err;
}

TEST_F(Purchasing, CancelAfterAPartialReceiptIsRefused) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1"});
  const std::string err = refused({"po", "cancel", k_po});
  EXPECT_TRUE(contains(err, "po cancel: PO-2026-0001 is partially_received; it can move to received, closed")) << err;
  EXPECT_TRUE(contains(err, "close it instead")) << err;
}

TEST_F(Purchasing, ShortCloseOfAPartiallyReceivedPo) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1"});
  ok_json({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "10"});
  json row = budget_row("A-3");
  EXPECT_EQ(row["committed"], "25725.00");  // 3 x 8450.00 + 30 x 12.50
  EXPECT_EQ(row["spent"], "8575.00");       // 8450.00 + 10 x 12.50

  const json closed = ok_json({"po", "close", k_po, "--reason", "vendor cannot deliver the rest"});
  EXPECT_EQ(closed["status"], "closed");
  EXPECT_EQ(closed["units_received"], 11);
  EXPECT_EQ(closed["received_value"], "8575.00");
  row = budget_row("A-3");
  EXPECT_EQ(row["committed"], "0.00");
  EXPECT_EQ(row["spent"], "8575.00");
  EXPECT_EQ(row["remaining"], "91425.00");

  const std::string err = refused({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S2"});
  EXPECT_TRUE(contains(err, "PO-2026-0001 is closed")) << err;
}

TEST_F(Purchasing, CloseAFullyReceivedPo) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  ok_json({"receive", k_po, "--line", "2", "--location", "WH1", "--qty", "40"});
  ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1", "--serial", "S2", "--serial", "S3",
           "--serial", "S4"});
  EXPECT_EQ(ok_json({"po", "show", k_po})["status"], "received");
  EXPECT_EQ(ok_json({"po", "close", k_po})["status"], "closed");
  const json row = budget_row("A-3");
  EXPECT_EQ(row["committed"], "0.00");
  EXPECT_EQ(row["spent"], "34300.00");
  EXPECT_EQ(row["remaining"], "65700.00");
}

TEST_F(Purchasing, PoListFilters) {
  ASSERT_NO_FATAL_FAILURE(standard_estate());
  const std::string a2 = submitted_po("A-2", "1", "10.00");
  ok_json({"vendor", "add", "CDW", "--supplier"});
  const std::string cdw = ok_json({"po", "create", "--vendor", "CDW", "--team", "B-1"})["number"];
  auto numbers = [](const json& list) {
    std::vector<std::string> out;
    for (const auto& po : list) {
      out.push_back(po["number"]);
    }
    return out;
  };
  EXPECT_EQ(numbers(ok_json({"po", "list"})), (std::vector<std::string>{k_po, a2, cdw}));
  EXPECT_EQ(numbers(ok_json({"po", "list", "--status", "submitted"})), (std::vector<std::string>{a2}));
  EXPECT_EQ(numbers(ok_json({"po", "list", "--team", "1A"})), (std::vector<std::string>{k_po, a2}));
  EXPECT_EQ(numbers(ok_json({"po", "list", "--vendor", "cdw"})), (std::vector<std::string>{cdw}));
  refused({"po", "list", "--status", "shipped"}, 2);
}

}  // namespace
}  // namespace tally::e2e
