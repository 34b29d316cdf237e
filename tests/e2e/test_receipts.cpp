// End-to-end tests of `tally receipt void` (a receipt reversal: the line's
// count, the budget and the stock ledger corrected by new rows, the units
// taken back final with their tags kept) and of the receiving location that
// serialized units now need (`--location` or `receiving.location`).

#include "harness.hpp"

#include <algorithm>

namespace tally::e2e {
namespace {

using json = nlohmann::json;

// The standard estate fully received: four servers (SN1-SN4) at WH1 in one
// receipt, forty optics at WH1-BIN; the PO is received.
class Receipts : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    for (const auto& unit : ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "SN1", "--serial",
                                     "SN2", "--serial", "SN3", "--serial", "SN4"})) {
      tags.push_back(unit["tag"].get<std::string>());
    }
    ASSERT_EQ(ok_json({"receive", k_po, "--line", "2", "--location", "WH1-BIN", "--qty", "40"})["po_status"],
              "received");
  }

  // The A-3 row of `budget show` for FY2026.
  json budget_a3() const {
    for (const auto& row : ok_json({"budget", "show", "--fy", "2026"})) {
      if (row["team"] == "A-3") {
        return row;
      }
    }
    return nullptr;
  }

  json budget(const std::string& committed, const std::string& spent) const {
    return json::parse(R"({"team":"A-3","name":"Server Hardware Setup","parent":"1A","fiscal_year":2026,
        "currency":"USD","budget":"100000.00","committed":")" +
                       committed + R"(","spent":")" + spent + R"(","remaining":"65700.00"})");
  }

  std::vector<std::string> tags;
};

TEST_F(Receipts, AServerReceivedByMistakeIsTakenBack) {
  // Received in full: spent 4 x 8450.00 + 40 x 12.50 = 34300.00, nothing committed.
  EXPECT_EQ(budget_a3(), budget("0.00", "34300.00"));
  const json voided = ok_json({"receipt", "void", k_po, "1", "SN2", "--reason", "scanned from the wrong pallet"});
  EXPECT_EQ(voided, json::parse(R"({"po":"PO-2026-0001","line":1,"model":"Dell PowerEdge R640","quantity":1,
      "line_received":3,"line_ordered":4,"po_status":"partially_received","reason":"scanned from the wrong pallet",
      "assets":[")" + tags[1] + R"("]})"));
  // The line holds 3 again: spent 3 x 8450.00 + 500.00 = 25850.00; the unit
  // is expected again: committed 8450.00.
  EXPECT_EQ(budget_a3(), budget("8450.00", "25850.00"));
  EXPECT_EQ(sb.sqlite("SELECT line_no, received FROM po_line ORDER BY line_no").out, "1|3\n2|40\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*), sum(quantity) FROM receipt").out, "2|44\n");
  EXPECT_EQ(sb.sqlite("SELECT po_line_id, quantity, reason, reversed_at, reversed_by, movement_id IS NULL "
                      "FROM receipt_reversal")
                .out,
            "1|1|scanned from the wrong pallet|2026-11-27T09:15:00Z|tester|1\n");
  EXPECT_EQ(ok_json({"po", "show", k_po})["status"], "partially_received");

  const json asset = ok_json({"asset", "show", tags[1]});
  EXPECT_EQ(asset["status"], "returned_to_vendor");
  EXPECT_EQ(asset["serial"], "SN2");
  const json event = ok_json({"asset", "history", tags[1]}).back();
  EXPECT_EQ(event["action"], "receipt-void");
  EXPECT_EQ(event["before"], json::parse(R"({"status":"in_stock"})"));
  EXPECT_EQ(event["after"], json::parse(R"({"status":"returned_to_vendor","po":"PO-2026-0001","line":1,
      "reason":"scanned from the wrong pallet"})"));
  const json po_event = ok_json({"log", "--entity", "purchase_order", "--key", k_po}).back();
  EXPECT_EQ(po_event["action"], "receipt-void");
  EXPECT_EQ(po_event["before"], json::parse(R"({"line":1,"received":4,"status":"received"})"));
  EXPECT_EQ(po_event["after"], json::parse(R"({"line":1,"received":3,"status":"partially_received","quantity":1,
      "reason":"scanned from the wrong pallet","assets":[")" +
                                           tags[1] + R"("]})"));

  // The unit taken back is final; the right one is received in its place
  // with a new tag (the old one is never reused).
  EXPECT_EQ(refused({"asset", "move", tags[1], "--to", "WH1-BIN"}),
            "tally: error: asset " + tags[1] + " is returned_to_vendor, which is final: it cannot change any more\n");
  const json replacement = ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "SN5"});
  const std::string new_tag = replacement[0]["tag"];
  EXPECT_TRUE(std::find(tags.begin(), tags.end(), new_tag) == tags.end()) << new_tag;
  EXPECT_EQ(ok_json({"asset", "show", tags[1]})["status"], "returned_to_vendor");
  EXPECT_EQ(replacement[0]["po_status"], "received");
  EXPECT_EQ(budget_a3(), budget("0.00", "34300.00"));
  EXPECT_EQ(sb.sqlite("SELECT count(*), count(DISTINCT tag) FROM asset WHERE po_line_id = 1").out, "5|5\n");
  const Result doctor = sb.tally({"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;
}

TEST_F(Receipts, BulkUnitsLeaveStockByANewLedgerRow) {
  const json voided = ok_json({"receipt", "void", k_po, "2", "--qty", "10", "--reason", "counted twice"});
  EXPECT_EQ(voided, json::parse(R"({"po":"PO-2026-0001","line":2,"model":"FS.com SFP-10G-SR","quantity":10,
      "line_received":30,"line_ordered":40,"po_status":"partially_received","reason":"counted twice",
      "location":"WH1-BIN","on_hand":30})"));
  // spent 33800.00 + 30 x 12.50 = 34175.00; committed 10 x 12.50 = 125.00.
  EXPECT_EQ(budget_a3(), budget("125.00", "34175.00"));
  EXPECT_EQ(sb.sqlite("SELECT kind, delta, reason, actor FROM stock_movement ORDER BY id").out,
            "receipt|40|PO-2026-0001 line 2|tester\n"
            "adjustment|-10|receipt reversal: PO-2026-0001 line 2: counted twice|tester\n");
  EXPECT_EQ(sb.sqlite("SELECT on_hand FROM stock_level").out, "30\n");
  EXPECT_EQ(sb.sqlite("SELECT movement_id FROM receipt_reversal").out, "2\n");
  const json event = ok_json({"log", "--entity", "stock"}).back();
  EXPECT_EQ(event["action"], "receipt-void");
  EXPECT_EQ(event["key"], "FS.com SFP-10G-SR@WH1-BIN");
  EXPECT_EQ(event["before"], json::parse(R"({"on_hand":40})"));
  EXPECT_EQ(event["after"], json::parse(R"({"on_hand":30,"po":"PO-2026-0001","line":2,"quantity":-10,
      "reason":"counted twice"})"));

  // Everything taken back: the PO is ordered again, nothing spent.
  ok_json({"receipt", "void", k_po, "2", "--qty", "30", "--location", "WH1-BIN", "--reason", "wrong optics"});
  ok_json({"receipt", "void", k_po, "1", tags[0], "SN2", tags[2], "SN4", "--reason", "wrong servers"});
  EXPECT_EQ(ok_json({"po", "show", k_po})["status"], "ordered");
  EXPECT_EQ(budget_a3(), budget("34300.00", "0.00"));
  EXPECT_EQ(sb.sqlite("SELECT line_no, received FROM po_line ORDER BY line_no").out, "1|0\n2|0\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM asset WHERE status = 'returned_to_vendor'").out, "4\n");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM receipt_reversal_asset").out, "4\n");
  const Result doctor = sb.tally({"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;
}

TEST_F(Receipts, VoidRefusals) {
  const std::string pre = "tally: error: receipt void: ";
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", "SN1", "--reason", " "}), pre + "--reason must not be empty\n");
  EXPECT_EQ(refused({"receipt", "void", "PO-2026-0099", "1", "SN1", "--reason", "x"}),
            "tally: error: unknown purchase order 'PO-2026-0099' (`tally po list` shows them)\n");
  EXPECT_EQ(refused({"receipt", "void", k_po, "9", "SN1", "--reason", "x"}), pre + "PO-2026-0001 has no line 9\n");
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", "--reason", "x"}),
            pre + "name the units of PO-2026-0001 line 1 to take back (tag, serial or barcode)\n");
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", "--qty", "1", "--reason", "x"}),
            pre +
                "PO-2026-0001 line 1 is Dell PowerEdge R640, a serialized model; name the units to take back (tag, "
                "serial or barcode), not --qty\n");
  EXPECT_EQ(refused({"receipt", "void", k_po, "2", "SN1", "--reason", "x"}),
            pre + "PO-2026-0001 line 2 is FS.com SFP-10G-SR, a bulk (counted) model; give --qty N, not units\n");
  EXPECT_EQ(refused({"receipt", "void", k_po, "2", "--reason", "x"}),
            pre + "PO-2026-0001 line 2 is FS.com SFP-10G-SR, a bulk (counted) model; give --qty N\n");
  EXPECT_EQ(refused({"receipt", "void", k_po, "2", "--qty", "41", "--reason", "x"}),
            pre + "PO-2026-0001 line 2 has received 40; refusing to take back 41\n");
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", "SN1", "SN1", "--reason", "x"}),
            pre + tags[0] + " is named twice\n");
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", "NOSUCH", "--reason", "x"}),
            "tally: error: asset: no asset has tag, serial, barcode or hostname 'NOSUCH'\n");
  const std::string stray =
      ok_json({"asset", "add", "--model", k_server, "--serial", "X1", "--location", "WH1"})["tag"];
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", stray, "--reason", "x"}),
            pre + stray + " is not a unit of PO-2026-0001 line 1 (it came on no PO)\n");

  // Units that moved on since they were received: what to undo first.
  ok_json({"stock", "issue", k_optic, "--qty", "35", "--from", "WH1-BIN", "--to-team", "A-3"});
  EXPECT_EQ(refused({"receipt", "void", k_po, "2", "--qty", "10", "--reason", "x"}),
            pre +
                "5 of FS.com SFP-10G-SR on hand at WH1-BIN; refusing to take back 10 (the rest was issued, moved or "
                "written off: bring it back first, see `tally stock history \"FS.com SFP-10G-SR\"`)\n");
  ok_json({"person", "add", "ana", "--name", "Ana Lopez", "--team", "A-2"});
  ok_json({"asset", "checkout", tags[0], "--person", "ana"});
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", tags[0], "--reason", "x"}),
            pre + tags[0] + " is assigned to ana; take it back first with `tally asset unassign " + tags[0] + "`\n");
  ok_json({"asset", "move", tags[1], "--to", "WH1-BIN"});
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", tags[1], "--reason", "x"}),
            pre + tags[1] +
                " was moved from WH1 to WH1-BIN since it was received; move it back first with `tally "
                "asset move " +
                tags[1] + " --to WH1`\n");
  ok_json({"repair", "open", tags[2], "--reason", "fan"});
  EXPECT_EQ(
      refused({"receipt", "void", k_po, "1", tags[2], "--reason", "x"}),
      pre + tags[2] + " is in_repair; only a unit still in_stock is taken back (bring it back to in_stock first)\n");
  ok_json({"repair", "close", tags[2], "--outcome", "fixed"});
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", tags[2], "--reason", "x"}),
            pre + tags[2] +
                " has been repaired since it was received; a repaired unit is not a receiving mistake "
                "(return it with `tally rma open " +
                tags[2] + "`)\n");
  ok_json({"license", "add", "Visio", "--vendor", "Dell", "--seats", "2"});
  ok_json({"license", "assign", "LIC-00001", "--asset", tags[3]});
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", tags[3], "--reason", "x"}),
            pre + tags[3] + " holds 1 license seat(s); release them first with `tally license unassign`\n");
  ok_json({"location", "add", "DC1", "--name", "Data center 1", "--kind", "site"});
  ok_json({"rack", "add", "R01", "--location", "DC1", "--height", "10"});
  ok_json({"license", "unassign", "LIC-00001", "--asset", tags[3]});
  ok_json({"rack", "install", tags[3], "--rack", "DC1/R01", "--u", "1"});
  EXPECT_EQ(
      refused({"receipt", "void", k_po, "1", tags[3], "--reason", "x"}),
      pre + tags[3] + " is installed in rack DC1/R01; take it out first with `tally rack remove " + tags[3] + "`\n");

  // A unit taken back once is not taken back again; a closed PO is reopened first.
  ok_json({"asset", "unassign", tags[0]});
  ok_json({"receipt", "void", k_po, "1", tags[0], "--reason", "wrong pallet"});
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", tags[0], "--reason", "x"}),
            pre + tags[0] + " was already taken back by a receipt reversal\n");
  ok_json({"po", "close", k_po, "--reason", "short"});
  EXPECT_EQ(refused({"receipt", "void", k_po, "1", tags[1], "--reason", "x"}),
            pre + "PO-2026-0001 is closed; reopen it first with `tally po reopen PO-2026-0001`\n");
}

// The schema refuses a reversal that does not add up, in the sqlite3 shell.
TEST_F(Receipts, TheSchemaKeepsReversalsHonest) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell writes the file");
  ok_json({"receipt", "void", k_po, "1", tags[1], "--reason", "wrong pallet"});
  const auto shell_refused = [&](const std::string& sql, const std::string& message) {
    SCOPED_TRACE(sql);
    const std::string before = sb.dump();
    const Result r = sb.sqlite("BEGIN; " + sql + "; COMMIT;");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(contains(r.err, message)) << r.err;
    EXPECT_EQ(sb.dump(), before);
  };
  const std::string insert =
      "INSERT INTO receipt_reversal (po_line_id, quantity, reason, reversed_at, reversed_by, "
      "movement_id) VALUES ";
  shell_refused("UPDATE receipt_reversal SET quantity = 2", "receipt_reversal: reversals are append-only");
  shell_refused("DELETE FROM receipt_reversal", "receipt_reversal: reversals are append-only");
  shell_refused("DELETE FROM receipt_reversal_asset", "receipt_reversal_asset: reversals are append-only");
  shell_refused("UPDATE receipt_reversal_asset SET asset_id = 1", "receipt_reversal_asset: reversals are append-only");
  shell_refused("DELETE FROM receipt WHERE po_line_id = 1", "receipt: receipts are append-only");
  shell_refused(insert + "(1, 9, 'x', '2026-11-27T09:15:00Z', 'x', NULL)",
                "receipt_reversal: more than the line has received");
  shell_refused(insert + "(2, 5, 'x', '2026-11-27T09:15:00Z', 'x', NULL)",
                "receipt_reversal: a bulk line is reversed by a movement of as many units out of stock");
  shell_refused(insert + "(1, 1, 'x', '2026-11-27T09:15:00Z', 'x', 1)",
                "receipt_reversal: a serialized line is reversed asset by asset, with no stock movement");
  shell_refused(insert + "(1, 1, ' ', '2026-11-27T09:15:00Z', 'x', NULL)", "CHECK constraint failed");
  shell_refused("UPDATE po_line SET received = 4 WHERE line_no = 1",
                "po_line: received must equal the sum of the line's receipts less its reversals");
  shell_refused("UPDATE asset SET status = 'returned_to_vendor' WHERE tag = '" + tags[2] + "'",
                "asset: illegal status transition");
  shell_refused(insert +
                    "(1, 1, 'x', '2026-11-27T09:15:00Z', 'x', NULL); INSERT INTO receipt_reversal_asset "
                    "VALUES ((SELECT max(id) FROM receipt_reversal), (SELECT id FROM asset WHERE tag = '" +
                    tags[1] + "'))",
                "receipt_reversal_asset: an asset is taken back once; it is never replaced");
  const std::string stray =
      ok_json({"asset", "add", "--model", k_server, "--serial", "X1", "--location", "WH1"})["tag"];
  shell_refused(insert +
                    "(1, 1, 'x', '2026-11-27T09:15:00Z', 'x', NULL); INSERT INTO receipt_reversal_asset "
                    "VALUES ((SELECT max(id) FROM receipt_reversal), (SELECT id FROM asset WHERE tag = '" +
                    stray + "'))",
                "receipt_reversal_asset: the asset is not on the reversed line");
  shell_refused("UPDATE purchase_order SET status = 'ordered'", "purchase_order: illegal status transition");

  // Doctor: a reversal that lists no asset, in a file whose triggers were dropped.
  const std::string copy = sb.dir().file("damaged.db");
  ASSERT_EQ(run_process("sqlite3", {sb.db(), ".backup '" + copy + "'"}).exit_code, 0);
  const Result broken =
      run_process("sqlite3", {copy,
                              "DROP TRIGGER receipt_reversal_insert; DROP TRIGGER receipt_reversal_count; "
                              "DROP TRIGGER receipt_reversal_fits_line; " +
                                  insert + "(1, 1, 'x', '2026-11-27T09:15:00Z', 'x', NULL)"});
  ASSERT_EQ(broken.exit_code, 0) << broken.err;
  const Result r = run_process(tally_path(), {"--db", copy, "doctor", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  json rows = json::array();
  for (const auto& row : parse_json(r)) {
    if ((row["check"] == "receipt_reversals" || row["check"] == "po_lines") && row["result"] == "failed") {
      rows.push_back({row["check"], row["table"], row["row"], row["detail"]});
    }
  }
  EXPECT_EQ(rows, json::array({{"po_lines", "po_line", "PO-2026-0001 line 1",
                                "ordered 4, received 3, receipts sum to 2, assets on the line 3"},
                               {"receipt_reversals", "receipt_reversal", "PO-2026-0001 line 1",
                                "takes back 1 but lists 0 asset(s), 0 of another line"}}))
      << r.out;
}

// Serialized units need a location: --location, or the configured default.
TEST_F(Receipts, SerializedUnitsNeedALocation) {
  ASSERT_TRUE(ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"] == "PO-2026-0002");
  ok_json({"po", "add-line", "PO-2026-0002", "--model", k_server, "--qty", "3", "--unit-cost", "100.00"});
  ok_json({"po", "submit", "PO-2026-0002"});
  ok_json({"po", "approve", "--actor", "approver", "PO-2026-0002"});
  ok_json({"po", "order", "PO-2026-0002"});
  EXPECT_EQ(refused({"receive", "PO-2026-0002", "--line", "1", "--serial", "N1"}),
            "tally: error: receive: serialized units need a --location to go to (or a default: `tally config set "
            "receiving.location LOCATION`)\n");
  EXPECT_EQ(refused({"receive", "PO-2026-0002", "--line", "1", "--scan"}, 1, "N1\n"),
            "tally: error: receive: serialized units need a --location to go to (or a default: `tally config set "
            "receiving.location LOCATION`)\n");
  EXPECT_EQ(refused({"config", "set", "receiving.location", "NOPE"}),
            "tally: error: unknown location 'NOPE' (`tally location list` shows every code)\n");
  EXPECT_EQ(refused({"config", "set", "receiving.location", "WH 1"}),
            "tally: error: config set: receiving.location 'WH 1' must be a location code (no spaces, at most 64 "
            "characters)\n");
  EXPECT_EQ(ok_json({"config", "set", "receiving.location", "WH1-BIN"})["value"], "WH1-BIN");
  EXPECT_EQ(ok_json({"receive", "PO-2026-0002", "--line", "1", "--serial", "N1"})[0]["location"], "WH1-BIN");
  // --location still wins over the default.
  EXPECT_EQ(ok_json({"receive", "PO-2026-0002", "--line", "1", "--location", "WH1", "--serial", "N2"})[0]["location"],
            "WH1");
  // An empty value clears the default again.
  ok_json({"config", "set", "receiving.location", ""});
  EXPECT_TRUE(contains(refused({"receive", "PO-2026-0002", "--line", "1", "--serial", "N3"}),
                       "serialized units need a --location"));
}

}  // namespace
}  // namespace tally::e2e
