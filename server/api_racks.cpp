// /api/v1/racks: the HTTP face of `tally rack ...` (cli/cmd_rack.cpp), over src/racks.cpp and src/rack_placement.cpp.
#include "error.hpp"
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

Reply add(Call& call) {
  NewRack rack;
  rack.name = call.required_text("name");
  rack.location = call.required_text("location");
  rack.height_u = call.int_number("height");
  rack.starting_unit = call.int_number("starting_unit");
  rack.team = call.text("team");
  const Rack added = add_rack(call.db(), call.actor().name, rack);
  return record_reply(Record{rack_json(RackView{added, {}, 0, 0}), {}}, 201);
}

// The body of install and move: asset, rack, u (text "10.5" or a number), face, force, reason.
Installation installation_of(Call& call) {
  Installation in;
  in.asset = call.required_text("asset");
  in.rack = call.required_text("rack");
  const Json& body = call.body();
  if (body.contains("u") && body["u"].is_number_integer()) {
    in.u = std::to_string(body["u"].get<std::int64_t>());
  } else {
    in.u = call.text("u");
  }
  if (const auto face = call.optional_choice("face", {"front", "rear"})) {
    in.face = *face == "rear" ? Face::rear : Face::front;
  }
  in.force = call.flag("force");
  in.reason = call.text("reason");
  return in;
}

Reply install(Call& call) {
  return record_reply(Record{asset_json(install_asset(call.db(), call.actor().name, installation_of(call))), {}});
}

Reply move(Call& call) {
  return record_reply(Record{asset_json(move_in_rack(call.db(), call.actor().name, installation_of(call))), {}});
}

Reply remove(Call& call) {
  return record_reply(Record{
      asset_json(remove_from_rack(call.db(), call.actor().name, call.required_text("asset"), call.text("to"))), {}});
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
  routes.push_back({Method::post,
                    "/api/v1/racks",
                    Capability::service,
                    "Add a rack to a location (height default 42, starting_unit default 1)",
                    {},
                    {"name", "location", "height", "starting_unit", "team"},
                    add});
  routes.push_back({Method::post,
                    "/api/v1/racks/install",
                    Capability::service,
                    "Install an asset in a rack (NAME or LOCATION/NAME) at u, its lowest unit; it becomes deployed",
                    {},
                    {"asset", "rack", "u", "face", "force", "reason"},
                    install});
  routes.push_back({Method::post,
                    "/api/v1/racks/move",
                    Capability::service,
                    "Move an installed asset to another rack or position in one step",
                    {},
                    {"asset", "rack", "u", "face", "force", "reason"},
                    move});
  routes.push_back({Method::post,
                    "/api/v1/racks/remove",
                    Capability::service,
                    "Take an asset out of its rack (back to in_stock, at `to` or the rack's location)",
                    {},
                    {"asset", "to"},
                    remove});
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
