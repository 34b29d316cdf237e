#include "context.hpp"
#include "teams.hpp"

#include <memory>

namespace tally::cli {

namespace {

Json team_row(const Team& t) {
  return {{"code", t.code}, {"name", t.name}, {"kind", t.kind}, {"parent", t.parent ? Json(*t.parent) : Json()}};
}

Table team_table(const std::vector<Team>& teams) {
  Table table;
  table.columns = {{"code", "code"}, {"name", "name"}, {"kind", "kind"}, {"parent", "parent"}};
  for (const auto& t : teams) {
    table.rows.push_back(team_row(t));
  }
  return table;
}

}  // namespace

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
  registry.add(show, [code](Context& ctx) {
    const TeamDetail detail = show_team(ctx.db(), *code);
    std::string path;
    for (const auto& a : detail.ancestors) {
      path += a.code + " > ";
    }
    Record record;
    record.fields = team_row(detail.team);
    record.fields["path"] = path + detail.team.code;
    record.fields["aliases"] = detail.aliases;
    record.fields["people"] = detail.people;
    record.sections.push_back({"ancestors", "Parent chain", team_table(detail.ancestors)});
    record.sections.push_back({"children", "Children", team_table(detail.children)});
    ctx.print(record);
  });
}

}  // namespace tally::cli
