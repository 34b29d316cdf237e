#include "server_process.hpp"

#include "e2e/harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

extern char** environ;

namespace tally::api {

namespace {

constexpr auto k_start_timeout = std::chrono::seconds(60);  // a server with a cluster node joins and migrates first
constexpr auto k_stop_timeout = std::chrono::seconds(15);

}  // namespace

ServerProcess::ServerProcess(const std::string& db, const std::string& stderr_path,
                             const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    return;
  }
  const int err_fd = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, out_pipe[1]);

  std::vector<std::string> env_strings = e2e::child_environment({{"TALLY_NOW", "2026-11-27T09:15:00Z"}}, env);
  std::vector<char*> envp = e2e::c_strings(env_strings);

  std::vector<std::string> argv_strings = {e2e::tally_path(), "--db", db, "serve", "--listen", "127.0.0.1:0"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv = e2e::c_strings(argv_strings);
  if (posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) {
    m_pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  if (err_fd >= 0) {
    close(err_fd);
  }
  // The first line, read with a deadline.
  const auto deadline = std::chrono::steady_clock::now() + k_start_timeout;
  std::string line;
  while (m_pid > 0 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_pipe[0], POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) {
      continue;
    }
    char c = 0;
    const ssize_t n = read(out_pipe[0], &c, 1);
    if (n <= 0) {
      break;
    }
    if (c == '\n') {
      break;
    }
    line += c;
  }
  close(out_pipe[0]);
  m_first_line = line;
  const std::string prefix = "listening on http://127.0.0.1:";
  const std::string tls_prefix = "listening on https://127.0.0.1:";
  if (line.rfind(prefix, 0) == 0) {
    m_port = std::atoi(line.c_str() + prefix.size());
  } else if (line.rfind(tls_prefix, 0) == 0) {
    m_port = std::atoi(line.c_str() + tls_prefix.size());
  }
}

ServerProcess::~ServerProcess() {
  stop();
}

bool ServerProcess::running() {
  if (m_pid <= 0) {
    return false;
  }
  int status = 0;
  const pid_t r = waitpid(m_pid, &status, WNOHANG);
  if (r == m_pid) {
    m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    m_pid = -1;
    return false;
  }
  return true;
}

int ServerProcess::stop() {
  if (m_pid <= 0) {
    return m_exit;
  }
  kill(m_pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + k_stop_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) {
      return m_exit;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(m_pid, SIGKILL);
  int status = 0;
  waitpid(m_pid, &status, 0);
  m_pid = -1;
  m_exit = -1;
  return m_exit;
}

std::string Answer::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

Client::Client(int port) : m_client("127.0.0.1", port) {
  m_client.set_connection_timeout(5, 0);
  m_client.set_tcp_nodelay(true);
  m_client.set_read_timeout(30, 0);
  m_client.set_write_timeout(30, 0);
}

httplib::Headers Client::headers(const httplib::Headers& extra) const {
  httplib::Headers h = extra;
  if (!m_token.empty()) {
    h.emplace("Authorization", "Bearer " + m_token);
  }
  if (!m_cookie.empty()) {
    h.emplace("Cookie", m_cookie);
  }
  if (!m_csrf.empty()) {
    h.emplace("X-CSRF-Token", m_csrf);
  }
  return h;
}

Answer Client::answer(const httplib::Result& result) {
  Answer a;
  if (!result) {
    return a;
  }
  a.status = result->status;
  a.body = result->body;
  a.headers = result->headers;
  a.json = nlohmann::json::parse(a.body, nullptr, false);
  if (a.json.is_discarded()) {
    a.json = nullptr;
  }
  m_transcript += a.body;
  for (const auto& [name, value] : a.headers) {
    m_transcript += name + ": " + value + "\n";
  }
  return a;
}

Answer Client::get(const std::string& path, const httplib::Headers& extra) {
  return answer(m_client.Get(path.c_str(), headers(extra)));
}

Answer Client::post(const std::string& path, const nlohmann::json& body, const httplib::Headers& extra) {
  return post_raw(path, body.dump(), "application/json", extra);
}

Answer Client::post_raw(const std::string& path, const std::string& body, const std::string& content_type,
                        const httplib::Headers& extra) {
  return answer(m_client.Post(path.c_str(), headers(extra), body, content_type.c_str()));
}

Answer Client::request(const std::string& method, const std::string& path, const std::string& body) {
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = headers({});
  req.body = body;
  if (!body.empty()) {
    req.set_header("Content-Type", "application/json");
  }
  return answer(m_client.send(req));
}

}  // namespace tally::api
