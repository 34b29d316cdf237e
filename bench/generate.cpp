// tally_generate: builds a realistic Tally database of a chosen size through
// Tally's own library (the same functions the commands call), so the data
// obeys every rule, reproducible from a seed.
//
//   tally_generate --db PATH [--scale F] [--seed N]
//
// At scale 1: the built-in org chart, 500 locations (20 sites, 4 rooms each,
// 5 bins per room), 2,000 racks, 5,000 models of 5 manufacturers, 5,000
// people, 10,000 POs of 100 units each (1,000,000 assets), every asset status
// (in stock, staging, deployed, racked, in repair, RMA, returned to vendor,
// retired, lost, disposed), 100,000 licenses with 1,000,000 assignments,
// owned across the teams of the chart. Every count is multiplied by --scale
// (at least 1 of each). --catalog-only stops after the teams, locations,
// racks, vendors, models and people (a database to import into). TALLY_NOW and TALLY_TODAY are fixed (unless already
// set) so the same seed gives the same `sqlite3 DB .dump`.
// Only for generation: PRAGMA synchronous = OFF and temp_store = MEMORY (see
// run()), and the library's calls are grouped, k_batch at a time, in one
// outer transaction (each call's own transaction becomes a savepoint inside
// it, so a refusal would still undo only that call): one commit per batch
// instead of one per call.

#include "budgets.hpp"
#include "codes.hpp"
#include "db.hpp"
#include "disposal.hpp"
#include "error.hpp"
#include "init.hpp"
#include "licenses.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "people.hpp"
#include "purchasing.hpp"
#include "racks.hpp"
#include "receiving.hpp"
#include "repairs.hpp"
#include "rma.hpp"
#include "teams.hpp"
#include "vendors.hpp"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using namespace tally;
using Clock = std::chrono::steady_clock;

const std::string k_actor = "bench";
// Approves the POs: an approver never approves a PO they created or submitted.
const std::string k_approver = "bench-approver";

// splitmix64: a small generator whose sequence is the same on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // 0 <= result < n
  std::uint64_t below(std::uint64_t n) { return next() % n; }

 private:
  std::uint64_t m_state;
};

struct Options {
  std::string db;
  double scale = 1.0;
  std::uint64_t seed = 1;
  bool catalog_only = false;  // stop after the catalog (an import target)
};

[[noreturn]] void usage(const std::string& message) {
  std::cerr << "tally_generate: " << message
            << "\nusage: tally_generate --db PATH [--scale F] [--seed N] [--catalog-only]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--catalog-only") {
      o.catalog_only = true;
      continue;
    }
    if (i + 1 >= argc) {
      usage(arg == "--help" || arg == "-h" ? "builds a benchmark database" : arg + " needs a value");
    }
    const std::string value = argv[++i];
    try {
      if (arg == "--db") {
        o.db = value;
      } else if (arg == "--scale") {
        o.scale = std::stod(value);
      } else if (arg == "--seed") {
        o.seed = std::stoull(value);
      } else {
        usage("unknown option " + arg);
      }
    } catch (const std::logic_error&) {
      usage(arg + " '" + value + "' is not a number");
    }
  }
  if (o.db.empty()) {
    usage("--db PATH is required");
  }
  if (!(o.scale > 0) || o.scale > 100) {
    usage("--scale must be above 0 and at most 100");
  }
  return o;
}

// A count of the full-size database multiplied by the scale, at least 1.
std::int64_t scaled(std::int64_t full, double scale) {
  return std::max<std::int64_t>(1, std::llround(static_cast<double>(full) * scale));
}

std::string numbered(const std::string& prefix, std::int64_t n, int width) {
  std::string digits = std::to_string(n);
  if (static_cast<int>(digits.size()) < width) {
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  }
  return prefix + digits;
}

// Progress on stderr: one line per phase, rewritten in place.
class Progress {
 public:
  Progress(std::string phase, std::int64_t total) : m_phase(std::move(phase)), m_total(total), m_start(Clock::now()) {
    show(0);
  }
  void tick(std::int64_t done) {
    if (m_tty && done % m_every == 0) {
      show(done);
    }
  }
  void finish() {
    show(m_total);
    std::cerr << "\n";
  }

 private:
  void show(std::int64_t done) {
    if (!m_tty && done != m_total) {
      return;  // a log gets one line per phase
    }
    const double s = std::chrono::duration<double>(Clock::now() - m_start).count();
    std::fprintf(stderr, "\r  %-28s %10lld / %-10lld %7.1f s", m_phase.c_str(), static_cast<long long>(done),
                 static_cast<long long>(m_total), s);
    std::fflush(stderr);
  }
  std::string m_phase;
  std::int64_t m_total;
  std::int64_t m_every = 1000;
  bool m_tty = isatty(2) != 0;
  Clock::time_point m_start;
};

// Groups the library's calls in outer transactions of k_batch calls each.
class Batch {
 public:
  static constexpr int k_batch = 5000;
  // Opens the first transaction; one not finished is rolled back.
  explicit Batch(Database& db) : m_db(db) { m_tx.emplace(m_db); }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;
  // Counts `calls` more calls; commits and opens the next transaction when the batch is full.
  void done(int calls = 1) {
    m_calls += calls;
    if (m_calls >= k_batch) {
      m_tx->commit();
      m_tx.emplace(m_db);
      m_calls = 0;
    }
  }
  // Commits what is pending and opens no other transaction.
  void finish() {
    m_tx->commit();
    m_tx.reset();
  }

 private:
  Database& m_db;
  std::optional<WriteTransaction> m_tx;
  int m_calls = 0;
};

struct ModelInfo {
  std::string name;          // "MANUFACTURER MODEL"
  std::string manufacturer;  // vendor name
  int u_halves = 0;          // 0: not rack-mounted
};

struct Counts {
  std::int64_t locations = 0, racks = 0, models = 0, people = 0, pos = 0, assets = 0, racked = 0, deployed = 0,
               staging = 0, repair = 0, rma = 0, returned = 0, retired = 0, lost = 0, disposed = 0, licenses = 0,
               assignments = 0;
};

int run(const Options& o) {
  const auto start = Clock::now();
  const double s = o.scale;
  Random rng(o.seed);
  Counts c;

  std::filesystem::remove(o.db);
  std::filesystem::remove(o.db + "-wal");
  std::filesystem::remove(o.db + "-shm");
  init_database(o.db, k_actor);
  auto handle = Database::open(o.db, OpenMode::existing);
  Database& db = *handle;
  db.exec("PRAGMA synchronous = OFF");
  db.exec("PRAGMA cache_size = -262144");
  // Each library call is a SAVEPOINT inside the batch's transaction, and
  // every page it touches is first copied to the savepoint's sub-journal:
  // in a temporary file, that is a write system call per page (a million
  // per 20,000 assets). In memory it is a copy, dropped at each release.
  db.exec("PRAGMA temp_store = MEMORY");
  Batch batch(db);

  const std::vector<Team> teams = list_teams(db);
  for (const auto& t : teams) {
    if (t.depth == 0) {
      set_budget(db, k_actor, t.code, 2026, "1000000000000.00", "USD");
      batch.done();
    }
  }

  // Locations: sites, rooms, bins (20 x (1 + 4 x (1 + 5)) = 500 at scale 1).
  const std::int64_t sites = scaled(20, s);
  std::vector<std::string> rooms, bins;
  for (std::int64_t i = 1; i <= sites; ++i) {
    const std::string site = numbered("S", i, 2);
    add_location(db, k_actor, {site, "Site " + std::to_string(i), std::string("site"), std::nullopt});
    for (int r = 1; r <= 4; ++r) {
      const std::string room = site + "-R" + std::to_string(r);
      add_location(db, k_actor, {room, "Room " + std::to_string(r) + " of " + site, std::string("room"), site});
      rooms.push_back(room);
      for (int b = 1; b <= 5; ++b) {
        const std::string bin = room + "-B" + std::to_string(b);
        add_location(db, k_actor, {bin, "Bin " + std::to_string(b) + " of " + room, std::string("bin"), room});
        bins.push_back(bin);
        batch.done();
      }
    }
  }
  c.locations = sites * 25;

  // Racks: 42U, spread over the rooms, owned by the teams in turn.
  std::vector<std::string> racks;
  const std::int64_t rack_count = scaled(2000, s);
  for (std::int64_t i = 0; i < rack_count; ++i) {
    NewRack rack;
    rack.name = numbered("R", i + 1, 4);
    rack.location = rooms[static_cast<std::size_t>(i) % rooms.size()];
    rack.team = teams[static_cast<std::size_t>(i) % teams.size()].code;
    racks.push_back(add_rack(db, k_actor, rack).qualified());
    batch.done();
  }
  c.racks = rack_count;

  // Vendors: 5 manufacturers (also suppliers), 4 software publishers.
  const std::vector<std::string> makers = {"Dell", "HPE", "Lenovo", "Cisco", "Supermicro"};
  const std::vector<std::string> publishers = {"Microsoft", "Adobe", "Atlassian", "VMware"};
  for (const auto& v : makers) {
    add_vendor(db, k_actor, {v, true, true, std::nullopt, std::nullopt, std::nullopt});
  }
  for (const auto& v : publishers) {
    add_vendor(db, k_actor, {v, true, false, std::nullopt, std::nullopt, std::nullopt});
  }

  // Models: servers (1U/2U), switches (1U), storage (2U), laptops, desktops, monitors.
  std::vector<ModelInfo> models;
  const std::int64_t model_count = scaled(5000, s);
  {
    Progress p("models", model_count);
    for (std::int64_t i = 0; i < model_count; ++i) {
      NewModel m;
      m.manufacturer = makers[static_cast<std::size_t>(i) % makers.size()];
      const auto kind = rng.below(20);
      int halves = 0;
      if (kind < 8) {
        m.category = "server";
        halves = kind % 2 == 0 ? 2 : 4;
        m.stores_data = true;
      } else if (kind < 11) {
        m.category = "switch";
        halves = 2;
      } else if (kind < 13) {
        m.category = "storage";
        halves = 4;
        m.stores_data = true;
      } else if (kind < 17) {
        m.category = "laptop";
        m.stores_data = true;
      } else if (kind < 19) {
        m.category = "desktop";
        m.stores_data = true;
      } else {
        m.category = "monitor";
      }
      const std::string prefix = m.category == "server"    ? "R"
                                 : m.category == "switch"  ? "SW"
                                 : m.category == "storage" ? "ST"
                                 : m.category == "laptop"  ? "L"
                                 : m.category == "desktop" ? "D"
                                                           : "M";
      m.name = numbered(prefix, i + 1, 5);
      if (halves > 0) {
        m.u_height = format_u_height(halves);
      }
      m.warranty_months = 12 * static_cast<int>(1 + rng.below(5));
      const Model added = add_model(db, k_actor, m);
      models.push_back({added.display_name(), m.manufacturer, halves});
      batch.done();
      p.tick(i + 1);
    }
    p.finish();
  }
  c.models = model_count;

  // People, across the teams.
  std::vector<std::string> people;
  c.people = scaled(5000, s);
  for (std::int64_t i = 1; i <= c.people; ++i) {
    const std::string user = numbered("user", i, 5);
    add_person(
        db, k_actor,
        {user, "User " + std::to_string(i), std::nullopt, teams[static_cast<std::size_t>(i) % teams.size()].code});
    people.push_back(user);
    batch.done();
  }

  if (o.catalog_only) {
    batch.finish();
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    std::printf(
        "%s: catalog only (scale %g, seed %llu): %zu teams, %lld locations, %lld racks, %lld models, %lld people\n",
        o.db.c_str(), o.scale, static_cast<unsigned long long>(o.seed), teams.size(),
        static_cast<long long>(c.locations), static_cast<long long>(c.racks), static_cast<long long>(c.models),
        static_cast<long long>(c.people));
    return 0;
  }

  // POs: one line of units each, ordered by a team of the chart, received by
  // serial into a bin (one transaction per PO).
  c.pos = scaled(10000, s);
  const std::int64_t target_assets = scaled(1000000, s);
  std::vector<std::string> tags;
  std::vector<std::size_t> tag_model;  // index into models
  tags.reserve(static_cast<std::size_t>(target_assets));
  tag_model.reserve(static_cast<std::size_t>(target_assets));
  {
    Progress p("POs ordered and received", c.pos);
    for (std::int64_t i = 0; i < c.pos; ++i) {
      const std::int64_t units = target_assets * (i + 1) / c.pos - target_assets * i / c.pos;
      if (units <= 0) {
        continue;
      }
      const std::size_t model = static_cast<std::size_t>(rng.below(models.size()));
      NewPurchaseOrder po;
      po.vendor = models[model].manufacturer;
      po.team = teams[static_cast<std::size_t>(rng.below(teams.size()))].code;
      po.number = numbered("PO-2026-", i + 1, 5);
      po.fiscal_year = 2026;
      NewPoLine line;
      line.model = models[model].name;
      line.quantity = units;
      line.unit_cost = std::to_string(200 + rng.below(9800)) + ".00";
      create_po_with_lines(db, k_actor, po, {line});
      for (const PoAction a : {PoAction::submit, PoAction::approve, PoAction::order}) {
        transition_po(db, a == PoAction::approve ? k_approver : k_actor, {*po.number, a, std::nullopt, false});
      }
      std::vector<std::string> serials;
      serials.reserve(static_cast<std::size_t>(units));
      for (std::int64_t u = 0; u < units; ++u) {
        serials.push_back("SN" + std::to_string(o.seed) + "-" + numbered("", i + 1, 5) + "-" + numbered("", u + 1, 4) +
                          "-" + std::to_string(rng.below(100000)));
      }
      const std::string bin = bins[static_cast<std::size_t>(i) % bins.size()];
      for (const auto& unit : receive_serials(db, k_actor, {*po.number, 1, bin}, serials)) {
        tags.push_back(unit.asset.tag);
        tag_model.push_back(model);
      }
      batch.done(static_cast<int>(units));
      p.tick(i + 1);
    }
    p.finish();
  }
  c.assets = static_cast<std::int64_t>(tags.size());

  // Statuses. Per mille: 400 deployed (rack-mounted models into racks while
  // they have room), 30 staging, 20 in repair, 10 RMA, 5 returned to
  // vendor, 30 retired, 10 lost, 50 disposed; the rest stay in stock.
  std::vector<bool> final_state(tags.size(), false);
  std::vector<int> rack_next(racks.size(), 1);  // next free unit per rack
  std::size_t rack_cursor = 0;
  const int rack_fill = 40;  // units filled per 42U rack
  std::vector<std::string> to_dispose;
  const auto dispose = [&] {
    if (to_dispose.empty()) {
      return;
    }
    DisposalRequest request;
    request.method = "recycle";
    request.recipient = "GreenCycle Ltd";
    request.certificate = "CERT-2026";
    request.wipe = "NIST 800-88 purge";
    c.disposed += static_cast<std::int64_t>(dispose_assets(db, k_actor, to_dispose, request).size());
    to_dispose.clear();
  };
  {
    Progress p("asset statuses", c.assets);
    for (std::size_t i = 0; i < tags.size(); ++i) {
      const std::string& tag = tags[i];
      const auto roll = rng.below(1000);
      const ModelInfo& model = models[tag_model[i]];
      if (roll < 400) {
        bool placed = false;
        for (std::size_t tries = 0; model.u_halves > 0 && tries < racks.size() && !placed; ++tries) {
          const std::size_t r = (rack_cursor + tries) % racks.size();
          if (rack_next[r] + model.u_halves / 2 - 1 <= rack_fill) {
            Installation in;
            in.asset = tag;
            in.rack = racks[r];
            in.u = std::to_string(rack_next[r]);
            install_asset(db, k_actor, in);
            rack_next[r] += model.u_halves / 2;
            rack_cursor = r + 1;
            placed = true;
          }
        }
        if (placed) {
          ++c.racked;
        } else {
          set_asset_status(db, k_actor, tag, "deployed", std::nullopt);
        }
        ++c.deployed;
      } else if (roll < 430) {
        set_asset_status(db, k_actor, tag, "staging", std::nullopt);
        ++c.staging;
      } else if (roll < 450) {
        open_repair(db, k_actor, tag, "fails POST");
        ++c.repair;
      } else if (roll < 465) {
        const Rma rma = open_rma(db, k_actor, tag, model.manufacturer, "dead on arrival", std::nullopt);
        if (roll >= 460) {
          RmaResolution r;
          r.rma = format_record_id("RMA-", rma.id);
          r.outcome = "refunded";
          r.refund = "100.00";
          resolve_rma(db, k_actor, r);
          final_state[i] = true;
          ++c.returned;
        } else {
          ++c.rma;
        }
      } else if (roll < 495) {
        set_asset_status(db, k_actor, tag, "retired", "end of life");
        ++c.retired;
      } else if (roll < 505) {
        set_asset_status(db, k_actor, tag, "lost", "not found at audit");
        ++c.lost;
      } else if (roll < 555) {
        to_dispose.push_back(tag);
        final_state[i] = true;
        if (to_dispose.size() >= 500) {
          dispose();
        }
      }
      batch.done();
      p.tick(static_cast<std::int64_t>(i + 1));
    }
    dispose();
    p.finish();
  }

  // Licenses: 10 assignments each (8 assets, 1 person, 1 team); 1 in 50 a
  // site license, 1 in 7 with 8 seats and over-allocation allowed.
  std::vector<std::size_t> live;  // assets that may hold seats
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (!final_state[i]) {
      live.push_back(i);
    }
  }
  c.licenses = scaled(100000, s);
  {
    Progress p("licenses and assignments", c.licenses);
    for (std::int64_t i = 1; i <= c.licenses; ++i) {
      NewLicense l;
      l.product = "Product " + std::to_string(i);
      l.vendor = publishers[static_cast<std::size_t>(rng.below(publishers.size()))];
      if (i % 50 == 0) {
        l.type = "site";
      } else {
        l.type = i % 3 == 0 ? "per-device" : "per-seat";
        l.seats = i % 7 == 0 ? 8 : 10;
        l.allow_overallocation = i % 7 == 0;
      }
      l.key = numbered("KEY", i, 6) + "-ABCD-" + std::to_string(rng.below(10000));
      l.starts_on = "2025-01-01";
      const auto days = static_cast<int>(rng.below(1100));
      l.expires_on = add_months("2025-12-01", days / 30);
      l.team = teams[static_cast<std::size_t>(i) % teams.size()].code;
      l.cost = std::to_string(100 + rng.below(5000)) + ".00";
      l.currency = "USD";
      const LicenseDetail added = add_license(db, k_actor, l);
      const std::string code = license_code(added.license.id);
      const bool device_only = l.type == "per-device";
      for (std::int64_t j = 0; j < 10 && !live.empty(); ++j) {
        LicenseAssignRequest a;
        a.license = code;
        a.expired_ok = true;  // the estate's history: some licenses have expired since their seats were given
        if (j < 8 || device_only) {
          a.to = {AssigneeKind::asset, tags[live[static_cast<std::size_t>(i * 10 + j) % live.size()]]};
        } else if (j == 8) {
          a.to = {AssigneeKind::person, people[static_cast<std::size_t>(i) % people.size()]};
        } else {
          a.to = {AssigneeKind::team, teams[static_cast<std::size_t>(i * 7) % teams.size()].code};
        }
        assign_license(db, k_actor, a);
        ++c.assignments;
        batch.done();
      }
      p.tick(i);
    }
    p.finish();
  }

  batch.finish();
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  handle.reset();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto bytes = std::filesystem::file_size(o.db);
  std::printf(
      "%s: scale %g, seed %llu\n"
      "  %zu teams, %lld locations, %lld racks, %lld models, %lld people, %lld POs\n"
      "  %lld assets: %lld deployed (%lld racked), %lld staging, %lld in repair, %lld RMA, %lld returned to vendor,\n"
      "    %lld retired, %lld lost, %lld disposed, %lld in stock\n"
      "  %lld licenses, %lld assignments\n"
      "  built in %.1f s; %.1f MiB (%.0f bytes per asset)\n",
      o.db.c_str(), o.scale, static_cast<unsigned long long>(o.seed), teams.size(), static_cast<long long>(c.locations),
      static_cast<long long>(c.racks), static_cast<long long>(c.models), static_cast<long long>(c.people),
      static_cast<long long>(c.pos), static_cast<long long>(c.assets), static_cast<long long>(c.deployed),
      static_cast<long long>(c.racked), static_cast<long long>(c.staging), static_cast<long long>(c.repair),
      static_cast<long long>(c.rma), static_cast<long long>(c.returned), static_cast<long long>(c.retired),
      static_cast<long long>(c.lost), static_cast<long long>(c.disposed),
      static_cast<long long>(c.assets - c.deployed - c.staging - c.repair - c.rma - c.returned - c.retired - c.lost -
                             c.disposed),
      static_cast<long long>(c.licenses), static_cast<long long>(c.assignments), seconds,
      static_cast<double>(bytes) / (1024.0 * 1024.0), static_cast<double>(bytes) / static_cast<double>(c.assets));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  if (std::getenv("TALLY_NOW") == nullptr) {
    setenv("TALLY_NOW", "2026-11-27T09:15:00Z", 1);
  }
  if (std::getenv("TALLY_TODAY") == nullptr) {
    setenv("TALLY_TODAY", "2026-11-27", 1);
  }
  try {
    return run(options);
  } catch (const tally::Error& e) {
    std::cerr << "\ntally_generate: " << e.what() << "\n";
    return 1;
  } catch (const store::SqlError& e) {
    std::cerr << "\ntally_generate: " << tally::from_sqlite(e).what() << "\n";
    return 3;
  }
}
