#include "context.hpp"
#include "init.hpp"
#include "modules.hpp"
#include "server.hpp"
#include "store/dqlite_node.hpp"

#include <pthread.h>

#include <csignal>
#include <memory>

namespace tally::cli {

void setup_serve(CLI::App& app, Registry& registry) {
  struct Options {
    server::ServeOptions serve;
    std::string listen = "127.0.0.1:8080";
    std::int64_t body_limit_kib = 1024;
    store::dqlite::NodeOptions node;
  };
  auto options = std::make_shared<Options>();
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve the database over HTTP: the JSON API under /api/v1 for users with roles and tokens");
  serve->footer(
      "\nExamples:\n"
      "  tally serve --listen 127.0.0.1:8080\n"
      "  tally serve --listen 0.0.0.0:8443 --tls-cert /etc/tally/cert.pem --tls-key /etc/tally/key.pem\n"
      "  tally serve --listen 127.0.0.1:0      (any free port; the first line printed names it)\n"
      "Clients authenticate with `Authorization: Bearer TOKEN` (tally token create) or sign in at\n"
      "POST /api/v1/login. The routes: GET /api/v1/openapi.json. SIGTERM or SIGINT stops the server\n"
      "after the requests in flight are answered.\n"
      "With --node-data and --node-bind the server also runs a node of a dqlite cluster (as\n"
      "`tally node start` does) and serves the cluster's database named by --db dqlite://...; before\n"
      "it listens it brings that database up to date as `tally init` does (safe on every start):\n"
      "  tally --db dqlite://10.0.0.1:9001,10.0.0.2:9001/tally serve --listen 0.0.0.0:8080 \\\n"
      "        --node-data /var/lib/tally/node --node-bind 10.0.0.1:9001 [--node-join 10.0.0.2:9001]");
  serve->add_option("--listen", options->listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any)")
      ->option_text("HOST:PORT");
  auto* cert = serve->add_option("--tls-cert", options->serve.tls_cert, "PEM certificate: serve HTTPS");
  auto* key = serve->add_option("--tls-key", options->serve.tls_key, "PEM private key of --tls-cert");
  cert->needs(key);
  key->needs(cert);
  serve->add_option("--threads", options->serve.threads, "Worker threads, each with its own connection (default 8)")
      ->option_text("N");
  serve
      ->add_option("--timeout", options->serve.timeout_seconds,
                   "Seconds a connection may take to send a request or read an answer (default 10)")
      ->option_text("SECONDS");
  auto* node_data =
      serve->add_option("--node-data", options->node.data_dir, "Run a cluster node here too: its Raft data directory");
  auto* node_bind =
      serve->add_option("--node-bind", options->node.bind, "HOST:PORT of that node (a fixed port other nodes reach)")
          ->option_text("HOST:PORT");
  auto* node_join =
      serve->add_option("--node-join", options->node.join, "HOST:PORT[,...] of a member of the cluster the node joins")
          ->option_text("HOST:PORT");
  node_data->needs(node_bind);
  node_bind->needs(node_data);
  node_join->needs(node_data);
  add_quantity(*serve, "--body-limit", options->body_limit_kib, "Largest request body in KiB (default 1024)", 1, 65536);
  registry.add(serve, [options](Context& ctx) {
    const auto& module = *static_cast<const server::ServeModule*>(
        open_module(server::k_serve_module_file, server::k_serve_module_entry, "tally serve"));
    server::ServeOptions o = options->serve;
    module.parse_listen(options->listen, o);
    o.body_limit = static_cast<std::size_t>(options->body_limit_kib) * 1024;
    o.db_path = ctx.db_path();
    std::unique_ptr<store::dqlite::Node> node;
    if (!options->node.data_dir.empty()) {
      if (!is_cluster_address(o.db_path)) {
        throw usage_error(
            "--node-data: a server with a cluster node serves the cluster's database: give --db "
            "dqlite://HOST:PORT[,...]/NAME (this node's --node-bind among the addresses)");
      }
      // The node's threads inherit this mask: SIGTERM and SIGINT reach the
      // server's own waiting thread, never a node thread (whose default would
      // end the process without stopping the node).
      sigset_t stop_signals;
      sigemptyset(&stop_signals);
      sigaddset(&stop_signals, SIGTERM);
      sigaddset(&stop_signals, SIGINT);
      pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
      std::signal(SIGPIPE, SIG_IGN);
      node = std::make_unique<store::dqlite::Node>(options->node);
      ctx.note("node " + std::to_string(node->id()) + " at " + node->address());
      init_database(o.db_path, ctx.actor());
    }
    module.serve(o);
    if (node) {
      node->stop();
      ctx.note("node " + std::to_string(node->id()) + " stopped");
    }
  });
}

}  // namespace tally::cli
