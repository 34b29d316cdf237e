// /api/v1/contracts: the HTTP face of `tally contract ...` (cli/cmd_contract.cpp), over src/contracts.cpp.
#include "contracts.hpp"
#include "error.hpp"
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

ContractRef ref_of(Call& call) {
  return ContractRef{call.path("number"), call.text("vendor")};
}

Reply add(Call& call) {
  NewContract contract;
  contract.number = call.required_text("number");
  contract.vendor = call.required_text("vendor");
  contract.kind = call.choice("kind", contract_kinds());
  contract.starts_on = call.required_text("starts_on");
  contract.ends_on = call.required_text("ends_on");
  contract.notice_days = call.number("notice_days").value_or(0);
  contract.auto_renew = call.flag("auto_renew");
  contract.sla = call.text("sla");
  contract.cost = call.text("cost");
  contract.period = call.optional_choice("period", contract_periods());
  contract.currency = call.text("currency");
  contract.team = call.text("team");
  contract.po = call.text("po");
  contract.notes = call.text("notes");
  return record_reply(contract_record(add_contract(call.db(), call.actor().name, contract)), 201);
}

// Exactly one of assets (a list; one code is one scan), po and rack, as `contract cover`.
Reply cover(Call& call) {
  const ContractRef ref = ref_of(call);
  const std::vector<std::string> assets = call.texts("assets");
  const auto po = call.text("po");
  const auto rack = call.text("rack");
  if ((assets.empty() ? 0 : 1) + (po ? 1 : 0) + (rack ? 1 : 0) != 1) {
    throw usage_error("contract cover: give exactly one of the body fields assets, po and rack");
  }
  const auto results = po     ? cover_po_assets(call.db(), call.actor().name, ref, *po)
                       : rack ? cover_rack_assets(call.db(), call.actor().name, ref, *rack)
                              : cover_assets(call.db(), call.actor().name, ref, assets);
  Table table;
  table.columns = cover_columns();
  for (const auto& r : results) {
    table.rows.push_back(cover_json(r));
  }
  Reply reply;
  reply.body = json_rows(table);
  return reply;
}

Reply uncover(Call& call) {
  const ContractRef ref = ref_of(call);
  const std::vector<std::string> assets = call.texts("assets");
  if (assets.empty()) {
    throw usage_error("body field assets is required");
  }
  return record_reply(contract_record(uncover_assets(call.db(), call.actor().name, ref, assets)));
}

Reply renew(Call& call) {
  ContractRenewal renewal;
  renewal.contract = ref_of(call);
  renewal.ends_on = call.required_text("ends_on");
  renewal.cost = call.text("cost");
  return record_reply(contract_record(renew_contract(call.db(), call.actor().name, renewal)));
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
  routes.push_back({Method::post,
                    "/api/v1/contracts",
                    Capability::purchase,
                    "Record a contract with its first term",
                    {},
                    {"number", "vendor", "kind", "starts_on", "ends_on", "notice_days", "auto_renew", "sla", "cost",
                     "period", "currency", "team", "po", "notes"},
                    add});
  routes.push_back(
      {Method::post,
       "/api/v1/contracts/{number}/cover",
       Capability::purchase,
       "Put assets under a contract: assets (all or nothing), every unit of a po, or every device in a rack",
       {},
       {"vendor", "assets", "po", "rack"},
       cover});
  routes.push_back({Method::post,
                    "/api/v1/contracts/{number}/uncover",
                    Capability::purchase,
                    "Take assets out of a contract",
                    {},
                    {"vendor", "assets"},
                    uncover});
  routes.push_back({Method::post,
                    "/api/v1/contracts/{number}/renew",
                    Capability::purchase,
                    "Renew a contract: a new term from the day after the current end to ends_on",
                    {},
                    {"vendor", "ends_on", "cost"},
                    renew});
}

}  // namespace tally::server
