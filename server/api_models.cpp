// /api/v1/models: the HTTP face of `tally model add/list` (cli/cmd_model.cpp), over src/models.cpp.
#include "error.hpp"
#include "models.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  Json rows = Json::array();
  for (const auto& m : list_models(call.db())) {
    rows.push_back(model_json(m));
  }
  return list_reply(call, rows, "");
}

Reply add(Call& call) {
  NewModel model;
  model.manufacturer = call.required_text("manufacturer");
  model.name = call.required_text("model");
  model.category = call.choice("category", model_categories());
  model.part_number = call.text("part_number");
  model.gtin = call.text("gtin");
  model.u_height = call.text("u_height");
  if (call.flag("half_depth") && call.flag("full_depth")) {
    throw usage_error("model add: give the body field half_depth or full_depth, not both");
  }
  model.full_depth = !call.flag("half_depth");
  model.bulk = call.flag("bulk");
  model.stores_data = call.flag("stores_data");
  model.warranty_months = call.int_number("warranty_months").value_or(0);
  return record_reply(Record{model_json(add_model(call.db(), call.actor().name, model)), {}}, 201);
}

}  // namespace

void add_model_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get, "/api/v1/models", Capability::read, "List models", {"limit", "after"}, {}, list});
  routes.push_back({Method::post,
                    "/api/v1/models",
                    Capability::purchase,
                    "Add a model of a manufacturer (u_height as text: \"1\", \"0.5\")",
                    {},
                    {"manufacturer", "model", "category", "part_number", "gtin", "u_height", "full_depth", "half_depth",
                     "bulk", "stores_data", "warranty_months"},
                    add});
}

}  // namespace tally::server
