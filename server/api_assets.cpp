// /api/v1/assets: the HTTP face of `tally asset ...` (cli/cmd_asset.cpp), over src/assets.cpp and src/lifecycle.cpp.
#include "assets.hpp"
#include "error.hpp"
#include "fields.hpp"
#include "forms.hpp"
#include "lifecycle.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

// The asset's record with its custom fields, as `asset add` and `asset set` print it.
Record with_fields(Call& call, const Asset& asset) {
  Record record = asset_record(asset);
  add_asset_fields(record, call.db(), asset.id);
  return record;
}

Reply list(Call& call) {
  AssetFilter filter;
  filter.status = call.query("status");
  filter.team = call.query("team");
  filter.location = call.query("location");
  filter.po = call.query("po");
  filter.terms = call.query_all("q");
  Json rows = Json::array();
  for (const auto& a : list_assets(call.db(), filter)) {
    rows.push_back(asset_json(a));
  }
  return list_reply(call, rows, "tag");
}

Reply show(Call& call) {
  return record_reply(asset_detail(call.db(), resolve_asset(call.db(), call.path("code"))));
}

Reply history(Call& call) {
  return table_reply(call, event_table(asset_history(call.db(), call.path("code"))), "id");
}

Reply add(Call& call) {
  AssetIntake intake;
  intake.model = call.required_text("model");
  intake.serial = call.text("serial");
  intake.team = call.text("team");
  intake.location = call.text("location");
  intake.cost = call.text("cost");
  intake.currency = call.text("currency");
  intake.received = call.text("received");
  intake.fields = call.texts("field");
  return record_reply(with_fields(call, add_asset(call.db(), call.actor().name, intake)), 201);
}

Reply set(Call& call) {
  AssetEdit edit;
  edit.code = call.path("code");
  edit.hostname = call.text("hostname");
  edit.serial = call.text("serial");
  edit.model = call.text("model");
  edit.team = call.text("team");
  edit.notes = call.text("notes");
  edit.cost = call.text("cost");
  edit.currency = call.text("currency");
  edit.received = call.text("received");
  edit.warranty = call.text("warranty_ends");
  edit.reason = call.text("reason");
  edit.fields = call.texts("field");
  return record_reply(with_fields(call, edit_asset(call.db(), call.actor().name, edit)));
}

Reply move(Call& call) {
  return record_reply(
      asset_record(move_asset(call.db(), call.actor().name, call.path("code"), call.required_text("to"))));
}

Reply set_status(Call& call) {
  return record_reply(asset_record(set_asset_status(call.db(), call.actor().name, call.path("code"),
                                                    call.required_text("status"), call.text("reason"))));
}

Reply note(Call& call) {
  return record_reply(
      asset_record(note_asset(call.db(), call.actor().name, call.path("code"), call.required_text("text"))));
}

Reply assign(Call& call) {
  if (call.text("person").has_value() == call.text("team").has_value()) {
    throw usage_error("assign: give exactly one of the body fields person and team");
  }
  return record_reply(asset_record(
      assign_asset(call.db(), call.actor().name, call.path("code"), call.text("person"), call.text("team"))));
}

Reply unassign(Call& call) {
  return record_reply(asset_record(unassign_asset(call.db(), call.actor().name, call.path("code"))));
}

}  // namespace

void add_asset_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/assets",
                    Capability::read,
                    "List assets (the filters of `tally asset list`; q: a filter term, repeatable)",
                    {"status", "team", "location", "po", "q", "limit", "after"},
                    {},
                    list});
  routes.push_back({Method::post,
                    "/api/v1/assets",
                    Capability::handle,
                    "Take in a unit that arrived without a PO; answers it with its new tag",
                    {},
                    {"model", "serial", "team", "location", "cost", "currency", "received", "field"},
                    add});
  routes.push_back({Method::get,
                    "/api/v1/assets/{code}",
                    Capability::read,
                    "One asset by tag, serial, barcode or host name, as `tally asset show`",
                    {},
                    {},
                    show});
  routes.push_back({Method::get,
                    "/api/v1/assets/{code}/history",
                    Capability::read,
                    "Every event of an asset",
                    {"limit", "after"},
                    {},
                    history});
  routes.push_back({Method::post,
                    "/api/v1/assets/{code}/move",
                    Capability::handle,
                    "Move an asset to a location",
                    {},
                    {"to"},
                    move});
  routes.push_back({Method::post,
                    "/api/v1/assets/{code}/assign",
                    Capability::handle,
                    "Give an asset a custodian (person) or an owning team",
                    {},
                    {"person", "team"},
                    assign});
  routes.push_back({Method::post,
                    "/api/v1/assets/{code}/unassign",
                    Capability::handle,
                    "Take an asset back from its custodian",
                    {},
                    {},
                    unassign});
  routes.push_back({Method::post,
                    "/api/v1/assets/{code}/status",
                    Capability::service,
                    "Move an asset along its lifecycle",
                    {},
                    {"status", "reason"},
                    set_status});
  routes.push_back(
      {Method::post,
       "/api/v1/assets/{code}/set",
       Capability::handle,
       "Correct what was recorded (\"\" clears notes, cost, received, warranty_ends); one event",
       {},
       {"hostname", "serial", "model", "team", "notes", "cost", "currency", "received", "warranty_ends", "reason",
        "field"},
       set});
  routes.push_back({Method::post,
                    "/api/v1/assets/{code}/notes",
                    Capability::handle,
                    "Add a note to an asset's history",
                    {},
                    {"text"},
                    note});
}

}  // namespace tally::server
