#include "teams.hpp"

#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "tree.hpp"

namespace tally {

namespace {

Team read_team(Statement& q) {
  Team t;
  t.id = q.column(0).as_int64();
  t.code = q.column(1).as_text();
  t.name = q.column(2).as_text();
  t.kind = q.column(3).as_text();
  if (!q.column(4).is_null()) {
    t.parent = q.column(4).as_text();
  }
  t.depth = t.kind == "division" ? 0 : (t.kind == "team" ? 1 : 2);
  return t;
}

constexpr const char* k_team_columns =
    "SELECT t.id, t.code, t.name, t.kind, p.code FROM team t LEFT JOIN team p ON p.id = t.parent_id ";

std::string describe(const Team& t) {
  return t.code + " (" + t.name + ")";
}

const Json& require_string(const Json& unit, const char* key, const std::string& where) {
  if (!unit.contains(key) || !unit[key].is_string() || unit[key].get<std::string>().empty()) {
    throw refused("org chart: " + where + " has no \"" + key + "\" string");
  }
  return unit[key];
}

class OrgLoader {
 public:
  OrgLoader(Database& db, const std::string& actor) : m_db(db), m_actor(actor) {}

  void load_unit(const Json& unit, const std::string& kind, std::optional<std::int64_t> parent_id,
                 const std::optional<std::string>& parent_code, const std::string& where) {
    if (!unit.is_object()) {
      throw refused("org chart: " + where + " is not an object");
    }
    const std::string code = require_string(unit, "code", where).get<std::string>();
    const std::string name = require_string(unit, "name", where + " " + code).get<std::string>();

    Statement find(m_db, "SELECT id FROM team WHERE code = ?");
    find.bind(1, code);
    std::int64_t id = 0;
    if (find.step()) {
      id = find.column(0).as_int64();
      ++m_report.teams_present;
    } else {
      Statement insert(m_db, "INSERT INTO team (code, name, kind, parent_id) VALUES (?, ?, ?, ?)");
      insert.bind(1, code);
      insert.bind(2, name);
      insert.bind(3, kind);
      if (parent_id) {
        insert.bind(4, *parent_id);
      }
      insert.exec();
      id = m_db.last_insert_rowid();
      ++m_report.teams_added;
      Json after = {
          {"code", code}, {"name", name}, {"kind", kind}, {"parent", parent_code ? Json(*parent_code) : Json(nullptr)}};
      append_event(m_db, m_actor, "create", "team", code, nullptr, after);
    }

    if (unit.contains("aliases")) {
      if (!unit["aliases"].is_array()) {
        throw refused("org chart: " + code + " has \"aliases\" that is not a list");
      }
      for (const auto& alias : unit["aliases"]) {
        if (!alias.is_string() || alias.get<std::string>().empty()) {
          throw refused("org chart: " + code + " has an alias that is not a non-empty string");
        }
        Statement insert(m_db, "INSERT OR IGNORE INTO team_alias (alias, team_id) VALUES (?, ?)");
        insert.bind(1, alias.get<std::string>());
        insert.bind(2, id);
        if (insert.exec() == 1) {
          ++m_report.aliases_added;
          append_event(m_db, m_actor, "add-alias", "team", code, nullptr, {{"alias", alias.get<std::string>()}});
        }
      }
    }

    const char* children_key = kind == "division" ? "teams" : (kind == "team" ? "subteams" : nullptr);
    for (const char* key : {"teams", "subteams"}) {
      if (!unit.contains(key)) {
        continue;
      }
      if (children_key == nullptr || std::string(key) != children_key) {
        throw refused("org chart: " + code + " (" + kind + ") cannot have \"" + key + "\"");
      }
      if (!unit[key].is_array()) {
        throw refused("org chart: " + code + " has \"" + key + "\" that is not a list");
      }
      const std::string child_kind = kind == "division" ? "team" : "subteam";
      for (const auto& child : unit[key]) {
        load_unit(child, child_kind, id, code, "a " + child_kind + " of " + code);
      }
    }
  }

  const OrgLoadReport& report() const { return m_report; }

 private:
  Database& m_db;
  const std::string& m_actor;
  OrgLoadReport m_report;
};

}  // namespace

OrgLoadReport load_org_chart(Database& db, const std::string& actor, std::string_view json_text) {
  Json chart;
  try {
    chart = Json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw refused(std::string("org chart: not valid JSON: ") + e.what());
  }
  if (!chart.is_object() || !chart.contains("divisions") || !chart["divisions"].is_array()) {
    throw refused("org chart: expected an object with a \"divisions\" list");
  }
  OrgLoader loader(db, actor);
  try {
    for (const auto& division : chart["divisions"]) {
      loader.load_unit(division, "division", std::nullopt, std::nullopt, "a division");
    }
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
  return loader.report();
}

std::vector<Team> list_teams(Database& db) {
  Statement q(db, std::string(k_team_columns) + "ORDER BY t.id");
  std::vector<Team> all;
  while (q.step()) {
    all.push_back(read_team(q));
  }
  std::vector<Team> ordered;
  ordered.reserve(all.size());
  for (const auto& [i, depth] : tree_order(
           all, [](const Team& t) { return t.code; }, [](const Team& t) { return t.parent; })) {
    ordered.push_back(all[i]);
  }
  return ordered;
}

Team resolve_team(Database& db, std::string_view text) {
  const std::string needle(text);
  if (needle.empty()) {
    throw refused("team: an empty team was given; use a code such as A-2 (see `" + command_ref("team list") + "`)");
  }
  {
    Statement q(db, std::string(k_team_columns) + "WHERE t.code = ?");
    q.bind(1, needle);
    if (q.step()) {
      return read_team(q);
    }
  }
  Statement q(db, std::string(k_team_columns) +
                      "WHERE t.name = ?1 COLLATE NOCASE "
                      "OR t.id IN (SELECT team_id FROM team_alias WHERE alias = ?1) ORDER BY t.id");
  q.bind(1, needle);
  std::vector<Team> matches;
  while (q.step()) {
    matches.push_back(read_team(q));
  }
  if (matches.size() == 1) {
    return matches.front();
  }
  if (matches.size() > 1) {
    std::string list;
    for (const auto& t : matches) {
      list += (list.empty() ? "" : ", ") + describe(t);
    }
    throw refused("team '" + needle + "' is ambiguous: it names " + list + "; use the code");
  }
  // Nothing exact: suggest units whose code or name contains the text.
  Statement like(db, std::string(k_team_columns) +
                         "WHERE instr(lower(t.code), lower(?1)) > 0 "
                         "OR instr(lower(t.name), lower(?1)) > 0 ORDER BY t.id LIMIT 5");
  like.bind(1, needle);
  std::string suggestions;
  while (like.step()) {
    suggestions += (suggestions.empty() ? "" : ", ") + describe(read_team(like));
  }
  throw not_found("unknown team '" + needle + "'" + (suggestions.empty() ? "" : "; did you mean " + suggestions + "?") +
                      " (`" + command_ref("team list") + "` shows every code)",
                  "team");
}

std::string team_subtree_sql(const std::string& parameter) {
  return "(WITH RECURSIVE below(id) AS (SELECT " + parameter +
         " UNION SELECT t2.id FROM team t2 JOIN below ON t2.parent_id = below.id) SELECT id FROM below)";
}

TeamDetail show_team(Database& db, std::string_view text) {
  TeamDetail detail;
  detail.team = resolve_team(db, text);

  Statement aliases(db, "SELECT alias FROM team_alias WHERE team_id = ? ORDER BY rowid");
  aliases.bind(1, detail.team.id);
  while (aliases.step()) {
    detail.aliases.push_back(aliases.column(0).as_text());
  }

  std::optional<std::string> parent = detail.team.parent;
  while (parent) {
    if (detail.ancestors.size() >= static_cast<std::size_t>(k_max_tree_depth)) {
      throw storage_error("team " + detail.team.code + ": its parent chain is a cycle or deeper than " +
                          std::to_string(k_max_tree_depth) + " levels; `" + command_ref("doctor") + "` names it");
    }
    Team p = resolve_team(db, *parent);
    parent = p.parent;
    detail.ancestors.insert(detail.ancestors.begin(), std::move(p));
  }

  Statement children(db, std::string(k_team_columns) + "WHERE t.parent_id = ? ORDER BY t.id");
  children.bind(1, detail.team.id);
  while (children.step()) {
    detail.children.push_back(read_team(children));
  }

  Statement people(db, "SELECT count(*) FROM person WHERE team_id = ?");
  people.bind(1, detail.team.id);
  people.step();
  detail.people = people.column(0).as_int64();
  return detail;
}

}  // namespace tally
