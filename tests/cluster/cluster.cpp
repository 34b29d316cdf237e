#include "cluster/cluster.hpp"

#include "e2e/harness.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace tally::test {

namespace {

using Clock = std::chrono::steady_clock;

// A port that was free a moment ago (the kernel's pick for port 0).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("cannot find a free port");
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Cluster::Cluster(int size, bool joins_together) {
  char pattern[] = "/tmp/tally-cluster-XXXXXX";
  if (mkdtemp(pattern) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  m_dir = pattern;
  m_nodes.resize(static_cast<std::size_t>(size));
  try {
    for (int i = 0; i < size; ++i) {
      m_nodes[i].data = m_dir / ("node" + std::to_string(i + 1));
    }
    spawn(0, "");
    if (joins_together) {
      // Every port first (one thread), then the joins at once.
      for (int i = 1; i < size; ++i) {
        m_nodes[i].address = "127.0.0.1:" + std::to_string(free_port());
      }
      for (int i = 1; i < size; ++i) {
        launch(i, m_nodes[0].address);
      }
      for (int i = 1; i < size; ++i) {
        if (!wait_up(i)) {
          throw start_failure(i);
        }
      }
    } else {
      for (int i = 1; i < size; ++i) {
        spawn(i, m_nodes[0].address);
      }
    }
    if (!wait_voters(size, 60000)) {
      throw std::runtime_error("the cluster's nodes did not all become voters within 60 s");
    }
  } catch (...) {
    for (int i = 0; i < size; ++i) {
      stop(i);
    }
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
    throw;
  }
}

Cluster::~Cluster() {
  for (int i = 0; i < size(); ++i) {
    stop(i);
  }
  std::error_code ec;
  std::filesystem::remove_all(m_dir, ec);
}

std::string Cluster::nodes() const {
  std::string out;
  for (const auto& n : m_nodes) {
    out += (out.empty() ? "" : ",") + n.address;
  }
  return out;
}

std::string Cluster::url(const std::string& name) const {
  return "dqlite://" + nodes() + "/" + name;
}

std::string Cluster::fresh_name(const std::string& prefix) {
  return prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(++m_names);
}

void Cluster::launch(int index, const std::string& join) {
  NodeProcess& node = m_nodes[index];
  const auto out = m_dir / ("node" + std::to_string(index + 1) + ".out");
  const auto err = m_dir / ("node" + std::to_string(index + 1) + ".err");
  std::filesystem::remove(out);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    // The death signal follows the thread that forked: the tests fork from the main thread only.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
      _exit(1);
    }
    const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(o, 1);
    dup2(e, 2);
    const int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    std::vector<std::string> args = {TALLY_BIN, "node", "start", "--data", node.data.string(), "--bind", node.address};
    if (!join.empty()) {
      args.push_back("--join");
      args.push_back(join);
    }
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    execv(TALLY_BIN, argv.data());
    _exit(127);
  }
  node.pid = pid;
}

bool Cluster::wait_up(int index) {
  NodeProcess& node = m_nodes[index];
  const auto out = m_dir / ("node" + std::to_string(index + 1) + ".out");
  // Up: its first line ("node N at ADDRESS") is printed once it listens and has joined.
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::seconds(40)) {
    if (read_file(out).find(" at " + node.address) != std::string::npos) {
      return true;
    }
    int status = 0;
    if (waitpid(node.pid, &status, WNOHANG) == node.pid) {
      node.pid = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop(index);
  return false;
}

std::runtime_error Cluster::start_failure(int index) const {
  return std::runtime_error("node " + std::to_string(index + 1) +
                            " did not start: " + read_file(m_dir / ("node" + std::to_string(index + 1) + ".err")));
}

void Cluster::spawn(int index, const std::string& join) {
  NodeProcess& node = m_nodes[index];
  const bool fresh = node.address.empty();
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (fresh) {
      node.address = "127.0.0.1:" + std::to_string(free_port());
    }
    launch(index, join);
    if (wait_up(index)) {
      return;
    }
    stop(index);
    if (!fresh) {
      break;
    }
  }
  throw start_failure(index);
}

void Cluster::stop(int index) {
  NodeProcess& node = m_nodes[index];
  if (node.pid <= 0) {
    return;
  }
  ::kill(node.pid, SIGTERM);
  ::kill(node.pid, SIGCONT);
  const auto start = Clock::now();
  int status = 0;
  while (waitpid(node.pid, &status, WNOHANG) == 0) {
    if (Clock::now() - start > std::chrono::seconds(5)) {
      ::kill(node.pid, SIGKILL);
      waitpid(node.pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  node.pid = -1;
}

void Cluster::kill(int index) {
  NodeProcess& node = m_nodes[index];
  if (node.pid <= 0) {
    return;
  }
  ::kill(node.pid, SIGKILL);
  int status = 0;
  waitpid(node.pid, &status, 0);
  node.pid = -1;
}

void Cluster::pause(int index) {
  if (m_nodes[index].pid > 0) {
    ::kill(m_nodes[index].pid, SIGSTOP);
    // SIGSTOP is delivered asynchronously: wait until the node has really
    // stopped, or a request sent next may still be taken (and committed).
    int status = 0;
    waitpid(m_nodes[index].pid, &status, WUNTRACED);
  }
}

void Cluster::restart(int index) {
  spawn(index, "");
}

namespace {

// `tally node list` on these nodes, as JSON; null when it failed.
nlohmann::json list_nodes(const std::vector<std::string>& running) {
  std::string list;
  for (const auto& a : running) {
    list += (list.empty() ? "" : ",") + a;
  }
  const auto r = e2e::run_process(TALLY_BIN, {"node", "list", "--cluster", list, "--format", "json"});
  if (r.exit_code != 0) {
    return nullptr;
  }
  return nlohmann::json::parse(r.out, nullptr, false);
}

}  // namespace

std::vector<std::string> Cluster::running_addresses() const {
  std::vector<std::string> running;
  for (const auto& n : m_nodes) {
    if (n.pid > 0) {
      running.push_back(n.address);
    }
  }
  return running;
}

int Cluster::leader() const {
  const auto nodes = list_nodes(running_addresses());
  if (!nodes.is_array()) {
    return -1;
  }
  for (const auto& node : nodes) {
    if (node.value("leader", false)) {
      for (int i = 0; i < size(); ++i) {
        if (m_nodes[i].address == node.value("address", "")) {
          return i;
        }
      }
    }
  }
  return -1;
}

bool Cluster::wait_voters(int count, int timeout_ms) const {
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::milliseconds(timeout_ms)) {
    const auto nodes = list_nodes(running_addresses());
    if (nodes.is_array()) {
      int voters = 0;
      bool led = false;
      for (const auto& node : nodes) {
        voters += node.value("role", "") == "voter" ? 1 : 0;
        led = led || node.value("leader", false);
      }
      if (voters >= count && led) {
        return true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

Cluster& shared_cluster() {
  static std::unique_ptr<Cluster> cluster = std::make_unique<Cluster>(3);
  return *cluster;
}

}  // namespace tally::test
