// Unit tests of disposal (src/disposal.cpp): a batch of assets disposed all
// or nothing with its records, events and released license seats; every
// reason an asset cannot be disposed, listed together in one refusal with the
// database unchanged; the disposal log and its `since` filter.

#include "assets.hpp"
#include "disposal.hpp"
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

// Location WH1; vendor Dell; model Dell R640 (stores data, id 1) and Dell
// P2422H (a monitor, id 2); person ana; a server and a monitor in WH1 owned
// by A-2.
class DisposalTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_warehouse(db(), "WH1");
    test::seed_vendors(db(), {"Dell"});
    NewModel server = test::model_of("Dell", "R640", "server");
    server.stores_data = true;
    add_model(db(), "t", server);
    NewModel monitor = server;
    monitor.name = "P2422H";
    monitor.category = "monitor";
    monitor.stores_data = false;
    add_model(db(), "t", monitor);
    add_person(db(), "t", {"ana", "Ana", std::nullopt, "A-2"});
    m_server = intake("Dell R640", "S1");
    m_monitor = intake("Dell P2422H", "M1");
  }

  std::string intake(const std::string& model, const std::string& serial) {
    AssetIntake in;
    in.model = model;
    in.serial = serial;
    in.location = "WH1";
    in.team = "A-2";
    return add_asset(db(), "clerk", in).tag;
  }

  DisposalRequest request(std::optional<std::string> wipe = std::string("nist-800-88-purge")) {
    DisposalRequest r;
    r.method = "recycle";
    r.wipe = std::move(wipe);
    return r;
  }

  std::string dump() { return dump_rows(db().connection()); }

  std::string m_server, m_monitor;
};

TEST_F(DisposalTest, ADisposalRecordsTheAssetItsEventAndReleasesItsSeats) {
  NewLicense lic;
  lic.product = "iDRAC Enterprise";
  lic.vendor = "Dell";
  lic.type = "per-device";
  lic.seats = 5;
  add_license(db(), "t", lic);
  assign_license(db(), "t", {"LIC-00001", {AssigneeKind::asset, m_server}, 1, false});

  DisposalRequest r = request(std::string(" physical-destroy "));
  r.method = "destroy";
  r.recipient = "Shred Co";
  r.certificate = "COD-42";
  const auto done = dispose_assets(db(), "officer", {m_server}, r);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(disposal_json(done[0]), (Json{{"tag", m_server},
                                          {"serial", "S1"},
                                          {"model", "Dell R640"},
                                          {"owner_team", "A-2"},
                                          {"method", "destroy"},
                                          {"disposed_on", "2026-11-27"},
                                          {"recipient", "Shred Co"},
                                          {"certificate", "COD-42"},
                                          {"wipe_method", "physical-destroy"},
                                          {"recorded_at", "2026-11-27T09:15:00Z"},
                                          {"recorded_by", "officer"}}));
  EXPECT_EQ(resolve_asset(db(), m_server).status, "disposed");
  EXPECT_EQ(count("license_assignment"), 0);
  const Event last = asset_history(db(), m_server).back();
  EXPECT_EQ(last.action, "dispose");
  EXPECT_EQ(last.actor, "officer");
  EXPECT_EQ(last.before["status"], "in_stock");
  EXPECT_EQ(last.after, (Json{{"status", "disposed"},
                              {"method", "destroy"},
                              {"disposed_on", "2026-11-27"},
                              {"wipe_method", "physical-destroy"}}));
  EventFilter f;
  f.entity = "license";
  const Event released = list_events(db(), f).back();
  EXPECT_EQ(released.action, "release") << "the seat is given back with its own event";
  EXPECT_EQ(released.entity_key, "LIC-00001");
}

TEST_F(DisposalTest, AModelThatStoresNoDataNeedsNoWipe) {
  DisposalRequest r = request(std::nullopt);
  r.method = "donate";
  r.date = "2026-10-01";
  const auto done = dispose_assets(db(), "t", {"M1"}, r);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].tag, m_monitor);
  EXPECT_EQ(done[0].disposed_on, "2026-10-01");
  EXPECT_FALSE(done[0].wipe_method);
  EXPECT_FALSE(done[0].recipient);
  EXPECT_EQ(disposal_json(done[0])["wipe_method"], nullptr);
  EXPECT_FALSE(asset_history(db(), m_monitor).back().after.contains("wipe_method"));
}

TEST_F(DisposalTest, TheLogIsOldestFirstAndSinceIsInclusive) {
  DisposalRequest r = request();
  r.date = "2026-11-20";
  dispose_assets(db(), "t", {m_server}, r);
  r.date = "2026-11-10";
  r.method = "resell";
  dispose_assets(db(), "t", {m_monitor}, r);
  const auto all = list_disposals(db(), std::nullopt);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].tag, m_monitor);
  EXPECT_EQ(all[0].method, "resell");
  EXPECT_EQ(all[1].tag, m_server);
  EXPECT_EQ(list_disposals(db(), std::string("2026-11-20")).size(), 1u);
  EXPECT_EQ(list_disposals(db(), std::string("2026-11-21")).size(), 0u);
  test::Refusal bad = refusal_of([&] { list_disposals(db(), std::string("2026-13-01")); });
  EXPECT_EQ(bad.problem, Problem::invalid);
  EXPECT_THAT(bad.what, StartsWith("disposal list: "));
  EXPECT_THAT(bad.what, HasSubstr("'2026-13-01' is not a date like 2026-11-27"));
}

TEST_F(DisposalTest, ABatchIsOneTransaction) {
  const auto done = dispose_assets(db(), "t", {m_server, m_monitor}, request());
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].tag, m_server);
  EXPECT_EQ(done[1].tag, m_monitor);
  EXPECT_EQ(done[1].wipe_method, std::optional<std::string>("nist-800-88-purge"));
  EXPECT_EQ(count("disposal"), 2);
}

TEST_F(DisposalTest, TheRequestItselfIsCheckedFirst) {
  const std::string before = dump();
  DisposalRequest r = request();
  r.method = "burn";
  test::Refusal said = refusal_of([&] { dispose_assets(db(), "t", {m_server}, r); });
  EXPECT_EQ(said.problem, Problem::invalid);
  EXPECT_EQ(said.what, "dispose: unknown method 'burn'; expected one of: recycle, destroy, resell, donate");
  EXPECT_EQ(refusal_of([&] { dispose_assets(db(), "t", {}, request()); }).what, "dispose: no asset given");
  r = request();
  r.date = "2026-11-31";
  EXPECT_THAT(refusal_of([&] { dispose_assets(db(), "t", {m_server}, r); }).what,
              HasSubstr("'2026-11-31' is not a date like 2026-11-27"));
  EXPECT_THAT(refusal_of([&] { dispose_assets(db(), "t", {m_server}, request(std::string(" "))); }).what,
              HasSubstr(" must name the wipe method"));
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(DisposalTest, EveryAssetThatCannotGoIsNamedAndNothingIsDisposed) {
  assign_asset(db(), "t", m_monitor, std::string("ana"), std::nullopt);
  store::Connection& sql = db().connection();
  test::insert_asset_as(sql, "GONE", 1, 1, "disposed");
  test::insert_asset_as(sql, "BACK", 1, 1, "returned_to_vendor");
  const std::string fix = intake("Dell R640", "FIX");
  open_repair(db(), "t", fix, "fans");
  const std::string away = intake("Dell R640", "AWAY");
  open_rma(db(), "t", away, "Dell", "dead", std::nullopt);
  test::insert_asset_as(sql, "LIVE", 1, 1, "deployed", 1);
  test::insert_asset_as(sql, "PANEL", 2, 1, "in_stock");
  const std::string before = dump();
  const std::vector<std::string> codes = {"PANEL", m_monitor, "GONE", "BACK", "FIX", "AWAY", "LIVE", "NOPE", "panel"};
  const test::Refusal said = refusal_of([&] { dispose_assets(db(), "t", codes, request()); });
  EXPECT_EQ(said.problem, Problem::invalid);
  EXPECT_EQ(said.field, "");
  EXPECT_EQ(
      said.what,
      "dispose: refused 8 of 9; nothing was disposed:\n"
      "  " +
          m_monitor +
          ": it is assigned to ana; unassign it first\n"
          "  GONE: it is disposed, which is final\n"
          "  BACK: it is returned_to_vendor, which is final\n"
          "  " +
          fix +
          ": it is in repair; close the repair first\n"
          "  " +
          away +
          ": it is out under an RMA; resolve the RMA first\n"
          "  LIVE: it is deployed; it may move to: in_stock, staging, in_repair, retired, lost (retire it first)\n"
          "  NOPE: asset: no asset has tag, serial, barcode or hostname 'NOPE'\n"
          "  PANEL: given twice");
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(DisposalTest, ADataBearingModelNeedsAWipeMethod) {
  const std::string before = dump();
  const std::string said = refusal_of([&] { dispose_assets(db(), "t", {m_server}, request(std::nullopt)); }).what;
  EXPECT_THAT(said, StartsWith("dispose: refused 1 of 1:\n  " + m_server + ": Dell R640 stores data: give "));
  EXPECT_THAT(said, HasSubstr(" METHOD (e.g. nist-800-88-purge, physical-destroy)"));
  EXPECT_EQ(said.find("nothing was disposed"), std::string::npos) << "one asset: the count says it all";
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(DisposalTest, ARackedAssetMustBeRemovedFirst) {
  add_rack(db(), "t", {"R1", "WH1", std::nullopt, std::nullopt, std::nullopt});
  Installation at;
  at.asset = m_server;
  at.rack = "R1";
  install_asset(db(), "t", at);
  const std::string before = dump();
  const std::string said = refusal_of([&] { dispose_assets(db(), "t", {m_server}, request()); }).what;
  EXPECT_THAT(said, StartsWith("dispose: refused 1 of 1:\n  " + m_server + ": it is installed in rack WH1/R1; "));
  EXPECT_THAT(said, HasSubstr("rack remove " + m_server));
  EXPECT_EQ(test::row_changes(before, dump()), "");
}

TEST_F(DisposalTest, TheSchemaKeepsOneDisposalPerAssetAndADisposedAssetFinal) {
  dispose_assets(db(), "t", {m_monitor}, request());
  EXPECT_THROW(db().exec("UPDATE asset SET status = 'in_stock' WHERE tag = '" + m_monitor + "'"), store::SqlError);
  EXPECT_THROW(db().exec("INSERT INTO disposal (asset_id, method, disposed_on, recorded_at, recorded_by) "
                         "SELECT id, 'recycle', '2026-11-27', '2026-11-27T09:15:00Z', 't' FROM asset WHERE tag = '" +
                         m_monitor + "'"),
               store::SqlError);
  EXPECT_EQ(count("disposal"), 1);
}

}  // namespace
}  // namespace tally
