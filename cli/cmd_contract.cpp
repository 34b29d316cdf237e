#include "assets.hpp"
#include "clock.hpp"
#include "context.hpp"
#include "contracts.hpp"
#include "error.hpp"
#include "forms.hpp"

#include <memory>

namespace tally::cli {

namespace {

std::vector<Column> contract_columns() {
  return {{"number", "number"},
          {"vendor", "vendor"},
          {"kind", "kind"},
          {"status", "status"},
          {"starts_on", "starts", Align::left, false},
          {"ends_on", "ends"},
          {"days_to_end", "days left", Align::right},
          {"notice_days", "notice days", Align::right, false},
          {"notice_by", "notice by"},
          {"notice_overdue", "notice overdue"},
          {"auto_renew", "auto renew"},
          {"sla", "sla"},
          {"cost", "cost"},
          {"currency", "currency", Align::left, false},
          {"period", "per"},
          {"team", "team"},
          {"po", "po", Align::left, false},
          {"assets", "assets", Align::right},
          {"notes", "notes", Align::left, false}};
}

// NUMBER [--vendor V]: every verb names a contract this way.
void add_contract_ref(CLI::App* verb, ContractRef& ref) {
  verb->add_option("number", ref.number, "Contract number")->required();
  verb->add_option("--vendor", ref.vendor, "Vendor, when several vendors have a contract with this number");
}

}  // namespace

void setup_contract(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "contract",
                            "Support, maintenance and lease contracts with vendors: terms, renewals, covered assets");

  auto contract = std::make_shared<NewContract>();
  CLI::App* add = add_verb(*noun, "add", "Record a contract; prints it with its first term",
                           "tally contract add SUP-4471 --vendor Dell --kind support --starts 2026-01-01 --ends "
                           "2028-12-31 --notice-days 90 --sla NBD --cost 1200.00 --per year --team A-1");
  add->add_option("number", contract->number, "Contract number (unique per vendor)")->required();
  add->add_option("--vendor", contract->vendor, "Vendor (as in `tally vendor list`)")->required();
  add->add_option("--kind", contract->kind,
                  "support, maintenance, warranty-extension, lease, "
                  "subscription or other")
      ->required()
      ->check(CLI::IsMember(contract_kinds()));
  add->add_option("--starts", contract->starts_on, "First day, YYYY-MM-DD")->required();
  add->add_option("--ends", contract->ends_on, "Last day, YYYY-MM-DD")->required();
  add->add_option("--notice-days", contract->notice_days, "Notice period in days (default 0)");
  add->add_flag("--auto-renew", contract->auto_renew, "The contract renews itself unless cancelled");
  add->add_option("--sla", contract->sla, "Service level, e.g. NBD or 4h-24x7");
  add->add_option("--cost", contract->cost, "Cost per period, e.g. 1200.00 (needs --per)");
  add->add_option("--per", contract->period, "month, year or once")->check(CLI::IsMember(contract_periods()));
  add->add_option("--currency", contract->currency, "Currency of --cost (default: the PO's, else the setting)");
  add->add_option("--team", contract->team, "Owning team (it pays and renews)");
  add->add_option("--po", contract->po, "Purchase order it was bought on");
  add->add_option("--notes", contract->notes, "Free text");
  registry.add(
      add, [contract](Context& ctx) { ctx.print(contract_record(add_contract(ctx.db(), ctx.actor(), *contract))); });

  auto show_ref = std::make_shared<ContractRef>();
  CLI::App* show = add_verb(*noun, "show", "Show a contract with every term (renewals) and the assets it covers",
                            "tally contract show SUP-4471   (--vendor Dell when two vendors use the number)");
  add_contract_ref(show, *show_ref);
  registry.add(show, [show_ref](Context& ctx) { ctx.print(contract_record(show_contract(ctx.db(), *show_ref))); });

  auto filter = std::make_shared<ContractFilter>();
  CLI::App* list = add_verb(*noun, "list", "List contracts by end date, with days left and the notice deadline",
                            "tally contract list --team A-1 --notice-due-within 60");
  list->add_option("--vendor", filter->vendor, "Only this vendor's contracts");
  list->add_option("--team", filter->team, "Only contracts owned by this unit or the units below it");
  add_number(*list, "--ending-within", filter->ending_within, "Only contracts ending between today and today + DAYS")
      ->option_text("DAYS");
  add_number(*list, "--notice-due-within", filter->notice_due_within,
             "Only running contracts whose notice deadline (end - notice days) is by today + DAYS, "
             "overdue ones included (marked)")
      ->option_text("DAYS");
  registry.add(list, [filter](Context& ctx) {
    Table table;
    table.columns = contract_columns();
    for (const auto& c : list_contracts(ctx.db(), *filter)) {
      table.rows.push_back(contract_json(c));
    }
    ctx.print(table);
  });

  struct CoverOptions {
    ContractRef ref;
    std::vector<std::string> assets;
    bool scan = false;
    std::optional<std::string> po, rack;
  };
  auto cover_options = std::make_shared<CoverOptions>();
  CLI::App* cover = add_verb(
      *noun, "cover", "Put assets under a contract: by tag, scanned, every unit of a PO, or every device in a rack",
      "tally contract cover SUP-4471 --asset AT-00000013 --asset AT-00000021   (or --scan, "
      "--po PO-2026-0001, --rack DC1-H1/R01)");
  add_contract_ref(cover, cover_options->ref);
  CLI::Option_group* what = cover->add_option_group("assets", "Exactly one of these");
  what->add_option("--asset", cover_options->assets, "Tag, serial or barcode (repeat for several; all or nothing)");
  what->add_flag("--scan", cover_options->scan, "Read codes from stdin, one per line; each is covered at once");
  what->add_option("--po", cover_options->po, "Every unit received on this PO (disposed and returned ones skipped)");
  what->add_option("--rack", cover_options->rack, "Every device installed in this rack (all or nothing)");
  what->require_option(1);
  registry.add(cover, [cover_options](Context& ctx) {
    Table table;
    table.columns = cover_columns();
    const ContractRef& ref = cover_options->ref;
    if (cover_options->scan) {
      ctx.note("contract cover: scanning for " + ref.number +
               "; one code per line, an empty line or end of input finishes");
      int covered = 0;
      const int refused_count = ctx.scan_stdin([&](const std::string& code) {
        for (const auto& r : cover_assets(ctx.db(), ctx.actor(), ref, {code})) {
          ctx.print_row(table.columns, cover_json(r), covered == 0);
          ++covered;
        }
      });
      ctx.note("contract cover: " + std::to_string(covered) + " answered, " + std::to_string(refused_count) +
               " refused");
      if (refused_count > 0) {
        throw refused("contract cover: some scanned codes were refused (see above)");
      }
      return;
    }
    const auto results = cover_options->po     ? cover_po_assets(ctx.db(), ctx.actor(), ref, *cover_options->po)
                         : cover_options->rack ? cover_rack_assets(ctx.db(), ctx.actor(), ref, *cover_options->rack)
                                               : cover_assets(ctx.db(), ctx.actor(), ref, cover_options->assets);
    for (const auto& r : results) {
      table.rows.push_back(cover_json(r));
    }
    ctx.print(table);
  });

  struct UncoverOptions {
    ContractRef ref;
    std::vector<std::string> assets;
  };
  auto uncover_options = std::make_shared<UncoverOptions>();
  CLI::App* uncover = add_verb(*noun, "uncover", "Take assets out of a contract; prints the contract",
                               "tally contract uncover SUP-4471 --asset AT-00000013");
  add_contract_ref(uncover, uncover_options->ref);
  uncover->add_option("--asset", uncover_options->assets, "Tag, serial or barcode (repeat for several)")->required();
  registry.add(uncover, [uncover_options](Context& ctx) {
    ctx.print(contract_record(uncover_assets(ctx.db(), ctx.actor(), uncover_options->ref, uncover_options->assets)));
  });

  auto renewal = std::make_shared<ContractRenewal>();
  CLI::App* renew =
      add_verb(*noun, "renew", "Renew a contract: a new term from the day after the current end (old terms stay)",
               "tally contract renew SUP-4471 --ends 2029-12-31 --cost 1300.00");
  add_contract_ref(renew, renewal->contract);
  renew->add_option("--ends", renewal->ends_on, "New last day, YYYY-MM-DD")->required();
  renew->add_option("--cost", renewal->cost, "New cost per period (default: unchanged)");
  registry.add(
      renew, [renewal](Context& ctx) { ctx.print(contract_record(renew_contract(ctx.db(), ctx.actor(), *renewal))); });
}

}  // namespace tally::cli
