#include "assets.hpp"
#include "context.hpp"
#include "rack_tests.hpp"

#include <memory>

namespace tally::cli {

void setup_test(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "test", "Hardware test results (memory, disk, power, burn-in, network)");

  struct RecordOptions {
    std::string asset, kind, result;
    std::optional<std::string> notes;
  };
  auto options = std::make_shared<RecordOptions>();
  CLI::App* record =
      add_verb(*noun, "record",
               "Record a test result; a failed test with no later pass of its kind blocks "
               "`tally rack install` (unless --force --reason)",
               "tally test record AT-00000017 --kind memory --result pass --notes \"memtest86 4 passes\"");
  record->add_option("asset", options->asset, "Tag, serial or external barcode")->required();
  record->add_option("--kind", options->kind, "memory, disk, power, burn-in or network")
      ->required()
      ->check(CLI::IsMember(test_kinds()));
  record->add_option("--result", options->result, "pass or fail")->required()->check(CLI::IsMember({"pass", "fail"}));
  record->add_option("--notes", options->notes, "What was run, what failed");
  registry.add(record, [options](Context& ctx) {
    const SetupRecord r =
        record_test(ctx.db(), ctx.actor(), options->asset, options->kind, options->result, options->notes);
    ctx.print(Record{test_record_json(r), {}});
  });

  auto list_asset = std::make_shared<std::string>();
  CLI::App* list = add_verb(*noun, "list", "Every test of an asset, newest first", "tally test list AT-00000017");
  list->add_option("asset", *list_asset, "Tag, serial or external barcode")->required();
  registry.add(list, [list_asset](Context& ctx) {
    Table table{test_columns(), {}, {}};
    for (const auto& r : asset_tests(ctx.db(), resolve_asset(ctx.db(), *list_asset).id, false)) {
      table.rows.push_back(test_record_json(r));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
