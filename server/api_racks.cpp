// /api/v1/racks: the HTTP face of `tally rack list/show` (cli/cmd_rack.cpp), over src/racks.cpp.
#include "forms.hpp"
#include "racks.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  Json rows = Json::array();
  for (const auto& view : list_racks(call.db(), call.query("location"))) {
    rows.push_back(rack_json(view));
  }
  return list_reply(call, rows, "rack");
}

// NAME, or LOCATION/NAME as two path segments.
std::string rack_code(Call& call, bool with_location) {
  return with_location ? call.path("location") + "/" + call.path("name") : call.path("name");
}

Handler show(bool with_location) {
  return [with_location](Call& call) {
    return record_reply(rack_record(show_rack(call.db(), rack_code(call, with_location))));
  };
}

Handler svg(bool with_location) {
  return [with_location](Call& call) {
    Reply reply;
    reply.raw = elevation_svg(show_rack(call.db(), rack_code(call, with_location)));
    reply.content_type = "image/svg+xml";
    return reply;
  };
}

}  // namespace

void add_rack_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/racks",
                    Capability::read,
                    "List racks with their use",
                    {"location", "limit", "after"},
                    {},
                    list});
  routes.push_back({Method::get,
                    "/api/v1/racks/{name}",
                    Capability::read,
                    "One rack (a name unique across locations) with its elevation and devices",
                    {},
                    {},
                    show(false)});
  routes.push_back({Method::get,
                    "/api/v1/racks/{location}/{name}",
                    Capability::read,
                    "One rack by location and name, as `tally rack show LOCATION/NAME`",
                    {},
                    {},
                    show(true)});
  routes.push_back({Method::get,
                    "/api/v1/racks/{location}/{name}/elevation.svg",
                    Capability::read,
                    "The rack's elevation drawing (SVG)",
                    {},
                    {},
                    svg(true)});
}

}  // namespace tally::server
