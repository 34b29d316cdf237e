// tally_serve_load: the load client of bench/bench_serve.sh. Runs C clients
// (threads) for at most S seconds and R requests each, either over HTTP
// against a running `tally serve` (httplib::Client, one keep-alive connection
// per client) or in-process through the library (one Database connection per
// client, the same core calls the server's handlers make), and prints one
// line: requests ok seconds requests/s p50_ms p99_ms.
//   tally_serve_load --via http|lib --op get|scan --clients C [--seconds S] [--requests R]
//     http: --port P --token T;  lib: --db PATH
//     get:  --tag TAG;           scan: --po NUMBER --line N --location CODE --prefix SERIALPREFIX
#include "db.hpp"
#include "forms.hpp"
#include "receiving.hpp"
#include "render.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string via, op, token, db, tag, po, location, prefix = "LOAD";
  int port = 0, clients = 1, line = 1;
  double seconds = 5;
  long requests = 1000000;
};

[[noreturn]] void usage(const std::string& message) {
  std::cerr << "tally_serve_load: " << message
            << "\nusage: tally_serve_load --via http|lib --op get|scan --clients C [--seconds S] [--requests R]\n"
               "  http: --port P --token T; lib: --db PATH; get: --tag TAG; scan: --po N --line L --prefix P\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  std::map<std::string, std::string> v;
  for (int i = 1; i + 1 < argc; i += 2) {
    v[argv[i]] = argv[i + 1];
  }
  if ((argc - 1) % 2 != 0) {
    usage("options come in pairs");
  }
  Options o;
  try {
    o.via = v["--via"];
    o.op = v["--op"];
    o.token = v["--token"];
    o.db = v["--db"];
    o.tag = v["--tag"];
    o.po = v["--po"];
    o.location = v["--location"];
    if (v.count("--prefix")) {
      o.prefix = v["--prefix"];
    }
    o.port = v.count("--port") ? std::stoi(v["--port"]) : 0;
    o.clients = v.count("--clients") ? std::stoi(v["--clients"]) : 1;
    o.line = v.count("--line") ? std::stoi(v["--line"]) : 1;
    o.seconds = v.count("--seconds") ? std::stod(v["--seconds"]) : 5;
    o.requests = v.count("--requests") ? std::stol(v["--requests"]) : 1000000;
  } catch (const std::exception&) {
    usage("a number is not a number");
  }
  if ((o.via != "http" && o.via != "lib") || (o.op != "get" && o.op != "scan") || o.clients < 1 || o.clients > 256 ||
      o.seconds <= 0 || o.seconds > 600) {
    usage("bad --via, --op, --clients (1-256) or --seconds (at most 600)");
  }
  return o;
}

// One client's loop: `one(serial_index)` answers true for a success.
template <typename F>
void client_loop(const Options& o, int client, Clock::time_point deadline, std::vector<double>& latencies_ms, long& ok,
                 F one) {
  for (long i = 0; i < o.requests && Clock::now() < deadline; ++i) {
    const auto start = Clock::now();
    const bool good = one(static_cast<long>(client) * 100000000L + i);
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    ok += good ? 1 : 0;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(o.clients));
  std::vector<long> ok(static_cast<std::size_t>(o.clients), 0);
  std::atomic<int> failures{0};
  std::mutex error_mutex;
  std::string first_error;
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<std::thread> threads;
  for (int c = 0; c < o.clients; ++c) {
    threads.emplace_back([&, c] {
      auto& lat = latencies[static_cast<std::size_t>(c)];
      auto& good = ok[static_cast<std::size_t>(c)];
      auto note = [&](const std::string& what) {
        ++failures;
        std::lock_guard<std::mutex> lock(error_mutex);
        if (first_error.empty()) {
          first_error = what;
        }
      };
      if (o.via == "http") {
        httplib::Client client("127.0.0.1", o.port);
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true);
        client.set_read_timeout(30, 0);
        const httplib::Headers headers = {{"Authorization", "Bearer " + o.token}};
        const std::string scan_path = "/api/v1/pos/" + o.po + "/lines/" + std::to_string(o.line) + "/receive";
        client_loop(o, c, deadline, lat, good, [&](long n) {
          const auto r = o.op == "get" ? client.Get(("/api/v1/assets/" + o.tag).c_str(), headers)
                                       : client.Post(scan_path.c_str(), headers,
                                                     "{\"code\": \"" + o.prefix + std::to_string(n) +
                                                         "\", \"location\": \"" + o.location + "\"}",
                                                     "application/json");
          const bool success = r && r->status >= 200 && r->status < 300;
          if (!success) {
            note(r ? std::to_string(r->status) + " " + r->body : "no answer (" + httplib::to_string(r.error()) + ")");
          }
          return success;
        });
        return;
      }
      std::unique_ptr<tally::Database> db = tally::Database::open(o.db, tally::OpenMode::existing);
      client_loop(o, c, deadline, lat, good, [&](long n) {
        try {
          if (o.op == "get") {
            const std::string body = tally::record_json(tally::asset_detail(*db, tally::resolve_asset(*db, o.tag)))
                                         .dump(-1, ' ', false, tally::Json::error_handler_t::replace);
            return !body.empty();
          }
          tally::Receiver receiver(*db, "bench", tally::ReceiveTarget{o.po, o.line, o.location});
          const std::string body = tally::unit_json(receiver.receive(o.prefix + std::to_string(n)))
                                       .dump(-1, ' ', false, tally::Json::error_handler_t::replace);
          return !body.empty();
        } catch (const std::exception& e) {
          note(e.what());
          return false;
        }
      });
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::vector<double> all;
  long good = 0;
  for (std::size_t c = 0; c < latencies.size(); ++c) {
    all.insert(all.end(), latencies[c].begin(), latencies[c].end());
    good += ok[c];
  }
  std::sort(all.begin(), all.end());
  auto pct = [&all](double p) {
    return all.empty() ? 0.0
                       : all[std::min(all.size() - 1, static_cast<std::size_t>(p * static_cast<double>(all.size())))];
  };
  std::printf("%zu %ld %.3f %.1f %.3f %.3f\n", all.size(), good, seconds, static_cast<double>(good) / seconds,
              pct(0.50), pct(0.99));
  if (failures > 0) {
    std::cerr << "tally_serve_load: " << failures << " failed; the first: " << first_error << "\n";
  }
  return 0;
}
