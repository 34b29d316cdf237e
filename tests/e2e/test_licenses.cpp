// End-to-end tests of the license CMDB (`tally license ...`): the printed
// license in every format, masked keys, seat accounting and over-allocation,
// the list filters (expiry with TALLY_TODAY, team roll-up), and every refusal
// of the license commands (exit 1, a message naming the numbers, nothing written).

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

const char* const k_key = "ABCD-EFGH-IJKL-7Q2K";

// The `id` of each row of a JSON list.
std::vector<std::string> ids_of(const json& rows) {
  std::vector<std::string> ids;
  for (const auto& row : rows) {
    ids.push_back(row["id"].get<std::string>());
  }
  return ids;
}

// A fresh database with vendors Microsoft and Dell, person ana (A-2), and
// four Dell servers received on PO-2026-0001 (their tags in `tags`).
class LicenseCli : public SandboxTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(sb.init());
    ok_json({"vendor", "add", "Microsoft", "--supplier"});
    ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
    ok_json({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--u-height", "1"});
    ok_json({"budget", "set", "A-3", "2026", "100000.00"});
    ok_json({"location", "add", "WH1", "--name", "Warehouse 1", "--kind", "warehouse"});
    ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"});
    ok_json({"po", "add-line", "PO-2026-0001", "--model", "Dell PowerEdge R640", "--qty", "4", "--unit-cost", "1000"});
    for (const char* step : {"submit", "approve", "order"}) {
      ok_json({"po", step, "PO-2026-0001", "--actor", std::string(step) == "approve" ? "approver" : "tester"});
    }
    for (const auto& unit : ok_json({"receive", "PO-2026-0001", "--line", "1", "--location", "WH1", "--serial", "S1",
                                     "--serial", "S2", "--serial", "S3", "--serial", "S4"})) {
      tags.push_back(unit["tag"].get<std::string>());
    }
    ASSERT_EQ(tags.size(), 4u);
    ok_json({"person", "add", "ana", "--name", "Ana Lopez", "--team", "A-2"});
    ASSERT_FALSE(HasFailure()) << "the estate could not be set up";
  }

  // Runs a command that must succeed; returns its stdout.
  std::string ok(const std::vector<std::string>& args) {
    const Result r = sb.tally(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  // Moves an asset through the legal lifecycle with the sqlite3 shell.
  void dispose_with_sql(const std::string& tag) {
    const std::string where = " WHERE tag = '" + tag + "';";
    const Result r = sb.sqlite(
        "INSERT INTO disposal (asset_id, method, disposed_on, wipe_method, recorded_at, recorded_by) "
        "SELECT id, 'recycle', '2026-11-27', 'nist-800-88', '2026-11-27T09:15:00Z', 'tester' FROM asset" +
        where + "UPDATE asset SET status = 'retired'" + where + "UPDATE asset SET status = 'disposed'" + where);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  void return_with_sql(const std::string& tag) {
    const std::string where = " WHERE tag = '" + tag + "';";
    const std::string id = "(SELECT id FROM asset" + where.substr(0, where.size() - 1) + ")";
    const Result r = sb.sqlite(
        "INSERT INTO rma (asset_id, vendor_id, reason, opened_on) SELECT id, manufacturer_id, "
        "'dead', '2026-11-27' FROM asset" +
        where + "UPDATE asset SET status = 'rma'" + where +
        "UPDATE rma SET resolved_on = '2026-11-27', outcome = 'refunded' WHERE asset_id = " + id +
        ";UPDATE asset SET status = 'returned_to_vendor'" + where);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::vector<std::string> tags;
};

TEST_F(LicenseCli, AddPrintsTheLicenseWithItsId) {
  EXPECT_EQ(ok_json({"license", "add", "Visio Professional", "--vendor", "Microsoft", "--seats", "25", "--team", "IT-5",
                     "--starts", "2026-01-01", "--expires", "2026-12-31", "--key", k_key, "--po", "po-2026-0001",
                     "--cost", "12500"}),
            json::parse(R"({"id":"LIC-00001","product":"Visio Professional","vendor":"Microsoft","type":"per-seat",
                            "seats":25,"used":0,"free":25,"over_allocated":false,"allow_overallocation":false,
                            "starts_on":"2026-01-01","expires_on":"2026-12-31","days_to_expiry":34,"team":"IT-5",
                            "po":"PO-2026-0001","cost":"12500.00","currency":"USD","key":"XXXX-...-7Q2K",
                            "assignments":[]})"));
  EXPECT_EQ(ok_json({"license", "add", "Windows Server", "--vendor", "Microsoft", "--type", "site"}),
            json::parse(R"({"id":"LIC-00002","product":"Windows Server","vendor":"Microsoft","type":"site",
                            "seats":null,"used":0,"free":null,"over_allocated":false,"allow_overallocation":false,
                            "starts_on":null,"expires_on":null,"days_to_expiry":null,"team":null,"po":null,
                            "cost":null,"currency":null,"key":null,"assignments":[]})"));
  EXPECT_EQ(ok_json({"license", "show", "lic-2"})["product"], "Windows Server");
  const json history = ok_json({"log", "--entity", "license", "--key", "LIC-00001"});
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0]["action"], "create");
  EXPECT_EQ(history[0]["after"]["key"], "XXXX-...-7Q2K");
  EXPECT_EQ(history[0]["after"]["seats"], 25);
}

TEST_F(LicenseCli, KeysAreMaskedInEveryFormatUnlessShown) {
  ok_json({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "5", "--key", k_key});
  ok_json({"license", "add", "Tiny", "--vendor", "Microsoft", "--seats", "5", "--key", "SHORTKEY"});
  for (const char* format : {"table", "csv", "json"}) {
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"license", "list"}, std::vector<std::string>{"license", "show", "LIC-00001"},
          std::vector<std::string>{"license", "show", "LIC-00002"}}) {
      std::vector<std::string> args = command;
      args.insert(args.end(), {"--format", format});
      const std::string masked = ok(args);
      EXPECT_FALSE(contains(masked, k_key)) << format << ": " << masked;
      EXPECT_FALSE(contains(masked, "SHORTKEY")) << format << ": " << masked;
      EXPECT_TRUE(contains(masked, command.size() == 2 || command[2] == "LIC-00001" ? "XXXX-...-7Q2K" : "XXXX"))
          << masked;
      args.push_back("--show-keys");
      const std::string shown = ok(args);
      EXPECT_TRUE(contains(shown, command.size() == 2 || command[2] == "LIC-00001" ? k_key : "SHORTKEY")) << shown;
      EXPECT_FALSE(contains(shown, "XXXX")) << shown;
    }
  }
  EXPECT_EQ(ok({"license", "list", "--format", "csv"}),
            "id,product,vendor,type,seats,used,free,over_allocated,allow_overallocation,starts_on,expires_on,"
            "days_to_expiry,team,po,cost,currency,key\n"
            "LIC-00001,Visio,Microsoft,per-seat,5,0,5,false,false,,,,,,,,XXXX-...-7Q2K\n"
            "LIC-00002,Tiny,Microsoft,per-seat,5,0,5,false,false,,,,,,,,XXXX\n");
  // A new key is recorded in the history, masked too.
  ok_json({"license", "set", "LIC-00001", "--key", "NEWK-EFGH-IJKL-9999"});
  const Result events = sb.sqlite(
      "SELECT count(*) FROM event WHERE entity = 'license' AND (instr(coalesce(after, ''), "
      "'EFGH') > 0 OR instr(coalesce(before, ''), 'EFGH') > 0 OR "
      "instr(coalesce(after, ''), 'SHORTKEY') > 0)");
  EXPECT_EQ(events.out, "0\n");
  EXPECT_EQ(ok_json({"log", "--entity", "license", "--key", "LIC-00001"}).back()["after"],
            json::parse(R"({"key":"XXXX-...-9999"})"));
}

TEST_F(LicenseCli, AssigningAgainAddsAndUnassignRemovesTheRow) {
  ok_json({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "10"});
  ok_json({"license", "assign", "LIC-00001", "--person", "ana", "--qty", "2"});
  ok_json({"license", "assign", "LIC-00001", "--asset", tags[0]});
  const json after = ok_json({"license", "assign", "LIC-00001", "--person", "ana", "--qty", "3"});
  EXPECT_EQ(after["used"], 6);
  EXPECT_EQ(after["free"], 4);
  EXPECT_EQ(after["assignments"], json::parse(R"([
    {"kind":"person","target":"ana","quantity":5,"assigned_at":"2026-11-27T09:15:00Z"},
    {"kind":"asset","target":")" + tags[0] + R"(","quantity":1,"assigned_at":"2026-11-27T09:15:00Z"}])"));
  const json removed = ok_json({"license", "unassign", "LIC-00001", "--person", "ana"});
  EXPECT_EQ(removed["used"], 1);
  EXPECT_EQ(removed["assignments"].size(), 1u);
  EXPECT_TRUE(contains(refused({"license", "unassign", "LIC-00001", "--person", "ana"}),
                       "license unassign: LIC-00001 (Visio) is not assigned to person ana"));
  EXPECT_EQ(ok({"license", "show", "LIC-00001", "--format", "table"}).substr(0, 28), "id:                    LIC-0");
}

TEST_F(LicenseCli, EveryRefusalExitsOneAndWritesNothing) {
  ok_json({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "5", "--expires", "2027-06-30"});
  ok_json({"license", "add", "Veeam Agent", "--vendor", "Microsoft", "--type", "per-device", "--seats", "2"});
  ok_json({"license", "assign", "LIC-00001", "--team", "A-2", "--qty", "4"});
  dispose_with_sql(tags[2]);
  return_with_sql(tags[3]);

  EXPECT_TRUE(contains(refused({"license", "assign", "LIC-00001", "--person", "ana", "--qty", "2"}),
                       "license assign: LIC-00001 (Visio) has too few seats: bought 5, used 4, requested 2"));
  EXPECT_TRUE(contains(refused({"license", "assign", "LIC-00002", "--asset", tags[2]}),
                       "license assign: asset " + tags[2] +
                           " is disposed; a disposed or returned asset takes no "
                           "license seats"));
  EXPECT_TRUE(contains(refused({"license", "assign", "LIC-00002", "--asset", tags[3]}),
                       "license assign: asset " + tags[3] + " is returned_to_vendor"));
  EXPECT_TRUE(contains(refused({"license", "assign", "LIC-00002", "--person", "ana"}),
                       "license assign: LIC-00002 (Veeam Agent) is a per-device license; it can only be assigned to "
                       "an asset (--asset TAG), not to a person"));
  EXPECT_TRUE(contains(refused({"license", "add", "Project", "--vendor", "Microsoft", "--seats", "5", "--starts",
                                "2027-01-01", "--expires", "2026-12-31"}),
                       "license add: --expires 2026-12-31 is before --starts 2027-01-01"));
  EXPECT_TRUE(contains(refused({"license", "set", "LIC-00001", "--starts", "2027-07-01"}),
                       "license set: LIC-00001 (Visio) would expire on 2027-06-30, before it starts on 2027-07-01"));
  EXPECT_TRUE(contains(refused({"license", "add", "Project", "--vendor", "Microsoft", "--seats", "0"}),
                       "license add: --seats 0 must be a positive whole number"));
  EXPECT_TRUE(contains(refused({"license", "add", "Project", "--vendor", "Microsoft", "--seats=-3"}),
                       "license add: --seats -3 must be a positive whole number"));
  EXPECT_TRUE(contains(refused({"license", "add", "Project", "--vendor", "Microsoft"}),
                       "license add: --seats N is required for a per-seat license"));
  EXPECT_TRUE(contains(refused({"license", "set", "LIC-00001", "--seats", "0"}),
                       "license set: --seats 0 must be a positive whole number"));
  EXPECT_TRUE(contains(refused({"license", "show", "LIC-00042"}),
                       "license show: no license LIC-00042 (`tally license list` shows them)"));
  EXPECT_TRUE(
      contains(refused({"license", "assign", "LIC-00042", "--person", "ana"}), "license assign: no license LIC-00042"));
  EXPECT_TRUE(contains(refused({"license", "set", "Visio", "--seats", "9"}),
                       "license set: 'Visio' is not a license id like LIC-00042"));
  EXPECT_TRUE(contains(refused({"license", "set", "LIC-00001", "--seats", "3"}),
                       "license set: LIC-00001 (Visio): bought 5, used 4; refusing to lower seats to 3"));
  // Usage errors are exit 2, and write nothing either.
  refused({"license", "assign", "LIC-00001"}, 2);
  refused({"license", "assign", "LIC-00001", "--person", "ana", "--team", "A-2"}, 2);
  refused({"license", "add", "Project", "--vendor", "Microsoft", "--seats", "1", "--type", "per-user"}, 2);
  refused({"license", "list", "--expired", "--expiring-within", "30"}, 2);

  // Still exactly what was assigned before the refusals.
  const json visio = ok_json({"license", "show", "LIC-00001"});
  EXPECT_EQ(visio["used"], 4);
  EXPECT_EQ(visio["seats"], 5);
}

TEST_F(LicenseCli, AllowedOverAllocationIsAcceptedAndReported) {
  ok_json({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "2", "--allow-overallocation"});
  ok_json({"license", "add", "Project", "--vendor", "Microsoft", "--seats", "2"});
  ok_json({"license", "assign", "LIC-00002", "--team", "A-2", "--qty", "2"});
  const json over = ok_json({"license", "assign", "LIC-00001", "--team", "IT-5", "--qty", "3"});
  EXPECT_EQ(over["used"], 3);
  EXPECT_EQ(over["free"], -1);
  EXPECT_EQ(over["over_allocated"], true);
  EXPECT_EQ(ok({"license", "list", "--over-allocated", "--format", "csv"}),
            "id,product,vendor,type,seats,used,free,over_allocated,allow_overallocation,starts_on,expires_on,"
            "days_to_expiry,team,po,cost,currency,key\n"
            "LIC-00001,Visio,Microsoft,per-seat,2,3,-1,true,true,,,,,,,,\n");
  // Forbidding over-allocation again needs the seats first.
  EXPECT_TRUE(
      contains(refused({"license", "set", "LIC-00001", "--no-overallocation"}),
               "license set: LIC-00001 (Visio): bought 2, used 3; --no-overallocation needs --seats 3 or more"));
  const json fixed = ok_json({"license", "set", "LIC-00001", "--no-overallocation", "--seats", "3"});
  EXPECT_EQ(fixed["over_allocated"], false);
  EXPECT_EQ(fixed["allow_overallocation"], false);
  EXPECT_EQ(ok_json({"license", "list", "--over-allocated"}), json::array());
}

TEST_F(LicenseCli, ExpiryFiltersFollowTallyToday) {
  ok_json({"license", "add", "Soon", "--vendor", "Microsoft", "--seats", "1", "--expires", "2026-12-15"});
  ok_json({"license", "add", "Later", "--vendor", "Microsoft", "--seats", "1", "--expires", "2027-03-01"});
  ok_json({"license", "add", "Past", "--vendor", "Microsoft", "--seats", "1", "--expires", "2026-10-01"});
  ok_json({"license", "add", "Never", "--vendor", "Microsoft", "--seats", "1"});
  const auto on = [](const char* day) { return std::map<std::string, std::string>{{"TALLY_TODAY", day}}; };

  const json soon = ok_json({"license", "list", "--expiring-within", "30"}, on("2026-11-27"));
  EXPECT_EQ(ids_of(soon), std::vector<std::string>{"LIC-00001"});
  EXPECT_EQ(soon[0]["days_to_expiry"], 18);
  EXPECT_EQ(ids_of(ok_json({"license", "list", "--expired"}, on("2026-11-27"))), std::vector<std::string>{"LIC-00003"});

  // 2027-03-01 is exactly 30 days after 2027-01-30: the window is inclusive.
  EXPECT_EQ(ids_of(ok_json({"license", "list", "--expiring-within", "30"}, on("2027-01-30"))),
            std::vector<std::string>{"LIC-00002"});
  EXPECT_EQ(ids_of(ok_json({"license", "list", "--expiring-within", "29"}, on("2027-01-30"))),
            std::vector<std::string>{});
  const json expired = ok_json({"license", "list", "--expired"}, on("2027-01-30"));
  EXPECT_EQ(ids_of(expired), (std::vector<std::string>{"LIC-00001", "LIC-00003"}));
  EXPECT_EQ(expired[0]["days_to_expiry"], -46);

  EXPECT_EQ(ids_of(ok_json({"license", "list", "--expiring-within", "30"}, on("2027-03-02"))),
            std::vector<std::string>{});
  EXPECT_EQ(ids_of(ok_json({"license", "list", "--expired"}, on("2027-03-02"))),
            (std::vector<std::string>{"LIC-00001", "LIC-00002", "LIC-00003"}));

  const Result bad = sb.tally({"license", "list", "--expired"}, "", on("2027-02-30"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "TALLY_TODAY='2027-02-30' is not a date")) << bad.err;
}

TEST_F(LicenseCli, TeamFilterRollsUpTheOrgChart) {
  ok_json({"license", "add", "A", "--vendor", "Microsoft", "--seats", "1", "--team", "IT-5"});
  ok_json({"license", "add", "B", "--vendor", "Microsoft", "--seats", "1", "--team", "U-AP2"});
  ok_json({"license", "add", "C", "--vendor", "Microsoft", "--seats", "1", "--team", "A-2"});
  ok_json({"license", "add", "D", "--vendor", "Dell", "--seats", "1", "--team", "1I"});
  ok_json({"license", "add", "E", "--vendor", "Microsoft", "--seats", "1"});
  EXPECT_EQ(ids_of(ok_json({"license", "list", "--team", "1I"})),
            (std::vector<std::string>{"LIC-00001", "LIC-00002", "LIC-00004"}));
  EXPECT_EQ(ids_of(ok_json({"license", "list", "--team", "it-5"})),
            (std::vector<std::string>{"LIC-00001", "LIC-00002"}));
  EXPECT_EQ(ids_of(ok_json({"license", "list", "--team", "U-AP2"})), std::vector<std::string>{"LIC-00002"});
  EXPECT_EQ(ids_of(ok_json({"license", "list", "--team", "1I", "--vendor", "Dell"})),
            std::vector<std::string>{"LIC-00004"});
  EXPECT_EQ(ok_json({"license", "list", "--team", "1A"})[0]["id"], "LIC-00003");
  EXPECT_TRUE(contains(refused({"license", "list", "--team", "ZZ-9"}), "ZZ-9"));
}

}  // namespace
}  // namespace tally::e2e
