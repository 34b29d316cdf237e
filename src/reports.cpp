#include "reports.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "contracts.hpp"
#include "db.hpp"
#include "error.hpp"
#include "locations.hpp"
#include "org.hpp"

namespace tally {

std::vector<CoverageGap> coverage_report(Database& db, const CoverageReportFilter& filter) {
  if (filter.within < 0) {
    throw refused("report coverage: --within " + std::to_string(filter.within) + " must be 0 or more days");
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
    SQLite::Statement q(db.sql(), sql);
    q.bind(":day", format_date(day));
    q.bind(":limit", format_date(date::year_month_day{today_day + date::days{filter.within}}));
    if (team) {
      q.bind(":team", team->id);
    }
    if (location) {
      q.bind(":location", location->id);
    }
    std::vector<std::int64_t> ids;
    while (q.executeStep()) {
      ids.push_back(q.getColumn(0).getInt64());
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
  } catch (const SQLite::Exception& e) {
    throw from_sqlite(e);
  }
}

}  // namespace tally
