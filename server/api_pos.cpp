// /api/v1/pos: the HTTP face of `tally po ...` and `tally receive` (cli/cmd_po.cpp, cli/cmd_receive.cpp),
// over src/purchasing.cpp and src/receiving.cpp.
#include "error.hpp"
#include "forms.hpp"
#include "purchasing.hpp"
#include "receiving.hpp"
#include "routes.hpp"
#include "text.hpp"

namespace tally::server {

namespace {

constexpr std::int64_t k_max_line = 100000;

Reply list(Call& call) {
  PoFilter filter;
  filter.status = call.query("status");
  filter.team = call.query("team");
  filter.vendor = call.query("vendor");
  Json rows = Json::array();
  for (const auto& po : list_pos(call.db(), filter)) {
    rows.push_back(po_json(po));
  }
  return list_reply(call, rows, "number");
}

Reply show(Call& call) {
  return record_reply(po_record(show_po(call.db(), call.path("number"))));
}

Reply create(Call& call) {
  NewPurchaseOrder po;
  po.vendor = call.required_text("vendor");
  po.team = call.required_text("team");
  po.number = call.text("number");
  po.currency = call.text("currency");
  if (const auto fy = call.number("fiscal_year")) {
    check_bounded("fiscal_year", *fy, 1900, 9999);
    po.fiscal_year = static_cast<int>(*fy);
  }
  return record_reply(po_record(create_po(call.db(), call.actor().name, po)), 201);
}

Reply add_line(Call& call) {
  NewPoLine line;
  line.po = call.path("number");
  line.model = call.text("model");
  line.description = call.text("description");
  if (line.model && line.description) {
    throw usage_error("add line: give the body field model or description, not both");
  }
  const auto quantity = call.number("quantity");
  if (!quantity) {
    throw usage_error("body field quantity is required");
  }
  check_bounded("quantity", *quantity, 1, k_max_quantity);
  line.quantity = *quantity;
  line.unit_cost = call.required_text("unit_cost");
  line.currency = call.text("currency");
  add_po_line(call.db(), call.actor().name, line);
  return record_reply(po_record(show_po(call.db(), line.po)), 201);
}

Reply remove_line(Call& call) {
  const std::string po = call.path("number");
  remove_po_line(call.db(), call.actor().name, po, static_cast<int>(call.path_number("line", 1, k_max_line)));
  return record_reply(po_record(show_po(call.db(), po)));
}

Handler transition(PoAction action) {
  return [action](Call& call) {
    PoTransitionRequest request;
    request.po = call.path("number");
    request.action = action;
    request.reason = call.text("reason");
    request.override_budget = action == PoAction::approve && call.flag("override");
    return record_reply(po_record(transition_po(call.db(), call.actor().name, request)));
  };
}

ReceiveTarget target_of(Call& call) {
  ReceiveTarget target;
  target.po = call.path("number");
  target.line = static_cast<int>(call.path_number("line", 1, k_max_line));
  target.location = call.text("location");
  return target;
}

// One scanned code, as one line of `tally receive --scan`: the same Receiver.
Reply receive_scan(Call& call) {
  const std::string code = call.required_text("code");
  Receiver receiver(call.db(), call.actor().name, target_of(call));
  Reply reply;
  reply.status = 201;
  reply.body = unit_json(receiver.receive(code));
  return reply;
}

Reply receive_bulk_line(Call& call) {
  const auto quantity = call.number("quantity");
  if (!quantity) {
    throw usage_error("body field quantity is required");
  }
  check_bounded("quantity", *quantity, 1, k_max_quantity);
  return record_reply(bulk_receipt_record(receive_bulk(call.db(), call.actor().name, target_of(call), *quantity)), 201);
}

}  // namespace

void add_po_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/pos",
                    Capability::read,
                    "List POs (the filters of `tally po list`)",
                    {"status", "team", "vendor", "limit", "after"},
                    {},
                    list});
  routes.push_back({Method::post,
                    "/api/v1/pos",
                    Capability::purchase,
                    "Create a draft PO",
                    {},
                    {"vendor", "team", "number", "currency", "fiscal_year"},
                    create});
  routes.push_back({Method::get, "/api/v1/pos/{number}", Capability::read, "One PO with its lines", {}, {}, show});
  routes.push_back({Method::post,
                    "/api/v1/pos/{number}/lines",
                    Capability::purchase,
                    "Add a line to a draft PO",
                    {},
                    {"model", "description", "quantity", "unit_cost", "currency"},
                    add_line});
  routes.push_back({Method::post,
                    "/api/v1/pos/{number}/lines/{line}/remove",
                    Capability::purchase,
                    "Remove a line from a draft PO",
                    {},
                    {},
                    remove_line});
  const std::vector<std::tuple<std::string, PoAction, Capability, std::string>> moves = {
      {"submit", PoAction::submit, Capability::purchase, "Submit a draft PO for approval"},
      {"approve", PoAction::approve, Capability::approve,
       "Approve a submitted PO against the budget (never by its creator or submitter)"},
      {"reject", PoAction::reject, Capability::approve, "Send a submitted PO back to draft (reason)"},
      {"order", PoAction::order, Capability::purchase, "Mark an approved PO as ordered"},
      {"cancel", PoAction::cancel, Capability::purchase, "Cancel a PO before its first receipt"},
      {"close", PoAction::close, Capability::purchase, "Close a PO"},
      {"reopen", PoAction::reopen, Capability::purchase, "Reopen a closed PO with units outstanding (reason)"},
  };
  for (const auto& [verb, action, capability, summary] : moves) {
    std::vector<std::string> body = {"reason"};
    if (action == PoAction::approve) {
      body.push_back("override");
    }
    routes.push_back({Method::post, "/api/v1/pos/{number}/" + verb, capability, summary, {}, body, transition(action)});
  }
  Route scan{Method::post,
             "/api/v1/pos/{number}/lines/{line}/receive",
             Capability::handle,
             "Receive one scanned unit into a PO line (a serial or a GS1 string), as one line of `tally receive "
             "--scan`; honours Idempotency-Key",
             {},
             {"code", "location"},
             receive_scan};
  scan.idempotent = true;
  routes.push_back(scan);
  routes.push_back({Method::post,
                    "/api/v1/pos/{number}/lines/{line}/receive-bulk",
                    Capability::handle,
                    "Receive a count of a bulk line into stock at a location",
                    {},
                    {"quantity", "location"},
                    receive_bulk_line});
}

}  // namespace tally::server
