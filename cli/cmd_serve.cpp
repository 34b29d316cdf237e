#include "context.hpp"
#include "modules.hpp"
#include "server.hpp"

#include <memory>

namespace tally::cli {

void setup_serve(CLI::App& app, Registry& registry) {
  struct Options {
    server::ServeOptions serve;
    std::string listen = "127.0.0.1:8080";
    std::int64_t body_limit_kib = 1024;
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
      "after the requests in flight are answered.");
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
  add_quantity(*serve, "--body-limit", options->body_limit_kib, "Largest request body in KiB (default 1024)", 1, 65536);
  registry.add(serve, [options](Context& ctx) {
    const auto& module = *static_cast<const server::ServeModule*>(
        open_module(server::k_serve_module_file, server::k_serve_module_entry, "tally serve"));
    server::ServeOptions o = options->serve;
    module.parse_listen(options->listen, o);
    o.body_limit = static_cast<std::size_t>(options->body_limit_kib) * 1024;
    o.db_path = ctx.db_path();
    module.serve(o);
  });
}

}  // namespace tally::cli
