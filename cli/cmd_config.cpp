#include "context.hpp"
#include "forms.hpp"
#include "settings.hpp"

#include <memory>

namespace tally::cli {

void setup_config(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "config", "Settings of this database (tag prefix, default currency)");

  auto pair = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* set = add_verb(*noun, "set", "Set a value", "tally config set tag.prefix IT-");
  set->add_option("key", pair->first, "Setting name (see `tally config list`)")->required();
  set->add_option("value", pair->second, "New value")->required();
  registry.add(set, [pair](Context& ctx) {
    ctx.print(Record{setting_json(set_setting(ctx.db(), ctx.actor(), pair->first, pair->second)), {}});
  });

  auto key = std::make_shared<std::string>();
  CLI::App* get = add_verb(*noun, "get", "Print one value", "tally config get tag.prefix");
  get->add_option("key", *key, "Setting name")->required();
  registry.add(get, [key](Context& ctx) {
    for (const auto& s : list_settings(ctx.db())) {
      if (s.key == *key) {
        ctx.print(Record{setting_json(s), {}});
        return;
      }
    }
    get_setting(ctx.db(), *key);  // throws the unknown-key refusal
  });

  CLI::App* list = add_verb(*noun, "list", "List every setting with its value", "tally config list");
  registry.add(list, [](Context& ctx) {
    Table table;
    table.columns = {{"key", "key"}, {"value", "value"}, {"default", "default"}, {"description", "description"}};
    for (const auto& s : list_settings(ctx.db())) {
      table.rows.push_back(setting_json(s));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
