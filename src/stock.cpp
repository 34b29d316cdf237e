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
#include "org.hpp"
#include "people.hpp"
#include "settings.hpp"
#include "text.hpp"
#include "vendors.hpp"

#include <map>
#include <unordered_map>

namespace tally {

namespace {

constexpr const char* k_count_prefix = "CNT-";

Json opt(const std::optional<std::string>& v) {
  return v ? Json(*v) : Json();
}

// Runs `f`; a refusal from a shared resolver (unknown location, model, team)
// gets the command's name in front, like the command's own refusals.
template <typename F>
auto in_context(const std::string& context, F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::refused) {
      throw;
    }
    throw refused(context + ": " + e.what());
  }
}

// The bulk model a text names; a serialized model is refused with the
// commands that handle its units.
Model require_bulk(const std::string& context, Model model) {
  if (model.serialized) {
    throw refused(context + ": " + model.display_name() +
                  " is a serialized model: each unit is an asset with a tag, not counted stock; use `tally asset "
                  "move`, `tally asset assign` or `tally receive --serial` for its units");
  }
  return model;
}

Model bulk_model(Database& db, const std::string& context, const std::string& text) {
  return require_bulk(context, in_context(context, [&] { return resolve_model(db, text); }));
}

Location location_of(Database& db, const std::string& context, const std::string& code) {
  return in_context(context, [&] { return resolve_location(db, code); });
}

void check_quantity(const std::string& context, std::int64_t quantity) {
  if (quantity < 1) {
    throw refused(context + ": --qty " + std::to_string(quantity) + " must be a positive whole number");
  }
  check_bounded(context + ": --qty", quantity, 1);
}

std::optional<std::string> reason_of(const std::string& context, const std::optional<std::string>& reason) {
  if (!reason) {
    return std::nullopt;
  }
  const std::string text = trim(*reason);
  if (text.empty()) {
    throw refused(context + ": --reason must not be empty");
  }
  return text;
}

std::int64_t on_hand(Database& db, std::int64_t model_id, std::int64_t location_id) {
  Statement& q = db.statement("SELECT on_hand FROM stock_level WHERE model_id = ? AND location_id = ?");
  q.bind(1, model_id);
  q.bind(2, location_id);
  return q.step() ? q.column(0).as_int64() : 0;
}

// Refuses taking `quantity` units out of a location that holds fewer.
void require_on_hand(Database& db, const std::string& context, const std::string& verb, const Model& model,
                     const Location& location, std::int64_t quantity) {
  const std::int64_t held = on_hand(db, model.id, location.id);
  if (quantity > held) {
    throw refused(context + ": " + location.code + " holds " + std::to_string(held) + " of " + model.display_name() +
                  "; refusing to " + verb + " " + std::to_string(quantity) + " (`tally stock show \"" +
                  model.display_name() + "\"` shows where there is stock)");
  }
}

// A ledger row about to be written.
struct MovementRow {
  std::int64_t model_id = 0;
  std::int64_t location_id = 0;
  std::int64_t delta = 0;
  std::string kind;
  std::optional<std::int64_t> team_id;
  std::optional<std::int64_t> person_id;
  std::optional<std::int64_t> asset_id;
  std::optional<std::int64_t> peer_location_id;
  std::optional<std::int64_t> count_id;
  std::optional<std::string> reason;
};

constexpr const char* k_movement_columns =
    "SELECT s.id, s.at, s.actor, v.name || ' ' || m.name, l.code, s.kind, s.delta, s.balance, t.code, p.username, "
    "a.tag, pl.code, s.count_id, s.reason FROM ";
constexpr const char* k_movement_joins =
    " s JOIN model m ON m.id = s.model_id JOIN vendor v ON v.id = m.manufacturer_id "
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

// Writes a ledger row (the trigger keeps stock_level) and its event; returns
// the row as read back, with the balance after it.
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

std::int64_t suggested_quantity(const StockLevel& level) {
  if (!level.at_or_below_reorder) {
    return 0;
  }
  return level.reorder_qty ? *level.reorder_qty : *level.reorder_point - level.on_hand + 1;
}

constexpr const char* k_level_columns =
    "SELECT s.model_id, v.name || ' ' || m.name, l.code, s.on_hand, s.reorder_point, s.reorder_qty "
    "FROM stock_level s JOIN model m ON m.id = s.model_id JOIN vendor v ON v.id = m.manufacturer_id "
    "JOIN location l ON l.id = s.location_id ";

struct LevelRow {
  std::int64_t model_id = 0;
  StockLevel level;
};

LevelRow read_level(Statement& q) {
  LevelRow row;
  row.model_id = q.column(0).as_int64();
  StockLevel& l = row.level;
  l.model = q.column(1).as_text();
  l.location = q.column(2).as_text();
  l.on_hand = q.column(3).as_int64();
  if (!q.column(4).is_null()) {
    l.reorder_point = q.column(4).as_int64();
  }
  if (!q.column(5).is_null()) {
    l.reorder_qty = q.column(5).as_int64();
  }
  l.at_or_below_reorder = l.reorder_point && l.on_hand <= *l.reorder_point;
  l.suggested = suggested_quantity(l);
  return row;
}

std::vector<LevelRow> query_levels(Database& db, const StockFilter& filter, const std::string& context) {
  std::optional<Model> model;
  if (filter.model) {
    model = bulk_model(db, context, *filter.model);
  }
  std::optional<Location> location;
  if (filter.location) {
    location = location_of(db, context, *filter.location);
  }
  std::string where = filter.below_reorder ? "WHERE s.reorder_point IS NOT NULL AND s.on_hand <= s.reorder_point"
                                           : "WHERE (s.on_hand > 0 OR s.reorder_point IS NOT NULL)";
  if (model) {
    where += " AND s.model_id = :model";
  }
  if (location) {
    where += " AND s.location_id IN " + location_subtree_sql(":location");
  }
  Statement q(db, std::string(k_level_columns) + where + " ORDER BY 2, l.code");
  if (model) {
    q.bind(":model", model->id);
  }
  if (location) {
    q.bind(":location", location->id);
  }
  std::vector<LevelRow> rows;
  while (q.step()) {
    rows.push_back(read_level(q));
  }
  return rows;
}

StockLevel level_of(Database& db, std::int64_t model_id, std::int64_t location_id) {
  Statement q(db, std::string(k_level_columns) + "WHERE s.model_id = ? AND s.location_id = ?");
  q.bind(1, model_id);
  q.bind(2, location_id);
  q.step();
  return read_level(q).level;
}

// --- counts ---

StockCount read_count(Statement& q) {
  StockCount c;
  c.id = q.column(0).as_int64();
  c.location = q.column(1).as_text();
  c.started_at = q.column(2).as_text();
  c.started_by = q.column(3).as_text();
  c.finished_at = text_or_null(q.column(4));
  c.applied = q.column(5).as_int() == 1;
  return c;
}

constexpr const char* k_count_columns =
    "SELECT c.id, l.code, c.started_at, c.started_by, c.finished_at, c.applied FROM stock_count c "
    "JOIN location l ON l.id = c.location_id ";

std::optional<StockCount> open_count(Database& db, std::int64_t location_id) {
  Statement q(db, std::string(k_count_columns) + "WHERE c.location_id = ? AND c.finished_at IS NULL");
  q.bind(1, location_id);
  if (!q.step()) {
    return std::nullopt;
  }
  return read_count(q);
}

StockCount count_by_id(Database& db, std::int64_t id) {
  Statement q(db, std::string(k_count_columns) + "WHERE c.id = ?");
  q.bind(1, id);
  q.step();
  return read_count(q);
}

// The open count of a location; without one, a refusal that names the last
// finished count there (finishing twice lands here).
StockCount require_open_count(Database& db, const std::string& context, const Location& location) {
  if (auto count = open_count(db, location.id)) {
    return *count;
  }
  Statement last(db, std::string(k_count_columns) + "WHERE c.location_id = ? ORDER BY c.id DESC LIMIT 1");
  last.bind(1, location.id);
  std::string message = context + ": no count is open at " + location.code;
  if (last.step()) {
    const StockCount c = read_count(last);
    message += "; " + format_record_id(k_count_prefix, c.id) + " there was already finished at " + *c.finished_at +
               (c.applied ? " and applied" : " without --apply");
  }
  throw refused(message + "; start a new count with `tally stock count " + location.code + "`");
}

struct CountLineRow {
  std::int64_t model_id = 0;
  StockCountLine line;
};

std::vector<CountLineRow> count_lines(Database& db, std::int64_t count_id, std::int64_t location_id) {
  Statement q(db,
              "SELECT k.model_id, v.name || ' ' || m.name, coalesce(s.on_hand, 0), c.counted FROM ("
              "  SELECT model_id FROM stock_level WHERE location_id = :location AND on_hand > 0"
              "  UNION SELECT model_id FROM stock_count_line WHERE count_id = :count) k "
              "JOIN model m ON m.id = k.model_id JOIN vendor v ON v.id = m.manufacturer_id "
              "LEFT JOIN stock_level s ON s.model_id = k.model_id AND s.location_id = :location "
              "LEFT JOIN stock_count_line c ON c.count_id = :count AND c.model_id = k.model_id "
              "ORDER BY 2");
  q.bind(":location", location_id);
  q.bind(":count", count_id);
  std::vector<CountLineRow> rows;
  while (q.step()) {
    CountLineRow row;
    row.model_id = q.column(0).as_int64();
    row.line.model = q.column(1).as_text();
    row.line.expected = q.column(2).as_int64();
    row.line.was_counted = !q.column(3).is_null();
    row.line.counted = row.line.was_counted ? q.column(3).as_int64() : 0;
    row.line.difference = row.line.counted - row.line.expected;
    rows.push_back(std::move(row));
  }
  return rows;
}

// Sets a model's figure in an open count (to `counted`, or one more when
// `counted` is absent) and records the event.
StockCountLine put_count_line(Database& db, const std::string& actor, const StockCount& count, std::int64_t location_id,
                              const Model& model, std::optional<std::int64_t> counted) {
  Statement old(db, "SELECT counted FROM stock_count_line WHERE count_id = ? AND model_id = ?");
  old.bind(1, count.id);
  old.bind(2, model.id);
  std::optional<std::int64_t> before;
  if (old.step()) {
    before = old.column(0).as_int64();
  }
  const std::int64_t after = counted ? *counted : before.value_or(0) + 1;
  Statement put(db,
                "INSERT INTO stock_count_line (count_id, model_id, counted) VALUES (?, ?, ?) "
                "ON CONFLICT (count_id, model_id) DO UPDATE SET counted = excluded.counted");
  put.bind(1, count.id);
  put.bind(2, model.id);
  put.bind(3, after);
  put.exec();
  append_event(db, actor, counted ? "count" : "scan", "stock_count", format_record_id(k_count_prefix, count.id),
               {{"model", model.display_name()}, {"counted", before ? Json(*before) : Json()}},
               {{"model", model.display_name()}, {"counted", after}});
  StockCountLine line;
  line.model = model.display_name();
  line.expected = on_hand(db, model.id, location_id);
  line.counted = after;
  line.was_counted = true;
  line.difference = after - line.expected;
  return line;
}

// The models a GTIN names, through model.gtin and model barcodes.
std::vector<std::int64_t> models_by_gtin(Database& db, const std::string& gtin) {
  Statement q(db,
              "SELECT id FROM model WHERE gtin IS NOT NULL AND substr('00000000000000' || gtin, -14) = ?1 "
              "UNION SELECT model_id FROM model_barcode WHERE length(code) IN (8, 12, 13, 14) "
              "AND code NOT GLOB '*[^0-9]*' AND substr('00000000000000' || code, -14) = ?1");
  q.bind(1, gtin14(gtin));
  std::vector<std::int64_t> ids;
  while (q.step()) {
    ids.push_back(q.column(0).as_int64());
  }
  return ids;
}

}  // namespace

Json movement_json(const StockMovement& m) {
  return {{"id", m.id},
          {"at", m.at},
          {"model", m.model},
          {"location", m.location},
          {"kind", m.kind},
          {"delta", m.delta},
          {"balance", m.balance},
          {"team", opt(m.team)},
          {"person", opt(m.person)},
          {"asset", opt(m.asset)},
          {"peer_location", opt(m.peer_location)},
          {"count", opt(m.count)},
          {"reason", opt(m.reason)},
          {"actor", m.actor}};
}

StockMovement issue_stock(Database& db, const std::string& actor, const StockIssue& issue) {
  const std::string context = "stock issue";
  check_quantity(context, issue.quantity);
  try {
    WriteTransaction tx(db);
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
        row.team_id = in_context(context, [&] { return resolve_team(db, issue.to); }).id;
        break;
      case IssueTarget::person:
        row.person_id = in_context(context, [&] { return resolve_person(db, issue.to); }).id;
        break;
      case IssueTarget::asset: {
        const Asset asset = in_context(context, [&] { return resolve_asset(db, issue.to); });
        if (asset.status == "disposed" || asset.status == "returned_to_vendor") {
          throw refused(context + ": " + asset.tag + " is " + asset.status + "; stock cannot be issued to it");
        }
        row.asset_id = asset.id;
        break;
      }
    }
    require_on_hand(db, context, "issue", model, from, issue.quantity);
    StockMovement movement = write_movement(db, actor, "issue", row);
    tx.commit();
    return movement;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::vector<StockMovement> transfer_stock(Database& db, const std::string& actor, const StockTransfer& transfer) {
  const std::string context = "stock transfer";
  check_quantity(context, transfer.quantity);
  try {
    WriteTransaction tx(db);
    const Model model = bulk_model(db, context, transfer.model);
    const Location from = location_of(db, context, transfer.from);
    const Location to = location_of(db, context, transfer.to);
    if (from.id == to.id) {
      throw refused(context + ": --from and --to are both " + from.code +
                    "; a transfer moves stock between two different locations");
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
    tx.commit();
    return movements;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

StockMovement return_stock(Database& db, const std::string& actor, const StockReturn& request) {
  const std::string context = "stock return";
  check_quantity(context, request.quantity);
  try {
    WriteTransaction tx(db);
    const Model model = bulk_model(db, context, request.model);
    const Location to = location_of(db, context, request.to);
    MovementRow row;
    row.model_id = model.id;
    row.location_id = to.id;
    row.delta = request.quantity;
    row.kind = "return";
    row.reason = reason_of(context, request.reason);
    if (request.from_team) {
      row.team_id = in_context(context, [&] { return resolve_team(db, *request.from_team); }).id;
    }
    StockMovement movement = write_movement(db, actor, "return", row);
    tx.commit();
    return movement;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

StockMovement write_off_stock(Database& db, const std::string& actor, const StockWriteOff& request) {
  const std::string context = "stock write-off";
  check_quantity(context, request.quantity);
  const auto reason = reason_of(context, request.reason);
  try {
    WriteTransaction tx(db);
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
    tx.commit();
    return movement;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

StockShow show_stock(Database& db, const std::optional<std::string>& model_text,
                     const std::optional<std::string>& location_text) {
  const std::string context = "stock show";
  if (!model_text && !location_text) {
    throw refused(context + ": give a MODEL, a --location, or both");
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
                  "SELECT v.name || ' ' || m.name, m.category, sum(s.on_hand), count(*) FROM stock_level s "
                  "JOIN model m ON m.id = s.model_id JOIN vendor v ON v.id = m.manufacturer_id "
                  "WHERE s.on_hand > 0 AND s.location_id IN " +
                      location_subtree_sql("?") + " GROUP BY s.model_id ORDER BY 1");
      q.bind(1, location->id);
      while (q.step()) {
        StockModelTotal t;
        t.model = q.column(0).as_text();
        t.category = q.column(1).as_text();
        t.total = q.column(2).as_int64();
        t.locations = q.column(3).as_int64();
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
    return show;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Json stock_level_json(const StockLevel& l) {
  return {{"model", l.model},
          {"location", l.location},
          {"on_hand", l.on_hand},
          {"reorder_point", l.reorder_point ? Json(*l.reorder_point) : Json()},
          {"reorder_qty", l.reorder_qty ? Json(*l.reorder_qty) : Json()},
          {"at_or_below_reorder", l.at_or_below_reorder},
          {"suggested", l.suggested}};
}

std::vector<StockLevel> list_stock(Database& db, const StockFilter& filter) {
  try {
    std::vector<StockLevel> levels;
    for (auto& row : query_levels(db, filter, "stock list")) {
      levels.push_back(std::move(row.level));
    }
    return levels;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

StockLevel set_reorder(Database& db, const std::string& actor, const ReorderSetting& setting) {
  const std::string context = "stock set-reorder";
  if (setting.point && *setting.point < 0) {
    throw refused(context + ": --point " + std::to_string(*setting.point) + " must be 0 or more");
  }
  if (setting.point) {
    check_bounded(context + ": --point", *setting.point, 0);
  }
  if (setting.quantity) {
    check_bounded(context + ": --qty", *setting.quantity, 1);
  }
  if (setting.quantity && *setting.quantity < 1) {
    throw refused(context + ": --qty " + std::to_string(*setting.quantity) + " must be a positive whole number");
  }
  if (setting.quantity && !setting.point) {
    throw refused(context + ": --qty goes with --point (the quantity to order when stock falls to the point)");
  }
  try {
    WriteTransaction tx(db);
    const Model model = bulk_model(db, context, setting.model);
    const Location location = location_of(db, context, setting.location);
    Statement ensure(db,
                     "INSERT INTO stock_level (model_id, location_id) SELECT ?1, ?2 "
                     "WHERE NOT EXISTS (SELECT 1 FROM stock_level WHERE model_id = ?1 AND location_id = ?2)");
    ensure.bind(1, model.id);
    ensure.bind(2, location.id);
    ensure.exec();
    const StockLevel before = level_of(db, model.id, location.id);
    Statement update(db,
                     "UPDATE stock_level SET reorder_point = ?, reorder_qty = ? "
                     "WHERE model_id = ? AND location_id = ?");
    if (setting.point) {
      update.bind(1, *setting.point);
    }
    if (setting.quantity) {
      update.bind(2, *setting.quantity);
    }
    update.bind(3, model.id);
    update.bind(4, location.id);
    update.exec();
    const StockLevel after = level_of(db, model.id, location.id);
    auto fields = [](const StockLevel& l) {
      return Json{{"reorder_point", l.reorder_point ? Json(*l.reorder_point) : Json()},
                  {"reorder_qty", l.reorder_qty ? Json(*l.reorder_qty) : Json()}};
    };
    const auto [old_fields, new_fields] = changed_fields(fields(before), fields(after));
    if (!new_fields.empty()) {
      append_event(db, actor, "set-reorder", "stock", model.display_name() + "@" + location.code, old_fields,
                   new_fields);
    }
    tx.commit();
    return after;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::vector<StockLevel> reorder_suggestions(Database& db, const std::optional<std::string>& location) {
  StockFilter filter;
  filter.location = location;
  filter.below_reorder = true;
  try {
    std::vector<StockLevel> levels;
    for (auto& row : query_levels(db, filter, "stock reorder")) {
      levels.push_back(std::move(row.level));
    }
    return levels;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

ReorderPo draft_reorder_po(Database& db, const std::string& actor, const std::optional<std::string>& location,
                           const std::string& vendor_name, const std::string& team) {
  const std::string context = "stock reorder";
  try {
    StockFilter filter;
    filter.location = location;
    filter.below_reorder = true;
    const auto rows = query_levels(db, filter, context);
    if (rows.empty()) {
      throw refused(context + ": nothing is at or below its reorder point" +
                    (location ? " under " + *location : std::string()) + "; no PO drafted");
    }
    const Vendor vendor = in_context(context, [&] { return resolve_vendor(db, vendor_name); });
    const std::string currency = get_setting(db, "currency");
    // One line per model, in the order of the suggestions (by model name).
    std::vector<std::int64_t> order;
    std::map<std::int64_t, std::pair<std::string, std::int64_t>> lines;
    ReorderPo result;
    for (const auto& row : rows) {
      if (lines.count(row.model_id) == 0) {
        order.push_back(row.model_id);
        lines[row.model_id] = {row.level.model, 0};
      }
      lines[row.model_id].second += row.level.suggested;
      result.suggestions.push_back(row.level);
    }
    Statement price(db,
                    "SELECT l.unit_cost_minor FROM po_line l JOIN purchase_order po ON po.id = l.po_id "
                    "WHERE l.model_id = ? AND po.vendor_id = ? AND po.currency = ? AND po.status <> 'cancelled' "
                    "ORDER BY po.created_at DESC, l.id DESC LIMIT 1");
    std::vector<NewPoLine> po_lines;
    for (const std::int64_t model_id : order) {
      price.reset();
      price.bind(1, model_id);
      price.bind(2, vendor.id);
      price.bind(3, currency);
      const std::int64_t unit_cost = price.step() ? price.column(0).as_int64() : 0;
      NewPoLine line;
      line.model = lines[model_id].first;
      line.quantity = lines[model_id].second;
      line.unit_cost = format_amount(unit_cost, currency);
      po_lines.push_back(std::move(line));
    }
    NewPurchaseOrder po;
    po.vendor = vendor.name;
    po.team = team;
    po.currency = currency;
    result.po = in_context(context, [&] { return create_po_with_lines(db, actor, po, po_lines); });
    return result;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::vector<StockMovement> stock_history(Database& db, const StockHistoryFilter& filter) {
  const std::string context = "stock history";
  if (filter.since && !parse_date(*filter.since)) {
    throw refused(context + ": --since '" + *filter.since + "' is not a date like 2026-11-27");
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

Json stock_count_json(const StockCount& c) {
  return {{"id", format_record_id(k_count_prefix, c.id)},
          {"location", c.location},
          {"status", c.finished_at ? "finished" : "open"},
          {"started_at", c.started_at},
          {"started_by", c.started_by},
          {"finished_at", opt(c.finished_at)},
          {"applied", c.applied}};
}

StockCount start_count(Database& db, const std::string& actor, const std::string& location_code) {
  const std::string context = "stock count";
  try {
    WriteTransaction tx(db);
    const Location location = location_of(db, context, location_code);
    if (auto open = open_count(db, location.id)) {
      throw refused(context + ": " + format_record_id(k_count_prefix, open->id) + " is already open at " +
                    location.code + " (started " + open->started_at + " by " + open->started_by +
                    "); record figures with --model M --counted N or --scan, or end it with --finish");
    }
    Statement insert(db, "INSERT INTO stock_count (location_id, started_at, started_by) VALUES (?, ?, ?)");
    insert.bind(1, location.id);
    insert.bind(2, now_timestamp());
    insert.bind(3, actor);
    insert.exec();
    const StockCount count = count_by_id(db, db.last_insert_rowid());
    append_event(db, actor, "create", "stock_count", format_record_id(k_count_prefix, count.id), nullptr,
                 stock_count_json(count));
    tx.commit();
    return count;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

StockCountLine record_count(Database& db, const std::string& actor, const std::string& location_code,
                            const std::string& model_text, std::int64_t counted) {
  const std::string context = "stock count";
  if (counted < 0) {
    throw refused(context + ": --counted " + std::to_string(counted) + " must be 0 or more");
  }
  check_bounded(context + ": --counted", counted, 0);
  try {
    WriteTransaction tx(db);
    const Location location = location_of(db, context, location_code);
    const StockCount count = require_open_count(db, context, location);
    const Model model = bulk_model(db, context, model_text);
    StockCountLine line = put_count_line(db, actor, count, location.id, model, counted);
    tx.commit();
    return line;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

StockCountLine scan_count(Database& db, const std::string& actor, const std::string& location_code,
                          const std::string& code) {
  const std::string context = "stock count";
  try {
    WriteTransaction tx(db);
    const Location location = location_of(db, context, location_code);
    const StockCount count = require_open_count(db, context, location);
    const std::int64_t model_id = in_context(context, [&] { return resolve_model_code(db, code); });
    const Model model = require_bulk(context, model_by_id(db, model_id));
    StockCountLine line = put_count_line(db, actor, count, location.id, model, std::nullopt);
    tx.commit();
    return line;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

StockCountResult finish_count(Database& db, const std::string& actor, const std::string& location_code, bool apply) {
  const std::string context = "stock count";
  try {
    WriteTransaction tx(db);
    const Location location = location_of(db, context, location_code);
    const StockCount open = require_open_count(db, context, location);
    const std::string id = format_record_id(k_count_prefix, open.id);
    const auto rows = count_lines(db, open.id, location.id);
    Statement finish(db, "UPDATE stock_count SET finished_at = ?, applied = ? WHERE id = ?");
    finish.bind(1, now_timestamp());
    finish.bind(2, apply ? 1 : 0);
    finish.bind(3, open.id);
    finish.exec();
    StockCountResult result;
    result.count = count_by_id(db, open.id);
    int differences = 0;
    for (const auto& row : rows) {
      result.lines.push_back(row.line);
      if (row.line.difference == 0) {
        continue;
      }
      ++differences;
      if (apply) {
        MovementRow adjust;
        adjust.model_id = row.model_id;
        adjust.location_id = location.id;
        adjust.delta = row.line.difference;
        adjust.kind = "adjustment";
        adjust.count_id = open.id;
        adjust.reason = "count " + id;
        write_movement(db, actor, "adjust", adjust);
      }
    }
    append_event(db, actor, "finish", "stock_count", id, {{"finished_at", nullptr}, {"applied", false}},
                 {{"finished_at", *result.count.finished_at},
                  {"applied", apply},
                  {"models", static_cast<std::int64_t>(rows.size())},
                  {"differences", differences}});
    tx.commit();
    return result;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

StockCountResult preview_count(Database& db, const std::string& location_code) {
  const std::string context = "stock count";
  try {
    const Location location = location_of(db, context, location_code);
    StockCountResult result;
    result.count = require_open_count(db, context, location);
    for (auto& row : count_lines(db, result.count.id, location.id)) {
      result.lines.push_back(std::move(row.line));
    }
    return result;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::string add_model_barcode(Database& db, const std::string& actor, const std::string& model_text,
                              const std::string& code_text) {
  const std::string context = "stock barcode";
  const std::string code = trim(code_text);
  if (code.empty() || code.size() > 64) {
    throw refused(context + ": a barcode is 1-64 characters");
  }
  try {
    WriteTransaction tx(db);
    const Model model = in_context(context, [&] { return resolve_model(db, model_text); });
    Statement taken(db,
                    "SELECT v.name || ' ' || m.name FROM model_barcode b JOIN model m ON m.id = b.model_id "
                    "JOIN vendor v ON v.id = m.manufacturer_id WHERE b.code = ?1 "
                    "UNION ALL SELECT v.name || ' ' || m.name FROM model m "
                    "JOIN vendor v ON v.id = m.manufacturer_id WHERE m.gtin = ?1");
    taken.bind(1, code);
    if (taken.step()) {
      throw refused(context + ": '" + code + "' already names " + taken.column(0).as_text());
    }
    if (is_valid_gtin(code)) {
      const auto same = models_by_gtin(db, code);
      if (!same.empty()) {
        throw refused(context + ": GTIN '" + code + "' already names " + model_by_id(db, same.front()).display_name());
      }
    }
    Statement insert(db, "INSERT INTO model_barcode (code, model_id) VALUES (?, ?)");
    insert.bind(1, code);
    insert.bind(2, model.id);
    insert.exec();
    append_event(db, actor, "add-barcode", "model", model.display_name(), nullptr, {{"barcode", code}});
    tx.commit();
    return model.display_name();
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::int64_t resolve_model_code(Database& db, const std::string& code) {
  const ScanParse parsed = parse_scan(code);
  if (!parsed.code) {
    throw refused("cannot read '" + code + "': " + parsed.error);
  }
  const ScannedCode& scanned = *parsed.code;
  std::optional<std::string> gtin = scanned.gtin();
  if (!scanned.gs1) {
    Statement q(db, "SELECT model_id FROM model_barcode WHERE code = ?");
    q.bind(1, trim(scanned.text));
    if (q.step()) {
      return q.column(0).as_int64();
    }
    if (is_valid_gtin(scanned.text)) {
      gtin = scanned.text;
    }
  }
  if (gtin) {
    const auto ids = models_by_gtin(db, *gtin);
    if (ids.size() == 1) {
      return ids.front();
    }
    if (ids.size() > 1) {
      throw refused("GTIN " + *gtin + " names " + std::to_string(ids.size()) + " models");
    }
  }
  throw refused("no model has the code '" + scanned.text +
                "' as its GTIN or a barcode (add one with `tally stock barcode MODEL CODE`)");
}

std::vector<LedgerMismatch> stock_ledger_mismatches(Database& db) {
  try {
    Statement q(db,
                "SELECT v.name || ' ' || m.name, l.code, d.on_hand, d.ledger FROM ("
                "  SELECT model_id, location_id, sum(on_hand) AS on_hand, sum(ledger) AS ledger FROM ("
                "    SELECT model_id, location_id, on_hand, 0 AS ledger FROM stock_level"
                "    UNION ALL SELECT model_id, location_id, 0, delta FROM stock_movement)"
                "  GROUP BY model_id, location_id HAVING sum(on_hand) <> sum(ledger)) d "
                "JOIN model m ON m.id = d.model_id JOIN vendor v ON v.id = m.manufacturer_id "
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
