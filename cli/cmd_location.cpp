#include "context.hpp"
#include "locations.hpp"

#include <memory>

namespace tally::cli {

namespace {

std::string kind_help() {
  std::string kinds;
  for (const auto& k : location_kinds()) {
    kinds += (kinds.empty() ? "" : "|") + k;
  }
  return kinds;
}

}  // namespace

void setup_location(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "location", "Locations: sites, buildings, rooms, warehouses, cages, rows, bins");

  auto input = std::make_shared<NewLocation>();
  CLI::App* add = add_verb(*noun, "add", "Add a location, under a parent location or as a new root",
                           "tally location add DC1-H2 --name \"Hall 2\" --kind room --parent DC1");
  add->add_option("code", input->code, "Unique code: letters, digits, '.', '_', '-'")->required();
  add->add_option("--name", input->name, "Name for people")->required();
  add->add_option("--kind", input->kind, "Kind (default: site for a root, room under a parent)")
      ->check(CLI::IsMember(location_kinds()))
      ->option_text(kind_help());
  add->add_option("--parent", input->parent, "Code of the parent location");
  registry.add(add, [input](Context& ctx) {
    Record record;
    record.fields = location_json(add_location(ctx.db(), ctx.actor(), *input));
    ctx.print(record);
  });

  auto change = std::make_shared<LocationChange>();
  CLI::App* set = add_verb(*noun, "set", "Rename a location, change its kind, or move it under another parent",
                           "tally location set DC1-H2 --parent DC2   (--parent \"\" makes it a root)");
  set->add_option("code", change->code, "Code of the location to change")->required();
  set->add_option("--name", change->name, "New name");
  set->add_option("--kind", change->kind, "New kind")->check(CLI::IsMember(location_kinds()))->option_text(kind_help());
  set->add_option("--parent", change->parent, "New parent code; empty for none");
  registry.add(set, [change](Context& ctx) {
    Record record;
    record.fields = location_json(set_location(ctx.db(), ctx.actor(), *change));
    ctx.print(record);
  });

  CLI::App* list = add_verb(*noun, "list", "List every location as a tree", "tally location list --format csv");
  registry.add(list, [](Context& ctx) {
    const auto locations = list_locations(ctx.db());
    Table table;
    table.columns = {{"code", "code"},
                     {"name", "name"},
                     {"kind", "kind"},
                     {"parent", "parent", Align::left, false},
                     {"path", "path"}};
    for (const auto& l : locations) {
      table.rows.push_back(location_json(l));
      table.depth.push_back(l.depth);
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
