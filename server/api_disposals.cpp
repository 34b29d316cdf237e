// /api/v1/disposals: the HTTP face of `tally dispose` and `tally disposal list` (cli/cmd_dispose.cpp),
// over src/disposal.cpp.
#include "disposal.hpp"
#include "error.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Json disposal_rows(const std::vector<Disposal>& disposals) {
  Json rows = Json::array();
  for (const auto& d : disposals) {
    rows.push_back(disposal_json(d));
  }
  return rows;
}

Reply list(Call& call) {
  return list_reply(call, disposal_rows(list_disposals(call.db(), call.query("since"))), "tag");
}

Reply dispose(Call& call) {
  DisposalRequest request;
  request.method = call.choice("method", {"recycle", "destroy", "resell", "donate"});
  request.date = call.text("date");
  request.recipient = call.text("recipient");
  request.certificate = call.text("certificate");
  request.wipe = call.text("wipe");
  const std::vector<std::string> codes = call.texts("assets");
  if (codes.empty()) {
    throw usage_error("dispose: give the tags to dispose of in the body field assets");
  }
  Reply reply;
  reply.status = 201;
  reply.body = {{"items", disposal_rows(dispose_assets(call.db(), call.actor().name, codes, request))},
                {"next", Json()}};
  return reply;
}

}  // namespace

void add_disposal_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/disposals",
                    Capability::read,
                    "The disposal log, oldest first",
                    {"since", "limit", "after"},
                    {},
                    list});
  routes.push_back({Method::post,
                    "/api/v1/disposals",
                    Capability::service,
                    "Dispose of assets for good, all or nothing",
                    {},
                    {"assets", "method", "date", "recipient", "certificate", "wipe"},
                    dispose});
}

}  // namespace tally::server
