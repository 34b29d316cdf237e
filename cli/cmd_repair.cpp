#include "context.hpp"
#include "repairs.hpp"

#include <memory>

namespace tally::cli {

void setup_repair(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "repair", "In-house repairs: the asset is in_repair until the repair is closed");

  auto open_options = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* open =
      add_verb(*noun, "open", "Open a repair of an asset", "tally repair open AT-00000013 --reason \"PSU fan failed\"");
  open->add_option("asset", open_options->first, "Tag, serial or external barcode")->required();
  open->add_option("--reason", open_options->second, "What is wrong")->required();
  registry.add(open, [open_options](Context& ctx) {
    const Repair repair = open_repair(ctx.db(), ctx.actor(), open_options->first, open_options->second);
    Record record{repair_json(repair), {}};
    add_coverage(record, ctx.db(), repair.tag);  // so nobody pays for a covered repair
    ctx.print(record);
  });

  struct CloseOptions {
    std::string asset, outcome;
    std::optional<std::string> notes;
  };
  auto close_options = std::make_shared<CloseOptions>();
  CLI::App* close =
      add_verb(*noun, "close", "Close the asset's repair: fixed goes back in stock, unrepairable is retired",
               "tally repair close AT-00000013 --outcome fixed --notes \"replaced fan\"");
  close->add_option("asset", close_options->asset, "Tag, serial or external barcode")->required();
  close->add_option("--outcome", close_options->outcome, "fixed or unrepairable")
      ->required()
      ->check(CLI::IsMember({"fixed", "unrepairable"}));
  close->add_option("--notes", close_options->notes, "What was done");
  registry.add(close, [close_options](Context& ctx) {
    ctx.print(Record{repair_json(close_repair(ctx.db(), ctx.actor(), close_options->asset, close_options->outcome,
                                              close_options->notes)),
                     {}});
  });
}

}  // namespace tally::cli
