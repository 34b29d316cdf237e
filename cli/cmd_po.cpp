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
  CLI::App* verb = add_verb(noun, name, description, example);
  verb->add_option("po", request->po, "PO number")->required();
  verb->add_option("--reason", request->reason, "Why (kept in the history)");
  if (action == PoAction::approve) {
    verb->add_flag("--override", request->override_budget, "Approve despite a budget overrun (needs --reason)");
  }
  registry.add(verb, [request](Context& ctx) { ctx.print(po_record(transition_po(ctx.db(), ctx.actor(), *request))); });
}

}  // namespace

void setup_po(CLI::App& app, Registry& registry) {
  CLI::App* noun =
      add_noun(app, "po", "Purchase orders: draft, submit, approve against the budget, order, receive, close");

  auto new_po = std::make_shared<NewPurchaseOrder>();
  CLI::App* create = add_verb(*noun, "create", "Create a draft PO; prints its number (PO-YYYY-NNNN unless given)",
                              "tally po create --vendor Dell --team A-3 --currency USD");
  create->add_option("--vendor", new_po->vendor, "Supplier")->required();
  create->add_option("--team", new_po->team, "Requesting team (its budget pays)")->required();
  create->add_option("--number", new_po->number, "PO number (default: generated)");
  create->add_option("--currency", new_po->currency, "ISO 4217 currency (default: the `currency` setting)");
  add_number(*create, "--fy", new_po->fiscal_year, "Fiscal year it is charged to (default: this year)");
  registry.add(create, [new_po](Context& ctx) { ctx.print(po_record(create_po(ctx.db(), ctx.actor(), *new_po))); });

  auto line = std::make_shared<NewPoLine>();
  CLI::App* add_line =
      add_verb(*noun, "add-line", "Add a line (a model or a free description) to a draft PO",
               "tally po add-line PO-2026-0001 --model \"Dell PowerEdge R640\" --qty 4 --unit-cost 8450.00");
  add_line->add_option("po", line->po, "PO number")->required();
  auto* model = add_line->add_option("--model", line->model, "\"MANUFACTURER MODEL\" as in `tally model list`");
  auto* description = add_line->add_option("--description", line->description, "Free text for an item with no model");
  model->excludes(description);
  add_quantity(*add_line, "--qty", line->quantity, "Quantity", 1)->required();
  add_line->add_option("--unit-cost", line->unit_cost, "Unit cost, e.g. 1234.56")->required();
  add_line->add_option("--currency", line->currency, "Must be the PO's currency if given");
  registry.add(add_line, [line](Context& ctx) {
    const PoLine added = add_po_line(ctx.db(), ctx.actor(), *line);
    ctx.print(po_record(show_po(ctx.db(), line->po)));
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

  auto filter = std::make_shared<PoFilter>();
  CLI::App* list = add_verb(*noun, "list", "List POs", "tally po list --status ordered --team 1A");
  list->add_option("--status", filter->status, "Only POs in this status")->check(CLI::IsMember(po_statuses()));
  list->add_option("--team", filter->team, "Only this unit and the units below it");
  list->add_option("--vendor", filter->vendor, "Only this vendor");
  registry.add(list, [filter](Context& ctx) {
    Table table;
    table.columns = po_columns();
    for (const auto& po : list_pos(ctx.db(), *filter)) {
      table.rows.push_back(po_json(po));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
