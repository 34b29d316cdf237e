#include "context.hpp"
#include "error.hpp"
#include "store/dqlite_connection.hpp"
#include "store/dqlite_node.hpp"

#include <pthread.h>
#include <csignal>
#include <iostream>
#include <memory>
#include <stdexcept>

namespace tally::cli {

namespace {

// The --cluster option's nodes, or a usage Error naming it.
std::vector<std::string> cluster_nodes(const std::string& list) {
  try {
    return store::dqlite::parse_node_list(list);
  } catch (const std::invalid_argument& e) {
    throw usage_error(std::string("--cluster: ") + e.what());
  }
}

}  // namespace

void setup_node(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "node", "Nodes of a dqlite cluster: run one, list them, remove one");

  struct StartOptions {
    std::string data, bind, join;
  };
  auto start_options = std::make_shared<StartOptions>();
  CLI::App* start = add_verb(*noun, "start",
                             "Run a cluster node in the foreground until SIGTERM or SIGINT (the first node "
                             "bootstraps a new cluster; --join adds this one to a running cluster as a voter)",
                             "tally node start --data /var/lib/tally/node2 --bind 10.0.0.2:9001 --join 10.0.0.1:9001");
  start->add_option("--data", start_options->data, "Directory of the node's Raft log and snapshots")->required();
  start->add_option("--bind", start_options->bind, "HOST:PORT the node listens on (a fixed port)")->required();
  start->add_option("--join", start_options->join, "HOST:PORT[,...] of a member of the cluster to join");
  registry.add(start, [start_options](Context& ctx) {
    // SIGTERM and SIGINT are waited for below; blocked before the node's threads start, so they inherit it.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    store::dqlite::NodeOptions options;
    options.data_dir = start_options->data;
    options.bind = start_options->bind;
    options.join = start_options->join;
    store::dqlite::Node node(options);
    std::cout << "node " << node.id() << " at " << node.address() << std::endl;
    if (node.new_member()) {
      ctx.note(start_options->join.empty()
                   ? "started a new cluster of one node; add nodes with --join " + node.address()
                   : "joined the cluster at " + start_options->join + " as a voter");
    }
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    node.stop();
    ctx.note("node " + std::to_string(node.id()) + " stopped");
  });

  auto list_cluster = std::make_shared<std::string>();
  CLI::App* list = add_verb(*noun, "list", "List the nodes of a cluster: id, address, role, and the leader",
                            "tally node list --cluster 10.0.0.1:9001,10.0.0.2:9001 --format json");
  list->add_option("--cluster", *list_cluster, "HOST:PORT[,...] of one or more members")->required();
  registry.add(list, [list_cluster](Context& ctx) {
    Table table;
    table.columns = {{"id", "id", Align::right}, {"address", "address"}, {"role", "role"}, {"leader", "leader"}};
    for (const auto& node : store::dqlite::list_nodes(cluster_nodes(*list_cluster))) {
      table.rows.push_back({{"id", node.info.id},
                            {"address", node.info.address},
                            {"role", store::dqlite::role_name(node.info.role)},
                            {"leader", node.leader}});
    }
    ctx.print(table);
  });

  struct RemoveOptions {
    std::int64_t id = 0;
    std::string cluster;
  };
  auto remove_options = std::make_shared<RemoveOptions>();
  CLI::App* remove = add_verb(*noun, "remove", "Remove a node from its cluster (for a node that is gone for good)",
                              "tally node remove 3 --cluster 10.0.0.1:9001");
  add_quantity(*remove, "id", remove_options->id, "Id of the node (tally node list)", 1)->required();
  remove->add_option("--cluster", remove_options->cluster, "HOST:PORT[,...] of one or more members")->required();
  registry.add(remove, [remove_options](Context& ctx) {
    const auto id = static_cast<std::uint64_t>(remove_options->id);
    store::dqlite::remove_node(cluster_nodes(remove_options->cluster), id);
    ctx.note("removed node " + std::to_string(id));
  });
}

}  // namespace tally::cli
