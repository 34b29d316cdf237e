#include "server.hpp"

#include "auth.hpp"
#include "db.hpp"
#include "error.hpp"
#include "idempotency.hpp"
#include "reply.hpp"
#include "routes.hpp"
#include "text.hpp"

#include <httplib.h>

#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

namespace tally::server {

namespace {

constexpr int k_max_threads = 256;
constexpr int k_max_timeout = 3600;

std::string g_db_path;

// This worker thread's connection (connections are not thread-safe), opened on first use.
Database& worker_db() {
  thread_local std::unique_ptr<Database> db;
  if (!db) {
    db = Database::open(g_db_path, OpenMode::existing);
  }
  return *db;
}

Reply unauthenticated() {
  Reply reply = error_reply(401,
                            "authentication required: send Authorization: Bearer TOKEN (tally token create) or sign "
                            "in with POST /api/v1/login",
                            "unauthenticated");
  reply.headers.push_back({"WWW-Authenticate", "Bearer realm=\"tally\""});
  return reply;
}

// Runs a route that honours Idempotency-Key: the key, the request and the
// answer are stored in the transaction of the change (run_idempotent).
Reply run_idempotent_route(const Route& route, Call& call) {
  const std::string key = call.http().get_header_value("Idempotency-Key");
  if (key.empty()) {
    return route.handler(call);
  }
  const std::string request = call.http().method + " " + call.http().path + "\n" + call.http().body;
  const IdempotentResult result = run_idempotent(call.db(), call.actor().name, key, request, [&]() {
    const Reply reply = route.handler(call);
    return StoredAnswer{reply.status, reply.body.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n"};
  });
  Reply reply;
  reply.status = result.answer.status;
  reply.raw = result.answer.body;
  if (result.replayed) {
    reply.headers.push_back({"Idempotent-Replayed", "true"});
  }
  return reply;
}

Reply dispatch(const httplib::Request& request, Method method) {
  const auto match = match_route(method, request.path);
  if (!match) {
    if (path_known(request.path)) {
      return error_reply(405, request.method + " is not allowed on " + visible_text(request.path), "usage");
    }
    return error_reply(404, "no such route: " + visible_text(request.path) + " (see /api/v1/openapi.json)",
                       "not_found");
  }
  const Route& route = *match->route;
  Database& db = worker_db();
  if (!route.capability) {
    Call call(request, db, Actor{}, match->params);
    return route.handler(call);
  }
  auto credentials = authenticate(db, request);
  if (!credentials) {
    return unauthenticated();
  }
  if (method != Method::get) {
    check_csrf(*credentials, request);
  }
  require(credentials->actor, *route.capability, method_name(method) + " " + route.pattern);
  Call call(request, db, std::move(credentials->actor), match->params);
  return route.idempotent ? run_idempotent_route(route, call) : route.handler(call);
}

void handle(const httplib::Request& request, httplib::Response& response, Method method) {
  Reply reply;
  try {
    reply = dispatch(request, method);
  } catch (const Error& e) {
    reply = error_reply(e);
  } catch (const store::SqlError& e) {
    reply = error_reply(from_sqlite(e));
  } catch (const std::exception& e) {
    std::cerr << "tally serve: internal error on " << request.method << " " << visible_text(request.path) << ": "
              << visible_text(e.what()) << std::endl;
    reply = error_reply(500, "internal error; the server logged the detail", "internal");
  }
  send(response, reply);
}

// Blocks SIGTERM and SIGINT in this thread and every thread it starts; a
// dedicated thread takes them with sigwait.
sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

std::unique_ptr<httplib::Server> make_server(const ServeOptions& options) {
  if (options.tls_cert.has_value() != options.tls_key.has_value()) {
    throw usage_error("serve: --tls-cert and --tls-key go together");
  }
  if (options.tls_cert) {
    for (const std::string& file : {*options.tls_cert, *options.tls_key}) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(file, ec)) {
        throw Error(Problem::not_found, "serve: TLS file " + visible_text(file) + " does not exist", "tls");
      }
    }
    auto server = std::make_unique<httplib::SSLServer>(options.tls_cert->c_str(), options.tls_key->c_str());
    if (!server->is_valid()) {
      throw Error(Problem::invalid,
                  "serve: the TLS certificate or key could not be loaded (PEM files, the key matching the certificate)",
                  "tls");
    }
    return server;
  }
  return std::make_unique<httplib::Server>();
}

}  // namespace

void parse_listen(const std::string& text, ServeOptions& options) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw usage_error("--listen: '" + visible_text(text) + "' is not HOST:PORT (e.g. 127.0.0.1:8080, port 0 for any)");
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const auto port = parse_bounded(text.substr(colon + 1), 0, 65535);
  if (!port) {
    throw usage_error("--listen: the port of '" + visible_text(text) + "' is not a number from 0 to 65535");
  }
  options.host = host;
  options.port = static_cast<int>(*port);
}

void serve(const ServeOptions& options) {
  if (options.threads < 1 || options.threads > k_max_threads) {
    throw usage_error("--threads: " + std::to_string(options.threads) + " is not from 1 to " +
                      std::to_string(k_max_threads));
  }
  if (options.timeout_seconds < 1 || options.timeout_seconds > k_max_timeout) {
    throw usage_error("--timeout: " + std::to_string(options.timeout_seconds) + " is not from 1 to " +
                      std::to_string(k_max_timeout));
  }
  // Open (and migrate) once up front, so a bad file fails before the port is bound.
  Database::open(options.db_path, OpenMode::existing);
  g_db_path = options.db_path;

  signal(SIGPIPE, SIG_IGN);
  const sigset_t stop_signals = block_stop_signals();

  auto server = make_server(options);
  set_secure_cookies(options.tls_cert.has_value());
  const int threads = options.threads;
  server->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server->set_payload_max_length(options.body_limit);
  // Small answers at once: without it, Nagle's algorithm and delayed ACKs add ~40 ms to a keep-alive exchange.
  server->set_tcp_nodelay(true);
  server->set_read_timeout(options.timeout_seconds, 0);
  server->set_write_timeout(options.timeout_seconds, 0);
  server->set_keep_alive_timeout(options.timeout_seconds);
  server->set_keep_alive_max_count(1000);
  server->Get(".*", [](const httplib::Request& q, httplib::Response& r) { handle(q, r, Method::get); });
  server->Post(".*", [](const httplib::Request& q, httplib::Response& r) { handle(q, r, Method::post); });
  const auto not_allowed = [](const httplib::Request& q, httplib::Response& r) {
    send(r, error_reply(405, q.method + " is not allowed on " + visible_text(q.path), "usage"));
  };
  server->Put(".*", not_allowed);
  server->Patch(".*", not_allowed);
  server->Delete(".*", not_allowed);
  // What httplib answers by itself (413 for a body over the limit, 400 for a malformed request) in the API's form.
  server->set_error_handler([](const httplib::Request&, httplib::Response& r) {
    if (!r.body.empty()) {
      return;
    }
    const std::string message = r.status == 413 ? "the request body is larger than the server accepts"
                                                : "the request could not be handled (" + std::to_string(r.status) + ")";
    send(r, error_reply(r.status, message, r.status == 413 ? "too_large" : "usage"));
  });
  server->set_exception_handler([](const httplib::Request& q, httplib::Response& r, std::exception_ptr) {
    std::cerr << "tally serve: internal error on " << q.method << " " << visible_text(q.path) << std::endl;
    send(r, error_reply(500, "internal error; the server logged the detail", "internal"));
  });

  int port = options.port;
  if (port == 0) {
    port = server->bind_to_any_port(options.host);
    if (port < 0) {
      throw Error(Problem::invalid, "serve: cannot listen on " + visible_text(options.host) + " (any port)", "listen");
    }
  } else if (!server->bind_to_port(options.host, port)) {
    throw Error(Problem::invalid,
                "serve: cannot listen on " + visible_text(options.host) + ":" + std::to_string(port) +
                    " (in use, or not an address of this machine)",
                "listen");
  }

  httplib::Server* running = server.get();
  std::thread stopper([stop_signals, running] {
    int received = 0;
    sigwait(&stop_signals, &received);
    running->stop();
  });
  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::cout << "listening on " << (options.tls_cert ? "https" : "http") << "://" << host << ":" << port << std::endl;
  const bool ok = server->listen_after_bind();
  // listen_after_bind returns after stop(): every request in flight has been answered.
  if (!ok && running->is_running()) {
    running->stop();
  }
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  std::cerr << "tally serve: stopped" << std::endl;
}

}  // namespace tally::server

extern "C" __attribute__((visibility("default"))) const tally::server::ServeModule* tally_serve_module() {
  static const tally::server::ServeModule module{tally::server::parse_listen, tally::server::serve};
  return &module;
}
