#include "stock.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "money.hpp"
#include "people.hpp"
#include "stock_ledger.hpp"
#include "teams.hpp"
#include "text.hpp"

#include <unordered_map>

// The stock ledger: its rows (issue, transfer, return, write-off; a count's
// adjustments come through write_movement), the history and what is on hand.

namespace tally {

namespace {

void check_quantity(const std::string& context, std::int64_t quantity) {
  if (quantity < 1) {
    throw Error(
        Problem::invalid,
        context + ": " + field_ref("quantity") + " " + std::to_string(quantity) + " must be a positive whole number",
        "quantity");
  }
  check_bounded(context + ": " + field_ref("quantity"), quantity, 1);
}

std::optional<std::string> reason_of(const std::string& context, const std::optional<std::string>& reason) {
  if (!reason) {
    return std::nullopt;
  }
  const std::string text = trim(*reason);
  if (text.empty()) {
    throw Error(Problem::invalid, context + ": " + field_ref("reason") + " must not be empty", "reason");
  }
  return text;
}

// Refuses taking `quantity` units out of a location that holds fewer.
void require_on_hand(Database& db, const std::string& context, const std::string& verb, const Model& model,
                     const Location& location, std::int64_t quantity) {
  const std::int64_t held = on_hand(db, model.id, location.id);
  if (quantity > held) {
    throw conflict(context + ": " + location.code + " holds " + std::to_string(held) + " of " + model.display_name() +
                       "; refusing to " + verb + " " + std::to_string(quantity) + " (`" +
                       command_ref("stock show \"" + model.display_name() + "\"") + "` shows where there is stock)",
                   "quantity");
  }
}

constexpr const char* k_movement_columns =
    "SELECT s.id, s.at, s.actor, m.label, l.code, s.kind, s.delta, s.balance, t.code, p.username, "
    "a.tag, pl.code, s.count_id, s.reason FROM ";
constexpr const char* k_movement_joins =
    " s JOIN v_model m ON m.model_id = s.model_id "
    "JOIN location l ON l.id = s.location_id LEFT JOIN team t ON t.id = s.to_team_id "
    "LEFT JOIN person p ON p.id = s.to_person_id LEFT JOIN asset a ON a.id = s.to_asset_id "
    "LEFT JOIN location pl ON pl.id = s.peer_location_id ";

StockMovement read_movement(Statement& q) {
  StockMovement r;
  r.id = q.column(0).as_int64();
  r.at = q.column(1).as_text();
  r.actor = q.column(2).as_text();
  r.model = q.column(3).as_text();
  r.location = q.column(4).as_text();
  r.kind = q.column(5).as_text();
  r.delta = q.column(6).as_int64();
  r.balance = q.column(7).as_int64();
  r.team = text_or_null(q.column(8));
  r.person = text_or_null(q.column(9));
  r.asset = text_or_null(q.column(10));
  r.peer_location = text_or_null(q.column(11));
  if (!q.column(12).is_null()) {
    r.count = format_record_id(k_count_prefix, q.column(12).as_int64());
  }
  r.reason = text_or_null(q.column(13));
  return r;
}

}  // namespace

Model require_bulk(const std::string& context, Model model) {
  if (model.serialized) {
    throw Error(Problem::invalid,
                context + ": " + model.display_name() +
                    " is a serialized model: each unit is an asset with a tag, not counted stock; use `" +
                    command_ref("asset move") + "`, `" + command_ref("asset assign") + "` or `" +
                    command_ref("receive " + field_ref("serial")) + "` for its units",
                "model");
  }
  return model;
}

Model bulk_model(Database& db, const std::string& context, const std::string& text) {
  return require_bulk(context, prefixed(context, [&] { return resolve_model(db, text); }));
}

Location location_of(Database& db, const std::string& context, const std::string& code) {
  return prefixed(context, [&] { return resolve_location(db, code); });
}

std::int64_t on_hand(Database& db, std::int64_t model_id, std::int64_t location_id) {
  Statement& q = db.statement("SELECT on_hand FROM stock_level WHERE model_id = ? AND location_id = ?");
  q.bind(1, model_id);
  q.bind(2, location_id);
  const std::int64_t value = q.step() ? q.column(0).as_int64() : 0;
  // Reset now: a cached statement left on its row keeps a read transaction open on the connection, and a
  // server worker's next write on it would then fail at once with SQLITE_BUSY (a stale snapshot).
  q.reset();
  return value;
}

StockMovement write_movement(Database& db, const std::string& actor, const std::string& action,
                             const MovementRow& row) {
  Statement insert(db,
                   "INSERT INTO stock_movement (model_id, location_id, delta, kind, to_team_id, to_person_id, "
                   "to_asset_id, peer_location_id, count_id, reason, at, actor) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, row.model_id);
  insert.bind(2, row.location_id);
  insert.bind(3, row.delta);
  insert.bind(4, row.kind);
  auto bind_id = [&](int index, const std::optional<std::int64_t>& id) {
    if (id) {
      insert.bind(index, *id);
    }
  };
  bind_id(5, row.team_id);
  bind_id(6, row.person_id);
  bind_id(7, row.asset_id);
  bind_id(8, row.peer_location_id);
  bind_id(9, row.count_id);
  if (row.reason) {
    insert.bind(10, *row.reason);
  }
  insert.bind(11, now_timestamp());
  insert.bind(12, actor);
  insert.exec();
  Statement q(db, std::string(k_movement_columns) +
                      "(SELECT *, (SELECT on_hand FROM stock_level WHERE model_id = x.model_id AND "
                      "location_id = x.location_id) AS balance FROM stock_movement x WHERE id = ?)" +
                      k_movement_joins);
  q.bind(1, db.last_insert_rowid());
  q.step();
  StockMovement movement = read_movement(q);
  Json after = movement_json(movement);
  after.erase("at");
  after.erase("actor");
  append_event(db, actor, action, "stock", movement.model + "@" + movement.location,
               {{"on_hand", movement.balance - movement.delta}}, after);
  return movement;
}

Json movement_json(const StockMovement& m) {
  return {{"id", m.id},
          {"at", m.at},
          {"model", m.model},
          {"location", m.location},
          {"kind", m.kind},
          {"delta", m.delta},
          {"balance", m.balance},
          {"team", json_or_null(m.team)},
          {"person", json_or_null(m.person)},
          {"asset", json_or_null(m.asset)},
          {"peer_location", json_or_null(m.peer_location)},
          {"count", json_or_null(m.count)},
          {"reason", json_or_null(m.reason)},
          {"actor", m.actor}};
}

StockMovement issue_stock(Database& db, const std::string& actor, const StockIssue& issue) {
  const std::string context = "stock issue";
  check_quantity(context, issue.quantity);
  return write(db, [&] {
    const Model model = bulk_model(db, context, issue.model);
    const Location from = location_of(db, context, issue.from);
    MovementRow row;
    row.model_id = model.id;
    row.location_id = from.id;
    row.delta = -issue.quantity;
    row.kind = "issue";
    row.reason = reason_of(context, issue.reason);
    switch (issue.target) {
      case IssueTarget::team:
        row.team_id = prefixed(context, [&] { return resolve_team(db, issue.to); }).id;
        break;
      case IssueTarget::person:
        row.person_id = prefixed(context, [&] { return resolve_person(db, issue.to); }).id;
        break;
      case IssueTarget::asset: {
        const Asset asset = prefixed(context, [&] { return resolve_asset(db, issue.to); });
        if (asset.status == "disposed" || asset.status == "returned_to_vendor") {
          throw conflict(context + ": " + asset.tag + " is " + asset.status + "; stock cannot be issued to it",
                         "to_asset");
        }
        row.asset_id = asset.id;
        break;
      }
    }
    require_on_hand(db, context, "issue", model, from, issue.quantity);
    StockMovement movement = write_movement(db, actor, "issue", row);
    return movement;
  });
}

std::vector<StockMovement> transfer_stock(Database& db, const std::string& actor, const StockTransfer& transfer) {
  const std::string context = "stock transfer";
  check_quantity(context, transfer.quantity);
  return write(db, [&] {
    const Model model = bulk_model(db, context, transfer.model);
    const Location from = location_of(db, context, transfer.from);
    const Location to = location_of(db, context, transfer.to);
    if (from.id == to.id) {
      throw Error(Problem::invalid,
                  context + ": " + field_ref("from") + " and " + field_ref("to") + " are both " + from.code +
                      "; a transfer moves stock between two different locations",
                  "to");
    }
    require_on_hand(db, context, "transfer", model, from, transfer.quantity);
    MovementRow out;
    out.model_id = model.id;
    out.location_id = from.id;
    out.delta = -transfer.quantity;
    out.kind = "transfer_out";
    out.peer_location_id = to.id;
    out.reason = reason_of(context, transfer.reason);
    MovementRow in = out;
    in.location_id = to.id;
    in.delta = transfer.quantity;
    in.kind = "transfer_in";
    in.peer_location_id = from.id;
    std::vector<StockMovement> movements = {write_movement(db, actor, "transfer", out),
                                            write_movement(db, actor, "transfer", in)};
    return movements;
  });
}

StockMovement return_stock(Database& db, const std::string& actor, const StockReturn& request) {
  const std::string context = "stock return";
  check_quantity(context, request.quantity);
  return write(db, [&] {
    const Model model = bulk_model(db, context, request.model);
    const Location to = location_of(db, context, request.to);
    MovementRow row;
    row.model_id = model.id;
    row.location_id = to.id;
    row.delta = request.quantity;
    row.kind = "return";
    row.reason = reason_of(context, request.reason);
    if (request.from_team) {
      row.team_id = prefixed(context, [&] { return resolve_team(db, *request.from_team); }).id;
    }
    StockMovement movement = write_movement(db, actor, "return", row);
    return movement;
  });
}

StockMovement write_off_stock(Database& db, const std::string& actor, const StockWriteOff& request) {
  const std::string context = "stock write-off";
  check_quantity(context, request.quantity);
  const auto reason = reason_of(context, request.reason);
  return write(db, [&] {
    const Model model = bulk_model(db, context, request.model);
    const Location at = location_of(db, context, request.at);
    require_on_hand(db, context, "write off", model, at, request.quantity);
    MovementRow row;
    row.model_id = model.id;
    row.location_id = at.id;
    row.delta = -request.quantity;
    row.kind = "write_off";
    row.reason = reason;
    StockMovement movement = write_movement(db, actor, "write-off", row);
    return movement;
  });
}

std::optional<UnitCost> last_unit_cost(Database& db, std::int64_t model_id) {
  Statement& q = db.statement(
      "SELECT pl.unit_cost_minor, po.currency FROM receipt r JOIN po_line pl ON pl.id = r.po_line_id "
      "JOIN purchase_order po ON po.id = pl.po_id WHERE pl.model_id = ? ORDER BY r.received_at DESC, r.id DESC "
      "LIMIT 1");
  q.bind(1, model_id);
  std::optional<UnitCost> cost;
  if (q.step()) {
    cost = UnitCost{q.column(0).as_int64(), q.column(1).as_text()};
  }
  q.reset();
  return cost;
}

StockShow show_stock(Database& db, const std::optional<std::string>& model_text,
                     const std::optional<std::string>& location_text) {
  const std::string context = "stock show";
  if (!model_text && !location_text) {
    throw Error(Problem::invalid, context + ": give a MODEL, a " + field_ref("location") + ", or both", "model");
  }
  try {
    StockShow show;
    std::optional<Location> location;
    if (location_text) {
      location = location_of(db, context, *location_text);
      show.location = location->code;
    }
    if (!model_text) {
      Statement q(db,
                  "SELECT m.label, m.category, sum(s.on_hand), count(*), s.model_id FROM stock_level s "
                  "JOIN v_model m ON m.model_id = s.model_id "
                  "WHERE s.on_hand > 0 AND s.location_id IN " +
                      location_subtree_sql("?") + " GROUP BY s.model_id ORDER BY 1");
      q.bind(1, location->id);
      while (q.step()) {
        StockModelTotal t;
        t.model = q.column(0).as_text();
        t.category = q.column(1).as_text();
        t.total = q.column(2).as_int64();
        t.locations = q.column(3).as_int64();
        if (const auto cost = last_unit_cost(db, q.column(4).as_int64())) {
          t.unit_cost = format_amount(cost->minor, cost->currency);
          t.currency = cost->currency;
          t.value = format_amount(cost->minor * t.total, cost->currency);
        }
        show.total += t.total;
        show.models.push_back(std::move(t));
      }
      return show;
    }
    const Model model = bulk_model(db, context, *model_text);
    show.model = model.display_name();
    // The whole tree (a few thousand locations at most) in tree order, then
    // the model's stock rolled up from each holding location to the root.
    const std::vector<Location> tree = list_locations(db);
    std::unordered_map<std::int64_t, std::size_t> index_of_id;
    std::unordered_map<std::string, std::size_t> index_of_code;
    for (std::size_t i = 0; i < tree.size(); ++i) {
      index_of_id[tree[i].id] = i;
      index_of_code[tree[i].code] = i;
    }
    std::vector<std::int64_t> own(tree.size(), 0);
    std::vector<std::int64_t> total(tree.size(), 0);
    Statement q(db, "SELECT location_id, on_hand FROM stock_level WHERE model_id = ? AND on_hand > 0");
    q.bind(1, model.id);
    while (q.step()) {
      const std::size_t i = index_of_id.at(q.column(0).as_int64());
      const std::int64_t n = q.column(1).as_int64();
      own[i] = n;
      for (std::size_t up = i;;) {
        total[up] += n;
        if (!tree[up].parent) {
          break;
        }
        up = index_of_code.at(*tree[up].parent);
      }
    }
    std::size_t first = 0;
    std::size_t last = tree.size();
    int base_depth = 0;
    if (location) {
      first = index_of_id.at(location->id);
      base_depth = tree[first].depth;
      last = first + 1;
      while (last < tree.size() && tree[last].depth > base_depth) {
        ++last;
      }
    }
    for (std::size_t i = first; i < last; ++i) {
      if (total[i] == 0) {
        continue;
      }
      if (tree[i].depth == base_depth) {
        show.total += total[i];
      }
      show.tree.push_back({tree[i].code, tree[i].name, tree[i].kind, tree[i].depth - base_depth, own[i], total[i]});
    }
    if (const auto cost = last_unit_cost(db, model.id)) {
      show.unit_cost = format_amount(cost->minor, cost->currency);
      show.currency = cost->currency;
      show.value = format_amount(cost->minor * show.total, cost->currency);
    }
    return show;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::vector<StockMovement> stock_history(Database& db, const StockHistoryFilter& filter) {
  const std::string context = "stock history";
  if (filter.since && !parse_date(*filter.since)) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("since") + " '" + *filter.since + "' is not a date like 2026-11-27",
                "since");
  }
  try {
    const Model model = bulk_model(db, context, filter.model);
    std::optional<Location> location;
    std::string where = "WHERE 1";
    if (filter.location) {
      location = location_of(db, context, *filter.location);
      where += " AND s.location_id IN " + location_subtree_sql(":location");
    }
    if (filter.since) {
      where += " AND s.at >= :since";
    }
    Statement q(db, std::string(k_movement_columns) +
                        "(SELECT *, sum(delta) OVER (PARTITION BY location_id ORDER BY id) AS balance "
                        "FROM stock_movement WHERE model_id = :model)" +
                        k_movement_joins + where + " ORDER BY s.id");
    q.bind(":model", model.id);
    if (location) {
      q.bind(":location", location->id);
    }
    if (filter.since) {
      q.bind(":since", *filter.since + "T00:00:00Z");
    }
    std::vector<StockMovement> movements;
    while (q.step()) {
      movements.push_back(read_movement(q));
    }
    return movements;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::vector<LedgerMismatch> stock_ledger_mismatches(Database& db) {
  try {
    Statement q(db,
                "SELECT m.label, l.code, d.on_hand, d.ledger FROM ("
                "  SELECT model_id, location_id, sum(on_hand) AS on_hand, sum(ledger) AS ledger FROM ("
                "    SELECT model_id, location_id, on_hand, 0 AS ledger FROM stock_level"
                "    UNION ALL SELECT model_id, location_id, 0, delta FROM stock_movement)"
                "  GROUP BY model_id, location_id HAVING sum(on_hand) <> sum(ledger)) d "
                "JOIN v_model m ON m.model_id = d.model_id "
                "JOIN location l ON l.id = d.location_id ORDER BY 1, 2");
    std::vector<LedgerMismatch> mismatches;
    while (q.step()) {
      mismatches.push_back(
          {q.column(0).as_text(), q.column(1).as_text(), q.column(2).as_int64(), q.column(3).as_int64()});
    }
    return mismatches;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

}  // namespace tally
