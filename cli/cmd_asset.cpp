#include "assets.hpp"
#include "bulk.hpp"
#include "checkouts.hpp"
#include "context.hpp"
#include "error.hpp"
#include "fields.hpp"
#include "find.hpp"
#include "forms.hpp"
#include "lifecycle.hpp"
#include "racks.hpp"

#include <algorithm>
#include <memory>

namespace tally::cli {

namespace {

// Registers a verb that takes a tag and prints the asset it changed.
CLI::App* add_asset_verb(CLI::App& noun, Registry& registry, const std::string& name, const std::string& description,
                         const std::string& example, std::shared_ptr<std::string> code,
                         std::function<Asset(Context&)> run) {
  CLI::App* verb = add_verb(noun, name, description, example);
  verb->add_option("asset", *code, "Tag, serial or external barcode")->required();
  registry.add(verb, [run](Context& ctx) { ctx.print(asset_record(run(ctx))); });
  return verb;
}

// A record with custom fields as the face prints it: a table shows them as a
// "Fields" section instead of the JSON object.
Record fields_for_face(Context& ctx, Record record, std::int64_t asset_id) {
  if (ctx.format() == Format::table && record.fields.contains("fields")) {
    record.fields.erase("fields");
    record.sections.insert(record.sections.begin(), {"fields", "Fields", asset_field_table(ctx.db(), asset_id)});
  }
  return record;
}

// The asset as its record with its custom fields (`asset add`, `asset set`).
Record asset_with_fields(Context& ctx, const Asset& asset) {
  Record record = asset_record(asset);
  add_asset_fields(record, ctx.db(), asset.id);
  return fields_for_face(ctx, std::move(record), asset.id);
}

// The bulk action of `tally asset VERB`: a code names an asset as
// resolve_asset says, and the same asset given twice is refused.
BulkAction asset_action(Context& ctx, const std::string& verb, const std::string& nothing) {
  BulkAction action;
  action.command = "asset " + verb;
  action.nothing = nothing;
  action.missing = "asset " + verb + ": give the tags (or serials, barcodes, hostnames), or --scan to read them";
  action.key = [&ctx](const std::string& code) { return resolve_asset(ctx.db(), code).tag; };
  return action;
}

// One asset as its record; several (or --scan) as a table, one row each.
void print_assets(Context& ctx, bool bulk, const std::vector<Asset>& assets) {
  if (!bulk) {
    ctx.print(asset_record(assets.front()));
    return;
  }
  Table table;
  table.columns = asset_columns();
  for (const auto& a : assets) {
    table.rows.push_back(asset_json(a));
  }
  ctx.print(table);
}

// Registers a verb that takes one or more codes (or --scan) and runs `run` on
// each, all or nothing in one transaction (cli/bulk.hpp).
CLI::App* add_bulk_asset_verb(CLI::App& noun, Registry& registry, const std::string& name,
                              const std::string& description, const std::string& example, const std::string& nothing,
                              std::function<Asset(Context&, const std::string&)> run) {
  CLI::App* verb = add_verb(noun, name, description, example);
  auto input = std::make_shared<BulkInput>();
  add_bulk_input(*verb, *input, "Tags, serials, external barcodes or hostnames (several: all or nothing)");
  registry.add(verb, [input, name, nothing, run](Context& ctx) {
    const BulkAction action = asset_action(ctx, name, nothing);
    const auto codes = given_codes(*input, action);
    print_assets(ctx, is_bulk(*input, codes),
                 for_each_code<Asset>(ctx, action, codes, [&](const std::string& code) { return run(ctx, code); }));
  });
  return verb;
}

}  // namespace

void setup_asset(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "asset", "Assets: tagged physical units");

  auto code = std::make_shared<std::string>();
  CLI::App* show = add_verb(*noun, "show", "Show one asset by tag, or by serial or barcode when only one asset has it",
                            "tally asset show AT-00000017");
  show->add_option("asset", *code, "Tag, serial or external barcode")->required();
  registry.add(show, [code](Context& ctx) {
    const Asset asset = resolve_asset(ctx.db(), *code);
    ctx.print(fields_for_face(ctx, asset_detail(ctx.db(), asset), asset.id));
  });

  auto edit = std::make_shared<AssetEdit>();
  CLI::App* set = add_verb(*noun, "set",
                           "Correct what was recorded: hostname, serial, model (same category), owning team, notes, "
                           "cost, received date, warranty end; one event with before and after",
                           "tally asset set AT-00000017 --serial CN7XK2Q1 --reason \"typo at receiving\"");
  set->add_option("asset", edit->code, "Tag, serial, external barcode or hostname")->required();
  set->add_option("--hostname", edit->hostname, "Host name (letters, digits, '-', dots)");
  set->add_option("--serial", edit->serial, "The right serial number");
  set->add_option("--model", edit->model, "\"MANUFACTURER MODEL\" of the same category");
  set->add_option("--team", edit->team, "Owning team");
  set->add_option("--notes", edit->notes, "Notes (\"\" clears them)");
  set->add_option("--cost", edit->cost, "Cost, e.g. 1234.56 (\"\" clears it)");
  set->add_option("--currency", edit->currency, "Currency of --cost (default: the asset's, else the setting)");
  set->add_option("--received", edit->received, "Date received, YYYY-MM-DD (\"\" clears it)");
  set->add_option("--warranty-ends", edit->warranty, "Last day of warranty, YYYY-MM-DD (\"\" clears it)");
  set->add_option("--reason", edit->reason, "Why (kept in the history)");
  set->add_option("--field", edit->fields, "Custom field NAME=VALUE (repeatable; NAME= clears it)");
  registry.add(set,
               [edit](Context& ctx) { ctx.print(asset_with_fields(ctx, edit_asset(ctx.db(), ctx.actor(), *edit))); });

  auto intake = std::make_shared<AssetIntake>();
  CLI::App* add = add_verb(
      *noun, "add", "Take in a unit that arrived without a PO (found, transferred); prints it with its new tag",
      "tally asset add --model \"Dell PowerEdge R640\" --serial 7XK2Q13 --team A-2 --location WH1");
  add->add_option("--model", intake->model, "\"MANUFACTURER MODEL\"")->required();
  add->add_option("--serial", intake->serial, "Serial number (optional: leave it out when the unit has none)");
  add->add_option("--team", intake->team, "Owning team");
  add->add_option("--location", intake->location, "Location code");
  add->add_option("--cost", intake->cost, "Cost, e.g. 1234.56");
  add->add_option("--currency", intake->currency, "Currency of --cost (default: the `currency` setting)");
  add->add_option("--received", intake->received, "Date it arrived, YYYY-MM-DD (default today)");
  add->add_option("--field", intake->fields, "Custom field NAME=VALUE (repeatable; see `tally field list`)");
  registry.add(
      add, [intake](Context& ctx) { ctx.print(asset_with_fields(ctx, add_asset(ctx.db(), ctx.actor(), *intake))); });

  auto move_to = std::make_shared<std::string>();
  CLI::App* move = add_bulk_asset_verb(
      *noun, registry, "move", "Move assets to another location (several, or --scan: all or nothing)",
      "tally asset move AT-00000013 AT-00000021 --to DC1-H1   (or: --scan --to DC1-H1 < tags.txt)", "nothing was moved",
      [move_to](Context& ctx, const std::string& given) { return move_asset(ctx.db(), ctx.actor(), given, *move_to); });
  move->add_option("--to", *move_to, "Location code")->required();

  auto assign_person = std::make_shared<std::string>();
  auto assign_team = std::make_shared<std::string>();
  CLI::App* assign = add_bulk_asset_verb(
      *noun, registry, "assign",
      "Give assets a custodian (--person; an asset in stock is checked out, without a due date) or a new owning "
      "team (--team) (several, or --scan: all or nothing)",
      "tally asset assign AT-00000013 --person ana.lopez", "nothing was assigned",
      [assign_person, assign_team](Context& ctx, const std::string& given) {
        auto nonempty = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
        return assign_asset(ctx.db(), ctx.actor(), given, nonempty(*assign_person), nonempty(*assign_team));
      });
  auto* person_option = assign->add_option("--person", *assign_person, "Username of the custodian");
  auto* team_option = assign->add_option("--team", *assign_team, "Code of the new owning team");
  person_option->excludes(team_option);

  auto unassign_code = std::make_shared<std::string>();
  add_asset_verb(*noun, registry, "unassign",
                 "Take an asset back from its custodian (a checked-out asset is checked in)",
                 "tally asset unassign AT-00000013", unassign_code,
                 [unassign_code](Context& ctx) { return unassign_asset(ctx.db(), ctx.actor(), *unassign_code); });

  auto checkout_terms = std::make_shared<CheckoutTerms>();
  CLI::App* checkout = add_bulk_asset_verb(
      *noun, registry, "checkout",
      "Lend assets in stock to a person: deployed, the person their custodian, the due date kept (several, or "
      "--scan: all or nothing)",
      "tally asset checkout AT-00000013 --person ana.lopez --due 2026-12-31", "nothing was checked out",
      [checkout_terms](Context& ctx, const std::string& given) {
        return checkout_asset(ctx.db(), ctx.actor(), given, *checkout_terms);
      });
  checkout->add_option("--person", checkout_terms->person, "Username of the borrower")->required();
  checkout->add_option("--due", checkout_terms->due, "Date it is due back, YYYY-MM-DD (today or later)");
  checkout->add_option("--note", checkout_terms->note, "Note kept with the check-out");

  auto checkin_terms = std::make_shared<CheckinTerms>();
  CLI::App* checkin = add_bulk_asset_verb(
      *noun, registry, "checkin",
      "Take checked-out assets back: in stock, no custodian, optionally at another location (several, or --scan: "
      "all or nothing)",
      "tally asset checkin AT-00000013 --to WH1 --condition \"scratched lid\"", "nothing was checked in",
      [checkin_terms](Context& ctx, const std::string& given) {
        return checkin_asset(ctx.db(), ctx.actor(), given, *checkin_terms);
      });
  checkin->add_option("--to", checkin_terms->to, "Location code to put it back at");
  checkin->add_option("--condition", checkin_terms->condition, "Condition it came back in (kept in the history)");

  // CLI11 cannot end a list of positionals with another one: the last word is the status.
  auto status_input = std::make_shared<BulkInput>();
  auto status_reason = std::make_shared<std::optional<std::string>>();
  CLI::App* set_status = add_verb(
      *noun, "set-status",
      "Move assets along their lifecycle (repairs, RMAs and disposal have their own commands); several, or --scan: "
      "all or nothing",
      "tally asset set-status AT-00000013 AT-00000021 staging --reason \"burn-in\"   (or: --scan retired < tags.txt)");
  add_bulk_input(*set_status, *status_input,
                 "Tags (or serials, barcodes, hostnames), then the new status: " + join(asset_statuses()))
      ->required()
      ->option_text("ASSET... STATUS");
  set_status->add_option("--reason", *status_reason, "Why (kept in the history)");
  registry.add(set_status, [status_input, status_reason](Context& ctx) {
    BulkInput input = *status_input;
    const std::string status = input.codes.back();
    input.codes.pop_back();
    const auto& statuses = asset_statuses();
    if (std::find(statuses.begin(), statuses.end(), status) == statuses.end()) {
      throw usage_error("asset set-status: the last word must be the new status, one of " + join(statuses) + "; got '" +
                        visible_text(status) + "'");
    }
    const BulkAction action = asset_action(ctx, "set-status", "nothing was changed");
    const auto codes = given_codes(input, action);
    print_assets(ctx, is_bulk(input, codes), for_each_code<Asset>(ctx, action, codes, [&](const std::string& given) {
                   return set_asset_status(ctx.db(), ctx.actor(), given, status, *status_reason);
                 }));
  });

  auto note_code = std::make_shared<std::string>();
  auto note_text = std::make_shared<std::string>();
  CLI::App* note =
      add_verb(*noun, "note", "Add a note to an asset's history", "tally asset note AT-00000013 \"fan noisy\"");
  note->add_option("asset", *note_code, "Tag, serial or external barcode")->required();
  note->add_option("text", *note_text, "The note")->required();
  registry.add(note, [note_code, note_text](Context& ctx) {
    ctx.print(asset_record(note_asset(ctx.db(), ctx.actor(), *note_code, *note_text)));
  });

  auto find_text = std::make_shared<std::string>();
  auto find_limit = std::make_shared<std::int64_t>(20);
  CLI::App* find = add_verb(*noun, "find",
                            "Find assets by part of a tag, serial, hostname, external barcode or notes "
                            "(case-insensitive), best matches first: an exact match, then one that starts with "
                            "TEXT, then one that holds it; among equals a tag before a serial, a hostname, a "
                            "barcode and the notes",
                            "tally asset find CN7XK2Q --limit 5");
  find->add_option("text", *find_text, "What to look for")->required();
  add_quantity(*find, "--limit", *find_limit, "At most this many assets (default 20)", 1, 10000);
  registry.add(find, [find_text, find_limit](Context& ctx) {
    Table table;
    table.columns = found_asset_columns();
    for (const auto& found : find_assets(ctx.db(), *find_text, *find_limit)) {
      table.rows.push_back(found_asset_json(found));
    }
    ctx.print(table);
  });

  auto history_code = std::make_shared<std::string>();
  CLI::App* history = add_verb(*noun, "history", "Every event of an asset, oldest first, with who and when",
                               "tally asset history AT-00000013 --format json");
  history->add_option("asset", *history_code, "Tag, serial or external barcode")->required();
  registry.add(history,
               [history_code](Context& ctx) { ctx.print(event_table(asset_history(ctx.db(), *history_code))); });

  auto options = std::make_shared<AssetFilter>();
  CLI::App* list = add_verb(
      *noun, "list", "List assets, optionally filtered",
      "tally asset list status:in_stock team:A-2 location:DC1 model~R640 'warranty<2027-01-01' -status:disposed");
  list->add_option("--status", options->status, "Only this status")->check(CLI::IsMember(asset_statuses()));
  list->add_option("--team", options->team, "Only assets owned by this unit or the units below it");
  list->add_option("--location", options->location, "Only assets at this location or below it");
  list->add_option("--po", options->po, "Only assets received on this PO");
  auto terms = add_filter_terms(*list,
                                "tag serial status model manufacturer category team location custodian po "
                                "hostname rack received warranty field.NAME");
  registry.add(list, [options, terms](Context& ctx) {
    AssetFilter filter = *options;
    filter.terms = *terms;
    TableWriter out = ctx.table_writer(asset_columns());
    for_each_asset(ctx.db(), filter, [&out](const Asset& a) { out.add(asset_json(a)); });
    out.finish();
  });
}

}  // namespace tally::cli
