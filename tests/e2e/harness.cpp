#include "e2e/harness.hpp"

#include "cluster/cluster.hpp"
#include "db.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sstream>
#include <stdexcept>

namespace tally::e2e {

namespace {

void check(int rc, const char* what) {
  if (rc != 0) {
    throw std::runtime_error(std::string(what) + ": " + std::strerror(rc == -1 ? errno : rc));
  }
}

}  // namespace

std::vector<std::string> child_environment(std::map<std::string, std::string> vars,
                                           const std::map<std::string, std::string>& env) {
  for (const char* name : {"PATH", "HOME", "LANG"}) {
    if (const char* value = std::getenv(name)) {
      vars[name] = value;
    }
  }
  for (const auto& [key, value] : env) {
    vars[key] = value;
  }
  std::vector<std::string> strings;
  for (const auto& [key, value] : vars) {
    strings.push_back(key + "=" + value);
  }
  return strings;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) {
    pointers.push_back(s.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

Result run_process(const std::string& program, const std::vector<std::string>& args, const std::string& input,
                   const std::map<std::string, std::string>& env) {
  // Close-on-exec: a child spawned at the same time by another thread must
  // not inherit this child's stdin, or this child never sees its end.
  int in_pipe[2], out_pipe[2], err_pipe[2];
  check(pipe2(in_pipe, O_CLOEXEC), "pipe");
  check(pipe2(out_pipe, O_CLOEXEC), "pipe");
  check(pipe2(err_pipe, O_CLOEXEC), "pipe");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    posix_spawn_file_actions_addclose(&actions, fd);
  }

  std::vector<std::string> env_strings =
      child_environment({{"TALLY_ACTOR", "tester"}, {"TALLY_NOW", "2026-11-27T09:15:00Z"}}, env);
  std::vector<char*> envp = c_strings(env_strings);

  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv = c_strings(argv_strings);

  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  check(spawned, "posix_spawnp");

  // Feed stdin and drain stdout/stderr together so that no pipe fills up.
  signal(SIGPIPE, SIG_IGN);
  Result result;
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  bool out_open = true, err_open = true;
  while (out_open || err_open || in_fd >= 0) {
    std::vector<pollfd> fds;
    if (out_open) {
      fds.push_back({out_pipe[0], POLLIN, 0});
    }
    if (err_open) {
      fds.push_back({err_pipe[0], POLLIN, 0});
    }
    if (in_fd >= 0) {
      fds.push_back({in_fd, POLLOUT, 0});
    }
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (const auto& p : fds) {
      if (p.revents == 0) {
        continue;
      }
      if (p.fd == in_fd) {
        const ssize_t n = ::write(in_fd, input.data() + written, input.size() - written);
        if (n > 0) {
          written += static_cast<std::size_t>(n);
        }
        if (n < 0 || written == input.size()) {
          close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      char buffer[65536];
      const ssize_t n = ::read(p.fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(p.fd);
        (p.fd == out_pipe[0] ? out_open : err_open) = false;
      } else {
        (p.fd == out_pipe[0] ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string tally_path() {
  if (const char* bin = std::getenv("TALLY_BIN"); bin != nullptr && *bin != '\0') {
    return bin;
  }
  return TALLY_BIN;
}

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = std::filesystem::temp_directory_path() / ("tally-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(candidate)) {
      m_path = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

Result Sandbox::tally(const std::vector<std::string>& args, const std::string& input,
                      const std::map<std::string, std::string>& env) const {
  std::vector<std::string> full = {"--db", m_db};
  full.insert(full.end(), args.begin(), args.end());
  return run_process(tally_path(), full, input, env);
}

void Sandbox::init() const {
  const Result r = tally({"init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

bool on_cluster() {
  const char* db = std::getenv("TALLY_TEST_DB");
  return db != nullptr && std::string(db) == "cluster";
}

Sandbox::Sandbox()
    : m_db(on_cluster() ? test::shared_cluster().url(test::shared_cluster().fresh_name("e2e"))
                        : m_dir.file("tally.db")) {}

std::string Sandbox::backup_copy() const {
  const std::string copy = m_dir.file("cluster-copy.db");
  std::filesystem::remove(copy);
  const Result r = run_process(tally_path(), {"--db", m_db, "backup", copy});
  if (r.exit_code != 0) {
    throw std::runtime_error("tally backup of the cluster database failed: " + r.err);
  }
  return copy;
}

namespace {

// Whether a shell script changes the database (a test's set-up by SQL, or an
// attack): any statement but a query, a PRAGMA read or a dot-command. Words
// inside string literals do not count (`WHERE action = 'create'` is a query);
// a doubled quote inside a literal closes and reopens it, which keeps it out.
bool writes(const std::string& sql) {
  std::string upper;
  bool in_literal = false;
  for (const char c : sql) {
    if (c == '\'') {
      in_literal = !in_literal;
    }
    upper += in_literal ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  for (const char* verb : {"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "BEGIN"}) {
    for (std::size_t at = upper.find(verb); at != std::string::npos; at = upper.find(verb, at + 1)) {
      const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(upper[at - 1]));
      const std::size_t end = at + std::strlen(verb);
      if (starts && (end == upper.size() || !std::isalnum(static_cast<unsigned char>(upper[end])))) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

Result Sandbox::sqlite(const std::string& sql) const {
  if (!on_cluster()) {
    return run_process("sqlite3", {m_db, sql});
  }
  if (!writes(sql)) {
    return run_process("sqlite3", {backup_copy(), sql});
  }
  // A write on the cluster goes to the leader through Tally's own dqlite
  // client (the storage seam), as the shell's would go to the file: the
  // schema's triggers refuse on the nodes exactly as in a file. What the
  // shell would print for a refusal ("Error: ...", exit 1) is mirrored.
  Result r;
  try {
    const auto db = Database::open(m_db, OpenMode::existing);
    db->exec(sql);
    r.exit_code = 0;
  } catch (const std::exception& e) {
    r.exit_code = 1;
    r.err = std::string("Error: ") + e.what() + "\n";
  }
  return r;
}

std::string Sandbox::dump() const {
  const Result r = run_process("sqlite3", {on_cluster() ? backup_copy() : m_db, ".dump"});
  if (r.exit_code != 0) {
    throw std::runtime_error("sqlite3 .dump failed: " + r.err);
  }
  return r.out;
}

nlohmann::json parse_json(const Result& r) {
  try {
    return nlohmann::json::parse(r.out);
  } catch (const nlohmann::json::exception& e) {
    ADD_FAILURE() << "stdout is not JSON: " << e.what() << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err;
    return nlohmann::json();
  }
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool contains_one_of(const std::string& text, const std::string& alternatives) {
  std::istringstream parts(alternatives);
  for (std::string part; std::getline(parts, part, '|');) {
    if (contains(text, part)) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> migration_names() {
  std::vector<std::string> names;
  const std::string all = k_migrations;
  for (std::size_t start = 0; start < all.size();) {
    const auto comma = all.find(", ", start);
    names.push_back(all.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    start = comma == std::string::npos ? all.size() : comma + 2;
  }
  return names;
}

void SandboxTest::SetUp() {
  ASSERT_NO_FATAL_FAILURE(sb.init());
}

nlohmann::json SandboxTest::ok_json(std::vector<std::string> args,
                                    const std::map<std::string, std::string>& env) const {
  args.insert(args.begin(), {"--format", "json"});
  const Result r = sb.tally(args, "", env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return parse_json(r);
}

std::string SandboxTest::refused(const std::vector<std::string>& args, int exit_code, const std::string& input) const {
  const std::string before = sb.dump();
  const Result r = sb.tally(args, input);
  EXPECT_EQ(r.exit_code, exit_code) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("tally: error: ", 0), 0u) << r.err;
  EXPECT_EQ(sb.dump(), before) << "a refused command changed the database";
  return r.err;
}

void SandboxTest::standard_estate(const std::string& expected_total) const {
  ok_json({"location", "add", "WH1", "--name", "Warehouse 1", "--kind", "warehouse"});
  ok_json({"location", "add", "WH1-BIN", "--name", "Warehouse 1 bin", "--parent", "WH1", "--kind", "bin"});
  ok_json({"vendor", "add", "Dell", "--manufacturer", "--supplier"});
  ok_json({"vendor", "add", "FS.com", "--manufacturer", "--supplier"});
  ok_json({"model", "add", "Dell", "PowerEdge R640", "--category", "server", "--u-height", "1", "--stores-data",
           "--warranty-months", "36", "--gtin", k_server_gtin});
  ok_json({"model", "add", "FS.com", "SFP-10G-SR", "--category", "optic", "--bulk"});
  ok_json({"budget", "set", "A-3", "2026", "100000.00"});
  ASSERT_EQ(ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"})["number"], k_po);
  ok_json({"po", "add-line", k_po, "--model", k_server, "--qty", "4", "--unit-cost", "8450.00"});
  ok_json({"po", "add-line", k_po, "--model", k_optic, "--qty", "40", "--unit-cost", "12.50"});
  ok_json({"po", "submit", k_po});
  ok_json({"po", "approve", "--actor", "approver", k_po});
  const nlohmann::json ordered = ok_json({"po", "order", k_po});
  ASSERT_EQ(ordered["status"], "ordered");
  if (!expected_total.empty()) {
    ASSERT_EQ(ordered["total"], expected_total);
  }
  ASSERT_FALSE(HasFailure()) << "the standard estate could not be set up";
}

}  // namespace tally::e2e
