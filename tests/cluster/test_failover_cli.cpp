// Failover seen from the commands: three `tally receive --scan` sessions
// writing into PO lines while the leader is SIGKILLed, on a cluster of
// their own; then the killed node's return, and a minority that refuses.

#include "cluster/cluster.hpp"
#include "e2e/harness.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace tally::test {
namespace {

using Clock = std::chrono::steady_clock;
using e2e::contains;
using e2e::Result;

constexpr int k_writers = 3;
constexpr int k_ordered = 120;  // units per PO line
constexpr int k_scanned = 130;  // codes each writer scans: the last ones find the line full

Result tally(const std::string& db, std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), {"--db", db});
  return e2e::run_process(TALLY_BIN, args, input);
}

void must(const Result& r) {
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
}

// Serials on each line of the PO, from `asset list`.
std::map<int, std::multiset<std::string>> stored_serials(const std::string& db) {
  const Result r = tally(db, {"asset", "list", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<int, std::multiset<std::string>> out;
  for (const auto& a : nlohmann::json::parse(r.out)) {
    const std::string serial = a.value("serial", "");
    out[serial[1] - '0'].insert(serial);
  }
  return out;
}

TEST(Failover, ScannersSurviveALostLeaderAndAMinorityRefuses) {
  Cluster cluster(3);
  const std::string db = cluster.url("inv");
  must(tally(db, {"init"}));
  must(tally(db, {"location", "add", "WH1", "--name", "Warehouse", "--kind", "warehouse"}));
  must(tally(db, {"vendor", "add", "Dell"}));
  must(tally(db, {"model", "add", "Dell", "R640", "--category", "server", "--u-height", "1"}));
  must(tally(db, {"budget", "set", "A-3", "2026", "999999999"}));
  must(tally(db, {"po", "create", "--vendor", "Dell", "--team", "A-3"}));
  for (int line = 1; line <= k_writers + 1; ++line) {
    must(tally(db, {"po", "add-line", "PO-2026-0001", "--model", "Dell R640", "--qty", std::to_string(k_ordered),
                    "--unit-cost", "1000"}));
  }
  must(tally(db, {"po", "submit", "PO-2026-0001"}));
  // An approver never approves a PO they created or submitted: a second actor approves.
  must(tally(db, {"--actor", "approver", "po", "approve", "PO-2026-0001"}));
  must(tally(db, {"po", "order", "PO-2026-0001"}));

  std::vector<Result> results(k_writers);
  std::vector<std::thread> writers;
  for (int w = 0; w < k_writers; ++w) {
    std::string codes;
    for (int i = 1; i <= k_scanned; ++i) {
      codes += "S" + std::to_string(w + 1) + "-" + std::to_string(i) + "\n";
    }
    writers.emplace_back([&results, &db, w, codes] {
      results[w] = tally(db,
                         {"receive", "PO-2026-0001", "--line", std::to_string(w + 1), "--location", "WH1", "--scan",
                          "--format", "csv"},
                         codes);
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const int leader = cluster.leader();
  ASSERT_GE(leader, 0);
  cluster.kill(leader);
  const auto killed = Clock::now();
  // Writes resume: one unit on line 4, tried until it is taken (bounded).
  Result one;
  for (int i = 0; i < 60; ++i) {
    one = tally(db, {"receive", "PO-2026-0001", "--line", "4", "--location", "WH1", "--serial", "S4-1"});
    if (one.exit_code == 0) {
      break;
    }
  }
  const auto resumed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - killed).count();
  std::cout << "writes resumed " << resumed_ms << " ms after the leader was SIGKILLed\n";
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_LT(resumed_ms, 15000);
  for (auto& t : writers) {
    t.join();
  }

  const auto stored = stored_serials(db);
  for (int w = 0; w < k_writers; ++w) {
    const Result& r = results[w];
    // Answered scans: the CSV rows after the header (one per unit stored).
    auto lines = e2e::lines_of(r.out);
    ASSERT_FALSE(lines.empty()) << r.err;
    lines.erase(lines.begin());
    const auto& on_line = stored.count(w + 1) ? stored.at(w + 1) : std::multiset<std::string>{};
    for (const auto& line : lines) {
      const std::string serial = "S" + std::to_string(w + 1) + "-";
      const auto at = line.find(serial);
      ASSERT_NE(at, std::string::npos) << line;
      const std::string code = line.substr(at, line.find(',', at) - at);
      EXPECT_EQ(on_line.count(code), 1U) << code << " answered but not stored exactly once";
    }
    EXPECT_LE(on_line.size(), static_cast<std::size_t>(k_ordered));
    if (r.exit_code == 1) {
      // The session went on through the failover to the end: the codes past the ordered quantity are refused.
      EXPECT_EQ(on_line.size(), lines.size()) << r.err;
      EXPECT_EQ(on_line.size(), static_cast<std::size_t>(k_ordered)) << r.err;
      EXPECT_TRUE(contains(r.err, "line " + std::to_string(k_scanned) + ": receive: PO-2026-0001 line " +
                                      std::to_string(w + 1) + " ordered 120, already received 120; refusing 1 more"))
          << r.err;
      EXPECT_TRUE(contains(r.err, "tally: error: receive: some scanned codes were refused (see above)")) << r.err;
    } else {
      // Only a COMMIT cut off without an answer may end a session: that unit may or may not be there.
      EXPECT_EQ(r.exit_code, 3) << r.err;
      EXPECT_TRUE(contains(r.err, "the outcome is unknown")) << r.err;
      EXPECT_GE(on_line.size(), lines.size());
      EXPECT_LE(on_line.size(), lines.size() + 1);
    }
  }
  const Result doctor = tally(db, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;

  // The killed node returns and catches up: with the other old follower gone, the data is all there.
  cluster.restart(leader);
  ASSERT_TRUE(cluster.wait_voters(3, 30000));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const int now_leader = cluster.leader();
  ASSERT_GE(now_leader, 0);
  cluster.kill(now_leader);
  EXPECT_EQ(stored_serials(db), stored);

  // Two of three gone: refused with exit 3; back to two: accepted.
  const int last_other = [&] {
    for (int i = 0; i < 3; ++i) {
      if (cluster.running(i) && i != leader) {
        return i;
      }
    }
    return -1;
  }();
  ASSERT_GE(last_other, 0);
  cluster.kill(last_other);
  const Result minority =
      tally(db, {"receive", "PO-2026-0001", "--line", "4", "--location", "WH1", "--serial", "S4-2"});
  EXPECT_EQ(minority.exit_code, 3);
  // Either no leader answered, or the node that led had not yet seen that it
  // lost its majority: it took the COMMIT and could not say whether the
  // entry would be committed (it is, once a follower returns).
  const bool unknown = contains(minority.err, "during COMMIT: the outcome is unknown");
  EXPECT_TRUE(unknown ||
              contains(minority.err, "a cluster writes and reads only while more than half of its voters run"))
      << minority.err;
  cluster.restart(last_other);
  ASSERT_TRUE(cluster.wait_voters(3, 30000) || cluster.leader() >= 0);
  const Result back = tally(db, {"receive", "PO-2026-0001", "--line", "4", "--location", "WH1", "--serial", "S4-2"});
  if (unknown && back.exit_code != 0) {
    // The unknown outcome was a commit: the retry is refused, never a second unit.
    EXPECT_EQ(back.exit_code, 1) << back.err;
    EXPECT_TRUE(contains(back.err, "receive: serial 'S4-2' already exists for Dell")) << back.err;
  } else {
    EXPECT_EQ(back.exit_code, 0) << back.err;
  }
  EXPECT_EQ(stored_serials(db)[4].count("S4-2"), 1u);
}

}  // namespace
}  // namespace tally::test
