// /api/v1/log: the HTTP face of `tally log` (cli/cmd_log.cpp), over src/events.cpp.
#include "events.hpp"
#include "forms.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply log(Call& call) {
  EventFilter filter;
  filter.entity = call.query("entity");
  filter.entity_key = call.query("key");
  filter.since = call.query("since");
  if (const auto newest = call.query_number("newest", 1, 1000000000)) {
    filter.limit = static_cast<int>(*newest);
  }
  return table_reply(call, event_table(list_events(call.db(), filter)), "id");
}

}  // namespace

void add_log_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/log",
                    Capability::read,
                    "The history, oldest first (entity, key, since: as `tally log`; newest: its --limit)",
                    {"entity", "key", "since", "newest", "limit", "after"},
                    {},
                    log});
}

}  // namespace tally::server
