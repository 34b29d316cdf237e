// /api/v1/locations: the HTTP face of `tally location ...` (cli/cmd_location.cpp), over src/locations.cpp.
#include "locations.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  Json rows = Json::array();
  for (const auto& l : list_locations(call.db())) {
    rows.push_back(location_json(l));
  }
  return list_reply(call, rows, "code");
}

Reply add(Call& call) {
  NewLocation location;
  location.code = call.required_text("code");
  location.name = call.required_text("name");
  location.kind = call.optional_choice("kind", location_kinds());
  location.parent = call.text("parent");
  return record_reply(Record{location_json(add_location(call.db(), call.actor().name, location)), {}}, 201);
}

Reply set(Call& call) {
  LocationChange change;
  change.code = call.path("code");
  change.name = call.text("name");
  change.kind = call.optional_choice("kind", location_kinds());
  change.parent = call.text("parent");
  return record_reply(Record{location_json(set_location(call.db(), call.actor().name, change)), {}});
}

}  // namespace

void add_location_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/locations",
                    Capability::read,
                    "Every location, in tree order, with its path",
                    {"limit", "after"},
                    {},
                    list});
  routes.push_back({Method::post,
                    "/api/v1/locations",
                    Capability::administer,
                    "Add a location under a parent or as a new root",
                    {},
                    {"code", "name", "kind", "parent"},
                    add});
  routes.push_back({Method::post,
                    "/api/v1/locations/{code}/set",
                    Capability::administer,
                    "Rename a location, change its kind or move it under another parent (\"\" makes it a root)",
                    {},
                    {"name", "kind", "parent"},
                    set});
}

}  // namespace tally::server
