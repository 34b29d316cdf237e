#include "context.hpp"
#include "fields.hpp"
#include "models.hpp"

#include <memory>

namespace tally::cli {

void setup_field(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "field", "Custom fields of assets: typed (MAC address, RAM, IMEI, cost centre)");

  auto options = std::make_shared<NewField>();
  CLI::App* add = add_verb(*noun, "add",
                           "Define a custom field; with no --category and no --model it applies to every asset",
                           "tally field add ram_gb --type integer --label \"RAM (GB)\" --category server --category "
                           "laptop");
  add->add_option("name", options->name, "Name: lower-case letters, digits, '_' (ram_gb)")->required();
  add->add_option("--type", options->type, "Type")->required()->check(CLI::IsMember(field_types()));
  add->add_option("--label", options->label, "What a person reads, and a CSV header that maps to it (\"RAM (GB)\")");
  add->add_option("--choices", options->choices, "A choice field's values: a,b,c");
  add->add_option("--regex", options->regex, "A regular expression the whole value must match (ECMAScript)");
  add->add_flag("--unique", options->unique, "No two assets have the same value");
  add->add_option("--category", options->categories, "Applies to models of this category (repeatable)");
  add->add_option("--model", options->models, "Applies to this \"MANUFACTURER MODEL\" (repeatable)");
  registry.add(add, [options](Context& ctx) {
    ctx.print(Record{field_json(add_field(ctx.db(), ctx.actor(), *options)), {}});
  });

  CLI::App* list = add_verb(*noun, "list", "List custom fields", "tally field list --format json");
  registry.add(list, [](Context& ctx) {
    Table table;
    table.columns = field_columns();
    for (const auto& f : list_fields(ctx.db())) {
      table.rows.push_back(field_json(f));
    }
    ctx.print(table);
  });

  auto name = std::make_shared<std::string>();
  CLI::App* show = add_verb(*noun, "show", "Show one custom field by name or label", "tally field show ram_gb");
  show->add_option("name", *name, "Name or label")->required();
  registry.add(show, [name](Context& ctx) { ctx.print(Record{field_json(resolve_field(ctx.db(), *name)), {}}); });

  auto remove_name = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  CLI::App* remove = add_verb(*noun, "remove",
                              "Remove a custom field; refused while assets have values for it, unless --force",
                              "tally field remove ram_gb --force");
  remove->add_option("name", *remove_name, "Name or label")->required();
  remove->add_flag("--force", *force, "Remove the assets' values with it (the history keeps them)");
  registry.add(remove, [remove_name, force](Context& ctx) {
    ctx.print(Record{field_json(remove_field(ctx.db(), ctx.actor(), *remove_name, *force)), {}});
  });
}

}  // namespace tally::cli
