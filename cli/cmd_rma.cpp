#include "context.hpp"
#include "rma.hpp"

#include <memory>

namespace tally::cli {

namespace {

Table rma_table(const std::vector<Rma>& rmas) {
  Table table;
  table.columns = {{"id", "id"},
                   {"tag", "tag"},
                   {"serial", "serial", Align::left, false},
                   {"model", "model"},
                   {"vendor", "vendor"},
                   {"vendor_rma", "vendor rma"},
                   {"reason", "reason", Align::left, false},
                   {"status", "status"},
                   {"opened_on", "opened"},
                   {"shipped_on", "shipped", Align::left, false},
                   {"tracking", "tracking", Align::left, false},
                   {"resolved_on", "resolved", Align::left, false},
                   {"outcome", "outcome"},
                   {"replacement", "replacement", Align::left, false},
                   {"refund", "refund", Align::left, false},
                   {"refund_currency", "refund currency", Align::left, false},
                   {"days_open", "days open", Align::right}};
  for (const auto& r : rmas) {
    table.rows.push_back(rma_json(r));
  }
  return table;
}

}  // namespace

void setup_rma(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(
      app, "rma", "Returns to the vendor (RMAs): open, ship, resolve as repaired, replaced, refunded or rejected");

  struct OpenOptions {
    std::string asset, vendor, reason;
    std::optional<std::string> vendor_rma;
  };
  auto open_options = std::make_shared<OpenOptions>();
  CLI::App* open = add_verb(*noun, "open", "Open an RMA; prints it (JSON key id, like RMA-00001)",
                            "tally rma open AT-00000013 --vendor Dell --reason \"DIMM errors\" --vendor-rma 4471-22");
  open->add_option("asset", open_options->asset, "Tag, serial or external barcode")->required();
  open->add_option("--vendor", open_options->vendor, "Vendor the unit goes back to")->required();
  open->add_option("--reason", open_options->reason, "What is wrong")->required();
  open->add_option("--vendor-rma", open_options->vendor_rma, "The vendor's RMA number");
  registry.add(open, [open_options](Context& ctx) {
    const Rma rma = open_rma(ctx.db(), ctx.actor(), open_options->asset, open_options->vendor, open_options->reason,
                             open_options->vendor_rma);
    Record record{rma_json(rma), {}};
    add_coverage(record, ctx.db(), rma.tag);  // whether the vendor owes the repair
    ctx.print(record);
  });

  struct ShipOptions {
    std::string rma;
    std::optional<std::string> tracking, date;
  };
  auto ship_options = std::make_shared<ShipOptions>();
  CLI::App* ship = add_verb(*noun, "ship", "Record that the unit was shipped to the vendor",
                            "tally rma ship RMA-00001 --tracking 1Z999AA10123456784 --date 2026-11-28");
  ship->add_option("rma", ship_options->rma, "RMA id")->required();
  ship->add_option("--tracking", ship_options->tracking, "Carrier tracking number");
  ship->add_option("--date", ship_options->date, "Date shipped (default today)");
  registry.add(ship, [ship_options](Context& ctx) {
    ctx.print(Record{
        rma_json(ship_rma(ctx.db(), ctx.actor(), ship_options->rma, ship_options->tracking, ship_options->date)), {}});
  });

  auto resolution = std::make_shared<RmaResolution>();
  CLI::App* resolve = add_verb(*noun, "resolve",
                               "Resolve an RMA: repaired/rejected come back in stock; replaced and refunded units are "
                               "returned to the vendor (a replacement becomes a new asset linked to the old one)",
                               "tally rma resolve RMA-00001 --outcome replaced --replacement-serial 9QX7Z21");
  resolve->add_option("rma", resolution->rma, "RMA id")->required();
  resolve->add_option("--outcome", resolution->outcome, "repaired, replaced, refunded or rejected")
      ->required()
      ->check(CLI::IsMember({"repaired", "replaced", "refunded", "rejected"}));
  resolve->add_option("--replacement-serial", resolution->replacement_serial,
                      "Serial of the replacement unit (replaced)");
  resolve->add_option("--refund", resolution->refund, "Amount refunded (refunded), in the asset's currency");
  resolve->add_option("--date", resolution->date, "Date resolved (default today)");
  registry.add(resolve, [resolution](Context& ctx) {
    ctx.print(Record{rma_json(resolve_rma(ctx.db(), ctx.actor(), *resolution)), {}});
  });

  auto show_id = std::make_shared<std::string>();
  CLI::App* show = add_verb(*noun, "show", "Show one RMA", "tally rma show RMA-00001");
  show->add_option("rma", *show_id, "RMA id")->required();
  registry.add(show, [show_id](Context& ctx) { ctx.print(Record{rma_json(show_rma(ctx.db(), *show_id)), {}}); });

  auto filter = std::make_shared<RmaFilter>();
  CLI::App* list = add_verb(*noun, "list", "List RMAs with the days each has been open",
                            "tally rma list --open --vendor Dell --older-than 30");
  list->add_flag("--open", filter->open_only, "Only RMAs not yet resolved");
  list->add_option("--vendor", filter->vendor, "Only this vendor");
  add_number(*list, "--older-than", filter->older_than_days, "Only RMAs open for more than DAYS days");
  registry.add(list, [filter](Context& ctx) { ctx.print(rma_table(list_rmas(ctx.db(), *filter))); });
}

}  // namespace tally::cli
