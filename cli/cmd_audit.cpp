#include "audits.hpp"
#include "context.hpp"
#include "error.hpp"
#include "scan.hpp"
#include "scan_answers.hpp"

#include <memory>

namespace tally::cli {

namespace {

std::vector<Column> scan_columns() {
  return {{"code", "code"},
          {"tag", "tag"},
          {"location", "recorded at"},
          {"known", "known"},
          {"expected", "expected here"},
          {"repeated", "repeated"},
          {"hint", "hint", Align::left, false}};  // the hint is in the terminal sentence, CSV and JSON
}

}  // namespace

void setup_audit(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "audit", "Physical audits (stocktakes): scan what is there, compare with the records");

  auto location = std::make_shared<std::string>();
  CLI::App* start = add_verb(*noun, "start", "Start an audit of a location and everything below it; prints its id",
                             "tally audit start DC1-H1");
  start->add_option("location", *location, "Location code")->required();
  registry.add(start, [location](Context& ctx) {
    ctx.print(Record{audit_json(start_audit(ctx.db(), ctx.actor(), *location)), {}});
  });

  struct ScanOptions {
    std::string audit;
    std::vector<std::string> codes;
    std::vector<std::string> images;
    bool scan = false;
  };
  auto scan_options = std::make_shared<ScanOptions>();
  CLI::App* scan = add_verb(*noun, "scan",
                            "Record scanned codes (tags, serials, barcodes, GS1); each is answered with the asset and "
                            "whether it is expected here. Repeats are noted; unknown codes are kept",
                            "tally audit scan AUD-00001 --scan   (or: tally audit scan AUD-00001 AT-00000013 SN77)");
  scan->add_option("audit", scan_options->audit, "Audit id")->required();
  auto* codes = scan->add_option("code", scan_options->codes, "Codes scanned");
  auto* from_stdin = scan->add_flag("--scan", scan_options->scan, "Read codes from stdin until EOF or an empty line");
  auto* images = scan->add_option("--image", scan_options->images,
                                  "Photos (PNG, JPEG): every barcode found in them is scanned, in the order found");
  codes->excludes(from_stdin);
  images->excludes(from_stdin);
  registry.add(scan, [scan_options](Context& ctx) {
    const auto columns = scan_columns();
    int answered = 0;
    auto one = [&](const std::string& code) {
      const AuditScan answer = scan_audit(ctx.db(), ctx.actor(), scan_options->audit, code);
      answer_scan(ctx, columns, audit_scan_json(answer), audit_sentence(answer), answered++ == 0);
    };
    if (!scan_options->scan) {
      if (scan_options->codes.empty() && scan_options->images.empty()) {
        throw usage_error("audit scan: give codes, --image PHOTO, or --scan to read them from stdin");
      }
      // Read every photo before recording anything: an unreadable one, or one
      // with no barcode, refuses the command.
      std::vector<std::string> found;
      for (const auto& image : scan_options->images) {
        const auto barcodes = decode_image(image);
        if (barcodes.empty()) {
          throw refused("audit scan: no barcode found in " + image + "; nothing was recorded");
        }
        for (const auto& barcode : barcodes) {
          found.push_back(barcode.code);
        }
      }
      for (const auto& code : scan_options->codes) {
        one(code);
      }
      for (const auto& code : found) {
        one(code);
      }
      return;
    }
    const int refused_count = ctx.scan_stdin(one);
    if (refused_count > 0) {
      throw Error(ErrorKind::refused, "audit scan: some lines were refused (see above)");
    }
  });

  struct FinishOptions {
    std::string audit;
    bool apply = false;
  };
  auto finish_options = std::make_shared<FinishOptions>();
  CLI::App* finish = add_verb(*noun, "finish",
                              "Finish an audit and print found, missing, unexpected and unknown; --apply moves "
                              "unexpected assets here and marks missing ones lost",
                              "tally audit finish AUD-00001 --apply");
  finish->add_option("audit", finish_options->audit, "Audit id")->required();
  finish->add_flag("--apply", finish_options->apply, "Move unexpected assets here and mark missing ones lost");
  registry.add(finish, [finish_options](Context& ctx) {
    ctx.print(audit_record(finish_audit(ctx.db(), ctx.actor(), finish_options->audit, finish_options->apply)));
  });

  auto show_id = std::make_shared<std::string>();
  CLI::App* show = add_verb(*noun, "show", "Print an audit's result again (or, while open, what it would be now)",
                            "tally audit show AUD-00001 --format json");
  show->add_option("audit", *show_id, "Audit id")->required();
  registry.add(show, [show_id](Context& ctx) { ctx.print(audit_record(show_audit(ctx.db(), *show_id))); });
}

}  // namespace tally::cli
