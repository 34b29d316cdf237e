// Concurrent writers and crash safety: several tally processes
// write one database at once for a few seconds; a `receive --scan` session is
// killed with SIGKILL at random moments. Bounded in time to keep CI fast.

#include "harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

extern char** environ;

namespace tally::e2e {
namespace {

using json = nlohmann::json;
using Strings = std::vector<std::string>;
using Clock = std::chrono::steady_clock;

constexpr const char* k_po2 = "PO-2026-0002";

// The standard estate, rack DC1/R01, a second PO of 10000 servers for
// receiving, four servers to install and four to move, a license of 3 seats.
class StressTest : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    ok_json({"location", "add", "DC1", "--name", "Data center 1", "--kind", "site"});
    ok_json({"rack", "add", "R01", "--location", "DC1", "--height", "42"});
    ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"});
    ok_json({"po", "add-line", k_po2, "--model", k_server, "--qty", "10000", "--unit-cost", "1.00"});
    for (const char* step : {"submit", "approve", "order"}) {
      ok_json({"po", step, k_po2, "--actor", std::string(step) == "approve" ? "approver" : "tester"});
    }
    for (const char* serial : {"R1", "R2", "R3", "R4"}) {
      racked.push_back(ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", serial})[0]["tag"]
                           .get<std::string>());
    }
    for (const char* serial : {"M1", "M2", "M3", "M4"}) {
      moved.push_back(ok_json({"receive", k_po2, "--line", "1", "--location", "WH1", "--serial", serial})[0]["tag"]
                          .get<std::string>());
    }
    ok_json({"license", "add", "Visio", "--vendor", "Dell", "--seats", "3"});
    ASSERT_FALSE(HasFailure()) << "the stress estate could not be set up";
  }

  int scalar(const std::string& sql) { return std::stoi(lines_of(sb.sqlite(sql).out).at(0)); }

  Strings racked;
  Strings moved;
};

// What the writers did: successes per kind of write, and every failure that
// was not a refusal.
struct Tally {
  std::mutex mutex;
  std::map<std::string, int> ok;
  int refused = 0;
  std::vector<std::string> failures;

  // Records `r`; true if the command succeeded.
  bool record(const std::string& kind, const Strings& args, const Result& r) {
    std::lock_guard<std::mutex> lock(mutex);
    if (r.exit_code == 0) {
      ++ok[kind];
      return true;
    }
    if (r.exit_code == 1 && !contains(r.err, "locked") && !contains(r.err, "busy")) {
      ++refused;
      return false;
    }
    std::string line;
    for (const auto& a : args) {
      line += a + " ";
    }
    failures.push_back(line + "-> exit " + std::to_string(r.exit_code) + ": " + r.err);
    return false;
  }
};

TEST_F(StressTest, ConcurrentWritersNeitherLockNorLoseNorBreakInvariants) {
  const int events_before = scalar("SELECT count(*) FROM event");
  const auto count_events = [&](const std::string& entity, const std::string& action) {
    return scalar("SELECT count(*) FROM event WHERE entity = '" + entity + "' AND action = '" + action + "'");
  };
  const int receives_before = count_events("asset", "receive");
  const int moves_before = count_events("asset", "move");

  const auto deadline = Clock::now() + std::chrono::seconds(5);
  Tally tally;
  std::vector<std::thread> workers;
  // Receiving by serial.
  workers.emplace_back([&] {
    for (int n = 0; Clock::now() < deadline; ++n) {
      const Strings args = {"receive", k_po2, "--line", "1", "--location", "WH1", "--serial", "C" + std::to_string(n)};
      tally.record("receive", args, sb.tally(args));
    }
  });
  // Moving four assets between WH1 and its bin.
  workers.emplace_back([&] {
    for (int n = 0; Clock::now() < deadline; ++n) {
      const Strings args = {"asset", "move", moved[n % 4], "--to", (n / 4) % 2 == 0 ? "WH1" : "WH1-BIN"};
      tally.record("move", args, sb.tally(args));
    }
  });
  // Two installers with two servers each, fighting over U1-U4 of one rack.
  for (int w = 0; w < 2; ++w) {
    workers.emplace_back([&, w] {
      std::mt19937 random(w);
      bool installed[2] = {false, false};
      for (int n = 0; Clock::now() < deadline; ++n) {
        const int i = n % 2;
        const std::string& tag = racked[2 * w + i];
        const Strings args =
            installed[i]
                ? Strings{"rack", "remove", tag}
                : Strings{"rack", "install", tag, "--rack", "DC1/R01", "--u", std::to_string(1 + random() % 4)};
        if (tally.record(installed[i] ? "uninstall" : "install", args, sb.tally(args))) {
          installed[i] = !installed[i];
        }
      }
    });
  }
  // Two license clerks assigning and unassigning 3 seats among eight servers.
  for (int w = 0; w < 2; ++w) {
    workers.emplace_back([&, w] {
      std::mt19937 random(100 + w);
      for (int n = 0; Clock::now() < deadline; ++n) {
        const int pick = random() % 8;
        const std::string& tag = pick < 4 ? racked[pick] : moved[pick - 4];
        const std::string verb = random() % 3 == 0 ? "unassign" : "assign";
        const Strings args = {"license", verb, "LIC-00001", "--asset", tag};
        tally.record(verb, args, sb.tally(args));
      }
    });
  }
  for (auto& t : workers) {
    t.join();
  }

  EXPECT_EQ(tally.failures, Strings{}) << "no command may fail other than by a refusal";
  int writes = 0;
  for (const auto& [kind, n] : tally.ok) {
    writes += n;
  }
  std::cout << "[ stress   ] " << writes << " writes, " << tally.refused << " refusals: receive " << tally.ok["receive"]
            << ", move " << tally.ok["move"] << ", install " << tally.ok["install"] << ", uninstall "
            << tally.ok["uninstall"] << ", assign " << tally.ok["assign"] << ", unassign " << tally.ok["unassign"]
            << "\n";
  EXPECT_GT(tally.ok["receive"], 0);
  EXPECT_GT(tally.ok["install"], 0);
  EXPECT_GT(tally.ok["assign"], 0);
  EXPECT_EQ(count_events("asset", "receive") - receives_before, tally.ok["receive"]);
  EXPECT_EQ(count_events("asset", "move") - moves_before, tally.ok["move"]);
  EXPECT_EQ(count_events("asset", "install"), tally.ok["install"]);
  EXPECT_EQ(count_events("asset", "uninstall"), tally.ok["uninstall"]);
  EXPECT_EQ(count_events("license", "assign"), tally.ok["assign"]);
  EXPECT_EQ(count_events("license", "unassign"), tally.ok["unassign"]);
  EXPECT_EQ(scalar("SELECT count(*) FROM event") - events_before, writes) << "one event per successful write";

  EXPECT_EQ(scalar("SELECT count(*) FROM (SELECT asset_id FROM placement GROUP BY asset_id HAVING count(*) > 1)"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM license l WHERE (SELECT coalesce(sum(quantity), 0) FROM license_assignment "
                   "WHERE license_id = l.id) > l.seats"),
            0);
  EXPECT_EQ(scalar("SELECT count(*) FROM asset WHERE serial GLOB 'C*'"), tally.ok["receive"]);
  const Result doctor = sb.tally({"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;
}

// A child process with pipes to its stdin and stdout.
class Child {
 public:
  explicit Child(const Strings& args, const Strings& more_env = {}) {
    int in[2], out[2];
    EXPECT_EQ(pipe2(in, O_CLOEXEC), 0);
    EXPECT_EQ(pipe2(out, O_CLOEXEC), 0);
    const int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, devnull, STDERR_FILENO);
    std::vector<char*> argv;
    for (const auto& a : args) {
      argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    std::vector<std::string> env = {"TALLY_ACTOR=tester", "TALLY_NOW=2026-11-27T09:15:00Z"};
    env.insert(env.end(), more_env.begin(), more_env.end());
    std::vector<char*> envp;
    for (auto& e : env) {
      envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), envp.data()), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    close(devnull);
    m_in = in[1];
    m_out = out[0];
  }
  ~Child() {
    kill_now();
    close(m_in);
    close(m_out);
  }

  void write_line(const std::string& line) {
    const std::string text = line + "\n";
    EXPECT_EQ(write(m_in, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

  // The next line of stdout, or "" if the process ended or 10 s passed.
  std::string read_line() {
    std::string line;
    char c = 0;
    while (true) {
      pollfd p{m_out, POLLIN, 0};
      if (poll(&p, 1, 10000) <= 0 || read(m_out, &c, 1) != 1) {
        return "";
      }
      if (c == '\n') {
        return line;
      }
      line += c;
    }
  }

  // Waits for the process to end by itself.
  void wait() {
    if (m_pid > 0) {
      int status = 0;
      waitpid(m_pid, &status, 0);
      m_pid = 0;
    }
  }

  pid_t pid() const { return m_pid; }

  void kill_now() {
    if (m_pid > 0) {
      kill(m_pid, SIGKILL);
      int status = 0;
      waitpid(m_pid, &status, 0);
      m_pid = 0;
    }
  }

 private:
  pid_t m_pid = 0;
  int m_in = -1;
  int m_out = -1;
};

// This kernel's mode of transparent huge pages: "always", "madvise" (only to
// memory that asks; Debian's default), "never", or "" without them.
std::string huge_page_mode() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  std::getline(in, modes);
  for (const char* mode : {"always", "madvise", "never"}) {
    if (contains(modes, std::string("[") + mode + "]")) {
      return mode;
    }
  }
  return "";
}

// The kilobytes of a process's memory in transparent huge pages.
long huge_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("AnonHugePages:", 0) == 0) {
      return std::stol(line.substr(14));
    }
  }
  ADD_FAILURE() << "no AnonHugePages in /proc/" << pid << "/smaps_rollup";
  return -1;
}

// prepare_heap (src/heap.hpp) in the real binary: a session that has parsed
// the schema and received a unit has its heap in one 2 MiB huge page; with
// TALLY_HUGE_HEAP=0 nothing of it is (where the kernel gives huge pages only
// to memory that asks; in mode "always" it may give some anyway).
TEST_F(StressTest, ASessionsHeapIsOneHugePageUnlessTurnedOff) {
  const std::string mode = huge_page_mode();
  if (mode != "always" && mode != "madvise") {
    GTEST_SKIP() << "transparent huge pages are off on this machine";
  }
  signal(SIGPIPE, SIG_IGN);
  for (const bool on : {true, false}) {
    Child child({tally_path(), "--db", sb.db(), "--format", "json", "receive", k_po2, "--line", "1", "--location",
                 "WH1", "--scan"},
                on ? Strings{} : Strings{"TALLY_HUGE_HEAP=0"});
    const std::string serial = on ? "H1" : "H2";
    child.write_line(serial);
    const std::string answer = child.read_line();
    ASSERT_TRUE(contains(answer, "\"serial\":\"" + serial + "\"")) << answer;
    if (on && mode == "madvise") {
      EXPECT_EQ(huge_kb(child.pid()), 2048);
    } else if (on) {
      EXPECT_GE(huge_kb(child.pid()), 2048);
    } else if (mode == "madvise") {
      EXPECT_EQ(huge_kb(child.pid()), 0);
    }
    child.kill_now();
  }
}

TEST_F(StressTest, KilledScanSessionKeepsEveryAnsweredScan) {
  signal(SIGPIPE, SIG_IGN);
  std::mt19937 random(9);
  Strings answered;
  int sent = 0;
  for (int session = 0; session < 20; ++session) {
    Child child({tally_path(), "--db", sb.db(), "--format", "json", "receive", k_po2, "--line", "1", "--location",
                 "WH1", "--scan"});
    const int scans = random() % 6;
    for (int i = 0; i < scans; ++i) {
      const std::string serial = "K" + std::to_string(session) + "-" + std::to_string(i);
      child.write_line(serial);
      ++sent;
      if (random() % 4 == 0) {
        break;  // killed while this scan is in flight
      }
      const std::string answer = child.read_line();
      ASSERT_TRUE(contains(answer, "\"serial\":\"" + serial + "\"")) << answer;
      answered.push_back(serial);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(random() % 20000));
    child.kill_now();

    EXPECT_EQ(sb.sqlite("PRAGMA integrity_check").out, "ok\n") << "after session " << session;
    EXPECT_EQ(sb.sqlite("PRAGMA foreign_key_check").out, "") << "after session " << session;
    if (!answered.empty()) {
      std::string list;
      for (const auto& s : answered) {
        list += (list.empty() ? "'" : ",'") + s + "'";
      }
      EXPECT_EQ(scalar("SELECT count(*) FROM asset WHERE serial IN (" + list + ")"), static_cast<int>(answered.size()))
          << "after session " << session;
    }
  }
  const int stored = scalar("SELECT count(*) FROM asset WHERE serial GLOB 'K*'");
  EXPECT_GE(stored, static_cast<int>(answered.size()));
  EXPECT_LE(stored, sent);
  std::cout << "[ crash    ] 20 kills, " << sent << " scans sent, " << answered.size() << " answered, " << stored
            << " stored\n";
  const Result doctor = sb.tally({"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;
}

// A file of `rows` new servers whose serials start with `prefix`.
std::string import_file(const Sandbox& sb, const std::string& prefix, int rows) {
  std::string text = "tag,serial,manufacturer,model,status,cost,currency,received_on\n";
  for (int i = 0; i < rows; ++i) {
    text += "," + prefix + std::to_string(i) + ",Dell,PowerEdge R640,in_stock,1000.00,USD,2026-01-02\n";
  }
  const std::string path = sb.dir().file(prefix + ".csv");
  std::ofstream(path) << text;
  return path;
}

TEST_F(StressTest, KilledImportIsEntirelyThereOrEntirelyAbsent) {
  signal(SIGPIPE, SIG_IGN);
  constexpr int k_rows = 3000;
  std::mt19937 random(7);
  // One import run to the end tells how long a whole one takes here.
  const auto started = Clock::now();
  Child first({tally_path(), "--db", sb.db(), "import", "assets", import_file(sb, "F", k_rows)});
  first.wait();
  const auto full = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
  ASSERT_EQ(scalar("SELECT count(*) FROM asset WHERE serial GLOB 'F*'"), k_rows);
  int whole = 0;
  int absent = 0;
  // At least five kills, more while 12 s have not passed since the whole run
  // ended (on a cluster a whole run alone can take longer than that).
  const auto killing = Clock::now();
  for (int run = 0; run < 12 && (run < 5 || Clock::now() - killing < std::chrono::seconds(12)); ++run) {
    const int assets_before = scalar("SELECT count(*) FROM asset");
    const int events_before = scalar("SELECT count(*) FROM event");
    const std::string prefix = "K" + std::to_string(run) + "-";
    const std::string file = import_file(sb, prefix, k_rows);
    Child child({tally_path(), "--db", sb.db(), "import", "assets", file});
    std::this_thread::sleep_for(std::chrono::microseconds(random() % (full + full / 4 + 1)));
    child.kill_now();

    EXPECT_EQ(sb.sqlite("PRAGMA integrity_check").out, "ok\n") << "after run " << run;
    EXPECT_EQ(sb.sqlite("PRAGMA foreign_key_check").out, "") << "after run " << run;
    const int assets = scalar("SELECT count(*) FROM asset");
    const int events = scalar("SELECT count(*) FROM event");
    const int imported = scalar("SELECT count(*) FROM asset WHERE serial GLOB '" + prefix + "*'");
    if (assets == assets_before) {
      ++absent;
      EXPECT_EQ(imported, 0) << "after run " << run;
      EXPECT_EQ(events, events_before) << "after run " << run;
    } else {
      ++whole;
      EXPECT_EQ(assets, assets_before + k_rows) << "after run " << run;
      EXPECT_EQ(imported, k_rows) << "after run " << run;
      EXPECT_EQ(events, events_before + k_rows + 1) << "one event per asset and one for the file, after run " << run;
    }
  }
  std::cout << "[ crash    ] " << whole + absent << " killed imports of " << k_rows << " rows (a whole one took "
            << full / 1000 << " ms): " << whole << " entirely there, " << absent << " entirely absent\n";
  EXPECT_GE(whole + absent, 5);
  const Result doctor = sb.tally({"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;
}

}  // namespace
}  // namespace tally::e2e
