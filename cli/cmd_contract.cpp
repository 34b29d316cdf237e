#include "assets.hpp"
#include "clock.hpp"
#include "context.hpp"
#include "contracts.hpp"
#include "error.hpp"

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
struct RefOptions {
  std::string number, vendor;
};

void add_contract_ref(CLI::App* verb, RefOptions& ref) {
  verb->add_option("number", ref.number, "Contract number")->required();
  verb->add_option("--vendor", ref.vendor, "Vendor, when several vendors have a contract with this number");
}

ContractRef ref_of(const CLI::App* verb, const RefOptions& ref) {
  return {ref.number, given(verb, "--vendor", ref.vendor)};
}

}  // namespace

void setup_contract(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "contract",
                            "Support, maintenance and lease contracts with vendors: terms, renewals, covered assets");

  struct AddOptions {
    NewContract contract;
    std::string sla, cost, period, currency, team, po, notes;
  };
  auto add_options = std::make_shared<AddOptions>();
  CLI::App* add = add_verb(*noun, "add", "Record a contract; prints it with its first term",
                           "tally contract add SUP-4471 --vendor Dell --kind support --starts 2026-01-01 --ends "
                           "2028-12-31 --notice-days 90 --sla NBD --cost 1200.00 --per year --team A-1");
  add->add_option("number", add_options->contract.number, "Contract number (unique per vendor)")->required();
  add->add_option("--vendor", add_options->contract.vendor, "Vendor (as in `tally vendor list`)")->required();
  add->add_option("--kind", add_options->contract.kind,
                  "support, maintenance, warranty-extension, lease, "
                  "subscription or other")
      ->required()
      ->check(CLI::IsMember(contract_kinds()));
  add->add_option("--starts", add_options->contract.starts_on, "First day, YYYY-MM-DD")->required();
  add->add_option("--ends", add_options->contract.ends_on, "Last day, YYYY-MM-DD")->required();
  add->add_option("--notice-days", add_options->contract.notice_days, "Notice period in days (default 0)");
  add->add_flag("--auto-renew", add_options->contract.auto_renew, "The contract renews itself unless cancelled");
  add->add_option("--sla", add_options->sla, "Service level, e.g. NBD or 4h-24x7");
  add->add_option("--cost", add_options->cost, "Cost per period, e.g. 1200.00 (needs --per)");
  add->add_option("--per", add_options->period, "month, year or once")->check(CLI::IsMember(contract_periods()));
  add->add_option("--currency", add_options->currency, "Currency of --cost (default: the PO's, else the setting)");
  add->add_option("--team", add_options->team, "Owning team (it pays and renews)");
  add->add_option("--po", add_options->po, "Purchase order it was bought on");
  add->add_option("--notes", add_options->notes, "Free text");
  registry.add(add, [add_options, add](Context& ctx) {
    NewContract contract = add_options->contract;
    contract.sla = given(add, "--sla", add_options->sla);
    contract.cost = given(add, "--cost", add_options->cost);
    contract.period = given(add, "--per", add_options->period);
    contract.currency = given(add, "--currency", add_options->currency);
    contract.team = given(add, "--team", add_options->team);
    contract.po = given(add, "--po", add_options->po);
    contract.notes = given(add, "--notes", add_options->notes);
    ctx.print(contract_record(add_contract(ctx.db(), ctx.actor(), contract)));
  });

  auto show_ref = std::make_shared<RefOptions>();
  CLI::App* show = add_verb(*noun, "show", "Show a contract with every term (renewals) and the assets it covers",
                            "tally contract show SUP-4471   (--vendor Dell when two vendors use the number)");
  add_contract_ref(show, *show_ref);
  registry.add(show, [show_ref, show](Context& ctx) {
    ctx.print(contract_record(show_contract(ctx.db(), ref_of(show, *show_ref))));
  });

  struct ListOptions {
    std::string vendor, team;
    int ending = 0, notice = 0;
  };
  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = add_verb(*noun, "list", "List contracts by end date, with days left and the notice deadline",
                            "tally contract list --team A-1 --notice-due-within 60");
  list->add_option("--vendor", list_options->vendor, "Only this vendor's contracts");
  list->add_option("--team", list_options->team, "Only contracts owned by this unit or the units below it");
  list->add_option("--ending-within", list_options->ending, "Only contracts ending between today and today + DAYS")
      ->option_text("DAYS");
  list->add_option("--notice-due-within", list_options->notice,
                   "Only running contracts whose notice deadline (end - notice days) is by today + DAYS, "
                   "overdue ones included (marked)")
      ->option_text("DAYS");
  registry.add(list, [list_options, list](Context& ctx) {
    ContractFilter filter;
    filter.vendor = given(list, "--vendor", list_options->vendor);
    filter.team = given(list, "--team", list_options->team);
    if (list->count("--ending-within") > 0) {
      filter.ending_within = list_options->ending;
    }
    if (list->count("--notice-due-within") > 0) {
      filter.notice_due_within = list_options->notice;
    }
    Table table;
    table.columns = contract_columns();
    for (const auto& c : list_contracts(ctx.db(), filter)) {
      table.rows.push_back(contract_json(c));
    }
    ctx.print(table);
  });

  struct CoverOptions {
    RefOptions ref;
    std::vector<std::string> assets;
    bool scan = false;
    std::string po, rack;
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
  registry.add(cover, [cover_options, cover](Context& ctx) {
    Table table;
    table.columns = {{"contract", "contract"}, {"vendor", "vendor"}, {"tag", "tag"}, {"result", "result"}};
    const auto row = [](const CoverResult& r) {
      return Json{{"contract", r.contract}, {"vendor", r.vendor}, {"tag", r.tag}, {"result", r.result}};
    };
    const ContractRef ref = ref_of(cover, cover_options->ref);
    if (cover_options->scan) {
      ctx.note("contract cover: scanning for " + ref.number +
               "; one code per line, an empty line or end of input finishes");
      int covered = 0;
      const int refused_count = ctx.scan_stdin([&](const std::string& code) {
        for (const auto& r : cover_assets(ctx.db(), ctx.actor(), ref, {code})) {
          ctx.print_row(table.columns, row(r), covered == 0);
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
    const auto results = cover->count("--po") > 0 ? cover_po_assets(ctx.db(), ctx.actor(), ref, cover_options->po)
                         : cover->count("--rack") > 0
                             ? cover_rack_assets(ctx.db(), ctx.actor(), ref, cover_options->rack)
                             : cover_assets(ctx.db(), ctx.actor(), ref, cover_options->assets);
    for (const auto& r : results) {
      table.rows.push_back(row(r));
    }
    ctx.print(table);
  });

  struct UncoverOptions {
    RefOptions ref;
    std::vector<std::string> assets;
  };
  auto uncover_options = std::make_shared<UncoverOptions>();
  CLI::App* uncover = add_verb(*noun, "uncover", "Take assets out of a contract; prints the contract",
                               "tally contract uncover SUP-4471 --asset AT-00000013");
  add_contract_ref(uncover, uncover_options->ref);
  uncover->add_option("--asset", uncover_options->assets, "Tag, serial or barcode (repeat for several)")->required();
  registry.add(uncover, [uncover_options, uncover](Context& ctx) {
    ctx.print(contract_record(
        uncover_assets(ctx.db(), ctx.actor(), ref_of(uncover, uncover_options->ref), uncover_options->assets)));
  });

  struct RenewOptions {
    RefOptions ref;
    ContractRenewal renewal;
    std::string cost;
  };
  auto renew_options = std::make_shared<RenewOptions>();
  CLI::App* renew =
      add_verb(*noun, "renew", "Renew a contract: a new term from the day after the current end (old terms stay)",
               "tally contract renew SUP-4471 --ends 2029-12-31 --cost 1300.00");
  add_contract_ref(renew, renew_options->ref);
  renew->add_option("--ends", renew_options->renewal.ends_on, "New last day, YYYY-MM-DD")->required();
  renew->add_option("--cost", renew_options->cost, "New cost per period (default: unchanged)");
  registry.add(renew, [renew_options, renew](Context& ctx) {
    ContractRenewal renewal = renew_options->renewal;
    renewal.contract = ref_of(renew, renew_options->ref);
    renewal.cost = given(renew, "--cost", renew_options->cost);
    ctx.print(contract_record(renew_contract(ctx.db(), ctx.actor(), renewal)));
  });
}

}  // namespace tally::cli
