#include "assets.hpp"
#include "context.hpp"

#include <memory>

namespace tally::cli {

namespace {

std::vector<Column> asset_columns() {
  return {{"tag", "tag"},
          {"serial", "serial"},
          {"manufacturer", "manufacturer"},
          {"model", "model"},
          {"category", "category", Align::left, false},
          {"status", "status"},
          {"location", "location"},
          {"owner_team", "team"},
          {"custodian", "custodian"},
          {"po", "po", Align::left, false},
          {"po_line", "po line", Align::left, false},
          {"cost", "cost", Align::left, false},
          {"currency", "currency", Align::left, false},
          {"received_on", "received", Align::left, false},
          {"warranty_ends", "warranty ends"}};
}

}  // namespace

void setup_asset(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "asset", "Assets: tagged physical units");

  auto code = std::make_shared<std::string>();
  CLI::App* show = add_verb(*noun, "show", "Show one asset by tag, or by serial or barcode when only one asset has it",
                            "tally asset show AT-00000017");
  show->add_option("asset", *code, "Tag, serial or external barcode")->required();
  registry.add(show, [code](Context& ctx) { ctx.print(Record{asset_json(resolve_asset(ctx.db(), *code)), {}}); });

  struct ListOptions {
    std::string status, team, location, po;
  };
  auto options = std::make_shared<ListOptions>();
  CLI::App* list = add_verb(*noun, "list", "List assets, optionally filtered",
                            "tally asset list --status in_stock --team 1A --location DC1");
  list->add_option("--status", options->status, "Only this status")->check(CLI::IsMember(asset_statuses()));
  list->add_option("--team", options->team, "Only assets owned by this unit or the units below it");
  list->add_option("--location", options->location, "Only assets at this location or below it");
  list->add_option("--po", options->po, "Only assets received on this PO");
  registry.add(list, [options, list](Context& ctx) {
    AssetFilter filter;
    filter.status = given(list, "--status", options->status);
    filter.team = given(list, "--team", options->team);
    filter.location = given(list, "--location", options->location);
    filter.po = given(list, "--po", options->po);
    Table table;
    table.columns = asset_columns();
    for (const auto& a : list_assets(ctx.db(), filter)) {
      table.rows.push_back(asset_json(a));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
