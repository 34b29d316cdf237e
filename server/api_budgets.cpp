// /api/v1/budgets: the HTTP face of `tally budget set/show` (cli/cmd_budget.cpp), over src/budgets.cpp.
#include "budgets.hpp"
#include "clock.hpp"
#include "error.hpp"
#include "forms.hpp"
#include "routes.hpp"
#include "settings.hpp"

namespace tally::server {

namespace {

Reply show(Call& call) {
  const auto fy = call.query_number("fy", 1, 9999);
  const int year = fy ? static_cast<int>(*fy) : static_cast<int>(today().year());
  return table_reply(call, budget_table(budget_report(call.db(), call.query("team"), year)), "team");
}

Reply set(Call& call) {
  const std::string team = call.required_text("team");
  const auto fy = call.int_number("fiscal_year");
  if (!fy) {
    throw usage_error("body field fiscal_year is required");
  }
  const std::string amount = call.required_text("amount");
  const std::string currency = call.text("currency").value_or(get_setting(call.db(), "currency"));
  return record_reply(Record{budget_json(set_budget(call.db(), call.actor().name, team, *fy, amount, currency)), {}});
}

}  // namespace

void add_budget_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/budgets",
                    Capability::read,
                    "Budget, committed, spent and remaining per unit for a fiscal year (fy, default this year), rolled "
                    "up the org chart (team: that unit and below)",
                    {"team", "fy", "limit", "after"},
                    {},
                    show});
  routes.push_back({Method::post,
                    "/api/v1/budgets",
                    Capability::purchase,
                    "Set a unit's budget for a fiscal year (replaces an earlier one)",
                    {},
                    {"team", "fiscal_year", "amount", "currency"},
                    set});
}

}  // namespace tally::server
