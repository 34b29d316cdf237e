// /api/v1/repairs and /api/v1/rmas: the HTTP face of `tally repair ...` and `tally rma ...`
// (cli/cmd_repair.cpp, cli/cmd_rma.cpp), over src/repairs.cpp.
#include "forms.hpp"
#include "repairs.hpp"
#include "rma.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply open_repair_route(Call& call) {
  const Repair repair =
      open_repair(call.db(), call.actor().name, call.required_text("asset"), call.required_text("reason"));
  Record record{repair_json(repair), {}};
  add_coverage(record, call.db(), repair.tag);
  return record_reply(record, 201);
}

Reply close_repair_route(Call& call) {
  const std::string outcome = call.choice("outcome", {"fixed", "unrepairable"});
  return record_reply(Record{
      repair_json(close_repair(call.db(), call.actor().name, call.path("asset"), outcome, call.text("notes"))), {}});
}

Reply list_rmas_route(Call& call) {
  RmaFilter filter;
  filter.open_only = call.query_flag("open");
  filter.vendor = call.query("vendor");
  if (const auto days = call.query_number("older_than", 0, 100000)) {
    filter.older_than_days = static_cast<int>(*days);
  }
  Json rows = Json::array();
  for (const auto& r : list_rmas(call.db(), filter)) {
    rows.push_back(rma_json(r));
  }
  return list_reply(call, rows, "id");
}

Reply show_rma_route(Call& call) {
  return record_reply(Record{rma_json(show_rma(call.db(), call.path("rma"))), {}});
}

Reply open_rma_route(Call& call) {
  const Rma rma = open_rma(call.db(), call.actor().name, call.required_text("asset"), call.required_text("vendor"),
                           call.required_text("reason"), call.text("vendor_rma"));
  Record record{rma_json(rma), {}};
  add_coverage(record, call.db(), rma.tag);
  return record_reply(record, 201);
}

Reply ship_rma_route(Call& call) {
  return record_reply(Record{
      rma_json(ship_rma(call.db(), call.actor().name, call.path("rma"), call.text("tracking"), call.text("date"))),
      {}});
}

Reply resolve_rma_route(Call& call) {
  RmaResolution r;
  r.rma = call.path("rma");
  r.outcome = call.choice("outcome", {"repaired", "replaced", "refunded", "rejected"});
  r.replacement_serial = call.text("replacement_serial");
  r.refund = call.text("refund");
  r.date = call.text("date");
  return record_reply(Record{rma_json(resolve_rma(call.db(), call.actor().name, r)), {}});
}

}  // namespace

void add_repair_routes(std::vector<Route>& routes) {
  routes.push_back({Method::post,
                    "/api/v1/repairs",
                    Capability::service,
                    "Open an in-house repair of an asset",
                    {},
                    {"asset", "reason"},
                    open_repair_route});
  routes.push_back({Method::post,
                    "/api/v1/repairs/{asset}/close",
                    Capability::service,
                    "Close the asset's repair (fixed or unrepairable)",
                    {},
                    {"outcome", "notes"},
                    close_repair_route});
  routes.push_back({Method::get,
                    "/api/v1/rmas",
                    Capability::read,
                    "List RMAs (open=true, vendor, older_than days)",
                    {"open", "vendor", "older_than", "limit", "after"},
                    {},
                    list_rmas_route});
  routes.push_back({Method::post,
                    "/api/v1/rmas",
                    Capability::service,
                    "Open an RMA",
                    {},
                    {"asset", "vendor", "reason", "vendor_rma"},
                    open_rma_route});
  routes.push_back({Method::get, "/api/v1/rmas/{rma}", Capability::read, "One RMA", {}, {}, show_rma_route});
  routes.push_back({Method::post,
                    "/api/v1/rmas/{rma}/ship",
                    Capability::service,
                    "Record that the unit was shipped",
                    {},
                    {"tracking", "date"},
                    ship_rma_route});
  routes.push_back({Method::post,
                    "/api/v1/rmas/{rma}/resolve",
                    Capability::service,
                    "Resolve an RMA",
                    {},
                    {"outcome", "replacement_serial", "refund", "date"},
                    resolve_rma_route});
}

}  // namespace tally::server
