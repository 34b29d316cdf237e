// Unit tests of bulk stock (src/stock_ledger.cpp, stock_counts.cpp,
// stock_reorder.cpp, stock_forms.cpp): the ledger and stock_level kept equal,
// every refusal with the database unchanged, the roll-up of `stock show` and
// its record, reorder points and the drafted PO, cycle counts (finishing
// twice refused) and their record, scans of GTINs and model barcodes, and the
// ledger check against a database corrupted with the sqlite3 shell.

#include "events.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "purchasing.hpp"
#include "stock.hpp"
#include "stock_forms.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"
#include "vendors.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

namespace tally {
namespace {

using test::marked_refusal;
using test::refusal;

const char* const k_optic = "FS.com SFP-10G-SR";
const char* const k_cable = "FS.com CAT6-2M";
const char* const k_optic_gtin = "09506000134376";

// Locations WH1 > WH1-A, WH1-B and DC1; vendors FS.com and Dell; bulk models
// SFP-10G-SR (GTIN k_optic_gtin) and CAT6-2M; a serialized server R640.
void stock_estate(Database& db) {
  for (const char* name : {"FS.com", "Dell"}) {
    NewVendor v;
    v.name = name;
    add_vendor(db, "t", v);
  }
  NewModel optic = test::model_of("FS.com", "SFP-10G-SR", "optic");
  optic.bulk = true;
  optic.gtin = k_optic_gtin;
  add_model(db, "t", optic);
  NewModel cable = optic;
  cable.name = "CAT6-2M";
  cable.category = "cable";
  cable.gtin.reset();
  add_model(db, "t", cable);
  NewModel server = test::model_of("Dell", "R640", "server");
  add_model(db, "t", server);
  add_location(db, "t", {"WH1", "Warehouse 1", std::string("warehouse"), std::nullopt});
  add_location(db, "t", {"WH1-A", "Bin A", std::string("bin"), std::string("WH1")});
  add_location(db, "t", {"WH1-B", "Bin B", std::string("bin"), std::string("WH1")});
  add_location(db, "t", {"DC1", "Data center", std::nullopt, std::nullopt});
}

// The stock estate on the fixture's database.
class StockTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    stock_estate(db());
  }

  // Puts `quantity` units of `model` at `location` (a return to stock).
  void stock(const std::string& model, const std::string& location, std::int64_t quantity) {
    StockReturn r;
    r.model = model;
    r.quantity = quantity;
    r.to = location;
    return_stock(db(), "t", r);
  }

  std::int64_t on_hand(const std::string& model, const std::string& location) {
    StockFilter f;
    f.model = model;
    for (const auto& l : list_stock(db(), f)) {
      if (l.location == location) {
        return l.on_hand;
      }
    }
    return 0;
  }

  StockIssue issue(std::int64_t quantity, const std::string& from = "WH1-A") {
    StockIssue i;
    i.model = k_optic;
    i.quantity = quantity;
    i.from = from;
    i.target = IssueTarget::team;
    i.to = "A-3";
    return i;
  }

  // Everything a refusal must leave as it was.
  std::vector<std::int64_t> snapshot() {
    return {count("stock_movement"), count("event"), count("stock_count"), count("stock_count_line"),
            query_int(db().connection(), "SELECT coalesce(sum(on_hand), 0) FROM stock_level")};
  }
};

TEST_F(StockTest, MovementsKeepTheLedgerAndTheLevelsEqual) {
  stock(k_optic, "WH1-A", 40);
  const StockMovement issued = issue_stock(db(), "ana", issue(5));
  EXPECT_EQ(issued.kind, "issue");
  EXPECT_EQ(issued.delta, -5);
  EXPECT_EQ(issued.balance, 35);
  EXPECT_EQ(issued.team, "A-3");
  EXPECT_EQ(issued.actor, "ana");
  EXPECT_EQ(issued.at, "2026-11-27T09:15:00Z");

  StockTransfer t;
  t.model = k_optic;
  t.quantity = 10;
  t.from = "WH1-A";
  t.to = "WH1-B";
  const auto moved = transfer_stock(db(), "ana", t);
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved[0].kind, "transfer_out");
  EXPECT_EQ(moved[0].delta, -10);
  EXPECT_EQ(moved[0].balance, 25);
  EXPECT_EQ(moved[0].peer_location, "WH1-B");
  EXPECT_EQ(moved[1].kind, "transfer_in");
  EXPECT_EQ(moved[1].location, "WH1-B");
  EXPECT_EQ(moved[1].balance, 10);
  EXPECT_EQ(moved[1].peer_location, "WH1-A");

  StockWriteOff w;
  w.model = k_optic;
  w.quantity = 1;
  w.at = "WH1-B";
  w.reason = "cracked";
  EXPECT_EQ(write_off_stock(db(), "ana", w).balance, 9);

  EXPECT_EQ(on_hand(k_optic, "WH1-A"), 25);
  EXPECT_EQ(on_hand(k_optic, "WH1-B"), 9);
  EXPECT_TRUE(stock_ledger_mismatches(db()).empty());

  StockHistoryFilter h;
  h.model = k_optic;
  const auto history = stock_history(db(), h);
  ASSERT_EQ(history.size(), 5u);
  std::vector<std::string> kinds;
  std::vector<std::int64_t> balances;
  for (const auto& m : history) {
    kinds.push_back(m.kind);
    balances.push_back(m.balance);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"return", "issue", "transfer_out", "transfer_in", "write_off"}));
  EXPECT_EQ(balances, (std::vector<std::int64_t>{40, 35, 25, 10, 9}));
  h.location = "WH1-B";
  EXPECT_EQ(stock_history(db(), h).size(), 2u);

  // One event per ledger row, entity stock, keyed MODEL@LOCATION.
  EventFilter f;
  f.entity = "stock";
  const auto events = list_events(db(), f);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[1].action, "issue");
  EXPECT_EQ(events[1].entity_key, "FS.com SFP-10G-SR@WH1-A");
  EXPECT_EQ(events[1].before, (Json{{"on_hand", 40}}));
  EXPECT_EQ(events[1].after["balance"], 35);
  EXPECT_EQ(events[1].after["team"], "A-3");
}

TEST_F(StockTest, IssueGoesToATeamAPersonOrAnAsset) {
  stock(k_optic, "WH1-A", 10);
  db().exec("INSERT INTO person (username, name, team_id) VALUES ('bob', 'Bob', 1)");
  db().exec(
      "INSERT INTO asset (tag, serial, model_id, manufacturer_id, created_at, updated_at) "
      "VALUES ('SRV-1', 'S1', 3, 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
  StockIssue to_person = issue(2);
  to_person.target = IssueTarget::person;
  to_person.to = "bob";
  EXPECT_EQ(issue_stock(db(), "t", to_person).person, "bob");
  StockIssue to_asset = issue(3);
  to_asset.target = IssueTarget::asset;
  to_asset.to = "SRV-1";
  to_asset.reason = "uplinks";
  const StockMovement m = issue_stock(db(), "t", to_asset);
  EXPECT_EQ(m.asset, "SRV-1");
  EXPECT_EQ(m.reason, "uplinks");
  EXPECT_EQ(m.balance, 5);
}

TEST_F(StockTest, RefusalsNameTheNumbersAndWriteNothing) {
  stock(k_optic, "WH1-A", 5);
  const auto before = snapshot();
  EXPECT_EQ(marked_refusal([&] { issue_stock(db(), "t", issue(7)); }),
            "stock issue: WH1-A holds 5 of FS.com SFP-10G-SR; refusing to issue 7 (`" +
                command_ref("stock show \"FS.com SFP-10G-SR\"") + "` shows where there is stock)");
  EXPECT_EQ(marked_refusal([&] { issue_stock(db(), "t", issue(0)); }),
            "stock issue: " + field_ref("quantity") + " 0 must be a positive whole number");
  EXPECT_EQ(marked_refusal([&] { issue_stock(db(), "t", issue(-3)); }),
            "stock issue: " + field_ref("quantity") + " -3 must be a positive whole number");
  StockIssue server = issue(1);
  server.model = "Dell R640";
  EXPECT_EQ(marked_refusal([&] { issue_stock(db(), "t", server); }),
            "stock issue: Dell R640 is a serialized model: each unit is an asset with a tag, not counted stock; use `" +
                command_ref("asset move") + "`, `" + command_ref("asset assign") + "` or `" +
                command_ref("receive " + field_ref("serial")) + "` for its units");
  EXPECT_EQ(refusal([&] { issue_stock(db(), "t", issue(1, "WH9")); }),
            "stock issue: unknown location 'WH9' (`location list` shows every code)");
  StockTransfer same;
  same.model = k_optic;
  same.quantity = 1;
  same.from = "WH1-A";
  same.to = "wh1-a";
  EXPECT_EQ(marked_refusal([&] { transfer_stock(db(), "t", same); }),
            "stock transfer: " + field_ref("from") + " and " + field_ref("to") +
                " are both WH1-A; a transfer moves stock between two different locations");
  same.to = "WH1-B";
  same.quantity = 6;
  EXPECT_EQ(marked_refusal([&] { transfer_stock(db(), "t", same); }),
            "stock transfer: WH1-A holds 5 of FS.com SFP-10G-SR; refusing to transfer 6 (`" +
                command_ref("stock show \"FS.com SFP-10G-SR\"") + "` shows where there is stock)");
  StockWriteOff w;
  w.model = k_optic;
  w.quantity = 1;
  w.at = "WH1-A";
  w.reason = "  ";
  EXPECT_EQ(marked_refusal([&] { write_off_stock(db(), "t", w); }),
            "stock write-off: " + field_ref("reason") + " must not be empty");
  StockReturn r;
  r.model = k_optic;
  r.quantity = 0;
  r.to = "WH1-A";
  EXPECT_EQ(marked_refusal([&] { return_stock(db(), "t", r); }),
            "stock return: " + field_ref("quantity") + " 0 must be a positive whole number");
  EXPECT_EQ(snapshot(), before);
}

TEST_F(StockTest, TheSchemaRefusesNegativeStockAndSerializedModelsToo) {
  stock(k_optic, "WH1-A", 2);
  EXPECT_THROW(db().exec("INSERT INTO stock_movement (model_id, location_id, delta, kind, at, actor) "
                         "VALUES (1, 2, -3, 'issue', '2026-11-27T09:15:00Z', 't')"),
               store::SqlError);
  EXPECT_THROW(db().exec("INSERT INTO stock_movement (model_id, location_id, delta, kind, at, actor) "
                         "VALUES (3, 2, 1, 'return', '2026-11-27T09:15:00Z', 't')"),
               store::SqlError);
  EXPECT_EQ(on_hand(k_optic, "WH1-A"), 2);
}

TEST_F(StockTest, ShowRollsOnHandUpTheLocationTree) {
  stock(k_optic, "WH1-A", 40);
  stock(k_optic, "WH1-B", 7);
  stock(k_optic, "WH1", 3);
  stock(k_optic, "DC1", 2);
  stock(k_cable, "WH1-A", 100);
  StockShow all = show_stock(db(), std::string(k_optic), std::nullopt);
  EXPECT_EQ(all.total, 52);
  ASSERT_EQ(all.tree.size(), 4u);
  EXPECT_EQ(all.tree[0].location, "DC1");
  EXPECT_EQ(all.tree[0].total, 2);
  EXPECT_EQ(all.tree[1].location, "WH1");
  EXPECT_EQ(all.tree[1].on_hand, 3);
  EXPECT_EQ(all.tree[1].total, 50);
  EXPECT_EQ(all.tree[2].location, "WH1-A");
  EXPECT_EQ(all.tree[2].depth, 1);
  EXPECT_EQ(all.tree[3].total, 7);

  StockShow under = show_stock(db(), std::string(k_optic), std::string("WH1"));
  EXPECT_EQ(under.total, 50);
  ASSERT_EQ(under.tree.size(), 3u);
  EXPECT_EQ(under.tree[0].depth, 0);
  EXPECT_EQ(under.tree[1].depth, 1);

  StockShow models = show_stock(db(), std::nullopt, std::string("WH1"));
  EXPECT_EQ(models.total, 150);
  ASSERT_EQ(models.models.size(), 2u);
  EXPECT_EQ(models.models[0].model, "FS.com CAT6-2M");
  EXPECT_EQ(models.models[1].total, 50);
  EXPECT_EQ(models.models[1].locations, 3);
  EXPECT_EQ(marked_refusal([&] { show_stock(db(), std::nullopt, std::nullopt); }),
            "stock show: give a MODEL, a " + field_ref("location") + ", or both");
}

TEST_F(StockTest, TheShowAndCountRecordsHoldTheirSections) {
  stock(k_optic, "WH1-A", 40);
  const Record by_location = stock_show_record(show_stock(db(), std::string(k_optic), std::nullopt));
  EXPECT_EQ(by_location.fields["model"], k_optic);
  EXPECT_EQ(by_location.fields["total"], 40);
  ASSERT_EQ(by_location.sections.size(), 1u);
  EXPECT_EQ(by_location.sections[0].key, "locations");
  EXPECT_EQ(by_location.sections[0].title, "On hand by location (with everything below it)");
  ASSERT_EQ(by_location.sections[0].table.rows.size(), 2u);
  EXPECT_EQ(by_location.sections[0].table.rows[0]["location"], "WH1");
  EXPECT_EQ(by_location.sections[0].table.rows[1]["location"], "WH1-A");
  EXPECT_EQ(by_location.sections[0].table.depth, (std::vector<int>{0, 1}));

  const Record by_model = stock_show_record(show_stock(db(), std::nullopt, std::string("WH1")));
  ASSERT_EQ(by_model.sections.size(), 1u);
  EXPECT_EQ(by_model.sections[0].key, "models");
  EXPECT_EQ(by_model.sections[0].title, "On hand by model");
  ASSERT_EQ(by_model.sections[0].table.rows.size(), 1u);
  EXPECT_EQ(by_model.sections[0].table.rows[0]["total"], 40);

  start_count(db(), "ana", "WH1-A");
  record_count(db(), "ana", "WH1-A", k_optic, 37);
  const Record count = stock_count_record(finish_count(db(), "ana", "WH1-A", false));
  EXPECT_EQ(count.fields["id"], "CNT-00001");
  EXPECT_EQ(count.fields["differences"], 1);
  ASSERT_EQ(count.sections.size(), 1u);
  EXPECT_EQ(count.sections[0].key, "lines");
  EXPECT_EQ(count.sections[0].title, "Expected (on hand) against counted");
  ASSERT_EQ(count.sections[0].table.rows.size(), 1u);
  EXPECT_EQ(count.sections[0].table.rows[0]["difference"], -3);
}

TEST_F(StockTest, RefusalsCarryTheirProblemAndField) {
  stock(k_optic, "WH1-A", 1);
  const Error bad = test::caught_refusal([&] { issue_stock(db(), "t", issue(0)); });
  EXPECT_EQ(bad.problem(), Problem::invalid);
  EXPECT_EQ(bad.field(), "quantity");
  const Error short_of = test::caught_refusal([&] { issue_stock(db(), "t", issue(5)); });
  EXPECT_EQ(short_of.problem(), Problem::conflict);
  EXPECT_EQ(short_of.field(), "quantity");
  StockTransfer same;
  same.model = k_optic;
  same.quantity = 1;
  same.from = "WH1-A";
  same.to = "WH1-A";
  EXPECT_EQ(test::caught_refusal([&] { transfer_stock(db(), "t", same); }).field(), "to");
  // A resolver's refusal keeps its problem behind the command's prefix.
  const Error nowhere = test::caught_refusal([&] { issue_stock(db(), "t", issue(1, "WH9")); });
  EXPECT_EQ(std::string(nowhere.what()).rfind("stock issue: unknown location 'WH9'", 0), 0u) << nowhere.what();
}

TEST_F(StockTest, ReorderPointsSuggestAndDraftOnePo) {
  stock(k_optic, "WH1-A", 4);
  stock(k_optic, "WH1-B", 2);
  stock(k_cable, "WH1-A", 50);
  set_reorder(db(), "t", {k_optic, "WH1-A", 5, 40});
  set_reorder(db(), "t", {k_optic, "WH1-B", 2, std::nullopt});
  set_reorder(db(), "t", {k_cable, "WH1-A", 10, 100});
  EXPECT_EQ(marked_refusal([&] {
              set_reorder(db(), "t", {k_optic, "WH1-A", -1, std::nullopt});
            }),
            "stock set-reorder: " + field_ref("point") + " -1 must be 0 or more");

  const auto suggestions = reorder_suggestions(db(), std::nullopt);
  ASSERT_EQ(suggestions.size(), 2u);
  EXPECT_EQ(suggestions[0].location, "WH1-A");
  EXPECT_EQ(suggestions[0].suggested, 40);
  EXPECT_EQ(suggestions[1].location, "WH1-B");
  EXPECT_EQ(suggestions[1].suggested, 1);  // no reorder quantity: one above the point
  StockFilter below;
  below.below_reorder = true;
  EXPECT_EQ(list_stock(db(), below).size(), 2u);
  EXPECT_EQ(reorder_suggestions(db(), std::string("WH1-B")).size(), 1u);

  // The last price paid to the vendor for the model prices the line.
  const PurchaseOrder old = create_po(db(), "t", {"FS.com", "A-2", std::nullopt, std::nullopt, std::nullopt});
  NewPoLine line;
  line.po = old.number;
  line.model = k_optic;
  line.quantity = 1;
  line.unit_cost = "12.50";
  add_po_line(db(), "t", line);

  const ReorderPo drafted = draft_reorder_po(db(), "buyer", std::nullopt, "FS.com", "A-2");
  EXPECT_EQ(drafted.po.number, "PO-2026-0002");
  EXPECT_EQ(drafted.po.status, "draft");
  EXPECT_EQ(drafted.po.team, "A-2");
  ASSERT_EQ(drafted.po.lines.size(), 1u);
  EXPECT_EQ(drafted.po.lines[0].model, k_optic);
  EXPECT_EQ(drafted.po.lines[0].quantity, 41);
  EXPECT_EQ(drafted.po.lines[0].unit_cost_minor, 1250);
  EXPECT_EQ(drafted.suggestions.size(), 2u);

  // Nothing to order: refused, nothing drafted.
  const auto pos = count("purchase_order");
  EXPECT_EQ(refusal([&] { draft_reorder_po(db(), "t", std::string("DC1"), "FS.com", "A-2"); }),
            "stock reorder: nothing is at or below its reorder point under DC1; no PO drafted");
  EXPECT_EQ(refusal([&] { draft_reorder_po(db(), "t", std::nullopt, "FS.com", "NOPE"); }).rfind("stock reorder: ", 0),
            0u);
  EXPECT_EQ(count("purchase_order"), pos);
}

TEST_F(StockTest, ACountAppliesItsDifferencesOnceAndNamesItself) {
  stock(k_optic, "WH1-A", 40);
  stock(k_cable, "WH1-A", 10);
  const StockCount started = start_count(db(), "ana", "WH1-A");
  EXPECT_EQ(stock_count_json(started)["id"], "CNT-00001");
  EXPECT_EQ(marked_refusal([&] { start_count(db(), "t", "WH1-A"); }),
            "stock count: CNT-00001 is already open at WH1-A (started 2026-11-27T09:15:00Z by ana); record figures "
            "with " +
                field_ref("model") + " M " + field_ref("counted") + " N or " + field_ref("scan") + ", or end it with " +
                field_ref("finish"));
  record_count(db(), "ana", "WH1-A", k_optic, 37);
  EXPECT_EQ(scan_count(db(), "ana", "WH1-A", std::string("(01)") + k_optic_gtin).counted, 38);
  EXPECT_EQ(marked_refusal([&] { record_count(db(), "t", "WH1-A", k_optic, -1); }),
            "stock count: " + field_ref("counted") + " -1 must be 0 or more");

  const StockCountResult preview = preview_count(db(), "WH1-A");
  ASSERT_EQ(preview.lines.size(), 2u);
  EXPECT_FALSE(preview.count.finished_at);

  const StockCountResult done = finish_count(db(), "ana", "WH1-A", true);
  EXPECT_TRUE(done.count.applied);
  ASSERT_EQ(done.lines.size(), 2u);
  EXPECT_EQ(done.lines[0].model, k_cable);
  EXPECT_FALSE(done.lines[0].was_counted);
  EXPECT_EQ(done.lines[0].difference, -10);
  EXPECT_EQ(done.lines[1].expected, 40);
  EXPECT_EQ(done.lines[1].counted, 38);
  EXPECT_EQ(done.lines[1].difference, -2);
  EXPECT_EQ(on_hand(k_optic, "WH1-A"), 38);
  EXPECT_EQ(on_hand(k_cable, "WH1-A"), 0);
  EXPECT_EQ(static_cast<int>(query_int(
                db().connection(), "SELECT count(*) FROM stock_movement WHERE kind = 'adjustment' AND count_id = 1")),
            2);
  EXPECT_TRUE(stock_ledger_mismatches(db()).empty());

  const auto before = snapshot();
  EXPECT_EQ(marked_refusal([&] { finish_count(db(), "t", "WH1-A", true); }),
            "stock count: no count is open at WH1-A; CNT-00001 there was already finished at 2026-11-27T09:15:00Z and "
            "applied; start a new count with `" +
                command_ref("stock count WH1-A") + "`");
  EXPECT_EQ(refusal([&] { record_count(db(), "t", "WH1-A", k_optic, 1); }).rfind("stock count: no count is open", 0),
            0u);
  EXPECT_EQ(snapshot(), before);
  // The schema keeps a finished count final too.
  EXPECT_THROW(db().exec("UPDATE stock_count SET finished_at = NULL"), store::SqlError);
  EXPECT_THROW(db().exec("INSERT INTO stock_count_line VALUES (1, 2, 5)"), store::SqlError);
}

TEST_F(StockTest, AFinishWithoutApplyChangesNoStock) {
  stock(k_optic, "WH1-A", 40);
  start_count(db(), "t", "WH1-A");
  record_count(db(), "t", "WH1-A", k_optic, 30);
  const StockCountResult done = finish_count(db(), "t", "WH1-A", false);
  EXPECT_FALSE(done.count.applied);
  EXPECT_EQ(done.lines.at(0).difference, -10);
  EXPECT_EQ(on_hand(k_optic, "WH1-A"), 40);
  EXPECT_EQ(start_count(db(), "t", "WH1-A").id, 2);  // a new count may start
}

TEST_F(StockTest, ScansResolveGtinsAndModelBarcodes) {
  EXPECT_EQ(add_model_barcode(db(), "t", k_cable, "FS-74668"), k_cable);
  EXPECT_EQ(resolve_model_code(db(), "FS-74668"), 2);
  EXPECT_EQ(resolve_model_code(db(), "fs-74668"), 2);
  EXPECT_EQ(resolve_model_code(db(), k_optic_gtin), 1);
  EXPECT_EQ(resolve_model_code(db(), "9506000134376"), 1);  // GTIN-13 of the same number
  EXPECT_EQ(resolve_model_code(db(), std::string("]C1") + "01" + k_optic_gtin + "21SN1"), 1);
  EXPECT_EQ(marked_refusal([&] { resolve_model_code(db(), "NOPE"); }),
            "no model has the code 'NOPE' as its GTIN or a barcode (add one with `" +
                command_ref("stock barcode MODEL CODE") + "`)");
  EXPECT_EQ(refusal([&] { add_model_barcode(db(), "t", k_optic, "FS-74668"); }),
            "stock barcode: 'FS-74668' already names FS.com CAT6-2M");
  EXPECT_EQ(refusal([&] { add_model_barcode(db(), "t", k_cable, k_optic_gtin); }),
            "stock barcode: '09506000134376' already names FS.com SFP-10G-SR");
}

TEST(StockLedger, MismatchesFindACorruptionMadeWithTheShell) {
  test::ScopedEnv now("TALLY_NOW", "2026-11-27T09:15:00Z");
  test::ScopedTempDir dir;
  const std::string path = dir.file("tally.db");
  const std::string copy = dir.file("copy.db");
  {
    auto db = Database::open(path, OpenMode::create);
    {
      WriteTransaction tx(*db);
      load_org_chart(*db, "t", embedded::org_chart_json());
      tx.commit();
    }
    stock_estate(*db);
    StockReturn r;
    r.model = k_optic;
    r.quantity = 9;
    r.to = "WH1-A";
    return_stock(*db, "t", r);
    StockIssue i;
    i.model = k_optic;
    i.quantity = 4;
    i.from = "WH1-A";
    i.to = "A-3";
    issue_stock(*db, "t", i);
    EXPECT_TRUE(stock_ledger_mismatches(*db).empty());
  }
  std::filesystem::copy_file(path, copy);
  const std::string sql =
      "DROP TRIGGER stock_movement_apply; INSERT INTO stock_movement (model_id, location_id, delta, kind, at, actor) "
      "VALUES (1, 2, 3, 'return', '2026-11-27T09:15:00Z', 'shell');";
  ASSERT_EQ(std::system(("sqlite3 '" + copy + "' \"" + sql + "\"").c_str()), 0);
  auto corrupted = Database::open(copy, OpenMode::existing);
  const auto mismatches = stock_ledger_mismatches(*corrupted);
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].model, k_optic);
  EXPECT_EQ(mismatches[0].location, "WH1-A");
  EXPECT_EQ(mismatches[0].on_hand, 5);
  EXPECT_EQ(mismatches[0].ledger, 8);
  auto original = Database::open(path, OpenMode::existing);
  EXPECT_TRUE(stock_ledger_mismatches(*original).empty());
}

}  // namespace
}  // namespace tally
