// End-to-end tests of `tally report spend` by month and over a period of
// receipt dates (--from/--to, --quarter), and of `tally report team-status`,
// on the estate of spend_estate.hpp, against figures computed by hand.

#include "e2e/harness.hpp"
#include "e2e/spend_estate.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;
using Lines = std::vector<std::string>;

const std::map<std::string, std::string> k_today = {{"TALLY_TODAY", "2026-11-27"}};

class SpendCli : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    spend_estate(sb);
    ASSERT_FALSE(HasFailure()) << "the estate could not be set up";
  }

  // `tally report spend ARGS --format csv` (today 2026-11-27), which must succeed, as lines.
  Lines spend(std::vector<std::string> args) {
    args.insert(args.begin(), {"report", "spend"});
    args.insert(args.end(), {"--format", "csv"});
    const Result r = sb.tally(args, "", k_today);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return lines_of(r.out);
  }
};

TEST_F(SpendCli, ByMonthOfAFiscalYearCountsItsPosReceiptsPerMonth) {
  const Lines fy2026 = {"month,currency,pos,units,received", "2026-06,USD,1,1,8450.00",
                        "2026-07,USD,1,2,16900.00",          "2026-08,EUR,1,6,30.00",
                        "2026-09,USD,1,10,125.00",           "2026-10,USD,1,1,8450.00"};
  EXPECT_EQ(spend({"--by", "month", "--fy", "2026"}), fy2026);
  EXPECT_EQ(spend({"--by", "month"}), fy2026) << "the fiscal year of today by default";
  EXPECT_EQ(spend({"--by", "month", "--fy", "2025"}),
            (Lines{"month,currency,pos,units,received", "2026-07,USD,1,1,1000.00"}));
  EXPECT_EQ(spend({"--by", "month", "--fy", "2024"}), (Lines{"month,currency,pos,units,received"}));
  // The months add up to the year's received money of the fiscal-year report:
  // USD 8450.00 + 16900.00 + 125.00 + 8450.00 = 33925.00, EUR 30.00.
  EXPECT_EQ(spend({"--by", "vendor", "--fy", "2026"}),
            (Lines{"vendor,fiscal_year,currency,pos,ordered,received,outstanding",
                   "Dell,2026,USD,1,34300.00,33925.00,375.00", "FS.com,2026,EUR,1,100.00,30.00,70.00"}));
  const json rows = ok_json({"report", "spend", "--by", "month", "--fy", "2025"}, k_today);
  EXPECT_EQ(rows, json::parse(R"([{"month":"2026-07","currency":"USD","pos":1,"units":1,"received":"1000.00"}])"));
}

TEST_F(SpendCli, AQuarterCountsWhatWasReceivedInItWhateverTheFiscalYear) {
  EXPECT_EQ(spend({"--by", "month", "--quarter", "2026Q3"}),
            (Lines{"month,currency,pos,units,received", "2026-07,USD,2,3,17900.00", "2026-08,EUR,1,6,30.00",
                   "2026-09,USD,1,10,125.00"}));
  EXPECT_EQ(spend({"--by", "vendor", "--quarter", "2026Q3"}),
            (Lines{"vendor,from,to,currency,pos,units,received", "Dell,2026-07-01,2026-09-30,USD,2,13,18025.00",
                   "FS.com,2026-07-01,2026-09-30,EUR,1,6,30.00"}));
  EXPECT_EQ(spend({"--quarter", "2026Q3"}),
            (Lines{"team,name,parent,from,to,currency,units,received",
                   "1A,Facilities & Physical Infrastructure,,2026-07-01,2026-09-30,USD,12,17025.00",
                   "A-3,Server Hardware Setup,1A,2026-07-01,2026-09-30,USD,12,17025.00",
                   "1I,Corporate IT & End-User Services,,2026-07-01,2026-09-30,EUR,6,30.00",
                   "1I,Corporate IT & End-User Services,,2026-07-01,2026-09-30,USD,1,1000.00",
                   "IT-5,Asset & Procurement,1I,2026-07-01,2026-09-30,EUR,6,30.00",
                   "IT-5,Asset & Procurement,1I,2026-07-01,2026-09-30,USD,1,1000.00",
                   "U-AP2,Inventory & Warehousing,IT-5,2026-07-01,2026-09-30,USD,1,1000.00"}));
  EXPECT_EQ(spend({"--by", "month", "--quarter", "2026q2"}),
            (Lines{"month,currency,pos,units,received", "2026-06,USD,1,1,8450.00"}));
  EXPECT_EQ(spend({"--by", "month", "--quarter", "2026Q1"}), (Lines{"month,currency,pos,units,received"}));
}

TEST_F(SpendCli, FromAndToIncludeBothDaysAndEitherMayBeOpen) {
  EXPECT_EQ(spend({"--by", "month", "--from", "2026-06-30", "--to", "2026-07-01"}),
            (Lines{"month,currency,pos,units,received", "2026-06,USD,1,1,8450.00", "2026-07,USD,1,2,16900.00"}));
  EXPECT_EQ(spend({"--by", "month", "--from", "2026-07-02", "--to", "2026-09-29"}),
            (Lines{"month,currency,pos,units,received", "2026-07,USD,1,1,1000.00", "2026-08,EUR,1,6,30.00"}));
  EXPECT_EQ(spend({"--from", "2026-10-01"}),
            (Lines{"team,name,parent,from,to,currency,units,received",
                   "1A,Facilities & Physical Infrastructure,,2026-10-01,,USD,1,8450.00",
                   "A-3,Server Hardware Setup,1A,2026-10-01,,USD,1,8450.00"}));
  EXPECT_EQ(spend({"--by", "vendor", "--to", "2026-06-30"}),
            (Lines{"vendor,from,to,currency,pos,units,received", "Dell,,2026-06-30,USD,1,1,8450.00"}));
  EXPECT_EQ(ok_json({"report", "spend", "--by", "vendor", "--to", "2026-06-30"}, k_today),
            json::parse(R"([{"vendor":"Dell","from":null,"to":"2026-06-30","currency":"USD","pos":1,"units":1,
                             "received":"8450.00"}])"));
}

TEST_F(SpendCli, BadPeriodsAreRefused) {
  EXPECT_EQ(refused({"report", "spend", "--quarter", "2026Q5"}),
            "tally: error: report spend: --quarter '2026Q5' is not a quarter like 2026Q3 (Q1 to Q4)\n");
  EXPECT_EQ(refused({"report", "spend", "--quarter", "Q3"}),
            "tally: error: report spend: --quarter 'Q3' is not a quarter like 2026Q3 (Q1 to Q4)\n");
  EXPECT_EQ(refused({"report", "spend", "--quarter", "1999Q4"}),
            "tally: error: report spend: --quarter 1999Q4 must be in a year between 2000 and 2999\n");
  EXPECT_EQ(refused({"report", "spend", "--from", "2026-02-30"}),
            "tally: error: report spend: --from '2026-02-30' is not a date like 2026-11-27\n");
  EXPECT_EQ(refused({"report", "spend", "--by", "month", "--to", "2026-7-1"}),
            "tally: error: report spend: --to '2026-7-1' is not a date like 2026-11-27\n");
  EXPECT_EQ(refused({"report", "spend", "--from", "2026-10-01", "--to", "2026-09-30"}),
            "tally: error: report spend: --from 2026-10-01 is after --to 2026-09-30\n");
  EXPECT_EQ(refused({"report", "spend", "--quarter", "2026Q3", "--to", "2026-09-30"}),
            "tally: error: report spend: --quarter is a period of its own; give it without --from and --to\n");
  EXPECT_EQ(refused({"report", "spend", "--by", "vendor", "--fy", "2026", "--from", "2026-01-01"}),
            "tally: error: report spend: --fy counts a fiscal year's POs, a period counts receipts by date; give one "
            "of them\n");
  EXPECT_EQ(refused({"report", "spend", "--by", "month", "--fy", "1999"}),
            "tally: error: report spend: --fy 1999 must be between 2000 and 2999\n");
  EXPECT_EQ(refused({"report", "spend", "--by", "week"}, 2).rfind("tally: error: --by: week not in", 0), 0u);
}

TEST_F(SpendCli, TeamStatusCountsAssetsPerOwningTeamAndStatus) {
  const Result r = sb.tally({"report", "team-status", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines_of(r.out),
            (Lines{"team,name,parent,in_stock,staging,deployed,in_repair,rma,retired,lost,total",
                   "A-3,Server Hardware Setup,1A,2,1,1,0,0,0,0,4", "U-AP2,Inventory & Warehousing,IT-5,1,0,0,0,0,0,0,1",
                   ",(no owning team),,1,0,0,0,0,0,0,1"}));
  ok_json({"dispose", "SP-1", "--method", "recycle", "--wipe", "nist-800-88-purge"});
  const json all = ok_json({"report", "team-status", "--all"});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], json::parse(R"({"team":"A-3","name":"Server Hardware Setup","parent":"1A","in_stock":1,
                                    "staging":1,"deployed":1,"in_repair":0,"rma":0,"retired":0,"lost":0,
                                    "disposed":1,"returned_to_vendor":0,"total":4})"));
  EXPECT_EQ(ok_json({"report", "team-status"})[0]["total"], 3) << "the disposed asset is left out without --all";
}

}  // namespace
}  // namespace tally::e2e
