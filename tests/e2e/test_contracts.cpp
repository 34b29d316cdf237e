// End-to-end tests of vendor contracts and coverage (`tally contract ...`,
// `tally report coverage`, the coverage in `asset show`, `repair open` and
// `rma open`): a whole contract estate checked on three TALLY_TODAY
// dates, cover by tag, PO and scan, renewals, and every refusal of the issue
// (exit 1, a message naming what was wrong, nothing written).

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

std::map<std::string, std::string> on(const std::string& day) {
  return {{"TALLY_TODAY", day}};
}

// A small estate, set up on 2026-11-27:
//   W  Dell R640 (12 months of warranty) received 2026-01-15: warranty only, to 2027-01-15; deployed, A-3, DC1-H1
//   C  HPE DL360 (no warranty) received 2025-06-01: contract SUP-1 (HPE, 2026-01-01..2026-12-31, 4h-24x7) only;
//      deployed, A-3, DC1-H1
//   B  Dell R640 received 2026-03-01: warranty to 2027-03-01 and contract MNT-7 (Dell, 2026-06-01..2028-05-31, NBD);
//      deployed, A-1, DC1-H1
//   N  HPE DL360 received 2025-06-01: nothing; deployed, A-3, WH1
//   S  Dell R640 received 2025-01-10: warranty ended 2026-01-10; in_stock (a spare), A-3, WH1
class CoverageEstate : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    ok_json({"vendor", "add", "Dell"});
    ok_json({"vendor", "add", "HPE"});
    ok_json({"model", "add", "Dell", "R640", "--category", "server", "--u-height", "1", "--warranty-months", "12"});
    ok_json({"model", "add", "HPE", "DL360", "--category", "server", "--u-height", "1"});
    ok_json({"location", "add", "DC1", "--name", "Data center"});
    ok_json({"location", "add", "DC1-H1", "--name", "Hall 1", "--parent", "DC1"});
    ok_json({"location", "add", "WH1", "--name", "Warehouse", "--kind", "warehouse"});
    W = add("Dell R640", "SW", "2026-01-15", "A-3", "DC1-H1", true);
    C = add("HPE DL360", "SC", "2025-06-01", "A-3", "DC1-H1", true);
    B = add("Dell R640", "SB", "2026-03-01", "A-1", "DC1-H1", true);
    N = add("HPE DL360", "SN", "2025-06-01", "A-3", "WH1", true);
    S = add("Dell R640", "SS", "2025-01-10", "A-3", "WH1", false);
    ok_json({"contract", "add", "SUP-1", "--vendor", "HPE", "--kind", "support", "--starts", "2026-01-01", "--ends",
             "2026-12-31", "--sla", "4h-24x7", "--notice-days", "60", "--team", "A-1"});
    ok_json({"contract", "add", "MNT-7", "--vendor", "Dell", "--kind", "maintenance", "--starts", "2026-06-01",
             "--ends", "2028-05-31", "--sla", "NBD", "--cost", "1200.00", "--per", "year", "--team", "A-1"});
    ok_json({"contract", "cover", "SUP-1", "--asset", C});
    ok_json({"contract", "cover", "MNT-7", "--asset", B});
    ASSERT_FALSE(HasFailure()) << "the estate could not be set up";
  }

  std::string add(const std::string& model, const std::string& serial, const std::string& received,
                  const std::string& team, const std::string& location, bool deploy) {
    const json asset = ok_json({"asset", "add", "--model", model, "--serial", serial, "--received", received, "--team",
                                team, "--location", location});
    const std::string tag = asset.value("tag", "");
    if (deploy) {
      ok_json({"asset", "set-status", tag, "deployed"});
    }
    return tag;
  }

  // Like refused(), with TALLY_TODAY set to `day`.
  std::string refused_on(const std::vector<std::string>& args, const std::string& day) {
    const std::string before = sb.dump();
    const Result r = sb.tally(args, "", on(day));
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_EQ(sb.dump(), before) << "a refused command wrote to the database";
    return r.err;
  }

  // The coverage fields and sources of `asset show` on a date.
  json coverage_of(const std::string& tag, const std::string& day) {
    const json shown = ok_json({"asset", "show", tag}, on(day));
    return {{"covered", shown["covered"]},
            {"covered_by", shown["covered_by"]},
            {"covered_until", shown["covered_until"]},
            {"coverage_sla", shown["coverage_sla"]},
            {"coverage", shown["coverage"]}};
  }

  // tag, problem, covered_by, covered_until and days_left of each report row.
  json report(std::vector<std::string> args, const std::string& day) {
    std::vector<std::string> command = {"report", "coverage"};
    command.insert(command.end(), args.begin(), args.end());
    json rows = json::array();
    for (const auto& row : ok_json(command, on(day))) {
      rows.push_back({row["tag"], row["problem"], row["covered_by"], row["covered_until"], row["days_left"]});
    }
    return rows;
  }

  std::string W, C, B, N, S;
};

const json k_none =
    json::parse(R"J({"covered":false,"covered_by":null,"covered_until":null,"coverage_sla":null,"coverage":[]})J");

json warranty_until(const std::string& day) {
  return {{"covered", true},
          {"covered_by", "warranty"},
          {"covered_until", day},
          {"coverage_sla", nullptr},
          {"coverage",
           {{{"source", "warranty"},
             {"contract", nullptr},
             {"vendor", nullptr},
             {"kind", nullptr},
             {"sla", nullptr},
             {"ends_on", day}}}}};
}

const json k_sup1 = json::parse(R"J({"covered":true,"covered_by":"contract SUP-1 (HPE)","covered_until":"2026-12-31",
  "coverage_sla":"4h-24x7","coverage":[{"source":"contract","contract":"SUP-1","vendor":"HPE","kind":"support",
  "sla":"4h-24x7","ends_on":"2026-12-31"}]
})J");

// B: the contract ends last, so it comes first; the warranty is listed until it ends on 2027-03-01.
const json k_mnt7_and_warranty = json::parse(R"J({"covered":true,"covered_by":"contract MNT-7 (Dell)",
  "covered_until":"2028-05-31","coverage_sla":"NBD","coverage":[
  {"source":"contract","contract":"MNT-7","vendor":"Dell","kind":"maintenance","sla":"NBD","ends_on":"2028-05-31"},
  {"source":"warranty","contract":null,"vendor":null,"kind":null,"sla":null,"ends_on":"2027-03-01"}]
})J");

// Issue 11 "Done when", first date: everything but N is covered; SUP-1 ends in 34 days, W's warranty in 49.
TEST_F(CoverageEstate, OnDay1NovemberTwentySeventh) {
  const std::string day = "2026-11-27";
  EXPECT_EQ(coverage_of(W, day), warranty_until("2027-01-15"));
  EXPECT_EQ(coverage_of(C, day), k_sup1);
  EXPECT_EQ(coverage_of(B, day), k_mnt7_and_warranty);
  EXPECT_EQ(coverage_of(N, day), k_none);
  EXPECT_EQ(coverage_of(S, day), k_none);

  // Default 30 days: only the deployed asset with nothing (S is a spare in stock).
  EXPECT_EQ(report({}, day), json::array({{N, "uncovered", nullptr, nullptr, nullptr}}));
  EXPECT_EQ(report({"--within", "40"}, day), json::array({{N, "uncovered", nullptr, nullptr, nullptr},
                                                          {C, "ending", "contract SUP-1 (HPE)", "2026-12-31", 34}}));
  EXPECT_EQ(report({"--within", "49"}, day), json::array({{N, "uncovered", nullptr, nullptr, nullptr},
                                                          {C, "ending", "contract SUP-1 (HPE)", "2026-12-31", 34},
                                                          {W, "ending", "warranty", "2027-01-15", 49}}));
  EXPECT_EQ(report({"--within", "48", "--location", "DC1"}, day),
            json::array({{C, "ending", "contract SUP-1 (HPE)", "2026-12-31", 34}}));
  EXPECT_EQ(report({"--within", "49", "--team", "A-1"}, day), json::array());
  EXPECT_EQ(report({"--within", "1000", "--team", "A-1"}, day),
            json::array({{B, "ending", "contract MNT-7 (Dell)", "2028-05-31", 551}}));
}

// Second date: SUP-1 has ended, W's warranty has 5 days left.
TEST_F(CoverageEstate, OnDay2JanuaryTenth) {
  const std::string day = "2027-01-10";
  EXPECT_EQ(coverage_of(W, day), warranty_until("2027-01-15"));
  EXPECT_EQ(coverage_of(C, day), k_none);
  EXPECT_EQ(coverage_of(B, day), k_mnt7_and_warranty);
  EXPECT_EQ(coverage_of(N, day), k_none);

  EXPECT_EQ(report({}, day), json::array({{C, "uncovered", nullptr, nullptr, nullptr},
                                          {N, "uncovered", nullptr, nullptr, nullptr},
                                          {W, "ending", "warranty", "2027-01-15", 5}}));
  EXPECT_EQ(report({"--location", "DC1-H1"}, day),
            json::array({{C, "uncovered", nullptr, nullptr, nullptr}, {W, "ending", "warranty", "2027-01-15", 5}}));
  EXPECT_EQ(report({"--team", "A-3", "--within", "0"}, day),
            json::array({{C, "uncovered", nullptr, nullptr, nullptr}, {N, "uncovered", nullptr, nullptr, nullptr}}));
}

// Third date: W's warranty is over too; only B is covered (its contract, and its warranty until March).
TEST_F(CoverageEstate, OnDay3FebruaryFirst) {
  const std::string day = "2027-02-01";
  EXPECT_EQ(coverage_of(W, day), k_none);
  EXPECT_EQ(coverage_of(C, day), k_none);
  EXPECT_EQ(coverage_of(B, day), k_mnt7_and_warranty);
  EXPECT_EQ(coverage_of(N, day), k_none);

  EXPECT_EQ(report({}, day), json::array({{W, "uncovered", nullptr, nullptr, nullptr},
                                          {C, "uncovered", nullptr, nullptr, nullptr},
                                          {N, "uncovered", nullptr, nullptr, nullptr}}));
  EXPECT_EQ(report({"--location", "WH1"}, day), json::array({{N, "uncovered", nullptr, nullptr, nullptr}}));

  // After the warranty, the contract alone.
  const json later = coverage_of(B, "2027-03-02");
  EXPECT_EQ(later["covered_by"], "contract MNT-7 (Dell)");
  EXPECT_EQ(later["coverage"].size(), 1u);
}

TEST_F(CoverageEstate, TableFormatOfAssetShowHasTheCoverageSection) {
  const Result r = sb.tally({"asset", "show", B}, "", on("2026-11-27"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "covered by:     contract MNT-7 (Dell)")) << r.out;
  EXPECT_TRUE(contains(r.out, "covered until:  2028-05-31")) << r.out;
  EXPECT_TRUE(contains(r.out, "Coverage on 2026-11-27")) << r.out;
}

TEST_F(CoverageEstate, RepairAndRmaOpenPrintTheCoverage) {
  const json repair = ok_json({"repair", "open", B, "--reason", "PSU"}, on("2026-11-27"));
  EXPECT_EQ(repair["id"], "REP-00001");
  EXPECT_EQ(repair["covered"], true);
  EXPECT_EQ(repair["covered_by"], "contract MNT-7 (Dell)");
  EXPECT_EQ(repair["covered_until"], "2028-05-31");
  EXPECT_EQ(repair["coverage_sla"], "NBD");

  const json rma = ok_json({"rma", "open", S, "--vendor", "Dell", "--reason", "DOA"}, on("2026-11-27"));
  EXPECT_EQ(rma["id"], "RMA-00001");
  EXPECT_EQ(rma["covered"], false);
  EXPECT_EQ(rma["covered_by"], nullptr);
  EXPECT_EQ(rma["coverage"], json::array());

  const Result r = sb.tally({"repair", "open", W, "--reason", "fan"}, "", on("2027-01-10"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "covered by:     warranty")) << r.out;
  EXPECT_TRUE(contains(r.out, "covered until:  2027-01-15")) << r.out;
}

TEST_F(CoverageEstate, ShowAndListContracts) {
  const json shown = ok_json({"contract", "show", "MNT-7"});
  EXPECT_EQ(shown["vendor"], "Dell");
  EXPECT_EQ(shown["kind"], "maintenance");
  EXPECT_EQ(shown["status"], "active");
  EXPECT_EQ(shown["cost"], "1200.00");
  EXPECT_EQ(shown["currency"], "USD");
  EXPECT_EQ(shown["period"], "year");
  EXPECT_EQ(shown["assets"], 1);
  EXPECT_EQ(shown["days_to_end"], 551);
  EXPECT_EQ(shown["terms"], json::parse(R"J([{"starts_on":"2026-06-01","ends_on":"2028-05-31","cost":"1200.00",
                                             "recorded_at":"2026-11-27T09:15:00Z"}])J"));
  ASSERT_EQ(shown["covered_assets"].size(), 1u);
  EXPECT_EQ(shown["covered_assets"][0]["tag"], B);
  EXPECT_EQ(shown["covered_assets"][0]["model"], "Dell R640");

  // SUP-1: notice of 60 days before 2026-12-31 is 2026-11-01, already past on 2026-11-27.
  const json sup = ok_json({"contract", "show", "SUP-1"});
  EXPECT_EQ(sup["notice_by"], "2026-11-01");
  EXPECT_EQ(sup["cost"], nullptr);

  auto numbers = [&](std::vector<std::string> args, const std::string& day) {
    std::vector<std::string> command = {"contract", "list"};
    command.insert(command.end(), args.begin(), args.end());
    std::vector<std::string> out;
    for (const auto& row : ok_json(command, on(day))) {
      out.push_back(row["number"].get<std::string>());
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(numbers({}, "2026-11-27"), (V{"SUP-1", "MNT-7"}));
  EXPECT_EQ(numbers({"--vendor", "Dell"}, "2026-11-27"), V{"MNT-7"});
  EXPECT_EQ(numbers({"--team", "1A"}, "2026-11-27"), (V{"SUP-1", "MNT-7"}));
  EXPECT_EQ(numbers({"--team", "A-3"}, "2026-11-27"), V{});
  EXPECT_EQ(numbers({"--ending-within", "34"}, "2026-11-27"), V{"SUP-1"});
  EXPECT_EQ(numbers({"--ending-within", "33"}, "2026-11-27"), V{});
  EXPECT_EQ(numbers({"--notice-due-within", "30"}, "2026-10-15"), V{"SUP-1"});
  // On 2026-11-27 SUP-1's deadline (2026-11-01) has passed while it runs to
  // 2026-12-31: listed, marked overdue; once it has ended it is not.
  EXPECT_EQ(numbers({"--notice-due-within", "30"}, "2026-11-27"), V{"SUP-1"});
  EXPECT_EQ(numbers({"--notice-due-within", "60"}, "2026-11-27"), V{"SUP-1"});
  EXPECT_EQ(ok_json({"contract", "list", "--notice-due-within", "30"}, on("2026-11-27"))[0]["notice_overdue"], true);
  EXPECT_EQ(ok_json({"contract", "list", "--notice-due-within", "30"}, on("2026-10-15"))[0]["notice_overdue"], false);
  EXPECT_EQ(numbers({"--notice-due-within", "30"}, "2027-01-01"), V{});
  EXPECT_EQ(ok_json({"contract", "list"}, on("2027-01-01"))[0]["status"], "ended");
}

TEST_F(CoverageEstate, RenewalAddsATermAndKeepsTheOldOne) {
  const json renewed = ok_json({"contract", "renew", "SUP-1", "--ends", "2027-12-31"}, on("2027-01-10"));
  EXPECT_EQ(renewed["ends_on"], "2027-12-31");
  EXPECT_EQ(renewed["starts_on"], "2026-01-01");
  EXPECT_EQ(renewed["status"], "active");
  EXPECT_EQ(renewed["terms"], json::parse(R"J([
      {"starts_on":"2026-01-01","ends_on":"2026-12-31","cost":null,"recorded_at":"2026-11-27T09:15:00Z"},
      {"starts_on":"2027-01-01","ends_on":"2027-12-31","cost":null,"recorded_at":"2026-11-27T09:15:00Z"}])J"));
  EXPECT_EQ(coverage_of(C, "2027-01-10")["covered_until"], "2027-12-31");

  const json priced = ok_json({"contract", "renew", "MNT-7", "--ends", "2029-05-31", "--cost", "1300.00"});
  EXPECT_EQ(priced["cost"], "1300.00");
  ASSERT_EQ(priced["terms"].size(), 2u);
  EXPECT_EQ(priced["terms"][0]["cost"], "1200.00");
  EXPECT_EQ(priced["terms"][1], json::parse(R"J({"starts_on":"2028-06-01","ends_on":"2029-05-31","cost":"1300.00",
                                                "recorded_at":"2026-11-27T09:15:00Z"})J"));
  EXPECT_EQ(ok_json({"contract", "show", "MNT-7"}), priced);

  const json log = ok_json({"log", "--entity", "contract", "--key", "MNT-7"});
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0]["action"], "create");
  EXPECT_EQ(log[1]["action"], "renew");
  EXPECT_EQ(log[1]["before"], json::parse(R"J({"vendor":"Dell","ends_on":"2028-05-31","cost":"1200.00"})J"));
  EXPECT_EQ(
      log[1]["after"],
      json::parse(R"J({"vendor":"Dell","term_starts_on":"2028-06-01","ends_on":"2029-05-31","cost":"1300.00"})J"));
}

TEST_F(CoverageEstate, CoverAndUncoverAreRecordedOnTheAsset) {
  EXPECT_EQ(ok_json({"contract", "cover", "MNT-7", "--asset", W, "--asset", B}),
            json::array({{{"contract", "MNT-7"}, {"vendor", "Dell"}, {"tag", W}, {"result", "covered"}},
                         {{"contract", "MNT-7"}, {"vendor", "Dell"}, {"tag", B}, {"result", "already covered"}}}));
  EXPECT_EQ(coverage_of(W, "2027-02-01")["covered_by"], "contract MNT-7 (Dell)");
  const json uncovered = ok_json({"contract", "uncover", "MNT-7", "--asset", W});
  EXPECT_EQ(uncovered["assets"], 1);
  EXPECT_EQ(coverage_of(W, "2027-02-01"), k_none);

  const json history = ok_json({"asset", "history", W});
  std::vector<std::string> actions;
  for (const auto& e : history) {
    actions.push_back(e["action"].get<std::string>());
  }
  ASSERT_GE(actions.size(), 2u);
  EXPECT_EQ(actions[actions.size() - 2], "cover");
  EXPECT_EQ(actions.back(), "uncover");
  EXPECT_EQ(history.back()["before"], json::parse(R"J({"contract":"MNT-7","vendor":"Dell"})J"));

  const std::string before = sb.dump();
  EXPECT_EQ(refused({"contract", "uncover", "MNT-7", "--asset", W}),
            "tally: error: contract uncover: contract MNT-7 (Dell) does not cover " + W +
                " (`tally contract show MNT-7` lists what it covers)\n");
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(CoverageEstate, CoverARackCoversEveryInstalledDevice) {
  ok_json({"rack", "add", "R01", "--location", "DC1-H1"});
  ok_json({"rack", "add", "R02", "--location", "DC1-H1"});
  ok_json({"rack", "install", W, "--rack", "R01", "--u", "1"});
  ok_json({"rack", "install", B, "--rack", "R01", "--u", "2"});
  // Top device first; B was covered already.
  EXPECT_EQ(ok_json({"contract", "cover", "SUP-1", "--rack", "DC1-H1/R01"}),
            json::array({{{"contract", "SUP-1"}, {"vendor", "HPE"}, {"tag", B}, {"result", "covered"}},
                         {{"contract", "SUP-1"}, {"vendor", "HPE"}, {"tag", W}, {"result", "covered"}}}));
  EXPECT_EQ(ok_json({"contract", "show", "SUP-1"})["assets"], 3);
  EXPECT_EQ(refused({"contract", "cover", "SUP-1", "--rack", "R02"}),
            "tally: error: contract cover: rack DC1-H1/R02 has no installed devices to cover\n");
  EXPECT_EQ(refused({"contract", "cover", "SUP-1", "--rack", "R09"}),
            "tally: error: unknown rack 'R09' (`tally rack list` shows every rack)\n");
}

TEST_F(CoverageEstate, SameNumberForTwoVendorsNeedsVendor) {
  ok_json({"contract", "add", "SUP-1", "--vendor", "Dell", "--kind", "lease", "--starts", "2026-01-01", "--ends",
           "2026-12-31"});
  EXPECT_EQ(refused({"contract", "show", "SUP-1"}),
            "tally: error: contract show: contract number 'SUP-1' exists for 2 vendors: Dell, HPE; add --vendor to "
            "say which\n");
  EXPECT_EQ(refused({"contract", "cover", "SUP-1", "--asset", N}),
            "tally: error: contract cover: contract number 'SUP-1' exists for 2 vendors: Dell, HPE; add --vendor to "
            "say which\n");
  EXPECT_EQ(ok_json({"contract", "show", "SUP-1", "--vendor", "Dell"})["kind"], "lease");
  EXPECT_EQ(ok_json({"contract", "show", "SUP-1", "--vendor", "hpe"})["kind"], "support");
  EXPECT_EQ(refused({"contract", "show", "MNT-7", "--vendor", "HPE"}),
            "tally: error: contract show: vendor HPE has no contract 'MNT-7'; it exists for: Dell\n");
  EXPECT_EQ(refused({"contract", "show", "NOPE"}),
            "tally: error: contract show: no contract 'NOPE' (`tally contract list` shows them)\n");
}

// The refusals of the contract commands: exit 1, a message naming what was wrong, the database unchanged.
TEST_F(CoverageEstate, RefusalsChangeNothing) {
  EXPECT_EQ(refused({"contract", "add", "X-1", "--vendor", "Dell", "--kind", "support", "--starts", "2026-06-01",
                     "--ends", "2026-05-31"}),
            "tally: error: contract add: --ends 2026-05-31 is before --starts 2026-06-01\n");
  EXPECT_EQ(refused({"contract", "add", "SUP-1", "--vendor", "hpe", "--kind", "support", "--starts", "2027-01-01",
                     "--ends", "2027-12-31"}),
            "tally: error: contract add: vendor HPE already has contract SUP-1 (ending 2026-12-31); a number is "
            "unique per vendor (to extend it: `tally contract renew SUP-1 --ends DATE`)\n");
  EXPECT_EQ(refused({"contract", "renew", "MNT-7", "--ends", "2028-05-30"}),
            "tally: error: contract renew: --ends 2028-05-30 is not after the current end 2028-05-31 of MNT-7 "
            "(Dell); a renewal extends the contract\n");
  EXPECT_EQ(refused({"contract", "renew", "MNT-7", "--ends", "2028-05-31"}),
            "tally: error: contract renew: --ends 2028-05-31 is not after the current end 2028-05-31 of MNT-7 "
            "(Dell); a renewal extends the contract\n");
  EXPECT_EQ(refused_on({"contract", "cover", "SUP-1", "--asset", N}, "2027-01-01"),
            "tally: error: contract cover: contract SUP-1 (HPE) ended on 2026-12-31, before today 2027-01-01; "
            "renew it first (`tally contract renew SUP-1 --ends DATE`)\n");
  EXPECT_EQ(refused({"contract", "add", "X-2", "--vendor", "Dell", "--kind", "support", "--starts", "2026-02-30",
                     "--ends", "2026-05-31"}),
            "tally: error: contract add: --starts '2026-02-30' is not a date like 2026-11-27\n");
  EXPECT_EQ(refused({"contract", "add", "X-3", "--vendor", "Dell", "--kind", "support", "--starts", "2026-01-01",
                     "--ends", "2026-05-31", "--cost", "10.00"}),
            "tally: error: contract add: --cost 10.00 needs --per month, year or once\n");
  EXPECT_EQ(refused({"contract", "renew", "SUP-1", "--ends", "2027-12-31", "--cost", "10.00"}),
            "tally: error: contract renew: SUP-1 (HPE) has no cost per period to renew at; drop --cost (or record a "
            "new contract with --cost and --per)\n");

  // Covering a disposed asset: the library says so, and so does the schema for the sqlite3 shell.
  ok_json({"dispose", S, "--method", "recycle", "--recycler", "GreenIT", "--certificate", "C-1"});
  EXPECT_EQ(
      refused({"contract", "cover", "MNT-7", "--asset", W, "--asset", S}),
      "tally: error: contract cover: asset " + S + " is disposed; a disposed or returned asset cannot be covered\n");
  const std::string before = sb.dump();
  const Result shell = sb.sqlite(
      "INSERT INTO contract_asset SELECT c.id, a.id FROM contract c, asset a "
      "WHERE c.number = 'MNT-7' AND a.tag = '" +
      S + "';");
  EXPECT_NE(shell.exit_code, 0);
  EXPECT_TRUE(contains(shell.err, "a disposed or returned asset cannot be covered")) << shell.err;
  EXPECT_EQ(sb.dump(), before);
}

class ContractCoverPo : public SandboxTest {};

TEST_F(ContractCoverPo, CoversEveryUnitOfAPoAndScannedCodesOneByOne) {
  standard_estate();
  std::vector<std::string> tags;
  for (const auto& unit : ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "S1", "--serial",
                                   "S2", "--serial", "S3", "--serial", "S4"})) {
    tags.push_back(unit["tag"].get<std::string>());
  }
  ASSERT_EQ(tags.size(), 4u);
  ok_json({"contract", "add", "C-9", "--vendor", "Dell", "--kind", "support", "--starts", "2026-11-01", "--ends",
           "2030-10-31", "--po", k_po, "--cost", "99.00", "--per", "month"});
  EXPECT_EQ(ok_json({"contract", "show", "C-9"})["po"], k_po);

  // --scan: each code answered at once; a bad code is reported and skipped, and the exit code is 1.
  const Result scan =
      sb.tally({"contract", "cover", "C-9", "--scan", "--format", "csv"}, tags[0] + "\nBOGUS\n" + tags[1] + "\n");
  EXPECT_EQ(scan.exit_code, 1) << scan.err;
  EXPECT_EQ(scan.out,
            "contract,vendor,tag,result\nC-9,Dell," + tags[0] + ",covered\nC-9,Dell," + tags[1] + ",covered\n");
  EXPECT_TRUE(contains(scan.err, "line 2: ")) << scan.err;
  EXPECT_TRUE(contains(scan.err, "contract cover: 2 answered, 1 refused")) << scan.err;

  const json po = ok_json({"contract", "cover", "C-9", "--po", k_po});
  ASSERT_EQ(po.size(), 4u);
  EXPECT_EQ(po[0]["result"], "already covered");
  EXPECT_EQ(po[1]["result"], "already covered");
  EXPECT_EQ(po[2]["result"], "covered");
  EXPECT_EQ(po[3]["result"], "covered");
  EXPECT_EQ(ok_json({"contract", "show", "C-9"})["assets"], 4);
  EXPECT_EQ(ok_json({"asset", "show", tags[3]})["covered_by"], "contract C-9 (Dell)");

  const std::string err = refused({"contract", "cover", "C-9", "--po", "PO-2026-0099"});
  EXPECT_TRUE(contains(err, "unknown purchase order 'PO-2026-0099'")) << err;
}

}  // namespace
}  // namespace tally::e2e
