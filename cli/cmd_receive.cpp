#include "context.hpp"
#include "error.hpp"
#include "labels.hpp"
#include "receiving.hpp"
#include "scan_answers.hpp"

#include <filesystem>
#include <fstream>
#include <memory>

namespace tally::cli {

namespace {

// Checks --label-out before anything is received: it must be a directory.
void check_label_dir(const std::optional<std::string>& dir) {
  std::error_code ec;
  if (dir && !std::filesystem::is_directory(*dir, ec)) {
    throw refused("receive: --label-out " + *dir + " is not a directory; create it first");
  }
}

// Writes DIR/TAG.png, the default label (Code 128, 50x25 mm, 300 dpi) of a
// unit just received. The unit is already stored, so a failure says so.
void write_label(Context& ctx, const std::optional<std::string>& dir, const std::string& tag) {
  if (!dir) {
    return;
  }
  const std::string path = (std::filesystem::path(*dir) / (tag + ".png")).string();
  const std::string png = label_png(label_for_asset(ctx.db(), tag), LabelStyle{});
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << png;
  out.close();
  if (!out) {
    throw storage_error("receive: " + tag + " was received, but its label could not be written to " + path +
                        "; print it with `tally label " + tag + "`");
  }
}

// Reads codes from stdin until EOF or an empty line, answering each at once.
// Returns how many lines were refused.
int scan_session(Context& ctx, const ReceiveTarget& target, const std::optional<std::string>& label_dir) {
  Receiver receiver(ctx.db(), ctx.actor(), target);
  const auto columns = unit_columns();
  ctx.note("receive: scanning into " + target.po + " line " + std::to_string(target.line) +
           "; one code per line, an empty line or end of input finishes");
  int received = 0;
  const int refused_count = ctx.scan_stdin([&](const std::string& code) {
    const ReceivedUnit unit = receiver.receive(code);
    write_label(ctx, label_dir, unit.asset.tag);
    answer_scan(ctx, columns, unit_json(unit), received_sentence(unit, target.line), received == 0);
    ++received;
  });
  ctx.note("receive: " + std::to_string(received) + " received, " + std::to_string(refused_count) + " refused");
  return refused_count;
}

}  // namespace

void setup_receive(CLI::App& app, Registry& registry) {
  struct Options {
    ReceiveTarget target;
    std::vector<std::string> serials;
    bool scan = false;
    std::optional<std::int64_t> quantity;
    std::optional<std::string> label_out;
  };
  auto options = std::make_shared<Options>();
  CLI::App* receive = app.add_subcommand(
      "receive", "Receive units against an ordered PO line: one new tagged asset per serial, or bulk stock by count");
  receive->footer(
      "\nExamples:\n"
      "  tally receive PO-2026-0001 --line 1 --location WH1-RCV --serial SN1 --serial SN2\n"
      "  tally receive PO-2026-0001 --line 1 --location WH1-RCV --scan      (a USB scanner types one code per line)\n"
      "  tally receive PO-2026-0001 --line 2 --location WH1-BIN-A01 --qty 40 (a bulk line)\n"
      "  tally receive PO-2026-0001 --line 1 --scan --label-out labels/  (a PNG label per unit as it arrives)\n"
      "A scanned code may be a plain serial or a GS1 string such as (01)09506000134352(21)SN123;\n"
      "the serial is taken from AI 21 and AI 01 must match the model's GTIN.\n"
      "With --scan each code is committed before it is answered; a refused code is reported on\n"
      "stderr and skipped, and the exit code is 1 if any code was refused.");
  receive->add_option("po", options->target.po, "PO number")->required();
  receive->add_option("--line", options->target.line, "PO line number")->required();
  receive->add_option("--location", options->target.location, "Location code the units go to");
  auto* serial =
      receive->add_option("--serial", options->serials, "Serial number (repeat for several; all or nothing)");
  auto* scan = receive->add_flag("--scan", options->scan, "Read codes from stdin, one per line");
  auto* qty = add_quantity(*receive, "--qty", options->quantity, "Number of units of a bulk line", 1);
  auto* label_out =
      receive->add_option("--label-out", options->label_out,
                          "Directory to write each received unit's label to, as TAG.png (Code 128, 50x25 mm, 300 dpi)");
  label_out->excludes(qty);
  serial->excludes(scan)->excludes(qty);
  scan->excludes(qty);
  registry.add(receive, [options](Context& ctx) {
    const ReceiveTarget& target = options->target;
    const std::optional<std::string>& label_dir = options->label_out;
    check_label_dir(label_dir);
    if (options->scan) {
      if (scan_session(ctx, target, label_dir) > 0) {
        throw Error(ErrorKind::refused, "receive: some scanned codes were refused (see above)");
      }
      return;
    }
    if (options->quantity) {
      const BulkReceipt r = receive_bulk(ctx.db(), ctx.actor(), target, *options->quantity);
      ctx.print(bulk_receipt_record(r));
      return;
    }
    if (options->serials.empty()) {
      throw usage_error("receive: give --serial S (repeatable), --scan, or --qty N");
    }
    Table table;
    table.columns = unit_columns();
    for (const auto& unit : receive_serials(ctx.db(), ctx.actor(), target, options->serials)) {
      write_label(ctx, label_dir, unit.asset.tag);
      table.rows.push_back(unit_json(unit));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
