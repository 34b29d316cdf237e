// End-to-end tests of bulk stock (`tally stock ...`): a tour of
// the ledger through the real binary, the roll-up of `stock show`, cycle
// counts with scans, reorder with a drafted PO, the ledger checked against
// stock_level with the sqlite3 shell, and every refusal the issue lists
// (exit 1, the numbers in the message, the database dump unchanged).

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

// The standard estate with 40 optics received into WH1-BIN, a second
// warehouse WH2, person ana, and one server received as an asset.
class StockCli : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(standard_estate());
    ok_json({"receive", k_po, "--line", "2", "--location", "WH1-BIN", "--qty", "40"});
    ok_json({"location", "add", "WH2", "--name", "Warehouse 2", "--kind", "warehouse"});
    ok_json({"person", "add", "ana", "--name", "Ana Lopez", "--team", "A-2"});
    server_tag =
        ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "SN1"})[0]["tag"].get<std::string>();
    ASSERT_FALSE(HasFailure()) << "the stock estate could not be set up";
  }

  // stock_level rows that differ from their ledger sum, as the sqlite3 shell sees them.
  std::string ledger_mismatches() const {
    const Result r = sb.sqlite(
        "SELECT model_id, location_id FROM stock_level s WHERE on_hand <> (SELECT coalesce(sum(delta), 0) FROM "
        "stock_movement m WHERE m.model_id = s.model_id AND m.location_id = s.location_id);");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  std::string server_tag;
};

TEST_F(StockCli, TheLedgerTourKeepsEveryUnit) {
  const json issued = ok_json(
      {"stock", "issue", k_optic, "--qty", "4", "--from", "WH1-BIN", "--to-team", "A-3", "--reason", "uplinks"});
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(issued[0]["kind"], "issue");
  EXPECT_EQ(issued[0]["delta"], -4);
  EXPECT_EQ(issued[0]["balance"], 36);
  EXPECT_EQ(issued[0]["team"], "A-3");
  EXPECT_EQ(issued[0]["reason"], "uplinks");
  EXPECT_EQ(issued[0]["actor"], "tester");
  EXPECT_EQ(
      ok_json({"stock", "issue", k_optic, "--qty", "2", "--from", "WH1-BIN", "--to-asset", server_tag})[0]["asset"],
      server_tag);
  EXPECT_EQ(ok_json({"stock", "issue", k_optic, "--qty", "1", "--from", "WH1-BIN", "--to-person", "ana"})[0]["person"],
            "ana");
  const json moved = ok_json({"stock", "transfer", k_optic, "--qty", "10", "--from", "WH1-BIN", "--to", "WH2"});
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved[0]["balance"], 23);
  EXPECT_EQ(moved[1]["location"], "WH2");
  EXPECT_EQ(moved[1]["balance"], 10);
  EXPECT_EQ(ok_json({"stock", "return", k_optic, "--qty", "2", "--to", "WH1", "--from-team", "A-3"})[0]["balance"], 2);
  EXPECT_EQ(ok_json({"stock", "write-off", k_optic, "--qty", "1", "--at", "WH2", "--reason", "cracked"})[0]["balance"],
            9);

  // WH1 holds 2 itself and 23 in its bin; WH2 holds 9.
  const json shown = ok_json({"stock", "show", k_optic});
  EXPECT_EQ(shown["total"], 34);
  ASSERT_EQ(shown["locations"].size(), 3u);
  EXPECT_EQ(shown["locations"][0], (json{{"location", "WH1"},
                                         {"name", "Warehouse 1"},
                                         {"kind", "warehouse"},
                                         {"depth", 0},
                                         {"on_hand", 2},
                                         {"total", 25}}));
  EXPECT_EQ(shown["locations"][1]["location"], "WH1-BIN");
  EXPECT_EQ(shown["locations"][1]["depth"], 1);
  EXPECT_EQ(shown["locations"][1]["total"], 23);
  EXPECT_EQ(shown["locations"][2]["location"], "WH2");
  EXPECT_EQ(shown["locations"][2]["total"], 9);
  EXPECT_EQ(ok_json({"stock", "show", k_optic, "--location", "WH1"})["total"], 25);
  const Result table = sb.tally({"stock", "show", k_optic});
  EXPECT_TRUE(contains(table.out, "└─ WH1-BIN")) << table.out;

  const json history = ok_json({"stock", "history", k_optic});
  std::vector<std::string> kinds;
  for (const auto& row : history) {
    kinds.push_back(row["kind"].get<std::string>());
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"receipt", "issue", "issue", "issue", "transfer_out", "transfer_in",
                                             "return", "write_off"}));
  EXPECT_EQ(history[0]["reason"], "PO-2026-0001 line 2");
  EXPECT_EQ(ok_json({"stock", "history", k_optic, "--location", "WH2"}).size(), 2u);
  EXPECT_EQ(ok_json({"stock", "history", k_optic, "--since", "2026-11-28"}).size(), 0u);

  // Every write is in the history; the summary equals the ledger.
  EXPECT_EQ(ok_json({"log", "--entity", "stock"}).size(), 8u);  // the receipt and 7 movements
  EXPECT_EQ(ledger_mismatches(), "");
  const Result csv = sb.tally({"--format", "csv", "stock", "list"});
  EXPECT_EQ(lines_of(csv.out),
            (std::vector<std::string>{"model,location,on_hand,reorder_point,reorder_qty,at_or_below_reorder,suggested,"
                                      "unit_cost,currency,value",
                                      "FS.com SFP-10G-SR,WH1,2,,,false,0,12.50,USD,25.00",
                                      "FS.com SFP-10G-SR,WH1-BIN,23,,,false,0,12.50,USD,287.50",
                                      "FS.com SFP-10G-SR,WH2,9,,,false,0,12.50,USD,112.50"}));
}

TEST_F(StockCli, EveryRefusalOfTheIssueNamesTheNumbersAndWritesNothing) {
  EXPECT_EQ(refused({"stock", "issue", k_optic, "--qty", "41", "--from", "WH1-BIN", "--to-team", "A-3"}),
            "tally: error: stock issue: WH1-BIN holds 40 of FS.com SFP-10G-SR; refusing to issue 41 (`tally stock show "
            "\"FS.com SFP-10G-SR\"` shows where there is stock)\n");
  EXPECT_EQ(refused({"stock", "write-off", k_optic, "--qty", "1", "--at", "WH2", "--reason", "lost"}),
            "tally: error: stock write-off: WH2 holds 0 of FS.com SFP-10G-SR; refusing to write off 1 (`tally stock "
            "show \"FS.com SFP-10G-SR\"` shows where there is stock)\n");
  EXPECT_EQ(refused({"stock", "issue", k_optic, "--qty", "0", "--from", "WH1-BIN", "--to-team", "A-3"}),
            "tally: error: stock issue: --qty 0 must be a positive whole number\n");
  EXPECT_EQ(refused({"stock", "transfer", k_optic, "--qty", "-3", "--from", "WH1-BIN", "--to", "WH2"}),
            "tally: error: stock transfer: --qty -3 must be a positive whole number\n");
  EXPECT_EQ(refused({"stock", "return", k_optic, "--qty=-1", "--to", "WH2"}),
            "tally: error: stock return: --qty -1 must be a positive whole number\n");
  const std::string serialized =
      "Dell PowerEdge R640 is a serialized model: each unit is an asset with a tag, not counted stock; use `tally "
      "asset move`, `tally asset assign` or `tally receive --serial` for its units\n";
  EXPECT_EQ(refused({"stock", "issue", k_server, "--qty", "1", "--from", "WH1-BIN", "--to-team", "A-3"}),
            "tally: error: stock issue: " + serialized);
  EXPECT_EQ(refused({"stock", "transfer", k_server_gtin, "--qty", "1", "--from", "WH1-BIN", "--to", "WH2"}),
            "tally: error: stock transfer: " + serialized);
  EXPECT_EQ(refused({"stock", "history", k_server}), "tally: error: stock history: " + serialized);
  EXPECT_EQ(refused({"stock", "issue", k_optic, "--qty", "1", "--from", "WH9", "--to-team", "A-3"}),
            "tally: error: stock issue: unknown location 'WH9' (`tally location list` shows every code)\n");
  EXPECT_EQ(refused({"stock", "transfer", k_optic, "--qty", "1", "--from", "WH1-BIN", "--to", "WH9"}),
            "tally: error: stock transfer: unknown location 'WH9' (`tally location list` shows every code)\n");
  EXPECT_EQ(refused({"stock", "count", "WH9"}),
            "tally: error: stock count: unknown location 'WH9' (`tally location list` shows every code)\n");
  EXPECT_EQ(refused({"stock", "transfer", k_optic, "--qty", "1", "--from", "WH1-BIN", "--to", "wh1-bin"}),
            "tally: error: stock transfer: --from and --to are both WH1-BIN; a transfer moves stock between two "
            "different locations\n");
  EXPECT_EQ(refused({"stock", "issue", k_optic, "--qty", "1", "--from", "WH1-BIN", "--to-person", "nobody"}),
            "tally: error: stock issue: unknown person 'nobody' (`tally person list` shows them)\n");

  // Finishing a count twice.
  ok_json({"stock", "count", "WH1-BIN"});
  ok_json({"stock", "count", "WH1-BIN", "--model", k_optic, "--counted", "39"});
  ok_json({"stock", "count", "WH1-BIN", "--finish", "--apply"});
  EXPECT_EQ(refused({"stock", "count", "WH1-BIN", "--finish", "--apply"}),
            "tally: error: stock count: no count is open at WH1-BIN; CNT-00001 there was already finished at "
            "2026-11-27T09:15:00Z and applied; start a new count with `tally stock count WH1-BIN`\n");
  EXPECT_EQ(refused({"stock", "count", "WH1-BIN", "--finish"}),
            "tally: error: stock count: no count is open at WH1-BIN; CNT-00001 there was already finished at "
            "2026-11-27T09:15:00Z and applied; start a new count with `tally stock count WH1-BIN`\n");
  // Usage errors (exit 2), nothing written either.
  refused({"stock", "issue", k_optic, "--qty", "1", "--from", "WH1-BIN"}, 2);
  refused({"stock", "count", "WH1-BIN", "--apply"}, 2);
  EXPECT_EQ(ledger_mismatches(), "");
}

TEST_F(StockCli, ACycleCountWithScansAppliesItsDifferencesNamingTheCount) {
  ok_json({"model", "add", "FS.com", "CAT6-2M", "--category", "cable", "--bulk", "--gtin", "09506000134376"});
  EXPECT_EQ(ok_json({"stock", "barcode", k_optic, "FS-74668"}), (json{{"model", k_optic}, {"barcode", "FS-74668"}}));
  EXPECT_EQ(refused({"stock", "barcode", "FS.com CAT6-2M", "fs-74668"}),
            "tally: error: stock barcode: 'fs-74668' already names FS.com SFP-10G-SR\n");
  const json started = ok_json({"stock", "count", "WH1-BIN"});
  EXPECT_EQ(started["id"], "CNT-00001");
  EXPECT_EQ(started["status"], "open");
  EXPECT_EQ(refused({"stock", "count", "WH1-BIN"}),
            "tally: error: stock count: CNT-00001 is already open at WH1-BIN (started 2026-11-27T09:15:00Z by tester); "
            "record figures with --model M --counted N or --scan, or end it with --finish\n");

  // Three optics by their barcode, two cables by GTIN (plain and GS1), one unknown code.
  const Result scan = sb.tally({"--format", "csv", "stock", "count", "WH1-BIN", "--scan"},
                               "FS-74668\nFS-74668\nFS-74668\n09506000134376\n]C10109506000134376\nNOPE\n");
  EXPECT_EQ(scan.exit_code, 1);
  EXPECT_EQ(lines_of(scan.out),
            (std::vector<std::string>{"model,counted", "FS.com SFP-10G-SR,1", "FS.com SFP-10G-SR,2",
                                      "FS.com SFP-10G-SR,3", "FS.com CAT6-2M,1", "FS.com CAT6-2M,2"}));
  EXPECT_EQ(scan.err,
            "line 6: stock count: no model has the code 'NOPE' as its GTIN or a barcode (add one with `tally "
            "stock barcode MODEL CODE`); skipped\ntally: error: stock count: some lines were refused (see above)\n");
  // A typed figure replaces the scanned one.
  ok_json({"stock", "count", "WH1-BIN", "--model", k_optic, "--counted", "37"});
  const json status = ok_json({"stock", "count", "WH1-BIN", "--status"});
  EXPECT_EQ(status["status"], "open");
  EXPECT_EQ(status["differences"], 2);

  const json done = ok_json({"stock", "count", "WH1-BIN", "--finish", "--apply"});
  EXPECT_EQ(done["status"], "finished");
  EXPECT_EQ(done["applied"], true);
  EXPECT_EQ(
      done["lines"],
      (json{{{"model", "FS.com CAT6-2M"}, {"expected", 0}, {"counted", 2}, {"difference", 2}, {"was_counted", true}},
            {{"model", k_optic}, {"expected", 40}, {"counted", 37}, {"difference", -3}, {"was_counted", true}}}));
  const json history = ok_json({"stock", "history", k_optic});
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1]["kind"], "adjustment");
  EXPECT_EQ(history[1]["delta"], -3);
  EXPECT_EQ(history[1]["balance"], 37);
  EXPECT_EQ(history[1]["count"], "CNT-00001");
  EXPECT_EQ(history[1]["reason"], "count CNT-00001");
  EXPECT_EQ(ok_json({"stock", "show", "FS.com CAT6-2M"})["total"], 2);
  EXPECT_EQ(ok_json({"log", "--entity", "stock_count", "--key", "CNT-00001"}).size(),
            8u);  // create, 5 scans, 1 typed figure, finish
  EXPECT_EQ(ledger_mismatches(), "");
}

TEST_F(StockCli, ReorderDraftsOnePoPricedAtTheLastPrice) {
  ok_json({"stock", "transfer", k_optic, "--qty", "5", "--from", "WH1-BIN", "--to", "WH2"});
  ok_json({"stock", "set-reorder", k_optic, "--location", "WH1-BIN", "--point", "10", "--qty", "40"});
  const json set = ok_json({"stock", "set-reorder", k_optic, "--location", "WH2", "--point", "5"});
  EXPECT_EQ(set[0]["at_or_below_reorder"], true);
  EXPECT_EQ(set[0]["suggested"], 1);
  const json below = ok_json({"stock", "list", "--below-reorder"});
  ASSERT_EQ(below.size(), 1u);
  EXPECT_EQ(below[0]["location"], "WH2");
  EXPECT_EQ(ok_json({"stock", "reorder"}), below);
  EXPECT_EQ(refused({"stock", "reorder", "--location", "WH1", "--create-po", "--vendor", "Dell", "--team", "A-3"}),
            "tally: error: stock reorder: nothing is at or below its reorder point under WH1; no PO drafted\n");
  refused({"stock", "reorder", "--create-po", "--vendor", "Dell"}, 2);

  const json po = ok_json({"stock", "reorder", "--create-po", "--vendor", "Dell", "--team", "A-3"});
  EXPECT_EQ(po["number"], "PO-2026-0002");
  EXPECT_EQ(po["status"], "draft");
  EXPECT_EQ(po["total"], "12.50");
  EXPECT_EQ(po["lines"], (json{{{"line", 1}, {"model", k_optic}, {"quantity", 1}, {"unit_cost", "12.50"}}}));
  EXPECT_EQ(ok_json({"po", "show", "PO-2026-0002"})["status"], "draft");
  EXPECT_EQ(ok_json({"stock", "set-reorder", k_optic, "--location", "WH2", "--clear"})[0]["reorder_point"], nullptr);
  EXPECT_EQ(ok_json({"stock", "reorder"}).size(), 0u);
}

TEST_F(StockCli, EveryVerbHasHelpWithAnExample) {
  for (const char* verb : {"show", "list", "issue", "transfer", "return", "write-off", "count", "history", "reorder",
                           "set-reorder", "barcode"}) {
    const Result r = sb.tally({"stock", verb, "--help"});
    EXPECT_EQ(r.exit_code, 0) << verb;
    EXPECT_TRUE(contains(r.out, "Example:\n  tally stock " + std::string(verb))) << r.out;
  }
}

}  // namespace
}  // namespace tally::e2e
