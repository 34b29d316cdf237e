// `tally report spend` over a period of receipt dates, and by month: the money
// of units received (the budget's "spent"), per group and currency. The
// fiscal-year figures by team and vendor are spend_report in reports.cpp.
#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "money.hpp"
#include "reports.hpp"
#include "teams.hpp"

#include <map>

namespace tally {

namespace {

// A period of receipt dates, both ends included; an open end is none.
struct Period {
  std::optional<date::year_month_day> from;
  std::optional<date::year_month_day> to;
};

date::year_month_day date_of(const std::string& field, const std::string& text) {
  const auto day = parse_date(text);
  if (!day) {
    throw Error(Problem::invalid, "report spend: " + field_ref(field) + " '" + text + "' is not a date like 2026-11-27",
                field);
  }
  return *day;
}

void check_year(int year) {
  if (year < 2000 || year > 2999) {
    throw Error(Problem::invalid,
                "report spend: " + field_ref("fy") + " " + std::to_string(year) + " must be between 2000 and 2999",
                "fy");
  }
}

// "2026Q3" (or "2026q3") as its first and last day.
Period quarter_of(const std::string& text) {
  const auto bad = [&] {
    return Error(Problem::invalid,
                 "report spend: " + field_ref("quarter") + " '" + text + "' is not a quarter like 2026Q3 (Q1 to Q4)",
                 "quarter");
  };
  if (text.size() != 6 || (text[4] != 'Q' && text[4] != 'q') || text[5] < '1' || text[5] > '4') {
    throw bad();
  }
  for (int i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      throw bad();
    }
  }
  const int year = std::stoi(text.substr(0, 4));
  if (year < 2000 || year > 2999) {
    throw Error(Problem::invalid,
                "report spend: " + field_ref("quarter") + " " + text + " must be in a year between 2000 and 2999",
                "quarter");
  }
  const unsigned first_month = (static_cast<unsigned>(text[5] - '0') - 1) * 3 + 1;
  const date::year_month first{date::year{year}, date::month{first_month}};
  const date::year_month last = first + date::months{2};
  return {date::year_month_day{first / date::day{1}}, date::year_month_day{last / date::last}};
}

// The period the filter names, or none for a fiscal year.
std::optional<Period> period_of(const SpendFilter& filter) {
  if (filter.quarter && (filter.from || filter.to)) {
    throw Error(Problem::invalid,
                "report spend: " + field_ref("quarter") + " is a period of its own; give it without " +
                    field_ref("from") + " and " + field_ref("to"),
                "quarter");
  }
  if (!filter.quarter && !filter.from && !filter.to) {
    return std::nullopt;
  }
  if (filter.fiscal_year) {
    throw Error(Problem::invalid,
                "report spend: " + field_ref("fy") + " counts a fiscal year's POs, a period counts receipts by date; " +
                    "give one of them",
                "fy");
  }
  if (filter.quarter) {
    return quarter_of(*filter.quarter);
  }
  Period period;
  if (filter.from) {
    period.from = date_of("from", *filter.from);
  }
  if (filter.to) {
    period.to = date_of("to", *filter.to);
  }
  if (period.from && period.to && date::sys_days{*period.from} > date::sys_days{*period.to}) {
    throw Error(
        Problem::invalid,
        "report spend: " + field_ref("from") + " " + *filter.from + " is after " + field_ref("to") + " " + *filter.to,
        "from");
  }
  return period;
}

Json day_or_null(const std::optional<date::year_month_day>& day) {
  return day ? Json(format_date(*day)) : Json();
}

// Units and money received, per currency.
struct Received {
  std::int64_t units = 0;
  std::int64_t minor = 0;
};
using ByCurrency = std::map<std::string, Received>;

// The receipts that count: on POs past approval (never cancelled), received
// in the period, or on the fiscal year's POs. `group` is the SQL of the
// grouping key; the columns are key, currency, POs, units, money.
Statement receipts_query(Database& db, const std::string& group, const std::optional<Period>& period, int fiscal_year) {
  std::string sql = "SELECT " + group +
                    ", po.currency, count(DISTINCT po.id), sum(r.quantity), sum(r.quantity * l.unit_cost_minor) "
                    "FROM receipt r JOIN po_line l ON l.id = r.po_line_id JOIN purchase_order po ON po.id = l.po_id "
                    "JOIN vendor v ON v.id = po.vendor_id "
                    "WHERE po.status NOT IN ('cancelled', 'draft', 'submitted')";
  if (period) {
    sql += " AND substr(r.received_at, 1, 10) >= :from AND substr(r.received_at, 1, 10) <= :to";
  } else {
    sql += " AND po.fiscal_year = :year";
  }
  sql += " GROUP BY 1, 2 ORDER BY 1, 2";
  Statement q(db, sql);
  if (period) {
    // Open ends as dates no receipt has.
    q.bind(":from", period->from ? format_date(*period->from) : std::string("0000-00-00"));
    q.bind(":to", period->to ? format_date(*period->to) : std::string("9999-99-99"));
  } else {
    q.bind(":year", fiscal_year);
  }
  return q;
}

Table by_month(Database& db, const std::optional<Period>& period, int fiscal_year) {
  Table table;
  table.columns = {{"month", "month"},
                   {"currency", "currency"},
                   {"pos", "POs", Align::right},
                   {"units", "units", Align::right},
                   {"received", "received", Align::right}};
  Statement q = receipts_query(db, "substr(r.received_at, 1, 7)", period, fiscal_year);
  while (q.step()) {
    const std::string currency = q.column(1).as_text();
    table.rows.push_back({{"month", q.column(0).as_text()},
                          {"currency", currency},
                          {"pos", q.column(2).as_int64()},
                          {"units", q.column(3).as_int64()},
                          {"received", format_amount(q.column(4).as_int64(), currency)}});
  }
  return table;
}

Table by_vendor(Database& db, const Period& period) {
  Table table;
  table.columns = {{"vendor", "vendor"},
                   {"from", "from"},
                   {"to", "to"},
                   {"currency", "currency"},
                   {"pos", "POs", Align::right},
                   {"units", "units", Align::right},
                   {"received", "received", Align::right}};
  Statement q = receipts_query(db, "v.name", period, 0);
  while (q.step()) {
    const std::string currency = q.column(1).as_text();
    table.rows.push_back({{"vendor", q.column(0).as_text()},
                          {"from", day_or_null(period.from)},
                          {"to", day_or_null(period.to)},
                          {"currency", currency},
                          {"pos", q.column(2).as_int64()},
                          {"units", q.column(3).as_int64()},
                          {"received", format_amount(q.column(4).as_int64(), currency)}});
  }
  return table;
}

Table by_team(Database& db, const Period& period) {
  Table table;
  table.columns = {{"team", "team"},
                   {"name", "name"},
                   {"parent", "parent"},
                   {"from", "from"},
                   {"to", "to"},
                   {"currency", "currency"},
                   {"units", "units", Align::right},
                   {"received", "received", Align::right}};
  std::map<std::int64_t, ByCurrency> figures;
  Statement q = receipts_query(db, "po.team_id", period, 0);
  while (q.step()) {
    figures[q.column(0).as_int64()][q.column(1).as_text()] = {q.column(3).as_int64(), q.column(4).as_int64()};
  }
  const auto teams = list_teams(db);
  std::map<std::string, std::int64_t> id_of;
  for (const auto& t : teams) {
    id_of[t.code] = t.id;
  }
  // Tree order backwards: children are added to their parents before those
  // are added to theirs.
  for (auto it = teams.rbegin(); it != teams.rend(); ++it) {
    const auto own = figures.find(it->id);
    if (!it->parent || own == figures.end()) {
      continue;
    }
    const ByCurrency child = own->second;
    auto& parent = figures[id_of[*it->parent]];
    for (const auto& [currency, r] : child) {
      parent[currency].units += r.units;
      parent[currency].minor += r.minor;
    }
  }
  for (const auto& t : teams) {
    const auto f = figures.find(t.id);
    if (f == figures.end()) {
      continue;
    }
    for (const auto& [currency, r] : f->second) {
      table.rows.push_back({{"team", t.code},
                            {"name", t.name},
                            {"parent", t.parent ? Json(*t.parent) : Json()},
                            {"from", day_or_null(period.from)},
                            {"to", day_or_null(period.to)},
                            {"currency", currency},
                            {"units", r.units},
                            {"received", format_amount(r.minor, currency)}});
      table.depth.push_back(t.depth);
    }
  }
  return table;
}

}  // namespace

Table spend_report(Database& db, SpendGrouping by, const SpendFilter& filter) {
  const std::optional<Period> period = period_of(filter);
  const int year = filter.fiscal_year ? *filter.fiscal_year : static_cast<int>(today().year());
  if (!period) {
    check_year(year);
    if (by != SpendGrouping::month) {
      return spend_report(db, by, std::optional<int>(year));
    }
  }
  try {
    switch (by) {
      case SpendGrouping::month:
        return by_month(db, period, year);
      case SpendGrouping::vendor:
        return by_vendor(db, *period);
      case SpendGrouping::team:
        break;
    }
    return by_team(db, *period);
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

}  // namespace tally
