#include "doctor.hpp"

#include "store/sqlite_file.hpp"

#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "fields.hpp"
#include "migrations.hpp"
#include "models.hpp"
#include "stock.hpp"
#include "text.hpp"
#include "tree.hpp"
#include "users.hpp"

#include <functional>
#include <map>
#include <sstream>

namespace tally {

namespace {

using Problems = std::vector<DoctorProblem>;

// Runs `sql` and turns each row into a problem.
Problems rows_of(Database& db, const std::string& sql, const std::function<DoctorProblem(Statement&)>& row) {
  Statement q(db, sql);
  Problems problems;
  while (q.step()) {
    problems.push_back(row(q));
  }
  return problems;
}

std::string text(Statement& q, int column) {
  return q.column(column).is_null() ? std::string() : q.column(column).as_text();
}

// "U10 (1U, front)" from a placement's half units and faces.
std::string span(int starting_unit, int lo_half, int hi_half, bool front, bool rear) {
  std::string faces = front && rear ? "front+rear" : front ? "front" : "rear";
  return "U" + format_u_height(2 * starting_unit + lo_half) + " (" + format_u_height(hi_half - lo_half) + "U, " +
         faces + ")";
}

Problems check_schema_version(Database& db) {
  Problems problems;
  const int app_id = static_cast<int>(db.query_int("PRAGMA application_id"));
  if (app_id != k_application_id) {
    std::ostringstream found;
    found << "0x" << std::hex << std::uppercase << app_id;
    problems.push_back(
        {"pragma", "application_id", "is " + found.str() + ", not Tally's 0x54414C59: not a Tally database"});
    return problems;  // its user_version means nothing to Tally
  }
  const int version = schema_version(db.connection());
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
  Problems problems = rows_of(db, "PRAGMA integrity_check", [](Statement& q) -> DoctorProblem {
    return {"", "", text(q, 0)};
  });
  if (problems.size() == 1 && problems.front().detail == "ok") {
    problems.clear();
  }
  return problems;
}

Problems check_foreign_keys(Database& db) {
  return rows_of(db, "PRAGMA foreign_key_check", [](Statement& q) -> DoctorProblem {
    return {text(q, 0), "rowid " + text(q, 1), "references a missing row of " + text(q, 2)};
  });
}

// The first two columns of each row `sql` reads from a database built by this
// binary's migrations up to `version`: what a file of that version must hold.
std::map<std::string, std::string> reference_rows(int version, const std::string& sql) {
  const auto owned = store::open_sqlite_file(":memory:", store::FileAccess::read_write_create);
  store::Connection& memory = *owned;
  std::vector<Migration> steps;
  for (const auto& m : builtin_migrations()) {
    if (m.version <= version) {
      steps.push_back(m);
    }
  }
  migrate(memory, steps);
  std::map<std::string, std::string> rows;
  Statement q(memory, sql);
  while (q.step()) {
    rows[q.column(0).as_text()] = q.column(1).as_text();
  }
  return rows;
}

std::map<std::string, std::string> expected_triggers(int version) {
  return reference_rows(version, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'");
}

Problems check_triggers(Database& db) {
  const int version = schema_version(db.connection());
  std::map<std::string, std::string> found;
  Statement q(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'");
  while (q.step()) {
    found[q.column(0).as_text()] = q.column(1).as_text();
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
                 [](Statement& q) -> DoctorProblem {
                   return {"asset", text(q, 0), "deployed without a location"};
                 });
}

Problems check_placement_overlap(Database& db) {
  return rows_of(
      db,
      "SELECT a1.tag, a2.tag, l.code || '/' || r.name, r.starting_unit, "
      "       p1.lo_half, p1.hi_half, p1.front, p1.rear, p2.lo_half, p2.hi_half, p2.front, p2.rear "
      "FROM placement p1 JOIN placement p2 ON p2.rack_id = p1.rack_id AND p1.asset_id < p2.asset_id "
      " AND p1.lo_half IS NOT NULL AND p2.lo_half IS NOT NULL "
      " AND p1.lo_half < p2.hi_half AND p2.lo_half < p1.hi_half "
      " AND ((p1.front AND p2.front) OR (p1.rear AND p2.rear)) "
      "JOIN rack r ON r.id = p1.rack_id JOIN location l ON l.id = r.location_id "
      "JOIN asset a1 ON a1.id = p1.asset_id JOIN asset a2 ON a2.id = p2.asset_id "
      "ORDER BY p1.rack_id, p1.lo_half, p1.asset_id, p2.asset_id",
      [](Statement& q) -> DoctorProblem {
        const int start = q.column(3).as_int();
        return {
            "placement", text(q, 0),
            "at " +
                span(start, q.column(4).as_int(), q.column(5).as_int(), q.column(6).as_int(), q.column(7).as_int()) +
                " in rack " + text(q, 2) + " overlaps " + text(q, 1) + " at " +
                span(start, q.column(8).as_int(), q.column(9).as_int(), q.column(10).as_int(), q.column(11).as_int())};
      });
}

Problems check_placement_in_rack(Database& db) {
  return rows_of(db,
                 "SELECT a.tag, l.code || '/' || r.name, r.starting_unit, r.height_u, p.lo_half, p.hi_half, "
                 "       p.front, p.rear "
                 "FROM placement p JOIN rack r ON r.id = p.rack_id JOIN location l ON l.id = r.location_id "
                 "JOIN asset a ON a.id = p.asset_id "
                 "WHERE p.lo_half IS NOT NULL AND p.hi_half > 2 * r.height_u ORDER BY p.rack_id, p.asset_id",
                 [](Statement& q) -> DoctorProblem {
                   const int start = q.column(2).as_int();
                   return {"placement", text(q, 0),
                           "at " +
                               span(start, q.column(4).as_int(), q.column(5).as_int(), q.column(6).as_int(),
                                    q.column(7).as_int()) +
                               " runs past the top of rack " + text(q, 1) + " (" + text(q, 3) + "U from U" +
                               std::to_string(start) + ")"};
                 });
}

Problems check_license_seats(Database& db) {
  return rows_of(
      db,
      "SELECT l.id, l.product, l.seats, l.used, s.assigned FROM license l "
      "JOIN (SELECT l2.id, coalesce(sum(a.quantity), 0) AS assigned FROM license l2 "
      "      LEFT JOIN license_assignment a ON a.license_id = l2.id GROUP BY l2.id) s ON s.id = l.id "
      "WHERE l.used IS NOT s.assigned "
      "   OR (l.allow_overallocation = 0 AND l.seats IS NOT NULL AND s.assigned > l.seats) ORDER BY l.id",
      [](Statement& q) -> DoctorProblem {
        const std::string row = format_record_id("LIC-", q.column(0).as_int64());
        if (q.column(3).as_int64() != q.column(4).as_int64()) {
          return {"license", row,
                  text(q, 1) + ": used says " + text(q, 3) + " seats, its assignments sum to " + text(q, 4)};
        }
        return {"license", row,
                text(q, 1) + ": " + text(q, 4) + " seats used, " + text(q, 2) + " bought, over-allocation not allowed"};
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
                 [](Statement& q) -> DoctorProblem {
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
                 [](Statement& q) -> DoctorProblem {
                   return {"event", text(q, 3),
                           "asset " + text(q, 0) + " is " + text(q, 1) + " since event " + text(q, 2) +
                               " but has a later event: " + text(q, 4) + " at " + text(q, 5)};
                 });
}

// The legal moves of a purchase order and of an asset are reference data:
// exactly the rows the migrations put there.
Problems check_transitions(Database& db) {
  const int version = schema_version(db.connection());
  Problems problems;
  for (const char* table : {"po_status_transition", "asset_status_transition"}) {
    const std::string sql = std::string("SELECT from_status || ' -> ' || to_status, '' FROM ") + table;
    const auto expected = reference_rows(version, sql);
    std::map<std::string, std::string> found;
    Statement q(db, sql);
    while (q.step()) {
      found[q.column(0).as_text()] = "";
    }
    for (const auto& [move, unused] : found) {
      if (!expected.count(move)) {
        problems.push_back({table, move, "is not a legal move: the migrations do not define it"});
      }
    }
    for (const auto& [move, unused] : expected) {
      if (!found.count(move)) {
        problems.push_back({table, move, "is missing: a legal move the migrations define"});
      }
    }
  }
  return problems;
}

// A parent chain that does not reach a root within k_max_tree_depth steps
// is a cycle (the walk is bounded, so a cycle cannot hang doctor).
Problems check_tree_cycles(Database& db) {
  Problems problems;
  for (const std::string table : {"location", "team"}) {
    const std::string key = "code";
    const std::string sql =
        "WITH RECURSIVE up(start, id, depth) AS ("
        "  SELECT id, parent_id, 1 FROM " +
        table +
        " WHERE parent_id IS NOT NULL"
        "  UNION ALL SELECT up.start, t.parent_id, up.depth + 1 FROM up JOIN " +
        table +
        " t ON t.id = up.id"
        "  WHERE t.parent_id IS NOT NULL AND up.depth < " +
        std::to_string(k_max_tree_depth) +
        ") "
        "SELECT s." +
        key + ", s.id IN (SELECT start FROM up WHERE id = start) FROM " + table +
        " s "
        "WHERE s.id IN (SELECT start FROM up WHERE id = start) "
        "   OR s.id IN (SELECT start FROM up WHERE depth >= " +
        std::to_string(k_max_tree_depth) +
        ") "
        "ORDER BY s.id";
    for (auto& p : rows_of(db, sql, [&](Statement& q) -> DoctorProblem {
           return {table, text(q, 0),
                   q.column(1).as_int() ? std::string("is its own ancestor: its parent chain is a cycle")
                                        : "its parent chain runs into a cycle (or is deeper than " +
                                              std::to_string(k_max_tree_depth) + " levels)"};
         })) {
      problems.push_back(std::move(p));
    }
  }
  auto kinds =
      rows_of(db,
              "SELECT t.code, t.kind, p.code, p.kind FROM team t LEFT JOIN team p ON p.id = t.parent_id "
              "WHERE (t.kind = 'division') <> (t.parent_id IS NULL) "
              "   OR (t.kind = 'team' AND p.kind IS NOT 'division') "
              "   OR (t.kind = 'subteam' AND p.kind IS NOT 'team') ORDER BY t.id",
              [](Statement& q) -> DoctorProblem {
                return {"team", text(q, 0),
                        "a " + text(q, 1) + " under " +
                            (text(q, 2).empty() ? std::string("no parent") : text(q, 2) + " (a " + text(q, 3) + ")") +
                            ": a team hangs under a division, a sub-team under a team"};
              });
  problems.insert(problems.end(), kinds.begin(), kinds.end());
  return problems;
}

// Receipts count net of their reversals (0013), and a unit taken back no
// longer fills its line.
Problems check_po_lines(Database& db) {
  return rows_of(
      db,
      "WITH net AS (SELECT l.id, "
      "  (SELECT coalesce(sum(quantity), 0) FROM receipt r WHERE r.po_line_id = l.id) "
      "  - (SELECT coalesce(sum(quantity), 0) FROM receipt_reversal v WHERE v.po_line_id = l.id) AS receipts, "
      "  (SELECT count(*) FROM asset a WHERE a.po_line_id = l.id AND NOT EXISTS "
      "     (SELECT 1 FROM receipt_reversal_asset x WHERE x.asset_id = a.id)) AS units "
      "  FROM po_line l) "
      "SELECT po.number, l.line_no, l.quantity, l.received, net.receipts, net.units "
      "FROM po_line l JOIN purchase_order po ON po.id = l.po_id JOIN net ON net.id = l.id "
      "WHERE l.received IS NOT net.receipts OR net.units > l.quantity OR l.received > l.quantity "
      "ORDER BY po.id, l.line_no",
      [](Statement& q) -> DoctorProblem {
        return {"po_line", text(q, 0) + " line " + text(q, 1),
                "ordered " + text(q, 2) + ", received " + text(q, 3) + ", receipts sum to " + text(q, 4) +
                    ", assets on the line " + text(q, 5)};
      });
}

Problems check_placement_shape(Database& db) {
  return rows_of(
      db,
      "SELECT a.tag, m.name, m.u_height_halves, m.full_depth, p.lo_half, p.hi_half, p.front, p.rear, a.status "
      "FROM placement p JOIN asset a ON a.id = p.asset_id JOIN model m ON m.id = a.model_id "
      "WHERE a.status IS NOT 'deployed' "
      "   OR coalesce(p.hi_half - p.lo_half, 0) <> m.u_height_halves "
      "   OR (p.lo_half IS NOT NULL AND m.full_depth = 1 AND NOT (p.front = 1 AND p.rear = 1)) "
      "   OR (p.lo_half IS NOT NULL AND m.full_depth = 0 AND p.front + p.rear <> 1) "
      "ORDER BY p.rack_id, p.asset_id",
      [](Statement& q) -> DoctorProblem {
        const std::string faces = q.column(6).as_int() && q.column(7).as_int() ? "front+rear"
                                  : q.column(6).as_int()                       ? "front"
                                                                               : "rear";
        std::string detail;
        if (text(q, 8) != "deployed") {
          detail = "is installed in a rack but " + text(q, 8);
        } else if (q.column(4).is_null() ? q.column(2).as_int() != 0
                                         : q.column(5).as_int() - q.column(4).as_int() != q.column(2).as_int()) {
          detail = "takes " + format_u_height(q.column(4).is_null() ? 0 : q.column(5).as_int() - q.column(4).as_int()) +
                   "U but model " + text(q, 1) + " is " + format_u_height(q.column(2).as_int()) + "U";
        } else {
          detail = std::string(q.column(3).as_int() ? "full-depth" : "half-depth") + " model " + text(q, 1) +
                   " placed on " + faces;
        }
        return {"placement", text(q, 0), detail};
      });
}

Problems check_license_assignments(Database& db) {
  return rows_of(db,
                 "SELECT la.id, l.id, l.product, l.type, a.tag, a.status FROM license_assignment la "
                 "JOIN license l ON l.id = la.license_id LEFT JOIN asset a ON a.id = la.asset_id "
                 "WHERE (l.type = 'per-device' AND la.asset_id IS NULL) "
                 "   OR a.status IN ('disposed', 'returned_to_vendor') ORDER BY la.id",
                 [](Statement& q) -> DoctorProblem {
                   const std::string license = format_record_id("LIC-", q.column(1).as_int64());
                   if (q.column(4).is_null()) {
                     return {"license_assignment", text(q, 0),
                             license + " (" + text(q, 2) + ") is per-device but this seat is not on an asset"};
                   }
                   return {"license_assignment", text(q, 0),
                           license + " (" + text(q, 2) + ") has a seat on " + text(q, 4) + ", which is " + text(q, 5)};
                 });
}

// Statuses that come with a record have it, and open records match the status.
Problems check_status_records(Database& db) {
  return rows_of(
      db,
      "SELECT a.tag, CASE "
      "  WHEN a.status = 'disposed' AND NOT EXISTS (SELECT 1 FROM disposal d WHERE d.asset_id = a.id) "
      "    THEN 'disposed without a disposal record' "
      "  WHEN a.status = 'disposed' AND m.stores_data = 1 "
      "       AND EXISTS (SELECT 1 FROM disposal d WHERE d.asset_id = a.id AND d.wipe_method IS NULL) "
      "    THEN 'disposed, stores data, and its disposal has no wipe method' "
      "  WHEN a.status <> 'disposed' AND EXISTS (SELECT 1 FROM disposal d WHERE d.asset_id = a.id) "
      "    THEN a.status || ' but has a disposal record' "
      "  WHEN a.status = 'returned_to_vendor' AND NOT EXISTS (SELECT 1 FROM rma r WHERE r.asset_id = a.id "
      "       AND r.outcome IN ('replaced', 'refunded')) "
      "       AND NOT EXISTS (SELECT 1 FROM receipt_reversal_asset x WHERE x.asset_id = a.id) "
      "    THEN 'returned_to_vendor without an RMA resolved as replaced or refunded' "
      "  WHEN a.status <> 'returned_to_vendor' AND EXISTS (SELECT 1 FROM receipt_reversal_asset x "
      "       WHERE x.asset_id = a.id) "
      "    THEN a.status || ' but taken back by a receipt reversal' "
      "  WHEN a.status = 'rma' AND NOT EXISTS (SELECT 1 FROM rma r WHERE r.asset_id = a.id AND r.resolved_on IS NULL) "
      "    THEN 'rma without an open RMA record' "
      "  WHEN a.status <> 'rma' AND EXISTS (SELECT 1 FROM rma r WHERE r.asset_id = a.id AND r.resolved_on IS NULL) "
      "    THEN a.status || ' but has an open RMA' "
      "  WHEN a.status = 'in_repair' AND NOT EXISTS (SELECT 1 FROM repair r WHERE r.asset_id = a.id "
      "       AND r.closed_on IS NULL) "
      "    THEN 'in_repair without an open repair record' "
      "  WHEN a.status <> 'in_repair' AND EXISTS (SELECT 1 FROM repair r WHERE r.asset_id = a.id "
      "       AND r.closed_on IS NULL) "
      "    THEN a.status || ' but has an open repair' "
      "  END AS problem "
      "FROM asset a JOIN model m ON m.id = a.model_id WHERE problem IS NOT NULL ORDER BY a.id",
      [](Statement& q) -> DoctorProblem {
        return {"asset", text(q, 0), text(q, 1)};
      });
}

// Custom field values that break their field's type, choices, regex, uniqueness or where it applies.
Problems check_field_values(Database& db) {
  Problems problems;
  for (const auto& p : field_value_problems(db)) {
    problems.push_back({"asset_field", p.tag + " " + p.field, p.problem});
  }
  return problems;
}

// Text that is not UTF-8 (written around Tally, e.g. by the sqlite3 shell
// or an old import): JSON output, `asset show` and export would fail on it.
// Every TEXT value of every table, named by table, row and column.
Problems check_text_encoding(Database& db) {
  Problems problems;
  std::vector<std::pair<std::string, bool>> tables;  // name, has a rowid
  {
    Statement q(db,
                "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    while (q.step()) {
      tables.emplace_back(q.column(0).as_text(), q.column(1).as_int64() == 0);
    }
  }
  for (const auto& [table, has_rowid] : tables) {
    std::vector<std::string> columns;
    {
      Statement q(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
      q.bind(1, table);
      while (q.step()) {
        columns.push_back(q.column(0).as_text());
      }
    }
    std::string select = has_rowid ? "SELECT rowid" : "SELECT NULL";
    for (const auto& column : columns) {
      select += ", \"" + column + "\"";
    }
    Statement q(db, select + " FROM \"" + table + "\"");
    while (q.step()) {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const int at = static_cast<int>(i) + 1;
        if (q.column(at).type() != store::Type::text) {
          continue;
        }
        if (const auto offset = invalid_utf8_offset(q.column(at).as_text())) {
          const std::string row = has_rowid ? "rowid " + q.column(0).as_text() : text(q, 1);
          problems.push_back({table, row + " " + columns[i],
                              "is not valid UTF-8 (byte " + std::to_string(*offset) +
                                  " of the value); correct it with the command that sets it"});
        }
      }
    }
  }
  return problems;
}

// Records added to a unit after it left for good.
Problems check_records_after_final(Database& db) {
  return rows_of(db,
                 "WITH gone AS (SELECT a.id, a.tag, a.status, coalesce("
                 "    (SELECT d.disposed_on FROM disposal d WHERE d.asset_id = a.id),"
                 "    (SELECT max(r.resolved_on) FROM rma r WHERE r.asset_id = a.id "
                 "      AND r.outcome IN ('replaced', 'refunded'))) AS left_on "
                 "  FROM asset a WHERE a.status IN ('disposed', 'returned_to_vendor')) "
                 "SELECT 'repair', r.id, g.tag, g.status, g.left_on FROM repair r JOIN gone g ON g.id = r.asset_id "
                 "  WHERE r.opened_on > g.left_on "
                 "UNION ALL SELECT 'rma', r.id, g.tag, g.status, g.left_on FROM rma r JOIN gone g ON g.id = r.asset_id "
                 "  WHERE r.opened_on > g.left_on "
                 "UNION ALL SELECT 'hw_test', t.id, g.tag, g.status, g.left_on FROM hw_test t "
                 "  JOIN gone g ON g.id = t.asset_id WHERE substr(t.recorded_at, 1, 10) > g.left_on "
                 "UNION ALL SELECT 'image_record', i.id, g.tag, g.status, g.left_on FROM image_record i "
                 "  JOIN gone g ON g.id = i.asset_id WHERE substr(i.recorded_at, 1, 10) > g.left_on "
                 "ORDER BY 1, 2",
                 [](Statement& q) -> DoctorProblem {
                   return {text(q, 0), text(q, 1),
                           "recorded for " + text(q, 2) + " after it was " + text(q, 3) + " on " + text(q, 4)};
                 });
}

Problems check_event_json(Database& db) {
  return rows_of(
      db,
      "SELECT id, CASE WHEN before IS NOT NULL AND NOT (json_valid(before) AND json_type(before) = 'object') "
      "  THEN 'before' ELSE 'after' END FROM event "
      "WHERE (before IS NOT NULL AND NOT (json_valid(before) AND json_type(before) = 'object')) "
      "   OR (after IS NOT NULL AND NOT (json_valid(after) AND json_type(after) = 'object')) ORDER BY id",
      [](Statement& q) -> DoctorProblem {
        return {"event", text(q, 0), "its " + text(q, 1) + " is not a JSON object"};
      });
}

Problems check_idempotency_keys(Database& db) {
  return rows_of(db,
                 "SELECT user_name || ' ' || key, CASE WHEN status NOT BETWEEN 200 AND 299 "
                 "  THEN 'stores a ' || status || ' answer; only successes are stored' "
                 "  ELSE 'is not 1 to 200 printable ASCII characters' END FROM idempotency_key "
                 "WHERE length(key) NOT BETWEEN 1 AND 200 OR key GLOB '*[^ -~]*' OR status NOT BETWEEN 200 AND 299 "
                 "   OR length(user_name) = 0 ORDER BY 1",
                 [](Statement& q) -> DoctorProblem {
                   return {"idempotency_key", text(q, 0), text(q, 1)};
                 });
}

Problems check_checkouts(Database& db) {
  return rows_of(
      db,
      "SELECT a.tag, CASE "
      "  WHEN (SELECT count(*) FROM checkout o WHERE o.asset_id = c.asset_id AND o.in_on IS NULL) > 1 "
      "    THEN 'more than one open check-out' "
      "  WHEN c.in_on IS NULL AND (a.status IS NOT 'deployed' OR a.custodian_person_id IS NOT c.person_id) "
      "    THEN 'checked out to ' || p.username || ' but ' || a.status || ' with custodian ' "
      "         || coalesce((SELECT username FROM person WHERE id = a.custodian_person_id), 'none') "
      "  WHEN date(c.out_on, '+0 days') IS NOT c.out_on THEN 'out_on ' || quote(c.out_on) || ' is not a date' "
      "  WHEN c.due_on IS NOT NULL AND (date(c.due_on, '+0 days') IS NOT c.due_on OR c.due_on < c.out_on) "
      "    THEN 'due_on ' || quote(c.due_on) || ' is not a date on or after ' || c.out_on "
      "  WHEN c.in_on IS NOT NULL AND (date(c.in_on, '+0 days') IS NOT c.in_on OR c.in_on < c.out_on) "
      "    THEN 'in_on ' || quote(c.in_on) || ' is not a date on or after ' || c.out_on "
      "  END AS problem "
      "FROM checkout c JOIN asset a ON a.id = c.asset_id JOIN person p ON p.id = c.person_id "
      "WHERE problem IS NOT NULL ORDER BY c.id",
      [](Statement& q) -> DoctorProblem {
        return {"checkout", text(q, 0), text(q, 1)};
      });
}

// A reversal takes back what it says: on a serialized line as many assets of
// that line as its quantity, on a bulk line a movement of as many units of
// the line's model out of stock.
Problems check_receipt_reversals(Database& db) {
  return rows_of(
      db,
      "SELECT v.id, po.number || ' line ' || l.line_no, m.serialized, v.quantity, "
      "  (SELECT count(*) FROM receipt_reversal_asset x WHERE x.reversal_id = v.id), "
      "  (SELECT count(*) FROM receipt_reversal_asset x JOIN asset a ON a.id = x.asset_id "
      "   WHERE x.reversal_id = v.id AND a.po_line_id IS NOT v.po_line_id), "
      "  (SELECT s.delta FROM stock_movement s WHERE s.id = v.movement_id AND s.model_id = l.model_id) "
      "FROM receipt_reversal v JOIN po_line l ON l.id = v.po_line_id JOIN purchase_order po ON po.id = l.po_id "
      "JOIN model m ON m.id = l.model_id "
      "WHERE (m.serialized = 1 AND ((SELECT count(*) FROM receipt_reversal_asset x WHERE x.reversal_id = v.id) "
      "                             IS NOT v.quantity OR v.movement_id IS NOT NULL "
      "        OR EXISTS (SELECT 1 FROM receipt_reversal_asset x JOIN asset a ON a.id = x.asset_id "
      "                   WHERE x.reversal_id = v.id AND a.po_line_id IS NOT v.po_line_id))) "
      "   OR (m.serialized = 0 AND ((SELECT s.delta FROM stock_movement s WHERE s.id = v.movement_id "
      "                              AND s.model_id = l.model_id) IS NOT -v.quantity "
      "        OR EXISTS (SELECT 1 FROM receipt_reversal_asset x WHERE x.reversal_id = v.id))) "
      "ORDER BY v.id",
      [](Statement& q) -> DoctorProblem {
        const std::string what = q.column(2).as_int() != 0
                                     ? "takes back " + text(q, 3) + " but lists " + text(q, 4) + " asset(s), " +
                                           text(q, 5) + " of another line"
                                     : "takes back " + text(q, 3) + " but its stock movement is " +
                                           (text(q, 6).empty() ? std::string("missing") : text(q, 6));
        return {"receipt_reversal", text(q, 1), what};
      });
}

struct CheckSpec {
  const char* name;
  const char* description;
  Problems (*run)(Database&);
  bool warning = false;
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
      {"license_seats",
       "used equals the sum of the assignments and stays <= seats bought unless over-allocation is allowed",
       check_license_seats},
      {"stock_ledger", "stock_level.on_hand equals the sum of the stock ledger", check_stock_ledger},
      {"terminal_frozen", "no event for a disposed or returned asset after the one that ended it",
       check_terminal_frozen},
      {"transitions", "the legal status moves are exactly the ones the migrations define", check_transitions},
      {"tree_cycles", "no location or team is its own ancestor; every unit fits its parent's kind", check_tree_cycles},
      {"po_lines", "received equals the sum of receipts; no line holds more units than ordered", check_po_lines},
      {"placement_shape", "racked assets are deployed, take their model's height and the faces its depth needs",
       check_placement_shape},
      {"license_assignments", "no seat on a disposed or returned asset; per-device seats only on assets",
       check_license_assignments},
      {"status_records", "disposed, returned, rma and in_repair assets have their records, and only they",
       check_status_records},
      {"records_after_final", "no repair, RMA, test or image recorded after an asset left for good",
       check_records_after_final},
      {"event_json", "every event's before and after is a JSON object", check_event_json},
      {"users", "every role, token and session belongs to a user; roles are in the set; persons exist",
       doctor_user_problems},
      {"po_approvers", "no PO was approved by who created or submitted it", doctor_approver_problems},
      {"idempotency_keys", "every stored Idempotency-Key is 1 to 200 printable characters with a 2xx answer",
       check_idempotency_keys},
      {"receipt_reversals",
       "a receipt reversal takes back as many assets of its line, or units out of stock, as it says",
       check_receipt_reversals},
      {"checkouts", "an open check-out's asset is deployed with its borrower; due dates are dates from the day out",
       check_checkouts},
      {"field_values",
       "custom field values have their field's type, choices, regex and uniqueness, on assets it "
       "applies to",
       check_field_values},
      {"text_encoding", "every text value is valid UTF-8", check_text_encoding},
      // A warning: a clock that stepped back is not damage; events are ordered by id.
      {"events_ordered", "event ids increase with their time (a warning: the clock may have stepped back)",
       check_events_ordered, true},
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
    db->query_int("SELECT count(*) FROM sqlite_schema");
  } catch (const store::SqlError& e) {
    const Error mapped = from_sqlite(e);
    throw Error(mapped.kind(), "'" + path + "': " + mapped.what());
  }
  return run_doctor_checks(*db);
}

std::vector<DoctorCheck> run_doctor_checks(Database& db) {
  std::vector<DoctorCheck> checks;
  for (const auto& spec : specs()) {
    DoctorCheck check{spec.name, spec.description, {}, spec.warning};
    try {
      check.problems = spec.run(db);
    } catch (const store::SqlError& e) {
      check.problems.push_back({"", "", std::string("could not run: ") + e.what()});
    } catch (const Error& e) {
      check.problems.push_back({"", "", std::string("could not run: ") + e.raw()});
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace tally
