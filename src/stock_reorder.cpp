#include "stock.hpp"

#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "money.hpp"
#include "purchasing.hpp"
#include "settings.hpp"
#include "stock_ledger.hpp"
#include "text.hpp"
#include "vendors.hpp"

#include <map>

// Stock levels (stock_level: on hand per model and location) with their
// reorder points, the reorder report and the PO it drafts.

namespace tally {

namespace {

std::int64_t suggested_quantity(const StockLevel& level) {
  if (!level.at_or_below_reorder) {
    return 0;
  }
  return level.reorder_qty ? *level.reorder_qty : *level.reorder_point - level.on_hand + 1;
}

constexpr const char* k_level_columns =
    "SELECT s.model_id, m.label, l.code, s.on_hand, s.reorder_point, s.reorder_qty "
    "FROM stock_level s JOIN v_model m ON m.model_id = s.model_id "
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

// Sets the level's last unit cost and value (on hand x that cost).
void add_value(Database& db, std::int64_t model_id, StockLevel& level) {
  if (const auto cost = last_unit_cost(db, model_id)) {
    level.unit_cost = format_amount(cost->minor, cost->currency);
    level.currency = cost->currency;
    level.value = format_amount(cost->minor * level.on_hand, cost->currency);
  }
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
  for (auto& row : rows) {
    add_value(db, row.model_id, row.level);
  }
  return rows;
}

StockLevel level_of(Database& db, std::int64_t model_id, std::int64_t location_id) {
  Statement q(db, std::string(k_level_columns) + "WHERE s.model_id = ? AND s.location_id = ?");
  q.bind(1, model_id);
  q.bind(2, location_id);
  q.step();
  LevelRow row = read_level(q);
  q.reset();
  add_value(db, row.model_id, row.level);
  return row.level;
}

}  // namespace

Json stock_level_json(const StockLevel& l) {
  return {{"model", l.model},
          {"location", l.location},
          {"on_hand", l.on_hand},
          {"reorder_point", json_or_null(l.reorder_point)},
          {"reorder_qty", json_or_null(l.reorder_qty)},
          {"at_or_below_reorder", l.at_or_below_reorder},
          {"suggested", l.suggested},
          {"unit_cost", json_or_null(l.unit_cost)},
          {"currency", json_or_null(l.currency)},
          {"value", json_or_null(l.value)}};
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
    throw Error(Problem::invalid,
                context + ": " + field_ref("point") + " " + std::to_string(*setting.point) + " must be 0 or more",
                "point");
  }
  if (setting.point) {
    check_bounded(context + ": " + field_ref("point"), *setting.point, 0);
  }
  if (setting.quantity) {
    check_bounded(context + ": " + field_ref("quantity"), *setting.quantity, 1);
  }
  if (setting.quantity && *setting.quantity < 1) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("quantity") + " " + std::to_string(*setting.quantity) +
                    " must be a positive whole number",
                "quantity");
  }
  if (setting.quantity && !setting.point) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("quantity") + " goes with " + field_ref("point") +
                    " (the quantity to order when stock falls to the point)",
                "quantity");
  }
  return write(db, [&] {
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
      return Json{{"reorder_point", json_or_null(l.reorder_point)}, {"reorder_qty", json_or_null(l.reorder_qty)}};
    };
    const auto [old_fields, new_fields] = changed_fields(fields(before), fields(after));
    if (!new_fields.empty()) {
      append_event(db, actor, "set-reorder", "stock", model.display_name() + "@" + location.code, old_fields,
                   new_fields);
    }
    return after;
  });
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
      throw conflict(context + ": nothing is at or below its reorder point" +
                     (location ? " under " + *location : std::string()) + "; no PO drafted");
    }
    const Vendor vendor = prefixed(context, [&] { return resolve_vendor(db, vendor_name); });
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
    result.po = prefixed(context, [&] { return create_po_with_lines(db, actor, po, po_lines); });
    return result;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

}  // namespace tally
