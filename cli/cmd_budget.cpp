#include "budgets.hpp"
#include "clock.hpp"
#include "context.hpp"
#include "forms.hpp"
#include "settings.hpp"

#include <memory>

namespace tally::cli {

void setup_budget(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "budget", "Budgets per team and fiscal year, with committed and spent money");

  struct SetOptions {
    std::string team, amount;
    std::optional<std::string> currency;
    int fiscal_year = 0;
  };
  auto set_options = std::make_shared<SetOptions>();
  CLI::App* set = add_verb(*noun, "set", "Set a unit's budget for a fiscal year (replaces an earlier one)",
                           "tally budget set A-2 2026 250000.00 --currency USD");
  set->add_option("team", set_options->team, "Team code")->required();
  set->add_option("fy", set_options->fiscal_year, "Fiscal year (the calendar year, e.g. 2026)")->required();
  set->add_option("amount", set_options->amount, "Amount, e.g. 250000.00")->required();
  set->add_option("--currency", set_options->currency, "ISO 4217 currency (default: the `currency` setting)");
  registry.add(set, [set_options](Context& ctx) {
    const std::string currency = set_options->currency.value_or(get_setting(ctx.db(), "currency"));
    const BudgetLine line =
        set_budget(ctx.db(), ctx.actor(), set_options->team, set_options->fiscal_year, set_options->amount, currency);
    ctx.print(Record{budget_json(line), {}});
  });

  struct ShowOptions {
    std::optional<std::string> team;
    std::optional<int> fiscal_year;
  };
  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = add_verb(*noun, "show", "Budget, committed, spent and remaining per unit, rolled up the org chart",
                            "tally budget show 1A --fy 2026");
  show->add_option("team", show_options->team, "Only this unit and the units below it");
  add_number(*show, "--fy", show_options->fiscal_year, "Fiscal year (default: this year)");
  registry.add(show, [show_options](Context& ctx) {
    const int fy = show_options->fiscal_year.value_or(static_cast<int>(today().year()));
    ctx.print(budget_table(budget_report(ctx.db(), show_options->team, fy)));
  });
}

}  // namespace tally::cli
