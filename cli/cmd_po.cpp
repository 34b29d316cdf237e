#include "context.hpp"
#include "money.hpp"
#include "purchasing.hpp"

#include <memory>

namespace tally::cli {

namespace {

void add_transition(CLI::App& noun, Registry& registry, const std::string& name, PoAction action,
                    const std::string& description, const std::string& example) {
  auto request = std::make_shared<PoTransitionRequest>();
  request->action = action;
  auto reason = std::make_shared<std::string>();
  CLI::App* verb = add_verb(noun, name, description, example);
  verb->add_option("po", request->po, "PO number")->required();
  verb->add_option("--reason", *reason, "Why (kept in the history)");
  if (action == PoAction::approve) {
    verb->add_flag("--override", request->override_budget, "Approve despite a budget overrun (needs --reason)");
  }
  registry.add(verb, [request, reason, verb](Context& ctx) {
    PoTransitionRequest r = *request;
    r.reason = given(verb, "--reason", *reason);
    ctx.print(po_record(transition_po(ctx.db(), ctx.actor(), r)));
  });
}

}  // namespace

void setup_po(CLI::App& app, Registry& registry) {
  CLI::App* noun =
      add_noun(app, "po", "Purchase orders: draft, submit, approve against the budget, order, receive, close");

  struct CreateOptions {
    NewPurchaseOrder po;
    std::string number, currency;
    int fiscal_year = 0;
  };
  auto create_options = std::make_shared<CreateOptions>();
  CLI::App* create = add_verb(*noun, "create", "Create a draft PO; prints its number (PO-YYYY-NNNN unless given)",
                              "tally po create --vendor Dell --team A-3 --currency USD");
  create->add_option("--vendor", create_options->po.vendor, "Supplier")->required();
  create->add_option("--team", create_options->po.team, "Requesting team (its budget pays)")->required();
  create->add_option("--number", create_options->number, "PO number (default: generated)");
  create->add_option("--currency", create_options->currency, "ISO 4217 currency (default: the `currency` setting)");
  create->add_option("--fy", create_options->fiscal_year, "Fiscal year it is charged to (default: this year)");
  registry.add(create, [create_options, create](Context& ctx) {
    NewPurchaseOrder po = create_options->po;
    po.number = given(create, "--number", create_options->number);
    po.currency = given(create, "--currency", create_options->currency);
    if (create->count("--fy") > 0) {
      po.fiscal_year = create_options->fiscal_year;
    }
    ctx.print(po_record(create_po(ctx.db(), ctx.actor(), po)));
  });

  struct LineOptions {
    NewPoLine line;
    std::string model, description, currency;
  };
  auto line_options = std::make_shared<LineOptions>();
  CLI::App* add_line =
      add_verb(*noun, "add-line", "Add a line (a model or a free description) to a draft PO",
               "tally po add-line PO-2026-0001 --model \"Dell PowerEdge R640\" --qty 4 --unit-cost 8450.00");
  add_line->add_option("po", line_options->line.po, "PO number")->required();
  auto* model = add_line->add_option("--model", line_options->model, "\"MANUFACTURER MODEL\" as in `tally model list`");
  auto* description =
      add_line->add_option("--description", line_options->description, "Free text for an item with no model");
  model->excludes(description);
  add_quantity(*add_line, "--qty", line_options->line.quantity, "Quantity", 1)->required();
  add_line->add_option("--unit-cost", line_options->line.unit_cost, "Unit cost, e.g. 1234.56")->required();
  add_line->add_option("--currency", line_options->currency, "Must be the PO's currency if given");
  registry.add(add_line, [line_options, add_line](Context& ctx) {
    NewPoLine line = line_options->line;
    line.model = given(add_line, "--model", line_options->model);
    line.description = given(add_line, "--description", line_options->description);
    line.currency = given(add_line, "--currency", line_options->currency);
    const PoLine added = add_po_line(ctx.db(), ctx.actor(), line);
    ctx.print(po_record(show_po(ctx.db(), line.po)));
    (void)added;
  });

  auto remove_options = std::make_shared<std::pair<std::string, int>>();
  CLI::App* remove =
      add_verb(*noun, "remove-line", "Remove a line from a draft PO", "tally po remove-line PO-2026-0001 2");
  remove->add_option("po", remove_options->first, "PO number")->required();
  remove->add_option("line", remove_options->second, "Line number")->required();
  registry.add(remove, [remove_options](Context& ctx) {
    remove_po_line(ctx.db(), ctx.actor(), remove_options->first, remove_options->second);
    ctx.print(po_record(show_po(ctx.db(), remove_options->first)));
  });

  add_transition(*noun, registry, "submit", PoAction::submit, "Submit a draft for approval",
                 "tally po submit PO-2026-0001");
  add_transition(*noun, registry, "approve", PoAction::approve,
                 "Approve a submitted PO if it fits the team's budgets (and its parents')",
                 "tally po approve PO-2026-0001   (or --override --reason \"CFO signed off\")");
  add_transition(*noun, registry, "order", PoAction::order, "Mark an approved PO as sent to the vendor",
                 "tally po order PO-2026-0001");
  add_transition(*noun, registry, "cancel", PoAction::cancel, "Cancel a PO before anything was received",
                 "tally po cancel PO-2026-0001 --reason \"duplicate\"");
  add_transition(*noun, registry, "close", PoAction::close,
                 "Close a received PO, or short-close a partially received one",
                 "tally po close PO-2026-0001 --reason \"vendor cannot deliver the rest\"");
  add_transition(*noun, registry, "reopen", PoAction::reopen,
                 "Reopen a PO closed short when a late unit arrives (back to partially received; needs --reason)",
                 "tally po reopen PO-2026-0001 --reason \"the last unit arrived after all\"");
  add_transition(*noun, registry, "reject", PoAction::reject,
                 "Send a submitted PO back to its requester as a draft (needs --reason)",
                 "tally po reject PO-2026-0001 --reason \"split it by fiscal year\"");

  auto number = std::make_shared<std::string>();
  CLI::App* show =
      add_verb(*noun, "show", "Show a PO with its lines: ordered, received, outstanding", "tally po show PO-2026-0001");
  show->add_option("po", *number, "PO number")->required();
  registry.add(show, [number](Context& ctx) { ctx.print(po_record(show_po(ctx.db(), *number))); });

  struct ListOptions {
    std::string status, team, vendor;
  };
  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = add_verb(*noun, "list", "List POs", "tally po list --status ordered --team 1A");
  list->add_option("--status", list_options->status, "Only POs in this status")->check(CLI::IsMember(po_statuses()));
  list->add_option("--team", list_options->team, "Only this unit and the units below it");
  list->add_option("--vendor", list_options->vendor, "Only this vendor");
  registry.add(list, [list_options, list](Context& ctx) {
    PoFilter filter;
    filter.status = given(list, "--status", list_options->status);
    filter.team = given(list, "--team", list_options->team);
    filter.vendor = given(list, "--vendor", list_options->vendor);
    Table table;
    table.columns = po_columns();
    for (const auto& po : list_pos(ctx.db(), filter)) {
      table.rows.push_back(po_json(po));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
