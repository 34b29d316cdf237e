#include "assets.hpp"
#include "audits.hpp"
#include "disposal.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "people.hpp"
#include "repairs.hpp"
#include "rma.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"
#include "vendors.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

using test::refusal;

class LifecycleTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_warehouse(db(), "WH1");
    add_location(db(), "t", {"WH1-A", "Bin A", std::string("bin"), std::string("WH1")});
    add_location(db(), "t", {"DC1", "DC", std::nullopt, std::nullopt});
    test::seed_vendors(db(), {"Dell"});
    NewModel server = test::model_of("Dell", "R640", "server");
    server.stores_data = true;
    server.warranty_months = 12;
    add_model(db(), "t", server);
    add_person(db(), "t", {"ana", "Ana", std::nullopt, "A-2"});
  }

  Asset intake(const std::string& serial, const std::string& location = "WH1") {
    AssetIntake in;
    in.model = "Dell R640";
    in.serial = serial;
    in.location = location;
    in.team = "A-2";
    return add_asset(db(), "clerk", in);
  }
};

TEST(AddMonths, ClampsToTheEndOfShorterMonths) {
  EXPECT_EQ(add_months("2026-01-31", 1), "2026-02-28");
  EXPECT_EQ(add_months("2024-01-31", 1), "2024-02-29");
  EXPECT_EQ(add_months("2026-11-27", 36), "2029-11-27");
  EXPECT_EQ(add_months("2026-03-31", 0), "2026-03-31");
}

TEST_F(LifecycleTest, NextStatusesComeFromTheSchemaTable) {
  EXPECT_EQ(next_statuses(db(), "rma"), (std::vector<std::string>{"in_stock", "returned_to_vendor"}));
  EXPECT_EQ(next_statuses(db(), "in_repair"), (std::vector<std::string>{"in_stock", "rma", "retired"}));
  EXPECT_TRUE(next_statuses(db(), "disposed").empty());
}

TEST_F(LifecycleTest, IllegalMovesNameTheStatusAndTheWayOut) {
  const Asset a = intake("S1");
  EXPECT_EQ(refusal([&] { set_asset_status(db(), "t", a.tag, "returned_to_vendor", std::nullopt); }),
            "asset " + a.tag +
                " is in_stock; it cannot move to returned_to_vendor; it may move to: staging, deployed, "
                "in_repair, rma, retired, lost, disposed");
  EXPECT_EQ(refusal([&] { set_asset_status(db(), "t", a.tag, "in_repair", std::nullopt); }),
            "asset set-status: " + a.tag + " in_stock -> in_repair goes through its own record; use `repair open`");
  EXPECT_EQ(refusal([&] { set_asset_status(db(), "t", a.tag, "in_stock", std::nullopt); }),
            "asset " + a.tag + " is already in_stock");
  EXPECT_EQ(refusal([&] { set_asset_status(db(), "t", a.tag, "broken", std::nullopt); }),
            "asset " + a.tag +
                ": unknown status 'broken'; expected one of: in_stock, staging, deployed, in_repair, "
                "rma, retired, lost, disposed, returned_to_vendor");
}

TEST_F(LifecycleTest, ChangesRecordOnlyWhatChangedPlusTheReason) {
  const Asset a = intake("S1");
  set_asset_status(db(), "clerk", a.tag, "staging", std::string("burn-in"));
  const auto history = asset_history(db(), "S1");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].action, "create");
  EXPECT_EQ(history[1].action, "set-status");
  EXPECT_EQ(history[1].before.dump(), R"({"status":"in_stock"})");
  EXPECT_EQ(history[1].after.dump(), R"({"status":"staging","reason":"burn-in"})");
}

TEST_F(LifecycleTest, RmaReplacementLinksBothUnitsAndFreezesTheOld) {
  const Asset a = intake("S1");
  const Rma rma = open_rma(db(), "t", a.tag, "Dell", "DIMM errors", std::string("V-1"));
  EXPECT_EQ(rma_json(rma)["id"], "RMA-00001");
  EXPECT_EQ(refusal([&] {
              resolve_rma(db(), "t", {"RMA-00001", "replaced", std::string("S1"), std::nullopt, std::nullopt});
            }),
            "rma resolve: replacement serial 'S1' already exists for Dell (" + a.tag + ")");
  const Rma done = resolve_rma(db(), "t", {"rma-1", "replaced", std::string("S2"), std::nullopt, std::nullopt});
  ASSERT_TRUE(done.replacement);
  const Asset old_unit = resolve_asset(db(), a.tag);
  const Asset new_unit = resolve_asset(db(), *done.replacement);
  EXPECT_EQ(old_unit.status, "returned_to_vendor");
  EXPECT_EQ(old_unit.replaced_by, new_unit.tag);
  EXPECT_EQ(new_unit.replaces, old_unit.tag);
  EXPECT_EQ(new_unit.warranty_ends, old_unit.warranty_ends);
  EXPECT_EQ(new_unit.location, old_unit.location);
  EXPECT_EQ(new_unit.owner_team, old_unit.owner_team);
  EXPECT_EQ(refusal([&] { note_asset(db(), "t", a.tag, "x"); }),
            "asset " + a.tag + " is returned_to_vendor, which is final: it cannot change any more");
  EXPECT_EQ(refusal([&] {
              resolve_rma(db(), "t", {"RMA-00001", "repaired", std::nullopt, std::nullopt, std::nullopt});
            }),
            "rma resolve: RMA-00001 was already resolved on 2026-11-27 (replaced)");
}

TEST_F(LifecycleTest, DisposalBatchIsAllOrNothing) {
  const Asset a = intake("S1");
  const Asset b = intake("S2");
  assign_asset(db(), "t", b.tag, std::string("ana"), std::nullopt);
  const auto events = count("event");
  DisposalRequest request;
  request.method = "recycle";
  request.wipe = "nist-800-88-purge";
  EXPECT_EQ(refusal([&] {
              dispose_assets(db(), "t", {a.tag, b.tag, "NOPE"}, request);
            }),
            "dispose: refused 2 of 3; nothing was disposed:\n  " + b.tag +
                ": it is assigned to ana; unassign it first\n  NOPE: asset: no asset has tag, serial, barcode or "
                "hostname 'NOPE'");
  EXPECT_EQ(count("disposal"), 0);
  EXPECT_EQ(count("event"), events);
  request.wipe.reset();
  EXPECT_EQ(refusal([&] { dispose_assets(db(), "t", {a.tag}, request); }),
            "dispose: refused 1 of 1:\n  " + a.tag +
                ": Dell R640 stores data: give wipe METHOD (e.g. nist-800-88-purge, physical-destroy)");
  request.wipe = "physical-destroy";
  EXPECT_EQ(dispose_assets(db(), "t", {a.tag}, request).size(), 1u);
  EXPECT_EQ(resolve_asset(db(), a.tag).status, "disposed");
  EXPECT_EQ(list_disposals(db(), std::string("2026-11-28")).size(), 0u);
  EXPECT_EQ(list_disposals(db(), std::string("2026-11-27")).size(), 1u);
}

TEST_F(LifecycleTest, AuditSortsFourWaysAndApplies) {
  const Asset here = intake("S1", "WH1-A");
  const Asset gone = intake("S2", "WH1-A");
  const Asset elsewhere = intake("S3", "DC1");
  const Audit audit = start_audit(db(), "auditor", "WH1");
  EXPECT_TRUE(scan_audit(db(), "auditor", "AUD-00001", "S1").expected);
  EXPECT_TRUE(scan_audit(db(), "auditor", "AUD-00001", here.tag).repeated);
  const AuditScan stray = scan_audit(db(), "auditor", "AUD-00001", elsewhere.tag);
  EXPECT_FALSE(stray.expected);
  EXPECT_EQ(stray.location, std::optional<std::string>("DC1"));
  EXPECT_FALSE(scan_audit(db(), "auditor", "AUD-00001", "MYSTERY").tag);
  const AuditResult result = finish_audit(db(), "auditor", "AUD-00001", true);
  ASSERT_EQ(result.found.size(), 1u);
  EXPECT_EQ(result.found[0].tag, here.tag);
  ASSERT_EQ(result.missing.size(), 1u);
  EXPECT_EQ(result.missing[0].tag, gone.tag);
  EXPECT_EQ(result.missing[0].note, std::optional<std::string>("marked lost"));
  ASSERT_EQ(result.unexpected.size(), 1u);
  EXPECT_EQ(result.unexpected[0].tag, elsewhere.tag);
  ASSERT_EQ(result.unknown.size(), 1u);
  EXPECT_EQ(result.unknown[0].code, std::optional<std::string>("MYSTERY"));
  EXPECT_EQ(resolve_asset(db(), gone.tag).status, "lost");
  EXPECT_EQ(resolve_asset(db(), elsewhere.tag).location, std::optional<std::string>("WH1"));
  const AuditResult again = show_audit(db(), "AUD-1");
  EXPECT_EQ(again.missing.size(), 1u);
  EXPECT_EQ(again.unexpected[0].location, std::optional<std::string>("DC1")) << "where it was recorded at the finish";
  EXPECT_EQ(refusal([&] { finish_audit(db(), "auditor", "AUD-00001", false); }),
            "audit finish: AUD-00001 was already finished at 2026-11-27T09:15:00Z; `audit show AUD-00001` prints "
            "its result");
  (void)audit;
}

}  // namespace
}  // namespace tally
