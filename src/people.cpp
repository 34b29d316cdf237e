#include "people.hpp"

#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "org.hpp"
#include "text.hpp"

namespace tally {

Json person_json(const Person& p) {
  return {{"username", p.username}, {"name", p.name},           {"email", p.email ? Json(*p.email) : Json()},
          {"team", p.team},         {"team_name", p.team_name}, {"active", p.active}};
}

Person add_person(Database& db, const std::string& actor, const NewPerson& input) {
  if (!is_key_text(input.username, 64)) {
    throw refused("person add: username '" + input.username +
                  "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
  }
  const std::string name = trim(input.name);
  if (name.empty()) {
    throw refused("person add: --name must not be empty");
  }
  if (input.email && !looks_like_email(*input.email)) {
    throw refused("person add: --email '" + *input.email + "' is not an email address like ana@example.com");
  }
  try {
    WriteTransaction tx(db);
    const Team team = resolve_team(db, input.team);
    SQLite::Statement existing(db.sql(), "SELECT username FROM person WHERE username = ?");
    existing.bind(1, input.username);
    if (existing.executeStep()) {
      throw refused("person add: username '" + input.username + "' already exists (as '" +
                    existing.getColumn(0).getString() + "')");
    }
    SQLite::Statement insert(db.sql(), "INSERT INTO person (username, name, email, team_id) VALUES (?, ?, ?, ?)");
    insert.bind(1, input.username);
    insert.bind(2, name);
    if (input.email) {
      insert.bind(3, *input.email);
    }
    insert.bind(4, team.id);
    insert.exec();
    Person person{input.username, name, input.email, team.code, team.name, true, db.sql().getLastInsertRowid()};
    // The history keeps the stored fields, not the team's name.
    Json stored = person_json(person);
    stored.erase("team_name");
    append_event(db, actor, "create", "person", person.username, nullptr, stored);
    tx.commit();
    return person;
  } catch (const SQLite::Exception& e) {
    throw from_sqlite(e);
  }
}

namespace {

constexpr const char* k_person_query =
    "SELECT p.username, p.name, p.email, t.code, t.name, p.active, p.id FROM person p JOIN team t ON t.id = p.team_id ";

Person read_person(SQLite::Statement& q) {
  Person p;
  p.username = q.getColumn(0).getString();
  p.name = q.getColumn(1).getString();
  if (!q.getColumn(2).isNull()) {
    p.email = q.getColumn(2).getString();
  }
  p.team = q.getColumn(3).getString();
  p.team_name = q.getColumn(4).getString();
  p.active = q.getColumn(5).getInt() != 0;
  p.id = q.getColumn(6).getInt64();
  return p;
}

}  // namespace

Person resolve_person(Database& db, const std::string& username) {
  SQLite::Statement q(db.sql(), std::string(k_person_query) + "WHERE p.username = ?");
  q.bind(1, trim(username));
  if (!q.executeStep()) {
    throw refused("unknown person '" + username + "' (`tally person list` shows them)");
  }
  return read_person(q);
}

std::vector<Person> list_people(Database& db, const std::optional<std::string>& team) {
  std::string sql = k_person_query;
  std::optional<Team> root;
  if (team) {
    root = resolve_team(db, *team);
    sql += "WHERE p.team_id IN " + team_subtree_sql("?1") + " ";
  }
  sql += "ORDER BY p.username";
  SQLite::Statement q(db.sql(), sql);
  if (root) {
    q.bind(1, root->id);
  }
  std::vector<Person> people;
  while (q.executeStep()) {
    people.push_back(read_person(q));
  }
  return people;
}

}  // namespace tally
