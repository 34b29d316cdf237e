// /api/v1/audits: the HTTP face of `tally audit ...` (cli/cmd_audit.cpp), over src/audits.cpp.
#include "audits.hpp"
#include "forms.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply start(Call& call) {
  return record_reply(Record{audit_json(start_audit(call.db(), call.actor().name, call.required_text("location"))), {}},
                      201);
}

Reply scan(Call& call) {
  Reply reply;
  reply.status = 201;
  reply.body =
      audit_scan_json(scan_audit(call.db(), call.actor().name, call.path("audit"), call.required_text("code")));
  return reply;
}

Reply finish(Call& call) {
  return record_reply(audit_record(finish_audit(call.db(), call.actor().name, call.path("audit"), call.flag("apply"))));
}

Reply show(Call& call) {
  return record_reply(audit_record(show_audit(call.db(), call.path("audit"))));
}

}  // namespace

void add_audit_routes(std::vector<Route>& routes) {
  routes.push_back({Method::post,
                    "/api/v1/audits",
                    Capability::handle,
                    "Start a physical audit of a location",
                    {},
                    {"location"},
                    start});
  routes.push_back({Method::post,
                    "/api/v1/audits/{audit}/scans",
                    Capability::handle,
                    "Record one scanned code in an audit",
                    {},
                    {"code"},
                    scan});
  routes.push_back({Method::post,
                    "/api/v1/audits/{audit}/finish",
                    Capability::handle,
                    "Finish an audit (apply: move unexpected assets here, mark missing ones lost)",
                    {},
                    {"apply"},
                    finish});
  routes.push_back({Method::get, "/api/v1/audits/{audit}", Capability::read, "An audit and its result", {}, {}, show});
}

}  // namespace tally::server
