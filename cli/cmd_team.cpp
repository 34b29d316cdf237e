#include "context.hpp"
#include "forms.hpp"
#include "teams.hpp"

#include <memory>

namespace tally::cli {

void setup_team(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "team", "The org chart: divisions, teams and sub-teams that own assets and licenses");

  CLI::App* list =
      add_verb(*noun, "list", "List every division, team and sub-team as a tree", "tally team list --format json");
  registry.add(list, [](Context& ctx) {
    const auto teams = list_teams(ctx.db());
    Table table = team_table(teams);
    // The tree shows the parent; the column is for CSV and JSON.
    table.columns.back().in_table = false;
    for (const auto& t : teams) {
      table.depth.push_back(t.depth);
    }
    ctx.print(table);
  });

  auto code = std::make_shared<std::string>();
  CLI::App* show = add_verb(*noun, "show", "Show a unit with its parent chain and its children",
                            "tally team show IT-5   (or a unique name: tally team show \"License Management\")");
  show->add_option("team", *code, "Team code, or a name or alias that only one unit has")->required();
  registry.add(show, [code](Context& ctx) { ctx.print(team_record(show_team(ctx.db(), *code))); });
}

}  // namespace tally::cli
