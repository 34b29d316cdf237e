#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

class Database;

// A division, team or sub-team of the org chart.
struct Team {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::string kind;                   // division, team, subteam
  std::optional<std::string> parent;  // parent's code; none for divisions
  int depth = 0;                      // 0 division, 1 team, 2 sub-team
};

// What loading the org chart did.
struct OrgLoadReport {
  int teams_added = 0;
  int teams_present = 0;  // already in the database, left as they were
  int aliases_added = 0;
};

// Loads an org chart in the fixtures/org-chart.json format, adding the units
// and aliases that are missing and recording an event for each; units already
// present are left as they are. Call inside a write transaction. Throws a
// refused Error naming the offending unit if the JSON is malformed.
OrgLoadReport load_org_chart(Database& db, const std::string& actor, std::string_view json_text);

// Every unit in tree order: each division followed by its teams, each team by
// its sub-teams, in chart order.
std::vector<Team> list_teams(Database& db);

// Finds a unit by code (case-insensitive), else by name or alias when exactly
// one unit carries it. Throws a refused Error for an unknown or ambiguous text,
// listing the candidates.
Team resolve_team(Database& db, std::string_view text);

// SQL for "the unit bound to `parameter` and every unit below it", for use
// as `team_id IN <this>`.
std::string team_subtree_sql(const std::string& parameter);

// A unit with its place in the tree.
struct TeamDetail {
  Team team;
  std::vector<std::string> aliases;
  std::vector<Team> ancestors;  // from the division down to the parent
  std::vector<Team> children;   // direct children in chart order
  std::int64_t people = 0;      // people whose team is this unit
};

// The unit named by `text` (see resolve_team) with its parents and children.
TeamDetail show_team(Database& db, std::string_view text);

}  // namespace tally
