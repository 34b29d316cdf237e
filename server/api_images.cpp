// /api/v1/assets/{code}/images: the HTTP face of `tally image record/list` (cli/cmd_image.cpp), over
// src/rack_images.cpp.
#include "assets.hpp"
#include "forms.hpp"
#include "rack_images.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  Table table{image_columns(), {}, {}};
  for (const auto& r : asset_images(call.db(), resolve_asset(call.db(), call.path("code")).id, false)) {
    table.rows.push_back(image_record_json(r));
  }
  return table_reply(call, table, "");
}

Reply record(Call& call) {
  const SetupRecord r =
      record_image(call.db(), call.actor().name, call.path("code"), call.required_text("image"), call.text("version"));
  return record_reply(Record{image_record_json(r), {}}, 201);
}

}  // namespace

void add_image_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/assets/{code}/images",
                    Capability::read,
                    "Every image (OS, firmware) loaded onto an asset, newest first",
                    {"limit", "after"},
                    {},
                    list});
  routes.push_back({Method::post,
                    "/api/v1/assets/{code}/images",
                    Capability::service,
                    "Record an image loaded onto an asset",
                    {},
                    {"image", "version"},
                    record});
}

}  // namespace tally::server
