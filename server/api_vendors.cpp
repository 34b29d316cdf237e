// /api/v1/vendors: the HTTP face of `tally vendor add/list` (cli/cmd_vendor.cpp), over src/vendors.cpp.
#include "routes.hpp"
#include "vendors.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  Json rows = Json::array();
  for (const auto& v : list_vendors(call.db())) {
    rows.push_back(vendor_json(v));
  }
  return list_reply(call, rows, "name");
}

Reply add(Call& call) {
  NewVendor vendor;
  vendor.name = call.required_text("name");
  vendor.supplier = call.flag("supplier");
  vendor.manufacturer = call.flag("manufacturer");
  vendor.email = call.text("email");
  vendor.phone = call.text("phone");
  vendor.url = call.text("url");
  return record_reply(Record{vendor_json(add_vendor(call.db(), call.actor().name, vendor)), {}}, 201);
}

}  // namespace

void add_vendor_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get, "/api/v1/vendors", Capability::read, "List vendors", {"limit", "after"}, {}, list});
  routes.push_back({Method::post,
                    "/api/v1/vendors",
                    Capability::purchase,
                    "Add a vendor (a supplier, a manufacturer, or both when neither is given)",
                    {},
                    {"name", "supplier", "manufacturer", "email", "phone", "url"},
                    add});
}

}  // namespace tally::server
