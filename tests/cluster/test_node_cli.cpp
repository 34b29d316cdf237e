// `tally node start/list/remove`: the real binary on real clusters.

#include "cluster/cluster.hpp"
#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tally::test {
namespace {

using e2e::contains;
using e2e::run_process;

TEST(NodeCli, ListShowsEveryVoterAndOneLeader) {
  auto& cluster = shared_cluster();
  const auto r = run_process(TALLY_BIN, {"node", "list", "--cluster", cluster.address(2), "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = e2e::lines_of(r.out);
  ASSERT_EQ(lines.size(), 4U) << r.out;
  EXPECT_EQ(lines[0], "id,address,role,leader");
  int leaders = 0;
  for (int i = 0; i < 3; ++i) {
    const std::string prefix = std::to_string(i + 1) + "," + cluster.address(i) + ",voter,";
    EXPECT_EQ(lines[i + 1].rfind(prefix, 0), 0U) << lines[i + 1];
    leaders += lines[i + 1] == prefix + "true" ? 1 : 0;
  }
  EXPECT_EQ(leaders, 1) << r.out;
}

// A cluster address looks like a filter term ("dqlite:..."): with a negated
// term on the line (which moves every term after "--"), it must stay --db's value.
TEST(NodeCli, ANegatedFilterTermLeavesTheClusterAddressToDb) {
  auto& cluster = shared_cluster();
  const std::string db = cluster.url(cluster.fresh_name("terms"));
  ASSERT_EQ(run_process(TALLY_BIN, {"--db", db, "init"}).exit_code, 0);
  const auto r = run_process(TALLY_BIN, {"--db", db, "asset", "list", "-status:disposed", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[]\n");
  const auto refused = run_process(TALLY_BIN, {"--db", db, "asset", "list", "-colour:red"});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(contains(refused.err, "colour")) << refused.err;
}

TEST(NodeCli, RefusesBadAddressesAndUnknownNodes) {
  auto& cluster = shared_cluster();
  auto r = run_process(TALLY_BIN, {"node", "list", "--cluster", "nohost"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--cluster: 'nohost' is not HOST:PORT")) << r.err;
  r = run_process(TALLY_BIN, {"node", "list", "--cluster", "127.0.0.1:1,"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--cluster: an empty node address in '127.0.0.1:1,'")) << r.err;
  r = run_process(TALLY_BIN, {"node", "remove", "9", "--cluster", cluster.nodes()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "the cluster has no node 9")) << r.err;
  r = run_process(TALLY_BIN, {"node", "remove", "0", "--cluster", cluster.nodes()});
  EXPECT_EQ(r.exit_code, 1);
  e2e::TempDir dir;
  r = run_process(TALLY_BIN, {"node", "start", "--data", dir.file("n"), "--bind", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--bind: a node needs a fixed port (the other nodes reach it there), not port 0"))
      << r.err;
  r = run_process(TALLY_BIN, {"node", "start", "--data", dir.file("n"), "--bind", "127.0.0.1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "--bind: '127.0.0.1' is not HOST:PORT")) << r.err;
}

// Nodes started together (systemd at boot on every machine) all ask the
// leader for the next free id at once: each ends a voter with an id of its own.
TEST(NodeCli, NodesJoiningAtOnceEachBecomeAVoterWithTheirOwnId) {
  Cluster cluster(4, true);
  const auto r = run_process(TALLY_BIN, {"node", "list", "--cluster", cluster.address(0), "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = e2e::lines_of(r.out);
  ASSERT_EQ(lines.size(), 5U) << r.out;
  std::set<std::string> addresses;
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(lines[i].rfind(std::to_string(i) + ",127.0.0.1:", 0), 0U) << r.out;
    EXPECT_TRUE(contains(lines[i], ",voter,")) << r.out;
    addresses.insert(lines[i].substr(lines[i].find(',') + 1, lines[i].find(",voter") - lines[i].find(',') - 1));
  }
  EXPECT_EQ(addresses,
            std::set<std::string>({cluster.address(0), cluster.address(1), cluster.address(2), cluster.address(3)}));
}

TEST(NodeCli, NoClusterIsAStorageError) {
  const auto r = run_process(TALLY_BIN, {"node", "list", "--cluster", "127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(contains(r.err, "cannot list the nodes: no leader of the cluster answered within 10 s")) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(NodeCli, RemoveAGoneNodeAndRestartOnlyWhereItWas) {
  Cluster cluster(3);
  const int leader = cluster.leader();
  const int gone = (leader + 1) % 3;
  cluster.kill(gone);
  auto r = run_process(TALLY_BIN, {"node", "remove", std::to_string(gone + 1), "--cluster", cluster.address(leader)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "removed node " + std::to_string(gone + 1) + "\n");
  r = run_process(TALLY_BIN, {"node", "list", "--cluster", cluster.address(leader), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto nodes = e2e::parse_json(r);
  ASSERT_EQ(nodes.size(), 2U) << r.out;
  for (const auto& n : nodes) {
    EXPECT_NE(n["id"], gone + 1);
  }
  // Its data directory belongs to its old address.
  r = run_process(TALLY_BIN, {"node", "start", "--data", (cluster.dir() / ("node" + std::to_string(gone + 1))).string(),
                              "--bind", "127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "is node " + std::to_string(gone + 1) + " at " + cluster.address(gone) +
                                  ": start it with --bind " + cluster.address(gone)))
      << r.err;
}

}  // namespace
}  // namespace tally::test
