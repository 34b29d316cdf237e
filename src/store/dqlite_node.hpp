#pragma once

// A dqlite node embedded in this process (libdqlite's dqlite_node_* API),
// and the cluster-administration requests `tally node` sends.
//
// A node keeps its Raft log and snapshots in its data directory, with the
// file `tally-node` ("ID ADDRESS") written once the node is a member. The
// first node of a cluster (started without --join) is node 1 and bootstraps
// a cluster of one; a joining node takes the next free id, starts, and asks
// the leader to ADD it and ASSIGN it the voter role. A restarted node reads
// its id back and rejoins by itself.

#include "store/dqlite_protocol.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

struct dqlite_node;

namespace tally::store::dqlite {

// How to start a node.
struct NodeOptions {
  std::string data_dir;    // created if missing
  std::string bind;        // HOST:PORT, a fixed port: other nodes reach it there
  std::string join;        // HOST:PORT[,...] of a member, or "" for the first node
  int timeout_ms = 30000;  // joining: how long to wait for a leader and the promotion
};

// A running node. Throws tally::Error (usage for bad options, storage when
// the node cannot start or join).
class Node {
 public:
  explicit Node(const NodeOptions& options);
  // Stops the node (finishing requests in flight) if stop() was not called.
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  std::uint64_t id() const { return m_id; }
  const std::string& address() const { return m_address; }
  // True when this start made the node a member (it joined, or bootstrapped a new cluster).
  bool new_member() const { return m_new_member; }
  // Stops the node cleanly.
  void stop();

 private:
  // Creates and starts the engine's node with m_id and m_address in `dir`.
  void start_engine(const std::filesystem::path& dir);
  // Takes the next free id from the leader, starts, and is added and made a
  // voter; tries again (bounded) when another node joining at once wins.
  void join_cluster(const std::filesystem::path& dir, const std::vector<std::string>& join, const NodeOptions& options);

  ::dqlite_node* m_node = nullptr;
  std::uint64_t m_id = 0;
  std::string m_address;
  bool m_new_member = false;
  bool m_running = false;
};

// A node of the configuration, with whether it leads.
struct ClusterNode {
  NodeInfo info;
  bool leader = false;
};

// The role's name: voter, standby or spare.
std::string role_name(std::uint64_t role);

// Every node of the cluster at `nodes` (asked of its leader). Throws tally::Error (storage).
std::vector<ClusterNode> list_nodes(const std::vector<std::string>& nodes, int wait_ms = 10000);

// Removes node `id` from the cluster (asked of its leader). Throws tally::Error:
// not_found when there is no such node, storage when the cluster cannot answer.
void remove_node(const std::vector<std::string>& nodes, std::uint64_t id, int wait_ms = 10000);

}  // namespace tally::store::dqlite
