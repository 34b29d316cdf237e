#pragma once

// A dqlite cluster of real `tally node start` processes on 127.0.0.1 for the
// tests: free ports, data in a temporary directory, every node a voter
// before the constructor returns (bounded wait), and every process stopped
// (SIGTERM, then SIGKILL after a bound) by the destructor, when the test
// fails too. A node also dies with the test process (PR_SET_PDEATHSIG).

#include <sys/types.h>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace tally::test {

class Cluster {
 public:
  // Starts `size` nodes, the first bootstrapping, the others joining it (one
  // after the other, or with `joins_together` all at the same moment).
  // Throws std::runtime_error (with the nodes' stderr) if they do not all
  // become voters within 60 s.
  explicit Cluster(int size = 3, bool joins_together = false);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  int size() const { return static_cast<int>(m_nodes.size()); }
  // "127.0.0.1:P1,127.0.0.1:P2,..." of every node.
  std::string nodes() const;
  // The address of node `index` (0-based; node ids are index + 1).
  const std::string& address(int index) const { return m_nodes[index].address; }
  // dqlite://NODES/name.
  std::string url(const std::string& name) const;
  // The index of the node that leads now (asks the cluster; -1 if none within 10 s).
  int leader() const;
  // Sends SIGKILL to node `index` and reaps it.
  void kill(int index);
  // Sends SIGSTOP to node `index`: it holds its connections open and answers nothing.
  void pause(int index);
  // Starts node `index` again on its data directory and port.
  void restart(int index);
  // Whether node `index` runs.
  bool running(int index) const { return m_nodes[index].pid > 0; }
  // Waits (bounded by `timeout_ms`) until every running node is a voter in
  // the configuration and a leader is known; false when the wait ran out.
  bool wait_voters(int count, int timeout_ms) const;
  // A fresh database name, unique within the cluster's life.
  std::string fresh_name(const std::string& prefix);
  const std::filesystem::path& dir() const { return m_dir; }

 private:
  struct NodeProcess {
    std::string address;
    std::filesystem::path data;
    pid_t pid = -1;
  };
  // Starts node `index` and waits until it is up (trying other ports when its own was fresh).
  void spawn(int index, const std::string& join);
  // Forks and execs `tally node start` for node `index` (from the calling thread, which must outlive it).
  void launch(int index, const std::string& join);
  // Waits (40 s at most) for node `index` to print that it is up; false (and stopped) otherwise.
  bool wait_up(int index);
  std::runtime_error start_failure(int index) const;
  std::vector<std::string> running_addresses() const;
  void stop(int index);

  std::filesystem::path m_dir;
  std::vector<NodeProcess> m_nodes;
  int m_names = 0;
};

// One cluster for the whole test program, started on first use and stopped
// at exit (its destructor runs from a static).
Cluster& shared_cluster();

}  // namespace tally::test
