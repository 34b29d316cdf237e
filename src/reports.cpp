#include "reports.hpp"

#include "assets.hpp"
#include "budgets.hpp"
#include "clock.hpp"
#include "contracts.hpp"
#include "db.hpp"
#include "error.hpp"
#include "fields.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "money.hpp"
#include "stock.hpp"
#include "teams.hpp"

#include <algorithm>
#include <map>

namespace tally {

namespace {

using CurrencyTotals = std::map<std::string, std::int64_t>;

// ["1234.56 USD", "10.00 EUR"] sorted by currency.
Json cost_list(const CurrencyTotals& totals) {
  Json list = Json::array();
  for (const auto& [currency, minor] : totals) {
    list.push_back(format_amount(minor, currency) + " " + currency);
  }
  return list;
}

// Money a program can sum, beside a money column (lists of "AMOUNT
// CURRENCY", see cost_list): in CSV one column per currency in the rows,
// `cost_USD`, holding the amount as a plain number (the list column is left
// out of CSV); in JSON `cost_by_currency`, a list of {currency, amount}
// objects beside the list (amounts are decimal strings, as everywhere in
// Tally's JSON). The table keeps the list. Call it once the rows are in.
void split_money_for_csv(Table& table, const std::string& key) {
  std::map<std::string, bool> currencies;
  for (auto& row : table.rows) {
    const auto it = row.find(key);
    if (it == row.end() || !it->is_array()) {
      continue;
    }
    // A copy: adding the columns below grows the row (an ordered map, a
    // vector) and would leave `it` dangling.
    const Json list = *it;
    Json by_currency = Json::array();
    for (const auto& money : list) {
      const std::string text = money.get<std::string>();
      const auto space = text.rfind(' ');
      currencies[text.substr(space + 1)] = true;
      row[key + "_" + text.substr(space + 1)] = text.substr(0, space);
      by_currency.push_back({{"currency", text.substr(space + 1)}, {"amount", text.substr(0, space)}});
    }
    row[key + "_by_currency"] = std::move(by_currency);
  }
  const auto at =
      std::find_if(table.columns.begin(), table.columns.end(), [&key](const Column& c) { return c.key == key; });
  if (at == table.columns.end()) {
    return;
  }
  at->in_csv = false;
  const Column money = *at;
  auto next = at + 1;
  for (const auto& [currency, unused] : currencies) {
    Column c{key + "_" + currency, money.heading + " " + currency, Align::right, false, true, false};
    next = table.columns.insert(next, c) + 1;
  }
  table.columns.insert(next, Column{key + "_by_currency", key + " by currency", Align::left, false, false, true});
}

Json opt_text(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json();
}

std::string day_text(date::sys_days day) {
  return format_date(date::year_month_day{day});
}

constexpr const char* k_not_gone = "a.status NOT IN ('disposed', 'returned_to_vendor')";

struct AssetTotals {
  std::int64_t count = 0;
  CurrencyTotals cost;
  void add(const AssetTotals& other) {
    count += other.count;
    for (const auto& [currency, minor] : other.cost) {
      cost[currency] += minor;
    }
  }
};

// Adds each unit's figures to every unit above it; `direct` is keyed by team id.
template <class Node, class Figures>
void roll_up(const std::vector<Node>& teams, std::map<std::int64_t, Figures>& figures) {
  std::map<std::string, std::int64_t> id_of;
  for (const auto& t : teams) {
    id_of[t.code] = t.id;
  }
  // Tree order backwards: children come before their parents.
  for (auto it = teams.rbegin(); it != teams.rend(); ++it) {
    if (it->parent && figures.count(it->id) > 0) {
      const Figures child = figures[it->id];
      figures[id_of[*it->parent]].add(child);
    }
  }
}

}  // namespace

std::vector<CoverageGap> coverage_report(Database& db, const CoverageReportFilter& filter) {
  if (filter.within < 0) {
    throw Error(
        Problem::invalid,
        "report coverage: " + field_ref("within") + " " + std::to_string(filter.within) + " must be 0 or more days",
        "within");
  }
  try {
    const date::year_month_day day = today();
    const date::sys_days today_day{day};
    // The latest end of the asset's coverage today ('' for none: SQLite's
    // max() of several arguments is NULL when one of them is).
    std::string sql =
        "SELECT id FROM (SELECT a.id, a.tag, a.status, nullif(max("
        "coalesce(CASE WHEN a.warranty_ends >= :day AND (a.received_on IS NULL OR (a.received_on <= :day AND "
        "a.warranty_ends > a.received_on)) "
        "THEN a.warranty_ends END, ''), "
        "coalesce((SELECT max(c.ends_on) FROM contract_asset ca JOIN contract c ON c.id = ca.contract_id "
        "WHERE ca.asset_id = a.id AND c.starts_on <= :day AND c.ends_on >= :day), '')), '') AS until "
        "FROM asset a WHERE a.status IN ('in_stock', 'staging', 'deployed', 'in_repair', 'rma')";
    std::optional<Team> team;
    if (filter.team) {
      team = resolve_team(db, *filter.team);
      sql += " AND a.owner_team_id IN " + team_subtree_sql(":team");
    }
    std::optional<Location> location;
    if (filter.location) {
      location = resolve_location(db, *filter.location);
      sql += " AND a.location_id IN " + location_subtree_sql(":location");
    }
    sql +=
        ") WHERE (until IS NULL AND status = 'deployed') OR until <= :limit "
        "ORDER BY until IS NOT NULL, until, tag";
    Statement q(db, sql);
    q.bind(":day", format_date(day));
    q.bind(":limit", format_date(date::year_month_day{today_day + date::days{filter.within}}));
    if (team) {
      q.bind(":team", team->id);
    }
    if (location) {
      q.bind(":location", location->id);
    }
    std::vector<std::int64_t> ids;
    while (q.step()) {
      ids.push_back(q.column(0).as_int64());
    }
    std::vector<CoverageGap> gaps;
    gaps.reserve(ids.size());
    for (const auto id : ids) {
      const Asset asset = asset_by_id(db, id);
      const Coverage coverage = coverage_on(db, id, day);
      CoverageGap gap;
      gap.tag = asset.tag;
      gap.serial = asset.serial;
      gap.model = asset.manufacturer + " " + asset.model;
      gap.status = asset.status;
      gap.team = asset.owner_team;
      gap.location = asset.location;
      gap.problem = coverage.covered() ? "ending" : "uncovered";
      gap.covered_by = coverage.covered_by();
      gap.covered_until = coverage.covered_until();
      gap.sla = coverage.sla();
      if (gap.covered_until) {
        gap.days_left = (date::sys_days{*parse_date(*gap.covered_until)} - today_day).count();
      }
      gaps.push_back(std::move(gap));
    }
    return gaps;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::optional<AssetGrouping> parse_asset_grouping(const std::string& text) {
  static const std::map<std::string, AssetGrouping> names = {
      {"team", AssetGrouping::team},     {"division", AssetGrouping::division},
      {"status", AssetGrouping::status}, {"location", AssetGrouping::location},
      {"model", AssetGrouping::model},   {"category", AssetGrouping::category},
      {"vendor", AssetGrouping::vendor}};
  const auto it = names.find(text);
  return it == names.end() ? std::nullopt : std::optional<AssetGrouping>(it->second);
}

namespace {

// The assets grouped by `key_sql` (a column of `asset a` and `joins`), with
// their count and cost per currency; the group without a key last.
Table grouped_asset_report(Database& db, const std::string& key, const std::string& key_sql, const std::string& joins,
                           const std::string& where) {
  Table table;
  const Column count_column{"count", "count", Align::right};
  const Column cost_column{"cost", "cost", Align::right};
  Statement q(db, "SELECT " + key_sql + ", a.currency, count(*), sum(a.cost_minor) FROM asset a" + joins + where +
                      " GROUP BY 1, 2 ORDER BY (" + key_sql + ") IS NULL, 1, 2");  // the group of none last
  std::vector<std::pair<std::optional<std::string>, AssetTotals>> groups;
  while (q.step()) {
    const auto group = text_or_null(q.column(0));
    if (groups.empty() || groups.back().first != group) {
      groups.push_back({group, {}});
    }
    AssetTotals t;
    t.count = q.column(2).as_int64();
    if (!q.column(1).is_null()) {
      t.cost[q.column(1).as_text()] = q.column(3).as_int64();
    }
    groups.back().second.add(t);
  }
  table.columns = {{key, key}, count_column, cost_column};
  for (const auto& [group, totals] : groups) {
    table.rows.push_back({{key, opt_text(group)}, {"count", totals.count}, {"cost", cost_list(totals.cost)}});
  }
  split_money_for_csv(table, "cost");
  return table;
}

}  // namespace

Table asset_report(Database& db, AssetGrouping by, bool include_gone) {
  try {
    const std::string where = include_gone ? "" : std::string(" WHERE ") + k_not_gone;
    Table table;
    const Column count_column{"count", "count", Align::right};
    const Column cost_column{"cost", "cost", Align::right};
    if (by == AssetGrouping::team || by == AssetGrouping::division) {
      Statement q(db, "SELECT a.owner_team_id, a.currency, count(*), sum(a.cost_minor) FROM asset a" + where +
                          " GROUP BY a.owner_team_id, a.currency");
      std::map<std::int64_t, AssetTotals> figures;
      AssetTotals unowned;
      while (q.step()) {
        AssetTotals t;
        t.count = q.column(2).as_int64();
        if (!q.column(1).is_null()) {
          t.cost[q.column(1).as_text()] = q.column(3).as_int64();
        }
        if (q.column(0).is_null()) {
          unowned.add(t);
        } else {
          figures[q.column(0).as_int64()].add(t);
        }
      }
      const auto teams = list_teams(db);
      roll_up(teams, figures);
      if (by == AssetGrouping::team) {
        table.columns = {{"team", "team"}, {"name", "name"}, {"parent", "parent"}, count_column, cost_column};
      } else {
        table.columns = {{"division", "division"}, {"name", "name"}, count_column, cost_column};
      }
      for (const auto& t : teams) {
        const auto f = figures.find(t.id);
        if (f == figures.end() || f->second.count == 0 || (by == AssetGrouping::division && t.depth != 0)) {
          continue;
        }
        if (by == AssetGrouping::team) {
          table.rows.push_back({{"team", t.code},
                                {"name", t.name},
                                {"parent", opt_text(t.parent)},
                                {"count", f->second.count},
                                {"cost", cost_list(f->second.cost)}});
          table.depth.push_back(t.depth);
        } else {
          table.rows.push_back({{"division", t.code},
                                {"name", t.name},
                                {"count", f->second.count},
                                {"cost", cost_list(f->second.cost)}});
        }
      }
      if (unowned.count > 0) {
        const std::string key = by == AssetGrouping::team ? "team" : "division";
        Json row = {{key, nullptr}, {"name", "(no owning team)"}};
        if (by == AssetGrouping::team) {
          row["parent"] = nullptr;
          table.depth.push_back(0);
        }
        row["count"] = unowned.count;
        row["cost"] = cost_list(unowned.cost);
        table.rows.push_back(std::move(row));
      }
      split_money_for_csv(table, "cost");
      return table;
    }

    if (by == AssetGrouping::location) {
      // The location tree rolled up: each location's row counts the assets
      // there and at every location below it.
      Statement q(db, "SELECT a.location_id, a.currency, count(*), sum(a.cost_minor) FROM asset a" + where +
                          " GROUP BY a.location_id, a.currency");
      std::map<std::int64_t, AssetTotals> figures;
      AssetTotals nowhere;
      while (q.step()) {
        AssetTotals t;
        t.count = q.column(2).as_int64();
        if (!q.column(1).is_null()) {
          t.cost[q.column(1).as_text()] = q.column(3).as_int64();
        }
        (q.column(0).is_null() ? nowhere : figures[q.column(0).as_int64()]).add(t);
      }
      std::map<std::int64_t, std::int64_t> here;
      for (const auto& [id, totals] : figures) {
        here[id] = totals.count;
      }
      const auto locations = list_locations(db);
      roll_up(locations, figures);
      table.columns = {{"location", "location"},       {"name", "name"}, {"parent", "parent"},
                       {"here", "here", Align::right}, count_column,     cost_column};
      for (const auto& l : locations) {
        const auto f = figures.find(l.id);
        if (f == figures.end() || f->second.count == 0) {
          continue;
        }
        table.rows.push_back({{"location", l.code},
                              {"name", l.name},
                              {"parent", opt_text(l.parent)},
                              {"here", here.count(l.id) > 0 ? here[l.id] : 0},
                              {"count", f->second.count},
                              {"cost", cost_list(f->second.cost)}});
        table.depth.push_back(l.depth);
      }
      if (nowhere.count > 0) {
        table.rows.push_back({{"location", nullptr},
                              {"name", "(no location)"},
                              {"parent", nullptr},
                              {"here", nowhere.count},
                              {"count", nowhere.count},
                              {"cost", cost_list(nowhere.cost)}});
        table.depth.push_back(0);
      }
      split_money_for_csv(table, "cost");
      return table;
    }

    std::string key_sql;
    std::string key;
    std::string joins = " JOIN v_model m ON m.model_id = a.model_id JOIN vendor v ON v.id = a.manufacturer_id";
    switch (by) {
      case AssetGrouping::status:
        key = "status";
        key_sql = "a.status";
        break;
      case AssetGrouping::location:
        key = "location";
        key_sql = "l.code";
        joins += " LEFT JOIN location l ON l.id = a.location_id";
        break;
      case AssetGrouping::model:
        key = "model";
        key_sql = "m.label";
        break;
      case AssetGrouping::category:
        key = "category";
        key_sql = "m.category";
        break;
      default:
        key = "vendor";
        key_sql = "v.name";
        break;
    }
    return grouped_asset_report(db, key, key_sql, joins, where);
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Table asset_report(Database& db, const std::string& by, bool include_gone) {
  if (const auto grouping = parse_asset_grouping(by)) {
    return asset_report(db, *grouping, include_gone);
  }
  if (by.rfind("field.", 0) != 0) {
    throw usage_error("report assets: " + field_ref("by") + " '" + by +
                      "' is not one of team, division, status, location, model, category, vendor or field.NAME");
  }
  const FieldDef field = resolve_field(db, by.substr(6));
  try {
    const std::string where = include_gone ? "" : std::string(" WHERE ") + k_not_gone;
    return grouped_asset_report(
        db, by, "af.value",
        " LEFT JOIN asset_field af ON af.asset_id = a.id AND af.field_id = " + std::to_string(field.id), where);
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

namespace {

struct LicenseTotals {
  std::int64_t licenses = 0;
  std::int64_t seats = 0;
  std::int64_t used = 0;
  std::int64_t free = 0;
  std::int64_t over_allocated = 0;
  CurrencyTotals cost;
  std::int64_t expiring[3] = {0, 0, 0};
  std::int64_t expired = 0;
  void add(const LicenseTotals& o) {
    expired += o.expired;
    licenses += o.licenses;
    seats += o.seats;
    used += o.used;
    free += o.free;
    over_allocated += o.over_allocated;
    for (const auto& [currency, minor] : o.cost) {
      cost[currency] += minor;
    }
    for (int i = 0; i < 3; ++i) {
      expiring[i] += o.expiring[i];
    }
  }
};

}  // namespace

Table license_report(Database& db, LicenseGrouping by) {
  try {
    const date::sys_days day{today()};
    Statement q(db, "SELECT l.owner_team_id, l.seats, l.used, l.cost_minor, l.currency, l.expires_on FROM license l");
    std::map<std::int64_t, LicenseTotals> figures;
    LicenseTotals unowned;
    while (q.step()) {
      LicenseTotals t;
      t.licenses = 1;
      const std::int64_t used = q.column(2).as_int64();
      if (!q.column(1).is_null()) {
        const std::int64_t seats = q.column(1).as_int64();
        t.seats = seats;
        t.used = used;
        t.free = std::max<std::int64_t>(seats - used, 0);
        t.over_allocated = used > seats ? 1 : 0;
      }
      if (!q.column(4).is_null()) {
        t.cost[q.column(4).as_text()] = q.column(3).as_int64();
      }
      if (!q.column(5).is_null()) {
        const auto days = (date::sys_days{*parse_date(q.column(5).as_text())} - day).count();
        const int limits[3] = {30, 60, 90};
        for (int i = 0; i < 3; ++i) {
          t.expiring[i] = days >= 0 && days <= limits[i] ? 1 : 0;
        }
        t.expired = days < 0 ? 1 : 0;
      }
      if (q.column(0).is_null()) {
        unowned.add(t);
      } else {
        figures[q.column(0).as_int64()].add(t);
      }
    }
    const auto teams = list_teams(db);
    roll_up(teams, figures);
    const bool divisions = by == LicenseGrouping::division;
    const std::string key = divisions ? "division" : "team";
    Table table;
    table.columns = {{key, key},
                     {"name", "name"},
                     {"parent", "parent"},
                     {"licenses", "licenses", Align::right},
                     {"seats", "seats", Align::right},
                     {"used", "used", Align::right},
                     {"free", "free", Align::right},
                     {"over_allocated", "over", Align::right},
                     {"cost", "cost", Align::right},
                     {"expiring_30", "exp 30d", Align::right},
                     {"expiring_60", "exp 60d", Align::right},
                     {"expiring_90", "exp 90d", Align::right},
                     {"expired", "expired", Align::right}};
    if (divisions) {
      table.columns.erase(table.columns.begin() + 2);  // a division has no parent
    }
    const auto row = [&key, divisions](Json code, Json name, Json parent, const LicenseTotals& t) {
      Json out{{key, std::move(code)},
               {"name", std::move(name)},
               {"parent", std::move(parent)},
               {"licenses", t.licenses},
               {"seats", t.seats},
               {"used", t.used},
               {"free", t.free},
               {"over_allocated", t.over_allocated},
               {"cost", cost_list(t.cost)},
               {"expiring_30", t.expiring[0]},
               {"expiring_60", t.expiring[1]},
               {"expiring_90", t.expiring[2]},
               {"expired", t.expired}};
      if (divisions) {
        out.erase("parent");
      }
      return out;
    };
    for (const auto& t : teams) {
      const auto f = figures.find(t.id);
      if (f == figures.end() || f->second.licenses == 0 || (divisions && t.depth != 0)) {
        continue;
      }
      table.rows.push_back(row(t.code, t.name, opt_text(t.parent), f->second));
      if (!divisions) {
        table.depth.push_back(t.depth);
      }
    }
    if (unowned.licenses > 0) {
      table.rows.push_back(row(nullptr, "(no owning team)", nullptr, unowned));
      if (!divisions) {
        table.depth.push_back(0);
      }
    }
    split_money_for_csv(table, "cost");
    return table;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Table stock_value_report(Database& db) {
  try {
    Table table;
    table.columns = {{"model", "model"},
                     {"category", "category"},
                     {"on_hand", "on hand", Align::right},
                     {"locations", "locations", Align::right},
                     {"unit_cost", "last unit cost", Align::right},
                     {"currency", "cur"},
                     {"value", "value", Align::right}};
    Statement q(db,
                "SELECT s.model_id, m.label, m.category, sum(s.on_hand), count(*) FROM stock_level s "
                "JOIN v_model m ON m.model_id = s.model_id WHERE s.on_hand > 0 GROUP BY s.model_id ORDER BY 2");
    while (q.step()) {
      const std::int64_t on_hand = q.column(3).as_int64();
      Json row = {{"model", q.column(1).as_text()},
                  {"category", q.column(2).as_text()},
                  {"on_hand", on_hand},
                  {"locations", q.column(4).as_int64()},
                  {"unit_cost", nullptr},
                  {"currency", nullptr},
                  {"value", nullptr}};
      if (const auto cost = last_unit_cost(db, q.column(0).as_int64())) {
        row["unit_cost"] = format_amount(cost->minor, cost->currency);
        row["currency"] = cost->currency;
        row["value"] = format_amount(cost->minor * on_hand, cost->currency);
      }
      table.rows.push_back(std::move(row));
    }
    return table;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Table spend_report(Database& db, SpendGrouping by, std::optional<int> fiscal_year) {
  if (by == SpendGrouping::month) {
    return spend_report(db, by, SpendFilter{fiscal_year, std::nullopt, std::nullopt, std::nullopt});
  }
  const int year = fiscal_year ? *fiscal_year : static_cast<int>(today().year());
  if (year < 2000 || year > 2999) {
    throw Error(Problem::invalid,
                "report spend: " + field_ref("fy") + " " + std::to_string(year) + " must be between 2000 and 2999",
                "fy");
  }
  try {
    Table table;
    const auto money = [](std::int64_t minor, const std::string& currency) { return format_amount(minor, currency); };
    if (by == SpendGrouping::team) {
      table.columns = {{"team", "team"},
                       {"name", "name"},
                       {"parent", "parent"},
                       {"fiscal_year", "fy", Align::right},
                       {"currency", "currency"},
                       {"ordered", "ordered", Align::right},
                       {"received", "received", Align::right},
                       {"outstanding", "outstanding", Align::right},
                       {"budget", "budget", Align::right},
                       {"remaining", "remaining", Align::right}};
      for (const auto& line : budget_report(db, std::nullopt, year)) {
        const auto remaining = line.remaining_minor();
        table.rows.push_back({{"team", line.team},
                              {"name", line.name},
                              {"parent", opt_text(line.parent)},
                              {"fiscal_year", year},
                              {"currency", line.currency},
                              {"ordered", money(line.committed_minor + line.spent_minor, line.currency)},
                              {"received", money(line.spent_minor, line.currency)},
                              {"outstanding", money(line.committed_minor, line.currency)},
                              {"budget", line.budget_minor ? Json(money(*line.budget_minor, line.currency)) : Json()},
                              {"remaining", remaining ? Json(*remaining < 0 ? "-" + money(-*remaining, line.currency)
                                                                            : money(*remaining, line.currency))
                                                      : Json()}});
        table.depth.push_back(line.depth);
      }
      return table;
    }
    // The same figures as the budget: approved POs and later count what is
    // still expected; received units count whatever the PO's state.
    Statement q(db,
                "SELECT v.name, po.currency, count(DISTINCT po.id), "
                "  sum(CASE WHEN po.status IN ('approved', 'ordered', 'partially_received') "
                "      THEN (l.quantity - l.received) * l.unit_cost_minor ELSE 0 END), "
                "  sum(l.received * l.unit_cost_minor) "
                "FROM purchase_order po JOIN po_line l ON l.po_id = po.id JOIN vendor v ON v.id = po.vendor_id "
                "WHERE po.fiscal_year = ? AND po.status NOT IN ('cancelled', 'draft', 'submitted') "
                "GROUP BY v.name, po.currency ORDER BY v.name, po.currency");
    q.bind(1, year);
    table.columns = {{"vendor", "vendor"},
                     {"fiscal_year", "fy", Align::right},
                     {"currency", "currency"},
                     {"pos", "POs", Align::right},
                     {"ordered", "ordered", Align::right},
                     {"received", "received", Align::right},
                     {"outstanding", "outstanding", Align::right}};
    while (q.step()) {
      const std::string currency = q.column(1).as_text();
      const std::int64_t outstanding = q.column(3).as_int64();
      const std::int64_t received = q.column(4).as_int64();
      table.rows.push_back({{"vendor", q.column(0).as_text()},
                            {"fiscal_year", year},
                            {"currency", currency},
                            {"pos", q.column(2).as_int64()},
                            {"ordered", money(outstanding + received, currency)},
                            {"received", money(received, currency)},
                            {"outstanding", money(outstanding, currency)}});
    }
    return table;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Table rma_report(Database& db) {
  try {
    Statement q(db,
                "SELECT v.name, count(*), "
                "  sum(age BETWEEN 0 AND 7), sum(age BETWEEN 8 AND 30), sum(age BETWEEN 31 AND 90), "
                "  sum(age > 90), min(r.opened_on) "
                "FROM (SELECT *, CAST(julianday(:today) - julianday(opened_on) AS INTEGER) AS age FROM rma "
                "      WHERE resolved_on IS NULL) r JOIN vendor v ON v.id = r.vendor_id "
                "GROUP BY v.name ORDER BY v.name");
    q.bind(":today", format_date(today()));
    Table table;
    table.columns = {{"vendor", "vendor"},
                     {"open", "open", Align::right},
                     {"days_0_7", "0-7d", Align::right},
                     {"days_8_30", "8-30d", Align::right},
                     {"days_31_90", "31-90d", Align::right},
                     {"days_over_90", ">90d", Align::right},
                     {"oldest", "oldest"}};
    while (q.step()) {
      table.rows.push_back({{"vendor", q.column(0).as_text()},
                            {"open", q.column(1).as_int64()},
                            {"days_0_7", q.column(2).as_int64()},
                            {"days_8_30", q.column(3).as_int64()},
                            {"days_31_90", q.column(4).as_int64()},
                            {"days_over_90", q.column(5).as_int64()},
                            {"oldest", q.column(6).as_text()}});
    }
    return table;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Table warranty_report(Database& db, int within) {
  if (within < 0) {
    throw Error(Problem::invalid,
                "report warranty: " + field_ref("within") + " " + std::to_string(within) + " must be 0 or more days",
                "within");
  }
  try {
    const date::sys_days day{today()};
    Statement q(db,
                "SELECT a.tag, a.serial, m.label, a.status, t.code, l.code, a.warranty_ends, "
                "  CAST(julianday(a.warranty_ends) - julianday(:today) AS INTEGER) "
                "FROM asset a JOIN v_model m ON m.model_id = a.model_id "
                "LEFT JOIN team t ON t.id = a.owner_team_id LEFT JOIN location l ON l.id = a.location_id "
                "WHERE a.status IN ('in_stock', 'staging', 'deployed', 'in_repair', 'rma') "
                "  AND a.warranty_ends BETWEEN :today AND :until ORDER BY a.warranty_ends, a.tag");
    q.bind(":today", day_text(day));
    q.bind(":until", day_text(day + date::days{within}));
    Table table;
    table.columns = {{"tag", "tag"},
                     {"serial", "serial", Align::left, false},
                     {"model", "model"},
                     {"status", "status"},
                     {"team", "team"},
                     {"location", "location"},
                     {"warranty_ends", "warranty ends"},
                     {"days_left", "days left", Align::right}};
    while (q.step()) {
      table.rows.push_back({{"tag", q.column(0).as_text()},
                            {"serial", opt_text(text_or_null(q.column(1)))},
                            {"model", q.column(2).as_text()},
                            {"status", q.column(3).as_text()},
                            {"team", opt_text(text_or_null(q.column(4)))},
                            {"location", opt_text(text_or_null(q.column(5)))},
                            {"warranty_ends", q.column(6).as_text()},
                            {"days_left", q.column(7).as_int64()}});
    }
    return table;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Table rack_report(Database& db) {
  try {
    struct Site {
      std::int64_t racks = 0;
      std::int64_t halves = 0;
      std::int64_t used_halves = 0;
      std::int64_t devices = 0;
    };
    std::map<std::string, Site> sites;
    // Each rack with its site: the first code of its location's path.
    Statement racks(db,
                    "SELECT k.id, k.height_u, substr(p.path, 1, instr(p.path || '/', '/') - 1), "
                    "  (SELECT count(*) FROM placement pm WHERE pm.rack_id = k.id) "
                    "FROM rack k JOIN v_location_path p ON p.location_id = k.location_id ORDER BY k.id");
    Statement placements(db, "SELECT lo_half, hi_half FROM placement WHERE rack_id = ? AND lo_half IS NOT NULL");
    while (racks.step()) {
      const std::int64_t height_halves = 2 * racks.column(1).as_int64();
      Site& site = sites[racks.column(2).as_text()];
      site.racks += 1;
      site.halves += height_halves;
      site.devices += racks.column(3).as_int64();
      // A half unit counts once when it is taken on the front, the rear or both.
      std::vector<bool> taken(static_cast<std::size_t>(height_halves), false);
      placements.reset();
      placements.bind(1, racks.column(0).as_int64());
      while (placements.step()) {
        for (auto h = placements.column(0).as_int64(); h < placements.column(1).as_int64() && h < height_halves; ++h) {
          taken[static_cast<std::size_t>(h)] = true;
        }
      }
      site.used_halves += std::count(taken.begin(), taken.end(), true);
    }
    Table table;
    table.columns = {{"site", "site"},
                     {"racks", "racks", Align::right},
                     {"units", "units", Align::right},
                     {"used", "used", Align::right},
                     {"free", "free", Align::right},
                     {"utilization", "used %", Align::right},
                     {"devices", "devices", Align::right}};
    for (const auto& [code, site] : sites) {
      // Percent with one decimal, rounded half up, from exact integers.
      const std::int64_t permille = site.halves == 0 ? 0 : (site.used_halves * 2000 + site.halves) / (2 * site.halves);
      table.rows.push_back({{"site", code},
                            {"racks", site.racks},
                            {"units", site.halves / 2},
                            {"used", format_u_height(static_cast<int>(site.used_halves))},
                            {"free", format_u_height(static_cast<int>(site.halves - site.used_halves))},
                            {"utilization", std::to_string(permille / 10) + "." + std::to_string(permille % 10)},
                            {"devices", site.devices}});
    }
    return table;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

}  // namespace tally
