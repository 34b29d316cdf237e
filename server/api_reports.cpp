// /api/v1/reports: the HTTP face of `tally report ...` (cli/cmd_report.cpp), over src/reports.cpp.
#include "error.hpp"
#include "reports.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply assets(Call& call) {
  const std::string by = call.query("by").value_or("team");
  return table_reply(call, asset_report(call.db(), by, call.query_flag("all")), "");
}

Reply licenses(Call& call) {
  return table_reply(call, license_report(call.db()), "");
}

Reply team_status(Call& call) {
  return table_reply(call, team_status_report(call.db(), call.query_flag("all")), "");
}

Reply spend(Call& call) {
  const std::string by = call.query("by").value_or("team");
  if (by != "team" && by != "vendor" && by != "month") {
    throw usage_error("query parameter by: '" + by + "' is not one of team, vendor, month");
  }
  SpendFilter filter;
  if (const auto year = call.query_number("fy", 1900, 9999)) {
    filter.fiscal_year = static_cast<int>(*year);
  }
  filter.from = call.query("from");
  filter.to = call.query("to");
  filter.quarter = call.query("quarter");
  const SpendGrouping grouping = by == "vendor"  ? SpendGrouping::vendor
                                 : by == "month" ? SpendGrouping::month
                                                 : SpendGrouping::team;
  return table_reply(call, spend_report(call.db(), grouping, filter), "");
}

Reply rmas(Call& call) {
  return table_reply(call, rma_report(call.db()), "");
}

Reply warranty(Call& call) {
  return table_reply(
      call, warranty_report(call.db(), static_cast<int>(call.query_number("within", 0, 100000).value_or(90))), "");
}

Reply racks(Call& call) {
  return table_reply(call, rack_report(call.db()), "");
}

}  // namespace

void add_report_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/reports/assets",
                    Capability::read,
                    "Assets per group with total cost (by: team, division, status, location, model, category, vendor)",
                    {"by", "all", "limit", "after"},
                    {},
                    assets});
  routes.push_back({Method::get,
                    "/api/v1/reports/licenses",
                    Capability::read,
                    "Licenses per owning unit",
                    {"limit", "after"},
                    {},
                    licenses});
  routes.push_back({Method::get,
                    "/api/v1/reports/team-status",
                    Capability::read,
                    "Assets per owning team (not rolled up) and status",
                    {"all", "limit", "after"},
                    {},
                    team_status});
  routes.push_back({Method::get,
                    "/api/v1/reports/spend",
                    Capability::read,
                    "PO money of a fiscal year, or received in a period (by: team, vendor, month; from, to: "
                    "YYYY-MM-DD; quarter: 2026Q3)",
                    {"by", "fy", "from", "to", "quarter", "limit", "after"},
                    {},
                    spend});
  routes.push_back({Method::get,
                    "/api/v1/reports/rma",
                    Capability::read,
                    "Open RMAs per vendor by age",
                    {"limit", "after"},
                    {},
                    rmas});
  routes.push_back({Method::get,
                    "/api/v1/reports/warranty",
                    Capability::read,
                    "Assets whose warranty ends within DAYS (default 90)",
                    {"within", "limit", "after"},
                    {},
                    warranty});
  routes.push_back({Method::get,
                    "/api/v1/reports/racks",
                    Capability::read,
                    "Rack utilization per site",
                    {"limit", "after"},
                    {},
                    racks});
}

}  // namespace tally::server
