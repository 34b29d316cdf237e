// /api/v1/stock: the HTTP face of `tally stock ...` (cli/cmd_stock.cpp), over src/stock_ledger.cpp,
// src/stock_counts.cpp, src/stock_reorder.cpp and src/stock_forms.cpp (the tables).
#include "error.hpp"
#include "forms.hpp"
#include "routes.hpp"
#include "stock.hpp"
#include "stock_forms.hpp"
#include "text.hpp"

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

Reply show(Call& call) {
  return record_reply(stock_show_record(show_stock(call.db(), call.query("model"), call.query("location"))));
}

// A movement verb answers its ledger rows as `stock_movement_table` (the CLI's table).
Reply movements(const std::vector<StockMovement>& rows, int status = 201) {
  Reply reply;
  reply.status = status;
  reply.body = json_rows(stock_movement_table(rows));
  return reply;
}

Reply issue(Call& call) {
  StockIssue request;
  request.model = call.required_text("model");
  request.quantity = call.required_number("quantity");
  request.from = call.required_text("from");
  const auto team = call.text("to_team");
  const auto person = call.text("to_person");
  const auto asset = call.text("to_asset");
  if ((team ? 1 : 0) + (person ? 1 : 0) + (asset ? 1 : 0) != 1) {
    throw usage_error("stock issue: give exactly one of the body fields to_team, to_person and to_asset");
  }
  request.target = team ? IssueTarget::team : person ? IssueTarget::person : IssueTarget::asset;
  request.to = team ? *team : person ? *person : *asset;
  request.reason = call.text("reason");
  return movements({issue_stock(call.db(), call.actor().name, request)});
}

Reply transfer(Call& call) {
  StockTransfer request;
  request.model = call.required_text("model");
  request.quantity = call.required_number("quantity");
  request.from = call.required_text("from");
  request.to = call.required_text("to");
  request.reason = call.text("reason");
  return movements(transfer_stock(call.db(), call.actor().name, request));
}

Reply give_back(Call& call) {
  StockReturn request;
  request.model = call.required_text("model");
  request.quantity = call.required_number("quantity");
  request.to = call.required_text("to");
  request.from_team = call.text("from_team");
  request.reason = call.text("reason");
  return movements({return_stock(call.db(), call.actor().name, request)});
}

Reply write_off(Call& call) {
  StockWriteOff request;
  request.model = call.required_text("model");
  request.quantity = call.required_number("quantity");
  request.at = call.required_text("at");
  request.reason = call.required_text("reason");
  return movements({write_off_stock(call.db(), call.actor().name, request)});
}

Reply history(Call& call) {
  StockHistoryFilter filter;
  const auto model = call.query("model");
  if (!model) {
    throw usage_error("query parameter model is required");
  }
  filter.model = *model;
  filter.location = call.query("location");
  filter.since = call.query("since");
  return table_reply(call, stock_movement_table(stock_history(call.db(), filter)), "");
}

Reply reorder(Call& call) {
  return table_reply(call, stock_level_table(reorder_suggestions(call.db(), call.query("location"))), "");
}

Reply reorder_po(Call& call) {
  const ReorderPo drafted = draft_reorder_po(call.db(), call.actor().name, call.text("location"),
                                             call.required_text("vendor"), call.required_text("team"));
  return record_reply(reorder_po_record(drafted), 201);
}

Reply reorder_point(Call& call) {
  ReorderSetting setting;
  setting.model = call.required_text("model");
  setting.location = call.required_text("location");
  setting.point = call.number("point");
  setting.quantity = call.number("quantity");
  const bool clear = call.flag("clear");
  if (clear && (setting.point || setting.quantity)) {
    throw usage_error("stock set-reorder: give the body field clear or point (and quantity), not both");
  }
  if (!clear && !setting.point) {
    throw usage_error("stock set-reorder: give the body field point (and quantity), or clear");
  }
  Reply reply;
  reply.body = json_rows(stock_level_table({set_reorder(call.db(), call.actor().name, setting)}));
  return reply;
}

Reply barcode(Call& call) {
  const std::string code = call.required_text("code");
  const std::string named = add_model_barcode(call.db(), call.actor().name, call.required_text("model"), code);
  return record_reply(Record{{{"model", named}, {"barcode", trim(code)}}, {}}, 201);
}

Reply start(Call& call) {
  return record_reply(
      Record{stock_count_json(start_count(call.db(), call.actor().name, call.required_text("location"))), {}}, 201);
}

Reply count_status(Call& call) {
  return record_reply(stock_count_record(preview_count(call.db(), call.path("location"))));
}

// A figure for a model (model + counted), or one scanned unit (code), as `stock count --model/--scan`.
Reply count_line(Call& call) {
  const auto code = call.text("code");
  const auto model = call.text("model");
  const auto counted = call.number("counted");
  StockCountLine line;
  if (code && !model && !counted) {
    line = scan_count(call.db(), call.actor().name, call.path("location"), *code);
  } else if (!code && model && counted) {
    line = record_count(call.db(), call.actor().name, call.path("location"), *model, *counted);
  } else {
    throw usage_error("stock count: give the body fields model and counted, or code (one scanned unit)");
  }
  Reply reply;
  reply.status = 201;
  reply.body = {{"model", line.model}, {"counted", line.counted}};
  return reply;
}

Reply finish(Call& call) {
  return record_reply(
      stock_count_record(finish_count(call.db(), call.actor().name, call.path("location"), call.flag("apply"))));
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
  routes.push_back({Method::get,
                    "/api/v1/stock/show",
                    Capability::read,
                    "On hand of a model per location, rolled up the location tree (`tally stock show`)",
                    {"model", "location"},
                    {},
                    show});
  routes.push_back({Method::post,
                    "/api/v1/stock/issue",
                    Capability::handle,
                    "Take units out of stock for a team, a person or an asset (exactly one of to_team, to_person, "
                    "to_asset)",
                    {},
                    {"model", "quantity", "from", "to_team", "to_person", "to_asset", "reason"},
                    issue});
  routes.push_back({Method::post,
                    "/api/v1/stock/transfer",
                    Capability::handle,
                    "Move units from one location to another (two ledger rows)",
                    {},
                    {"model", "quantity", "from", "to", "reason"},
                    transfer});
  routes.push_back({Method::post,
                    "/api/v1/stock/return",
                    Capability::handle,
                    "Put units back into stock",
                    {},
                    {"model", "quantity", "to", "from_team", "reason"},
                    give_back});
  routes.push_back({Method::post,
                    "/api/v1/stock/write-off",
                    Capability::handle,
                    "Remove broken, lost or scrapped units from stock (reason required)",
                    {},
                    {"model", "quantity", "at", "reason"},
                    write_off});
  routes.push_back({Method::get,
                    "/api/v1/stock/history",
                    Capability::read,
                    "The ledger of a model (model required), oldest first, with the balance at each row's location",
                    {"model", "location", "since", "limit", "after"},
                    {},
                    history});
  routes.push_back({Method::get,
                    "/api/v1/stock/reorder",
                    Capability::read,
                    "Every model and location at or below its reorder point, with the quantity to order",
                    {"location", "limit", "after"},
                    {},
                    reorder});
  routes.push_back({Method::post,
                    "/api/v1/stock/reorder",
                    Capability::purchase,
                    "Draft one PO with a line per model at or below its reorder point (`stock reorder --create-po`)",
                    {},
                    {"location", "vendor", "team"},
                    reorder_po});
  routes.push_back({Method::post,
                    "/api/v1/stock/reorder-points",
                    Capability::handle,
                    "Set the reorder point (and quantity) of a model at a location, or clear them",
                    {},
                    {"model", "location", "point", "quantity", "clear"},
                    reorder_point});
  routes.push_back({Method::post,
                    "/api/v1/stock/barcodes",
                    Capability::handle,
                    "Give a model a barcode so that a scan of the box counts it",
                    {},
                    {"model", "code"},
                    barcode});
  routes.push_back({Method::post,
                    "/api/v1/stock/counts",
                    Capability::handle,
                    "Start a cycle count of the stock held at a location",
                    {},
                    {"location"},
                    start});
  routes.push_back({Method::get,
                    "/api/v1/stock/counts/{location}",
                    Capability::handle,
                    "The running count of a location: expected against counted so far (`stock count --status`)",
                    {},
                    {},
                    count_status});
  routes.push_back({Method::post,
                    "/api/v1/stock/counts/{location}/lines",
                    Capability::handle,
                    "Record a figure (model, counted) or one scanned unit (code) in the running count",
                    {},
                    {"model", "counted", "code"},
                    count_line});
  routes.push_back({Method::post,
                    "/api/v1/stock/counts/{location}/finish",
                    Capability::handle,
                    "End the count: expected against counted; apply=true writes the differences to the ledger",
                    {},
                    {"apply"},
                    finish});
}

}  // namespace tally::server
