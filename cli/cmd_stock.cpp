#include "context.hpp"
#include "error.hpp"
#include "forms.hpp"
#include "money.hpp"
#include "scan_answers.hpp"
#include "stock.hpp"
#include "stock_forms.hpp"
#include "text.hpp"

#include <memory>
#include <optional>

namespace tally::cli {

namespace {

// While counting, the figure so far only: no expected quantity, so that the
// count stays blind.
std::vector<Column> counted_columns() {
  return {{"model", "model"}, {"counted", "counted", Align::right}};
}

// MODEL --qty N: the two options every movement verb takes.
struct MoveOptions {
  std::string model;
  std::int64_t quantity = 0;
  std::optional<std::string> reason;
};

void add_move_options(CLI::App* verb, MoveOptions& options) {
  verb->add_option("model", options.model, "Bulk model: \"MANUFACTURER MODEL\", or a unique name, part number or GTIN")
      ->required();
  add_quantity(*verb, "--qty", options.quantity, "How many units", 1)->required();
}

}  // namespace

void setup_stock(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "stock",
                            "Bulk (counted) stock per location: an exact ledger of receipts, issues, transfers, "
                            "returns, write-offs and count adjustments; reorder points");

  struct ShowOptions {
    std::optional<std::string> model, location;
  };
  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = add_verb(*noun, "show",
                            "On hand of a model per location, rolled up the location tree; without a model, each "
                            "model's total under --location",
                            "tally stock show \"FS.com SFP-10G-SR\" --location WH1");
  show->add_option("model", show_options->model, "Bulk model");
  show->add_option("--location", show_options->location, "Only this location and everything below it");
  registry.add(show, [show_options](Context& ctx) {
    ctx.print(stock_show_record(show_stock(ctx.db(), show_options->model, show_options->location)));
  });

  struct ListOptions {
    std::optional<std::string> model, location;
    bool below_reorder = false;
  };
  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list =
      add_verb(*noun, "list", "Stock levels by model and location (those holding stock or with a reorder point)",
               "tally stock list --below-reorder --location WH1");
  list->add_flag("--below-reorder", list_options->below_reorder, "Only those at or below their reorder point");
  list->add_option("--location", list_options->location, "Only this location and everything below it");
  list->add_option("--model", list_options->model, "Only this model");
  registry.add(list, [list_options](Context& ctx) {
    StockFilter filter;
    filter.model = list_options->model;
    filter.location = list_options->location;
    filter.below_reorder = list_options->below_reorder;
    ctx.print(stock_level_table(list_stock(ctx.db(), filter)));
  });

  struct IssueOptions {
    MoveOptions move;
    std::string from;
    std::optional<std::string> team, person, asset;
  };
  auto issue_options = std::make_shared<IssueOptions>();
  CLI::App* issue = add_verb(*noun, "issue", "Take units out of stock for a team, a person or an asset",
                             "tally stock issue \"FS.com SFP-10G-SR\" --qty 4 --from WH1-BIN-A01 --to-asset "
                             "AT-00000013 --reason \"uplinks\"");
  add_move_options(issue, issue_options->move);
  issue->add_option("--from", issue_options->from, "Location the units leave")->required();
  CLI::Option_group* to = issue->add_option_group("recipient", "Exactly one of these");
  to->add_option("--to-team", issue_options->team, "Team code (or a unique team name)");
  to->add_option("--to-person", issue_options->person, "Username");
  to->add_option("--to-asset", issue_options->asset, "Asset tag (or a serial only one asset has)");
  to->require_option(1);
  issue->add_option("--reason", issue_options->move.reason, "Why");
  registry.add(issue, [issue_options](Context& ctx) {
    StockIssue request;
    request.model = issue_options->move.model;
    request.quantity = issue_options->move.quantity;
    request.from = issue_options->from;
    if (issue_options->team) {
      request.target = IssueTarget::team;
      request.to = *issue_options->team;
    } else if (issue_options->person) {
      request.target = IssueTarget::person;
      request.to = *issue_options->person;
    } else {
      request.target = IssueTarget::asset;
      request.to = issue_options->asset.value_or("");
    }
    request.reason = issue_options->move.reason;
    ctx.print(stock_movement_table({issue_stock(ctx.db(), ctx.actor(), request)}));
  });

  struct TransferOptions {
    MoveOptions move;
    std::string from, to;
  };
  auto transfer_options = std::make_shared<TransferOptions>();
  CLI::App* transfer = add_verb(*noun, "transfer", "Move units from one location to another (two ledger rows)",
                                "tally stock transfer \"FS.com SFP-10G-SR\" --qty 10 --from WH1-BIN-A01 --to DC1-H1");
  add_move_options(transfer, transfer_options->move);
  transfer->add_option("--from", transfer_options->from, "Location the units leave")->required();
  transfer->add_option("--to", transfer_options->to, "Location the units go to")->required();
  transfer->add_option("--reason", transfer_options->move.reason, "Why");
  registry.add(transfer, [transfer_options](Context& ctx) {
    StockTransfer request;
    request.model = transfer_options->move.model;
    request.quantity = transfer_options->move.quantity;
    request.from = transfer_options->from;
    request.to = transfer_options->to;
    request.reason = transfer_options->move.reason;
    ctx.print(stock_movement_table(transfer_stock(ctx.db(), ctx.actor(), request)));
  });

  struct ReturnOptions {
    MoveOptions move;
    std::string to;
    std::optional<std::string> team;
  };
  auto return_options = std::make_shared<ReturnOptions>();
  CLI::App* give_back = add_verb(*noun, "return", "Put units back into stock (unused or recovered)",
                                 "tally stock return \"FS.com SFP-10G-SR\" --qty 2 --to WH1-BIN-A01 --from-team A-3");
  add_move_options(give_back, return_options->move);
  give_back->add_option("--to", return_options->to, "Location the units come back to")->required();
  give_back->add_option("--from-team", return_options->team, "Team giving them back");
  give_back->add_option("--reason", return_options->move.reason, "Why");
  registry.add(give_back, [return_options](Context& ctx) {
    StockReturn request;
    request.model = return_options->move.model;
    request.quantity = return_options->move.quantity;
    request.to = return_options->to;
    request.from_team = return_options->team;
    request.reason = return_options->move.reason;
    ctx.print(stock_movement_table({return_stock(ctx.db(), ctx.actor(), request)}));
  });

  struct WriteOffOptions {
    MoveOptions move;
    std::string at;
  };
  auto write_off_options = std::make_shared<WriteOffOptions>();
  CLI::App* write_off = add_verb(*noun, "write-off", "Remove broken, lost or scrapped units from stock",
                                 "tally stock write-off \"FS.com SFP-10G-SR\" --qty 1 --at WH1-BIN-A01 --reason "
                                 "\"dropped, cracked\"");
  add_move_options(write_off, write_off_options->move);
  write_off->add_option("--at", write_off_options->at, "Location the units are written off at")->required();
  write_off->add_option("--reason", write_off_options->move.reason, "Why (required)")->required();
  registry.add(write_off, [write_off_options](Context& ctx) {
    StockWriteOff request;
    request.model = write_off_options->move.model;
    request.quantity = write_off_options->move.quantity;
    request.at = write_off_options->at;
    request.reason = write_off_options->move.reason.value_or("");  // required
    ctx.print(stock_movement_table({write_off_stock(ctx.db(), ctx.actor(), request)}));
  });

  struct CountOptions {
    std::string location, model;
    std::int64_t counted = 0;
    bool scan = false, finish = false, apply = false, status = false;
  };
  auto count_options = std::make_shared<CountOptions>();
  CLI::App* count =
      add_verb(*noun, "count",
               "Cycle count of the stock held at a location: start it (no options), record figures (--model M "
               "--counted N, or --scan one code per unit), check it (--status), then --finish to print expected "
               "against counted; --apply also writes the differences as adjustments naming the count",
               "tally stock count WH1-BIN-A01 ; tally stock count WH1-BIN-A01 --model \"FS.com SFP-10G-SR\" "
               "--counted 38 ; tally stock count WH1-BIN-A01 --finish --apply");
  count->add_option("location", count_options->location, "Location code")->required();
  auto* model = count->add_option("--model", count_options->model, "Model counted");
  auto* counted = add_quantity(*count, "--counted", count_options->counted, "How many units of --model are there", 0);
  auto* scan = count->add_flag("--scan", count_options->scan,
                               "Read codes from stdin, one per unit (GS1 with AI 01, a GTIN or a model barcode)");
  auto* finish = count->add_flag("--finish", count_options->finish, "End the count and print expected vs counted");
  auto* apply = count->add_flag("--apply", count_options->apply, "With --finish: write the differences to the ledger");
  auto* status = count->add_flag("--status", count_options->status, "Print expected vs counted so far; end nothing");
  model->needs(counted);
  counted->needs(model);
  apply->needs(finish);
  for (auto* a : {model, scan, finish, status}) {
    for (auto* b : {model, scan, finish, status}) {
      if (a != b) {
        a->excludes(b);
      }
    }
  }
  registry.add(count, [count_options](Context& ctx) {
    const CountOptions& o = *count_options;
    if (o.finish) {
      ctx.print(stock_count_record(finish_count(ctx.db(), ctx.actor(), o.location, o.apply)));
    } else if (o.status) {
      ctx.print(stock_count_record(preview_count(ctx.db(), o.location)));
    } else if (!o.model.empty()) {
      Table table;
      table.columns = counted_columns();
      const StockCountLine line = record_count(ctx.db(), ctx.actor(), o.location, o.model, o.counted);
      table.rows.push_back({{"model", line.model}, {"counted", line.counted}});
      ctx.print(table);
    } else if (o.scan) {
      const auto columns = counted_columns();
      int answered = 0;
      const int refused_count = ctx.scan_stdin([&](const std::string& code) {
        const StockCountLine line = scan_count(ctx.db(), ctx.actor(), o.location, code);
        answer_scan(ctx, columns, {{"model", line.model}, {"counted", line.counted}}, count_sentence(line, o.location),
                    answered++ == 0);
      });
      if (refused_count > 0) {
        throw refused("stock count: some lines were refused (see above)");
      }
    } else {
      ctx.print(Record{stock_count_json(start_count(ctx.db(), ctx.actor(), o.location)), {}});
    }
  });

  struct HistoryOptions {
    std::string model;
    std::optional<std::string> location, since;
  };
  auto history_options = std::make_shared<HistoryOptions>();
  CLI::App* history =
      add_verb(*noun, "history", "The ledger of a model, oldest first, with the balance at each row's location",
               "tally stock history \"FS.com SFP-10G-SR\" --location WH1 --since 2026-11-01");
  history->add_option("model", history_options->model, "Bulk model")->required();
  history->add_option("--location", history_options->location, "Only this location and everything below it");
  history->add_option("--since", history_options->since, "Only movements on or after this date (YYYY-MM-DD, UTC)");
  registry.add(history, [history_options](Context& ctx) {
    StockHistoryFilter filter;
    filter.model = history_options->model;
    filter.location = history_options->location;
    filter.since = history_options->since;
    ctx.print(stock_movement_table(stock_history(ctx.db(), filter)));
  });

  struct ReorderOptions {
    std::optional<std::string> location;
    std::string vendor, team;
    bool create_po = false;
  };
  auto reorder_options = std::make_shared<ReorderOptions>();
  CLI::App* reorder = add_verb(*noun, "reorder",
                               "Every model and location at or below its reorder point, with the quantity to order; "
                               "--create-po drafts one PO with a line per model",
                               "tally stock reorder --location WH1 --create-po --vendor FS.com --team A-2");
  reorder->add_option("--location", reorder_options->location, "Only this location and everything below it");
  auto* create_po = reorder->add_flag("--create-po", reorder_options->create_po, "Draft a PO for the suggestions");
  auto* vendor = reorder->add_option("--vendor", reorder_options->vendor, "Supplier of the PO");
  auto* team = reorder->add_option("--team", reorder_options->team, "Requesting team of the PO");
  create_po->needs(vendor);
  create_po->needs(team);
  vendor->needs(create_po);
  team->needs(create_po);
  registry.add(reorder, [reorder_options](Context& ctx) {
    const auto& location = reorder_options->location;
    if (!reorder_options->create_po) {
      ctx.print(stock_level_table(reorder_suggestions(ctx.db(), location)));
      return;
    }
    const ReorderPo drafted =
        draft_reorder_po(ctx.db(), ctx.actor(), location, reorder_options->vendor, reorder_options->team);
    ctx.print(reorder_po_record(drafted));
  });

  struct SetReorderOptions {
    ReorderSetting setting;
    bool clear = false;
  };
  auto set_options = std::make_shared<SetReorderOptions>();
  CLI::App* set_reorder_verb =
      add_verb(*noun, "set-reorder", "Set the reorder point (and quantity to order) of a model at a location",
               "tally stock set-reorder \"FS.com SFP-10G-SR\" --location WH1-BIN-A01 "
               "--point 10 --qty 40");
  set_reorder_verb->add_option("model", set_options->setting.model, "Bulk model")->required();
  set_reorder_verb->add_option("--location", set_options->setting.location, "Location code")->required();
  auto* point = add_quantity(*set_reorder_verb, "--point", set_options->setting.point,
                             "Reorder when on hand is at or below this", 0);
  auto* quantity = add_quantity(*set_reorder_verb, "--qty", set_options->setting.quantity, "How many to order then", 1);
  auto* clear = set_reorder_verb->add_flag("--clear", set_options->clear, "Remove the reorder point and quantity");
  clear->excludes(point);
  clear->excludes(quantity);
  registry.add(set_reorder_verb, [set_options](Context& ctx) {
    if (!set_options->clear && !set_options->setting.point) {
      throw usage_error("stock set-reorder: give --point N (and --qty Q), or --clear");
    }
    ctx.print(stock_level_table({set_reorder(ctx.db(), ctx.actor(), set_options->setting)}));
  });

  auto barcode_options = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* barcode = add_verb(*noun, "barcode",
                               "Give a model a barcode (a vendor code or another GTIN) so a scan of the box counts it",
                               "tally stock barcode \"FS.com SFP-10G-SR\" FS-74668");
  barcode->add_option("model", barcode_options->first, "Model")->required();
  barcode->add_option("code", barcode_options->second, "The code as the scanner reads it")->required();
  registry.add(barcode, [barcode_options](Context& ctx) {
    const std::string named = add_model_barcode(ctx.db(), ctx.actor(), barcode_options->first, barcode_options->second);
    ctx.print(Record{{{"model", named}, {"barcode", trim(barcode_options->second)}}, {}});
  });
}

}  // namespace tally::cli
