// /api/v1/contracts: the HTTP face of `tally contract list/show` (cli/cmd_contract.cpp), over src/contracts.cpp.
#include "contracts.hpp"
#include "forms.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  ContractFilter filter;
  filter.vendor = call.query("vendor");
  filter.team = call.query("team");
  if (const auto days = call.query_number("ending_within", 0, 100000)) {
    filter.ending_within = static_cast<int>(*days);
  }
  if (const auto days = call.query_number("notice_due_within", 0, 100000)) {
    filter.notice_due_within = static_cast<int>(*days);
  }
  Json rows = Json::array();
  for (const auto& c : list_contracts(call.db(), filter)) {
    rows.push_back(contract_json(c));
  }
  return list_reply(call, rows, "");
}

Reply show(Call& call) {
  return record_reply(
      contract_record(show_contract(call.db(), ContractRef{call.path("number"), call.query("vendor")})));
}

}  // namespace

void add_contract_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/contracts",
                    Capability::read,
                    "Contracts by end date, with days left and the notice deadline",
                    {"vendor", "team", "ending_within", "notice_due_within", "limit", "after"},
                    {},
                    list});
  routes.push_back({Method::get,
                    "/api/v1/contracts/{number}",
                    Capability::read,
                    "One contract with its terms and covered assets (vendor: when several have this number)",
                    {"vendor"},
                    {},
                    show});
}

}  // namespace tally::server
