#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace tally::server {

// What `tally serve` runs with.
struct ServeOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8080;                      // 0: an ephemeral port (the printed line tells which)
  std::optional<std::string> tls_cert;  // PEM files; both or neither
  std::optional<std::string> tls_key;
  int threads = 8;                       // worker threads, each with its own connection
  int timeout_seconds = 10;              // read and write timeout of a connection
  std::size_t body_limit = 1024 * 1024;  // larger bodies are answered 413
};

// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:0"); a usage Error otherwise.
void parse_listen(const std::string& text, ServeOptions& options);

// Opens the database (migrating it like every command), binds, prints
// "listening on http://HOST:PORT" to stdout, and answers requests until
// SIGTERM or SIGINT, then stops accepting, finishes the requests in flight and
// returns. Throws a usage Error for a bad option, a storage Error for the
// database, and a refused Error when the address cannot be bound or the
// certificate not loaded.
void serve(const ServeOptions& options);

// The HTTP face is built as the module tally_serve.so (cpp-httplib, OpenSSL),
// which the binary opens only for `tally serve` (src/modules.hpp), so that no
// other command loads those libraries. The module's table:
struct ServeModule {
  void (*parse_listen)(const std::string& text, ServeOptions& options);
  void (*serve)(const ServeOptions& options);
};
constexpr const char* k_serve_module_file = "tally_serve.so";
constexpr const char* k_serve_module_entry = "tally_serve_module";

}  // namespace tally::server
