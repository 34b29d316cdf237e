#include "doctor.hpp"

#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "migrations.hpp"
#include "models.hpp"
#include "stock.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <functional>
#include <map>
#include <sstream>

namespace tally {

namespace {

using Problems = std::vector<DoctorProblem>;

// Runs `sql` and turns each row into a problem.
Problems rows_of(Database& db, const std::string& sql, const std::function<DoctorProblem(SQLite::Statement&)>& row) {
  SQLite::Statement q(db.sql(), sql);
  Problems problems;
  while (q.executeStep()) {
    problems.push_back(row(q));
  }
  return problems;
}

std::string text(SQLite::Statement& q, int column) {
  return q.getColumn(column).isNull() ? std::string() : q.getColumn(column).getString();
}

// "U10 (1U, front)" from a placement's half units and faces.
std::string span(int starting_unit, int lo_half, int hi_half, bool front, bool rear) {
  std::string faces = front && rear ? "front+rear" : front ? "front" : "rear";
  return "U" + format_u_height(2 * starting_unit + lo_half) + " (" + format_u_height(hi_half - lo_half) + "U, " +
         faces + ")";
}

Problems check_schema_version(Database& db) {
  Problems problems;
  const int app_id = db.sql().execAndGet("PRAGMA application_id").getInt();
  if (app_id != k_application_id) {
    std::ostringstream found;
    found << "0x" << std::hex << std::uppercase << app_id;
    problems.push_back(
        {"pragma", "application_id", "is " + found.str() + ", not Tally's 0x54414C59: not a Tally database"});
    return problems;  // its user_version means nothing to Tally
  }
  const int version = schema_version(db.sql());
  const int latest = latest_version(builtin_migrations());
  if (version < latest) {
    problems.push_back({"pragma", "user_version",
                        "schema version " + std::to_string(version) + " is older than this tally's " +
                            std::to_string(latest) +
                            "; doctor does not migrate: run any other tally command on it to migrate it"});
  } else if (version > latest) {
    problems.push_back({"pragma", "user_version",
                        "schema version " + std::to_string(version) + " is newer than this tally's " +
                            std::to_string(latest) + "; use a newer tally"});
  }
  return problems;
}

Problems check_integrity(Database& db) {
  Problems problems = rows_of(db, "PRAGMA integrity_check", [](SQLite::Statement& q) -> DoctorProblem {
    return {"", "", text(q, 0)};
  });
  if (problems.size() == 1 && problems.front().detail == "ok") {
    problems.clear();
  }
  return problems;
}

Problems check_foreign_keys(Database& db) {
  return rows_of(db, "PRAGMA foreign_key_check", [](SQLite::Statement& q) -> DoctorProblem {
    return {text(q, 0), "rowid " + text(q, 1), "references a missing row of " + text(q, 2)};
  });
}

// The triggers of a database built by this binary's migrations up to `version`.
std::map<std::string, std::string> expected_triggers(int version) {
  SQLite::Database memory(":memory:", SQLite::OPEN_READWRITE);
  std::vector<Migration> steps;
  for (const auto& m : builtin_migrations()) {
    if (m.version <= version) {
      steps.push_back(m);
    }
  }
  migrate(memory, steps);
  std::map<std::string, std::string> triggers;
  SQLite::Statement q(memory, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'");
  while (q.executeStep()) {
    triggers[q.getColumn(0).getString()] = q.getColumn(1).getString();
  }
  return triggers;
}

Problems check_triggers(Database& db) {
  const int version = schema_version(db.sql());
  std::map<std::string, std::string> found;
  SQLite::Statement q(db.sql(), "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'");
  while (q.executeStep()) {
    found[q.getColumn(0).getString()] = q.getColumn(1).getString();
  }
  Problems problems;
  for (const auto& [name, sql] : expected_triggers(version)) {
    const auto it = found.find(name);
    if (it == found.end()) {
      problems.push_back({"sqlite_schema", name, "trigger is missing; the rule it enforces is unguarded"});
    } else if (it->second != sql) {
      problems.push_back({"sqlite_schema", name, "trigger differs from the one the migrations create"});
    }
  }
  return problems;
}

Problems check_deployed_location(Database& db) {
  return rows_of(db, "SELECT tag FROM asset WHERE status = 'deployed' AND location_id IS NULL ORDER BY id",
                 [](SQLite::Statement& q) -> DoctorProblem {
                   return {"asset", text(q, 0), "deployed without a location"};
                 });
}

Problems check_placement_overlap(Database& db) {
  return rows_of(db,
                 "SELECT a1.tag, a2.tag, l.code || '/' || r.name, r.starting_unit, "
                 "       p1.lo_half, p1.hi_half, p1.front, p1.rear, p2.lo_half, p2.hi_half, p2.front, p2.rear "
                 "FROM placement p1 JOIN placement p2 ON p2.rack_id = p1.rack_id AND p1.asset_id < p2.asset_id "
                 " AND p1.lo_half IS NOT NULL AND p2.lo_half IS NOT NULL "
                 " AND p1.lo_half < p2.hi_half AND p2.lo_half < p1.hi_half "
                 " AND ((p1.front AND p2.front) OR (p1.rear AND p2.rear)) "
                 "JOIN rack r ON r.id = p1.rack_id JOIN location l ON l.id = r.location_id "
                 "JOIN asset a1 ON a1.id = p1.asset_id JOIN asset a2 ON a2.id = p2.asset_id "
                 "ORDER BY p1.rack_id, p1.lo_half, p1.asset_id, p2.asset_id",
                 [](SQLite::Statement& q) -> DoctorProblem {
                   const int start = q.getColumn(3).getInt();
                   return {"placement", text(q, 0),
                           "at " +
                               span(start, q.getColumn(4).getInt(), q.getColumn(5).getInt(), q.getColumn(6).getInt(),
                                    q.getColumn(7).getInt()) +
                               " in rack " + text(q, 2) + " overlaps " + text(q, 1) + " at " +
                               span(start, q.getColumn(8).getInt(), q.getColumn(9).getInt(), q.getColumn(10).getInt(),
                                    q.getColumn(11).getInt())};
                 });
}

Problems check_placement_in_rack(Database& db) {
  return rows_of(db,
                 "SELECT a.tag, l.code || '/' || r.name, r.starting_unit, r.height_u, p.lo_half, p.hi_half, "
                 "       p.front, p.rear "
                 "FROM placement p JOIN rack r ON r.id = p.rack_id JOIN location l ON l.id = r.location_id "
                 "JOIN asset a ON a.id = p.asset_id "
                 "WHERE p.lo_half IS NOT NULL AND p.hi_half > 2 * r.height_u ORDER BY p.rack_id, p.asset_id",
                 [](SQLite::Statement& q) -> DoctorProblem {
                   const int start = q.getColumn(2).getInt();
                   return {"placement", text(q, 0),
                           "at " +
                               span(start, q.getColumn(4).getInt(), q.getColumn(5).getInt(), q.getColumn(6).getInt(),
                                    q.getColumn(7).getInt()) +
                               " runs past the top of rack " + text(q, 1) + " (" + text(q, 3) + "U from U" +
                               std::to_string(start) + ")"};
                 });
}

Problems check_license_seats(Database& db) {
  return rows_of(
      db,
      "SELECT l.id, l.product, l.seats, sum(a.quantity) FROM license l "
      "JOIN license_assignment a ON a.license_id = l.id "
      "WHERE l.allow_overallocation = 0 AND l.seats IS NOT NULL "
      "GROUP BY l.id HAVING sum(a.quantity) > l.seats ORDER BY l.id",
      [](SQLite::Statement& q) -> DoctorProblem {
        return {"license", format_record_id("LIC-", q.getColumn(0).getInt64()),
                text(q, 1) + ": " + text(q, 3) + " seats used, " + text(q, 2) + " bought, over-allocation not allowed"};
      });
}

Problems check_stock_ledger(Database& db) {
  Problems problems;
  for (const auto& m : stock_ledger_mismatches(db)) {
    problems.push_back({"stock_level", m.model + " @ " + m.location,
                        "on hand " + std::to_string(m.on_hand) + ", ledger sum " + std::to_string(m.ledger)});
  }
  return problems;
}

Problems check_events_ordered(Database& db) {
  return rows_of(db,
                 "SELECT id, at, prev_id, prev_at FROM ("
                 "  SELECT id, at, lag(id) OVER w AS prev_id, lag(at) OVER w AS prev_at FROM event "
                 "  WINDOW w AS (ORDER BY id)) "
                 "WHERE at < prev_at ORDER BY id",
                 [](SQLite::Statement& q) -> DoctorProblem {
                   return {"event", text(q, 0),
                           "at " + text(q, 1) + " is before event " + text(q, 2) + " at " + text(q, 3) +
                               " although its id is higher"};
                 });
}

Problems check_terminal_frozen(Database& db) {
  return rows_of(db,
                 "WITH terminal AS ("
                 "  SELECT a.tag, a.status, (SELECT max(e.id) FROM event e WHERE e.entity = 'asset' "
                 "     AND e.entity_key = a.tag AND json_extract(e.after, '$.status') = a.status) AS event_id "
                 "  FROM asset a WHERE a.status IN ('disposed', 'returned_to_vendor')) "
                 "SELECT t.tag, t.status, t.event_id, e.id, e.action, e.at FROM terminal t "
                 "JOIN event e ON e.entity = 'asset' AND e.entity_key = t.tag AND e.id > t.event_id "
                 "ORDER BY e.id",
                 [](SQLite::Statement& q) -> DoctorProblem {
                   return {"event", text(q, 3),
                           "asset " + text(q, 0) + " is " + text(q, 1) + " since event " + text(q, 2) +
                               " but has a later event: " + text(q, 4) + " at " + text(q, 5)};
                 });
}

struct CheckSpec {
  const char* name;
  const char* description;
  Problems (*run)(Database&);
};

const std::vector<CheckSpec>& specs() {
  static const std::vector<CheckSpec> list = {
      {"schema_version", "Tally's application_id and this binary's schema version", check_schema_version},
      {"integrity", "PRAGMA integrity_check", check_integrity},
      {"foreign_keys", "PRAGMA foreign_key_check", check_foreign_keys},
      {"triggers", "every trigger the migrations create is present and unchanged", check_triggers},
      {"deployed_location", "every deployed asset has a location", check_deployed_location},
      {"placement_overlap", "no two devices share a half unit on a face of a rack", check_placement_overlap},
      {"placement_in_rack", "every device stays within its rack's height", check_placement_in_rack},
      {"license_seats", "seats used <= seats bought unless over-allocation is allowed", check_license_seats},
      {"stock_ledger", "stock_level.on_hand equals the sum of the stock ledger", check_stock_ledger},
      {"events_ordered", "event ids increase with their time", check_events_ordered},
      {"terminal_frozen", "no event for a disposed or returned asset after the one that ended it",
       check_terminal_frozen},
  };
  return list;
}

}  // namespace

const std::vector<std::string>& doctor_check_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const auto& spec : specs()) {
      list.push_back(spec.name);
    }
    return list;
  }();
  return names;
}

std::vector<DoctorCheck> run_doctor(const std::string& path) {
  auto db = Database::open(path, OpenMode::inspect);
  try {
    // Not a SQLite file at all: the first read fails; say so once.
    db->sql().execAndGet("SELECT count(*) FROM sqlite_schema");
  } catch (const SQLite::Exception& e) {
    const Error mapped = from_sqlite(e);
    throw Error(mapped.kind(), "'" + path + "': " + mapped.what());
  }
  return run_doctor_checks(*db);
}

std::vector<DoctorCheck> run_doctor_checks(Database& db) {
  std::vector<DoctorCheck> checks;
  for (const auto& spec : specs()) {
    DoctorCheck check{spec.name, spec.description, {}};
    try {
      check.problems = spec.run(db);
    } catch (const SQLite::Exception& e) {
      check.problems.push_back({"", "", std::string("could not run: ") + e.what()});
    } catch (const Error& e) {
      check.problems.push_back({"", "", std::string("could not run: ") + e.what()});
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace tally
