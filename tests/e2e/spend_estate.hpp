#pragma once
// The estate of the spend-by-month and dashboard tests (tests/e2e/test_spend.cpp, tests/api/test_dashboard.cpp),
// on top of SandboxTest::standard_estate, with receipts on known days:
//   PO-2026-0001 (Dell, A-3, USD, FY2026; 4 servers at 8450.00, 40 optics at 12.50):
//     SP-1 on 2026-06-30T23:59:59Z; SP-2, SP-3 on 2026-07-01T00:00:00Z; 10 optics on 2026-09-30;
//     SP-4 on 2026-10-01.
//   PO-2026-0002 (FS.com, IT-5, EUR, FY2026; 20 optics at 5.00): 6 on 2026-08-15.
//   PO-2026-0003 (Dell, U-AP2, USD, FY2025; 2 servers at 1000.00): SP-C1 on 2026-07-15.
//   Budgets: IT-5 1000.00 EUR for FY2026, U-AP2 5000.00 USD for FY2025.
//   SP-2 deployed, SP-3 staging; NOTEAM-1 added with no owning team.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tally::e2e {

// Runs the estate's commands on `sb`; the calling test fails if one is refused.
inline void spend_estate(const Sandbox& sb) {
  using Args = std::vector<std::string>;
  const auto run = [&](const Args& args, const std::string& now = "") {
    std::map<std::string, std::string> env;
    if (!now.empty()) {
      env["TALLY_NOW"] = now;
    }
    const Result r = sb.tally(args, "", env);
    EXPECT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << ": " << r.err;
  };
  const auto take_to_ordered = [&](const std::string& po) {
    run({"po", "submit", po});
    run({"po", "approve", po, "--actor", "approver"});
    run({"po", "order", po});
  };
  run({"budget", "set", "IT-5", "2026", "1000.00", "--currency", "EUR"});
  run({"budget", "set", "U-AP2", "2025", "5000.00"});
  run({"po", "create", "--vendor", "FS.com", "--team", "IT-5", "--currency", "EUR", "--fy", "2026"});
  run({"po", "add-line", "PO-2026-0002", "--model", "FS.com SFP-10G-SR", "--qty", "20", "--unit-cost", "5.00"});
  take_to_ordered("PO-2026-0002");
  run({"po", "create", "--vendor", "Dell", "--team", "U-AP2", "--fy", "2025"});
  run({"po", "add-line", "PO-2026-0003", "--model", "Dell PowerEdge R640", "--qty", "2", "--unit-cost", "1000.00"});
  take_to_ordered("PO-2026-0003");
  const Args line1 = {"receive", k_po, "--line", "1", "--location", "WH1"};
  const auto with = [](Args args, const Args& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  run(with(line1, {"--serial", "SP-1"}), "2026-06-30T23:59:59Z");
  run(with(line1, {"--serial", "SP-2", "--serial", "SP-3"}), "2026-07-01T00:00:00Z");
  run({"receive", "PO-2026-0002", "--line", "1", "--location", "WH1-BIN", "--qty", "6"}, "2026-08-15T10:00:00Z");
  run({"receive", "PO-2026-0003", "--line", "1", "--location", "WH1", "--serial", "SP-C1"}, "2026-07-15T09:00:00Z");
  run({"receive", k_po, "--line", "2", "--location", "WH1-BIN", "--qty", "10"}, "2026-09-30T12:00:00Z");
  run(with(line1, {"--serial", "SP-4"}), "2026-10-01T08:00:00Z");
  run({"asset", "set-status", "SP-2", "deployed"});
  run({"asset", "set-status", "SP-3", "staging"});
  run({"asset", "add", "--model", "Dell PowerEdge R640", "--serial", "NOTEAM-1", "--location", "WH1"});
}

}  // namespace tally::e2e
