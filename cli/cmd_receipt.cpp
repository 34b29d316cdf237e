#include "context.hpp"
#include "receiving.hpp"

#include <memory>

namespace tally::cli {

namespace {

// What `receipt void` prints: the line, the PO and what was taken back.
Record voided_record(const VoidedReceipt& r) {
  Json fields = {{"po", r.po},
                 {"line", r.line},
                 {"model", r.model},
                 {"quantity", r.quantity},
                 {"line_received", r.line_received},
                 {"line_ordered", r.line_ordered},
                 {"po_status", r.po_status},
                 {"reason", r.reason}};
  if (r.location) {
    fields["location"] = *r.location;
    fields["on_hand"] = *r.on_hand;
  } else {
    fields["assets"] = r.assets;
  }
  return Record{fields, {}};
}

}  // namespace

void setup_receipt(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "receipt", "Receipts of PO lines: reversing units received by mistake");

  auto request = std::make_shared<ReceiptVoid>();
  CLI::App* reverse = add_verb(
      *noun, "void",
      "Reverse units received by mistake: the line's received count, the budget's spent and the stock ledger are "
      "corrected by new records; the units taken back end returned_to_vendor (their tags are never reused)",
      "tally receipt void PO-2026-0001 1 AT-00000013 --reason \"scanned twice\"   (or: PO-2026-0001 2 --qty 5 "
      "--reason ...)");
  reverse->add_option("po", request->po, "PO number")->required();
  reverse->add_option("line", request->line, "PO line number")->required();
  reverse->add_option("asset", request->codes, "Units of a serialized line: tag, serial or barcode");
  add_quantity(*reverse, "--qty", request->quantity, "Number of units of a bulk line", 1);
  reverse->add_option("--location", request->location,
                      "Bulk line: where the units are (default: the location of the line's latest receipt)");
  reverse->add_option("--reason", request->reason, "Why (kept in the history)")->required();
  registry.add(reverse,
               [request](Context& ctx) { ctx.print(voided_record(void_receipt(ctx.db(), ctx.actor(), *request))); });
}

}  // namespace tally::cli
