#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tally::api {

// A real `tally serve` child process on 127.0.0.1 with an ephemeral port:
// started by the constructor (which waits, bounded, for its "listening on"
// line), stopped with SIGTERM by stop() or the destructor, even when the test fails.
class ServerProcess {
 public:
  // Runs `tally --db DB serve --listen 127.0.0.1:0 ARGS...`; stderr goes to `stderr_path`.
  ServerProcess(const std::string& db, const std::string& stderr_path, const std::vector<std::string>& args = {},
                const std::map<std::string, std::string>& env = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The port from the first line, 0 when the server never said it listens.
  int port() const { return m_port; }
  // The first line it printed.
  const std::string& first_line() const { return m_first_line; }
  // Sends SIGTERM and waits (at most 15 s, then SIGKILL); returns the exit status (-1 if killed).
  int stop();
  // Whether the process is still running.
  bool running();
  pid_t pid() const { return m_pid; }

 private:
  pid_t m_pid = -1;
  int m_port = 0;
  std::string m_first_line;
  int m_exit = -1;
};

// An answer as the tests read it.
struct Answer {
  int status = 0;  // 0: no answer (connection failed)
  std::string body;
  nlohmann::json json;  // the body parsed, null when it is not JSON
  httplib::Headers headers;
  std::string header(const std::string& name) const;
};

// A real HTTP client of the server (httplib::Client) with optional credentials.
class Client {
 public:
  explicit Client(int port);
  // Sends Authorization: Bearer TOKEN from now on.
  void bearer(const std::string& token) { m_token = token; }
  // Sends Cookie and X-CSRF-Token from now on (either may be empty).
  void session(const std::string& cookie, const std::string& csrf) {
    m_cookie = cookie;
    m_csrf = csrf;
  }
  Answer get(const std::string& path, const httplib::Headers& extra = {});
  Answer post(const std::string& path, const nlohmann::json& body, const httplib::Headers& extra = {});
  Answer post_raw(const std::string& path, const std::string& body, const std::string& content_type,
                  const httplib::Headers& extra = {});
  Answer request(const std::string& method, const std::string& path, const std::string& body = "");
  // Every body this client received, for the secrets test.
  const std::string& transcript() const { return m_transcript; }

 private:
  httplib::Headers headers(const httplib::Headers& extra) const;
  Answer answer(const httplib::Result& result);

  httplib::Client m_client;
  std::string m_token, m_cookie, m_csrf;
  std::string m_transcript;
};

}  // namespace tally::api
