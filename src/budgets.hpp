#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// A unit's money for one fiscal year in one currency. Committed is what
// approved and ordered POs still expect to pay (units not yet received);
// spent is what has been received. Both cover the unit and every unit below
// it, so a division's line includes its teams' and sub-teams' POs.
struct BudgetLine {
  std::string team;
  std::string name;
  std::optional<std::string> parent;
  int depth = 0;
  int fiscal_year = 0;
  std::string currency;
  std::optional<std::int64_t> budget_minor;  // none when the unit has no budget of its own
  std::int64_t committed_minor = 0;
  std::int64_t spent_minor = 0;
  std::optional<std::int64_t> remaining_minor() const {
    return budget_minor ? std::optional<std::int64_t>(*budget_minor - committed_minor - spent_minor) : std::nullopt;
  }
};

// Sets (or replaces) a unit's budget for a fiscal year, with its event.
// Throws a refused Error for an unknown team, a year outside 2000-2999, a bad
// currency, or an amount that is not exact in that currency.
BudgetLine set_budget(Database& db, const std::string& actor, const std::string& team, int fiscal_year,
                      const std::string& amount, const std::string& currency);

// One line per unit that has a budget or POs in the year, in tree order;
// with `team`, only that unit and the units below it.
std::vector<BudgetLine> budget_report(Database& db, const std::optional<std::string>& team, int fiscal_year);

// The budget lines of `team_id` and each unit above it that has a budget for
// the year, nearest first: what approving a PO of that team must fit into.
std::vector<BudgetLine> budgets_on_path(Database& db, std::int64_t team_id, int fiscal_year);

}  // namespace tally
