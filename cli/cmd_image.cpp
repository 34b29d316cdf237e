#include "assets.hpp"
#include "context.hpp"
#include "rack_images.hpp"

#include <memory>
#include <optional>

namespace tally::cli {

void setup_image(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "image", "OS images and firmware loaded onto assets");

  struct RecordOptions {
    std::string asset, image;
    std::optional<std::string> version;
  };
  auto options = std::make_shared<RecordOptions>();
  CLI::App* record = add_verb(*noun, "record", "Record an image (OS, firmware) loaded onto an asset",
                              "tally image record AT-00000017 --image debian-12-base --version 2026.11");
  record->add_option("asset", options->asset, "Tag, serial or external barcode")->required();
  record->add_option("--image", options->image, "Image name")->required();
  record->add_option("--version", options->version, "Image version");
  registry.add(record, [options](Context& ctx) {
    const SetupRecord r = record_image(ctx.db(), ctx.actor(), options->asset, options->image, options->version);
    ctx.print(Record{image_record_json(r), {}});
  });

  auto list_asset = std::make_shared<std::string>();
  CLI::App* list =
      add_verb(*noun, "list", "Every image loaded onto an asset, newest first", "tally image list AT-00000017");
  list->add_option("asset", *list_asset, "Tag, serial or external barcode")->required();
  registry.add(list, [list_asset](Context& ctx) {
    Table table{image_columns(), {}, {}};
    for (const auto& r : asset_images(ctx.db(), resolve_asset(ctx.db(), *list_asset).id, false)) {
      table.rows.push_back(image_record_json(r));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
