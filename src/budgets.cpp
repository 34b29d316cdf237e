#include "budgets.hpp"

#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "money.hpp"
#include "teams.hpp"
#include "tree.hpp"

#include <map>
#include <set>
#include <tuple>

namespace tally {

namespace {

struct Figures {
  std::int64_t committed = 0;
  std::int64_t spent = 0;
};

// Committed (approved and not yet received) and spent (received) amounts of
// the POs that follow (a WHERE clause goes on with AND), cancelled ones left out.
constexpr const char* k_figures_sql =
    "sum(CASE WHEN po.status IN ('approved', 'ordered', 'partially_received') "
    "  THEN (l.quantity - l.received) * l.unit_cost_minor ELSE 0 END), "
    "sum(l.received * l.unit_cost_minor) "
    "FROM purchase_order po JOIN po_line l ON l.po_id = po.id WHERE po.status <> 'cancelled'";

// Direct (not rolled-up) committed and spent per (team id, currency) for a year.
std::map<std::pair<std::int64_t, std::string>, Figures> direct_figures(Database& db, int fiscal_year) {
  Statement q(db, std::string("SELECT po.team_id, po.currency, ") + k_figures_sql +
                      " AND po.fiscal_year = ? GROUP BY po.team_id, po.currency");
  q.bind(1, fiscal_year);
  std::map<std::pair<std::int64_t, std::string>, Figures> figures;
  while (q.step()) {
    figures[{q.column(0).as_int64(), q.column(1).as_text()}] = {q.column(2).as_int64(), q.column(3).as_int64()};
  }
  return figures;
}

std::map<std::int64_t, std::pair<std::int64_t, std::string>> budgets_for(Database& db, int fiscal_year) {
  Statement q(db, "SELECT team_id, amount_minor, currency FROM budget WHERE fiscal_year = ?");
  q.bind(1, fiscal_year);
  std::map<std::int64_t, std::pair<std::int64_t, std::string>> budgets;
  while (q.step()) {
    budgets[q.column(0).as_int64()] = {q.column(1).as_int64(), q.column(2).as_text()};
  }
  return budgets;
}

// Every budget line of the year, rolled up the tree, in tree order.
std::vector<BudgetLine> all_lines(Database& db, int fiscal_year) {
  const auto teams = list_teams(db);
  const auto direct = direct_figures(db, fiscal_year);
  const auto budgets = budgets_for(db, fiscal_year);

  // Roll up: walk the tree order backwards, so children are added to parents.
  std::map<std::string, std::int64_t> id_of;
  for (const auto& t : teams) {
    id_of[t.code] = t.id;
  }
  std::map<std::int64_t, std::map<std::string, Figures>> rolled;
  for (const auto& [key, f] : direct) {
    rolled[key.first][key.second] = f;
  }
  for (auto it = teams.rbegin(); it != teams.rend(); ++it) {
    if (!it->parent) {
      continue;
    }
    auto& parent = rolled[id_of[*it->parent]];
    for (const auto& [currency, f] : rolled[it->id]) {
      parent[currency].committed += f.committed;
      parent[currency].spent += f.spent;
    }
  }

  std::vector<BudgetLine> lines;
  for (const auto& t : teams) {
    std::set<std::string> currencies;
    const auto budget = budgets.find(t.id);
    if (budget != budgets.end()) {
      currencies.insert(budget->second.second);
    }
    for (const auto& [currency, f] : rolled[t.id]) {
      if (f.committed != 0 || f.spent != 0) {
        currencies.insert(currency);
      }
    }
    for (const auto& currency : currencies) {
      BudgetLine line;
      line.team = t.code;
      line.name = t.name;
      line.parent = t.parent;
      line.depth = t.depth;
      line.fiscal_year = fiscal_year;
      line.currency = currency;
      if (budget != budgets.end() && budget->second.second == currency) {
        line.budget_minor = budget->second.first;
      }
      const auto f = rolled[t.id].find(currency);
      if (f != rolled[t.id].end()) {
        line.committed_minor = f->second.committed;
        line.spent_minor = f->second.spent;
      }
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace

BudgetLine set_budget(Database& db, const std::string& actor, const std::string& team, int fiscal_year,
                      const std::string& amount, const std::string& currency) {
  if (fiscal_year < 2000 || fiscal_year > 2999) {
    throw refused("budget set: fiscal year " + std::to_string(fiscal_year) + " must be between 2000 and 2999");
  }
  if (!is_currency_code(currency)) {
    throw Error(
        Problem::invalid,
        "budget set: " + field_ref("currency") + " '" + currency + "' must be an ISO 4217 code such as USD or EUR",
        "currency");
  }
  const auto minor = parse_amount(amount, currency);
  if (!minor) {
    throw refused("budget set: amount '" + amount + "' is not a non-negative " + currency + " amount with at most " +
                  std::to_string(minor_digits(currency)) + " decimals, like 250000.00");
  }
  return write(db, [&] {
    const Team unit = resolve_team(db, team);
    Statement old(db, "SELECT amount_minor, currency FROM budget WHERE team_id = ? AND fiscal_year = ?");
    old.bind(1, unit.id);
    old.bind(2, fiscal_year);
    Json before = nullptr;
    if (old.step()) {
      const std::string old_currency = old.column(1).as_text();
      before = {{"amount", format_amount(old.column(0).as_int64(), old_currency)}, {"currency", old_currency}};
    }
    Statement upsert(db,
                     "INSERT INTO budget (team_id, fiscal_year, amount_minor, currency) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (team_id, fiscal_year) DO UPDATE SET amount_minor = excluded.amount_minor, "
                     "currency = excluded.currency");
    upsert.bind(1, unit.id);
    upsert.bind(2, fiscal_year);
    upsert.bind(3, *minor);
    upsert.bind(4, currency);
    upsert.exec();
    const Json after = {{"amount", format_amount(*minor, currency)}, {"currency", currency}};
    append_event(db, actor, before.is_null() ? "create" : "update", "budget",
                 unit.code + "/FY" + std::to_string(fiscal_year), before, after);
    for (auto& line : budget_report(db, unit.code, fiscal_year)) {
      if (line.team == unit.code && line.currency == currency) {
        return line;
      }
    }
    throw refused("budget set: internal inconsistency reading back " + unit.code);
  });
}

std::vector<BudgetLine> budget_report(Database& db, const std::optional<std::string>& team, int fiscal_year) {
  std::vector<BudgetLine> lines = all_lines(db, fiscal_year);
  if (!team) {
    return lines;
  }
  const Team root = resolve_team(db, *team);
  // Keep the root and the rows after it that are deeper (its subtree).
  std::vector<BudgetLine> subtree;
  bool inside = false;
  for (auto& line : lines) {
    if (line.team == root.code) {
      inside = true;
    } else if (inside && line.depth <= root.depth) {
      break;
    }
    if (inside) {
      subtree.push_back(std::move(line));
    }
  }
  return subtree;
}

std::vector<BudgetLine> budgets_on_path(Database& db, std::int64_t team_id, int fiscal_year) {
  // Only the units on the path that have a budget, each summing the POs of
  // its own subtree, rather than the whole chart rolled up (all_lines): an
  // approval then reads the POs below its budgets, not every PO of the year.
  std::vector<BudgetLine> path;
  std::optional<std::int64_t> current = team_id;
  int units = 0;  // on the path so far, for the depths
  for (; current; ++units) {
    if (units >= k_max_tree_depth) {
      throw storage_error("the org chart above team id " + std::to_string(team_id) + " is a cycle or deeper than " +
                          std::to_string(k_max_tree_depth) + " levels; `" + command_ref("doctor") + "` names it");
    }
    Statement q(db,
                "SELECT t.parent_id, t.code, t.name, p.code, b.amount_minor, b.currency FROM team t "
                "LEFT JOIN team p ON p.id = t.parent_id "
                "LEFT JOIN budget b ON b.team_id = t.id AND b.fiscal_year = ?2 WHERE t.id = ?1");
    q.bind(1, *current);
    q.bind(2, fiscal_year);
    if (!q.step()) {
      break;
    }
    if (!q.column(4).is_null()) {
      BudgetLine line;
      line.team = q.column(1).as_text();
      line.name = q.column(2).as_text();
      line.parent = text_or_null(q.column(3));
      line.depth = units;  // from the bottom for now; turned around below
      line.fiscal_year = fiscal_year;
      line.budget_minor = q.column(4).as_int64();
      line.currency = q.column(5).as_text();
      Statement figures(db, std::string("SELECT ") + k_figures_sql +
                                " AND po.fiscal_year = :year AND po.currency = :currency AND po.team_id IN " +
                                team_subtree_sql(":team"));
      figures.bind(":year", fiscal_year);
      figures.bind(":currency", line.currency);
      figures.bind(":team", *current);
      if (figures.step()) {
        line.committed_minor = figures.column(0).is_null() ? 0 : figures.column(0).as_int64();
        line.spent_minor = figures.column(1).is_null() ? 0 : figures.column(1).as_int64();
      }
      path.push_back(std::move(line));
    }
    current = q.column(0).is_null() ? std::nullopt : std::optional<std::int64_t>(q.column(0).as_int64());
  }
  for (auto& line : path) {
    line.depth = units - 1 - line.depth;  // the top of the chart is depth 0
  }
  return path;
}

}  // namespace tally
