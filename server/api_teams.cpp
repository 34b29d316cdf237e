// /api/v1/teams: the HTTP face of `tally team list/show` (cli/cmd_team.cpp), over src/teams.cpp.
#include "forms.hpp"
#include "routes.hpp"
#include "teams.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  return table_reply(call, team_table(list_teams(call.db())), "code");
}

Reply show(Call& call) {
  return record_reply(team_record(show_team(call.db(), call.path("team"))));
}

}  // namespace

void add_team_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/teams",
                    Capability::read,
                    "Every division, team and sub-team, in chart order",
                    {"limit", "after"},
                    {},
                    list});
  routes.push_back({Method::get,
                    "/api/v1/teams/{team}",
                    Capability::read,
                    "A unit (code, or a name or alias only one unit has) with its parent chain and children",
                    {},
                    {},
                    show});
}

}  // namespace tally::server
