#include "store/dqlite_node.hpp"

#include "error.hpp"
#include "modules.hpp"
#include "store/dqlite_connection.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tally::store::dqlite {

namespace {

constexpr const char* k_id_file = "tally-node";

// The id and address a data directory's node was made a member with, if any.
bool read_identity(const std::filesystem::path& dir, std::uint64_t& id, std::string& address) {
  std::ifstream in(dir / k_id_file);
  if (!in) {
    return false;
  }
  if (!(in >> id >> address) || id == 0) {
    throw storage_error("the node file " + (dir / k_id_file).string() + " is damaged: it should read 'ID HOST:PORT'");
  }
  return true;
}

void write_identity(const std::filesystem::path& dir, std::uint64_t id, const std::string& address) {
  const auto tmp = dir / (std::string(k_id_file) + ".new");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << id << " " << address << "\n";
    if (!out.flush()) {
      throw storage_error("cannot write " + tmp.string());
    }
  }
  std::filesystem::rename(tmp, dir / k_id_file);
}

Error cluster_error(const std::string& what, const std::exception& e) {
  return storage_error(what + ": " + e.what());
}

}  // namespace

std::string role_name(std::uint64_t role) {
  switch (role) {
    case k_role_voter:
      return "voter";
    case k_role_standby:
      return "standby";
    case k_role_spare:
      return "spare";
    default:
      return "role " + std::to_string(role);
  }
}

Node::Node(const NodeOptions& options) {
  // A node's peers write to its sockets: when one dies, the write must fail, not kill this process.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    split_address(options.bind);
  } catch (const std::invalid_argument& e) {
    throw usage_error(field_ref("bind") + ": " + e.what());
  }
  if (split_address(options.bind).second == 0) {
    throw usage_error(field_ref("bind") + ": a node needs a fixed port (the other nodes reach it there), not port 0");
  }
  std::vector<std::string> join;
  if (!options.join.empty()) {
    try {
      join = parse_node_list(options.join);
    } catch (const std::invalid_argument& e) {
      throw usage_error(field_ref("join") + ": " + e.what());
    }
  }
  const std::filesystem::path dir(options.data_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw storage_error("cannot create the data directory " + dir.string() + ": " + ec.message());
  }
  m_address = options.bind;
  std::string stored_address;
  const bool member = read_identity(dir, m_id, stored_address);
  if (member && stored_address != options.bind) {
    throw usage_error("the node in " + dir.string() + " is node " + std::to_string(m_id) + " at " + stored_address +
                      ": start it with " + field_ref("bind") + " " + stored_address);
  }

  std::unique_ptr<Client> leader;
  if (!member && !join.empty()) {
    try {
      leader = connect_to_leader(join, options.timeout_ms, 10000);
      std::uint64_t highest = 0;
      for (const auto& node : leader->cluster()) {
        if (node.address == options.bind) {
          throw usage_error("the cluster already has node " + std::to_string(node.id) + " at " + options.bind +
                            "; remove it first (" + command_ref("node remove " + std::to_string(node.id)) + ")");
        }
        highest = std::max(highest, node.id);
      }
      m_id = highest + 1;
    } catch (const SqlError& e) {
      throw cluster_error("cannot join the cluster at " + options.join, e);
    } catch (const LostConnection& e) {
      throw cluster_error("cannot join the cluster at " + options.join, e);
    }
  } else if (!member) {
    m_id = 1;
  }

  const DqliteModule& engine = dqlite_module();
  int rc = engine.create(m_id, m_address.c_str(), dir.c_str(), &m_node);
  if (rc == 0) {
    rc = engine.set_bind_address(m_node, m_address.c_str());
  }
  if (rc == 0) {
    rc = engine.start(m_node);
  }
  if (rc != 0) {
    const std::string message = m_node != nullptr ? engine.errmsg(m_node) : "out of memory";
    if (m_node != nullptr) {
      engine.destroy(m_node);
      m_node = nullptr;
    }
    throw storage_error("cannot start the node at " + m_address + " (error " + std::to_string(rc) + "): " + message);
  }
  m_running = true;

  if (leader) {
    try {
      leader->add(m_id, m_address);
      leader->assign(m_id, k_role_voter);
    } catch (const std::exception& e) {
      stop();
      throw cluster_error("the cluster at " + options.join + " did not take node " + std::to_string(m_id), e);
    }
  }
  if (!member) {
    write_identity(dir, m_id, m_address);
    m_new_member = true;
  }
}

Node::~Node() {
  stop();
}

void Node::stop() {
  if (m_node == nullptr) {
    return;
  }
  const DqliteModule& engine = dqlite_module();
  if (m_running) {
    engine.stop(m_node);
    m_running = false;
  }
  engine.destroy(m_node);
  m_node = nullptr;
}

std::vector<ClusterNode> list_nodes(const std::vector<std::string>& nodes, int wait_ms) {
  try {
    auto client = connect_to_leader(nodes, wait_ms, 10000);
    const NodeInfo leader = client->leader();
    std::vector<ClusterNode> out;
    for (const auto& info : client->cluster()) {
      out.push_back({info, info.id == leader.id});
    }
    return out;
  } catch (const SqlError& e) {
    throw cluster_error("cannot list the nodes", e);
  } catch (const LostConnection& e) {
    throw cluster_error("cannot list the nodes", e);
  }
}

void remove_node(const std::vector<std::string>& nodes, std::uint64_t id, int wait_ms) {
  std::unique_ptr<Client> client;
  bool found = false;
  try {
    client = connect_to_leader(nodes, wait_ms, 10000);
    for (const auto& info : client->cluster()) {
      found = found || info.id == id;
    }
  } catch (const SqlError& e) {
    throw cluster_error("cannot remove node " + std::to_string(id), e);
  } catch (const LostConnection& e) {
    throw cluster_error("cannot remove node " + std::to_string(id), e);
  }
  if (!found) {
    throw not_found("the cluster has no node " + std::to_string(id), "id");
  }
  try {
    client->remove(id);
  } catch (const SqlError& e) {
    throw cluster_error("the cluster did not remove node " + std::to_string(id), e);
  } catch (const LostConnection& e) {
    throw cluster_error("the cluster did not remove node " + std::to_string(id), e);
  }
}

}  // namespace tally::store::dqlite
