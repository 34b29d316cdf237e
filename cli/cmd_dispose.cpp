#include "assets.hpp"
#include "bulk.hpp"
#include "context.hpp"
#include "disposal.hpp"
#include "error.hpp"

#include <memory>

namespace tally::cli {

namespace {

Table disposal_table(const std::vector<Disposal>& disposals) {
  Table table;
  table.columns = {{"tag", "tag"},
                   {"serial", "serial"},
                   {"model", "model"},
                   {"owner_team", "team"},
                   {"method", "method"},
                   {"disposed_on", "disposed on"},
                   {"recipient", "recipient"},
                   {"certificate", "certificate"},
                   {"wipe_method", "wipe"},
                   {"recorded_at", "recorded at", Align::left, false},
                   {"recorded_by", "recorded by", Align::left, false}};
  for (const auto& d : disposals) {
    table.rows.push_back(disposal_json(d));
  }
  return table;
}

}  // namespace

void setup_dispose(CLI::App& app, Registry& registry) {
  struct Options {
    BulkInput input;
    DisposalRequest request;
  };
  auto options = std::make_shared<Options>();
  CLI::App* dispose = app.add_subcommand(
      "dispose", "Dispose of assets for good with a record (method, date, recycler or buyer, certificate, data wipe)");
  dispose->footer(
      "\nExamples:\n"
      "  tally dispose AT-00000013 --method recycle --recycler \"GreenIT GmbH\" --certificate C-991 --wipe "
      "nist-800-88-purge\n"
      "  tally dispose --scan --method destroy --wipe physical-destroy < tags.txt   (all or nothing)\n"
      "Models that store data need --wipe. Installed, assigned, in-repair and in-RMA assets are refused.\n"
      "License seats of disposed assets are released.");
  add_bulk_input(*dispose, options->input, "Tags (or serials, barcodes, hostnames) to dispose of");
  dispose->add_option("--method", options->request.method, "recycle, destroy, resell or donate")
      ->required()
      ->check(CLI::IsMember({"recycle", "destroy", "resell", "donate"}));
  dispose->add_option("--date", options->request.date, "Date of disposal (default today)");
  dispose->add_option("--recycler,--buyer", options->request.recipient, "Who took it");
  dispose->add_option("--certificate", options->request.certificate, "Certificate number");
  dispose->add_option("--wipe", options->request.wipe, "Data wipe method, e.g. nist-800-88-purge or physical-destroy");
  registry.add(dispose, [options](Context& ctx) {
    BulkAction action;
    action.command = "dispose";
    action.nothing = "nothing was disposed";
    action.missing = "dispose: give the tags to dispose of, or --scan to read them from stdin";
    action.single_plain = false;
    action.key = [&ctx](const std::string& code) { return resolve_asset(ctx.db(), code).tag; };
    const auto codes = given_codes(options->input, action);
    check_disposal_request(options->request);
    ctx.print(disposal_table(for_each_code<Disposal>(ctx, action, codes, [&](const std::string& code) {
      return dispose_asset(ctx.db(), ctx.actor(), code, options->request);
    })));
  });

  CLI::App* noun = add_noun(app, "disposal", "The disposal log");
  auto since = std::make_shared<std::optional<std::string>>();
  CLI::App* list = add_verb(*noun, "list", "Every disposal, oldest first: the log an auditor asks for",
                            "tally disposal list --since 2026-01-01 --format csv");
  list->add_option("--since", *since, "Only disposals on or after this date");
  registry.add(list, [since](Context& ctx) { ctx.print(disposal_table(list_disposals(ctx.db(), *since))); });
}

}  // namespace tally::cli
