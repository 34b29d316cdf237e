// `tally report team-status`: assets counted per owning team and status (the
// dashboard's stacked bars), each asset counted once under the unit that owns
// it directly.
#include "assets.hpp"
#include "db.hpp"
#include "error.hpp"
#include "reports.hpp"
#include "teams.hpp"

#include <map>

namespace tally {

Table team_status_report(Database& db, bool include_gone) {
  std::vector<std::string> statuses;
  for (const auto& s : asset_statuses()) {
    if (include_gone || (s != "disposed" && s != "returned_to_vendor")) {
      statuses.push_back(s);
    }
  }
  try {
    // Counts per owning team id (0 for none) and status.
    std::map<std::int64_t, std::map<std::string, std::int64_t>> counts;
    Statement q(db, "SELECT coalesce(a.owner_team_id, 0), a.status, count(*) FROM asset a " +
                        std::string(include_gone ? "" : "WHERE a.status NOT IN ('disposed', 'returned_to_vendor') ") +
                        "GROUP BY 1, 2");
    while (q.step()) {
      counts[q.column(0).as_int64()][q.column(1).as_text()] = q.column(2).as_int64();
    }
    Table table;
    table.columns = {{"team", "team"}, {"name", "name"}, {"parent", "parent"}};
    for (const auto& s : statuses) {
      table.columns.push_back({s, s, Align::right});
    }
    table.columns.push_back({"total", "total", Align::right});
    const auto row = [&](Json team, Json name, Json parent, const std::map<std::string, std::int64_t>& of) {
      Json r = {{"team", std::move(team)}, {"name", std::move(name)}, {"parent", std::move(parent)}};
      std::int64_t total = 0;
      for (const auto& s : statuses) {
        const auto it = of.find(s);
        const std::int64_t n = it == of.end() ? 0 : it->second;
        r[s] = n;
        total += n;
      }
      r["total"] = total;
      return r;
    };
    for (const auto& t : list_teams(db)) {
      const auto it = counts.find(t.id);
      if (it != counts.end()) {
        table.rows.push_back(row(t.code, t.name, t.parent ? Json(*t.parent) : Json(), it->second));
      }
    }
    if (const auto none = counts.find(0); none != counts.end()) {
      table.rows.push_back(row(nullptr, "(no owning team)", nullptr, none->second));
    }
    return table;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

}  // namespace tally
