#include "scan.hpp"
#include "context.hpp"

#include <memory>

namespace tally::cli {

void setup_scan(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "scan", "Read barcodes from photos and scans");
  auto images = std::make_shared<std::vector<std::string>>();
  CLI::App* decode = add_verb(*noun, "decode",
                              "Print every barcode found in PNG or JPEG images with its symbology and what it is in "
                              "Tally (asset, model or unknown)",
                              "tally scan decode rack-front.jpg label.png");
  decode->add_option("image", *images, "PNG or JPEG files")->required();
  registry.add(decode, [images](Context& ctx) {
    // Read every image before printing anything: one bad file refuses the command.
    std::vector<std::vector<FoundBarcode>> found;
    for (const auto& image : *images) {
      found.push_back(decode_image(image));
    }
    Table table{{{"image", "image"},
                 {"symbology", "symbology"},
                 {"code", "code"},
                 {"kind", "is"},
                 {"tag", "tag"},
                 {"model", "model"},
                 {"serial", "serial"},
                 {"status", "status"}},
                {},
                {}};
    auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(); };
    for (std::size_t i = 0; i < images->size(); ++i) {
      if (found[i].empty()) {
        ctx.note((*images)[i] + ": no barcode found");
      }
      for (const auto& barcode : found[i]) {
        const CodeMeaning meaning = resolve_code(ctx.db(), barcode.code);
        table.rows.push_back({{"image", (*images)[i]},
                              {"symbology", barcode.symbology},
                              {"code", barcode.code},
                              {"kind", meaning.kind},
                              {"tag", opt(meaning.tag)},
                              {"model", opt(meaning.model)},
                              {"serial", opt(meaning.serial)},
                              {"status", opt(meaning.status)}});
      }
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
