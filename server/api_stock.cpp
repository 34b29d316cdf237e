// /api/v1/stock: the HTTP face of `tally stock list` (cli/cmd_stock.cpp), over
// src/stock_reorder.cpp (list_stock) and src/stock_forms.cpp (the table).
#include "routes.hpp"
#include "stock.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  StockFilter filter;
  filter.model = call.query("model");
  filter.location = call.query("location");
  filter.below_reorder = call.query_flag("below_reorder");
  Json rows = Json::array();
  for (const auto& l : list_stock(call.db(), filter)) {
    rows.push_back(stock_level_json(l));
  }
  return list_reply(call, rows, "");
}

}  // namespace

void add_stock_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/stock",
                    Capability::read,
                    "Stock levels by model and location",
                    {"model", "location", "below_reorder", "limit", "after"},
                    {},
                    list});
}

}  // namespace tally::server
