#include "stock_forms.hpp"

namespace tally {

Table stock_movement_table(const std::vector<StockMovement>& movements) {
  Table table;
  table.columns = {{"id", "id", Align::right},
                   {"at", "at"},
                   {"model", "model"},
                   {"location", "location"},
                   {"kind", "kind"},
                   {"delta", "delta", Align::right},
                   {"balance", "balance", Align::right},
                   {"team", "team"},
                   {"person", "person"},
                   {"asset", "asset"},
                   {"peer_location", "other location"},
                   {"count", "count"},
                   {"reason", "reason"},
                   {"actor", "actor"}};
  for (const auto& m : movements) {
    table.rows.push_back(movement_json(m));
  }
  return table;
}

Table stock_level_table(const std::vector<StockLevel>& levels) {
  Table table;
  table.columns = {{"model", "model"},
                   {"location", "location"},
                   {"on_hand", "on hand", Align::right},
                   {"reorder_point", "reorder at", Align::right},
                   {"reorder_qty", "reorder qty", Align::right},
                   {"at_or_below_reorder", "reorder"},
                   {"suggested", "suggested", Align::right},
                   {"unit_cost", "unit cost", Align::right},
                   {"currency", "cur"},
                   {"value", "value", Align::right}};
  table.columns = fitted(table.columns, {"location"},
                         {"reorder_qty", "suggested", "reorder_point", "at_or_below_reorder", "unit_cost"});
  for (const auto& l : levels) {
    table.rows.push_back(stock_level_json(l));
  }
  return table;
}

Record stock_show_record(const StockShow& show) {
  Record record;
  record.fields = {
      {"model", json_or_null(show.model)}, {"location", json_or_null(show.location)}, {"total", show.total}};
  if (show.model) {
    record.fields["unit_cost"] = json_or_null(show.unit_cost);
    record.fields["currency"] = json_or_null(show.currency);
    record.fields["value"] = json_or_null(show.value);
  }
  if (show.model) {
    Table tree;
    tree.columns = {{"location", "location"},
                    {"name", "name"},
                    {"kind", "kind"},
                    {"depth", "depth", Align::right, false},
                    {"on_hand", "here", Align::right},
                    {"total", "with below", Align::right}};
    for (const auto& row : show.tree) {
      tree.rows.push_back({{"location", row.location},
                           {"name", row.name},
                           {"kind", row.kind},
                           {"depth", row.depth},
                           {"on_hand", row.on_hand},
                           {"total", row.total}});
      tree.depth.push_back(row.depth);
    }
    record.sections.push_back({"locations", "On hand by location (with everything below it)", std::move(tree)});
  } else {
    Table models;
    models.columns = {{"model", "model"},
                      {"category", "category"},
                      {"total", "on hand", Align::right},
                      {"locations", "locations", Align::right},
                      {"unit_cost", "unit cost", Align::right},
                      {"currency", "cur"},
                      {"value", "value", Align::right}};
    for (const auto& m : show.models) {
      models.rows.push_back({{"model", m.model},
                             {"category", m.category},
                             {"total", m.total},
                             {"locations", m.locations},
                             {"unit_cost", json_or_null(m.unit_cost)},
                             {"currency", json_or_null(m.currency)},
                             {"value", json_or_null(m.value)}});
    }
    record.sections.push_back({"models", "On hand by model", std::move(models)});
  }
  return record;
}

std::vector<Column> count_line_columns() {
  return {{"model", "model"},
          {"expected", "expected", Align::right},
          {"counted", "counted", Align::right},
          {"difference", "difference", Align::right},
          {"was_counted", "was counted"}};
}

Json count_line_json(const StockCountLine& line) {
  return {{"model", line.model},
          {"expected", line.expected},
          {"counted", line.counted},
          {"difference", line.difference},
          {"was_counted", line.was_counted}};
}

Record stock_count_record(const StockCountResult& result) {
  Record record{stock_count_json(result.count), {}};
  Table lines;
  lines.columns = count_line_columns();
  std::int64_t differences = 0;
  for (const auto& line : result.lines) {
    lines.rows.push_back(count_line_json(line));
    differences += line.difference != 0 ? 1 : 0;
  }
  record.fields["differences"] = differences;
  record.sections.push_back({"lines", "Expected (on hand) against counted", std::move(lines)});
  return record;
}

}  // namespace tally
