#include "people.hpp"

#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "teams.hpp"
#include "text.hpp"

namespace tally {

Json person_json(const Person& p) {
  return {{"username", p.username}, {"name", p.name},           {"email", p.email ? Json(*p.email) : Json()},
          {"team", p.team},         {"team_name", p.team_name}, {"active", p.active}};
}

namespace {

// The fields of a person the history keeps (not the team's name).
Json stored_fields(const Person& person) {
  Json stored = person_json(person);
  stored.erase("team_name");
  return stored;
}

}  // namespace

Person add_person(Database& db, const std::string& actor, const NewPerson& input) {
  if (!is_key_text(input.username, 64)) {
    throw refused("person add: username '" + input.username +
                  "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
  }
  const std::string name = trim(input.name);
  if (name.empty()) {
    throw Error(Problem::invalid, "person add: " + field_ref("name") + " must not be empty", "name");
  }
  if (input.email && !looks_like_email(*input.email)) {
    throw Error(
        Problem::invalid,
        "person add: " + field_ref("email") + " '" + *input.email + "' is not an email address like ana@example.com",
        "email");
  }
  return write(db, [&] {
    const Team team = resolve_team(db, input.team);
    Statement existing(db, "SELECT username FROM person WHERE username = ?");
    existing.bind(1, input.username);
    if (existing.step()) {
      throw refused("person add: username '" + input.username + "' already exists (as '" +
                    existing.column(0).as_text() + "')");
    }
    Statement insert(db, "INSERT INTO person (username, name, email, team_id) VALUES (?, ?, ?, ?)");
    insert.bind(1, input.username);
    insert.bind(2, name);
    if (input.email) {
      insert.bind(3, *input.email);
    }
    insert.bind(4, team.id);
    insert.exec();
    Person person{input.username, name, input.email, team.code, team.name, true, db.last_insert_rowid()};
    append_event(db, actor, "create", "person", person.username, nullptr, stored_fields(person));
    return person;
  });
}

namespace {

constexpr const char* k_person_query =
    "SELECT p.username, p.name, p.email, t.code, t.name, p.active, p.id FROM person p JOIN team t ON t.id = p.team_id ";

Person read_person(Statement& q) {
  Person p;
  p.username = q.column(0).as_text();
  p.name = q.column(1).as_text();
  if (!q.column(2).is_null()) {
    p.email = q.column(2).as_text();
  }
  p.team = q.column(3).as_text();
  p.team_name = q.column(4).as_text();
  p.active = q.column(5).as_int() != 0;
  p.id = q.column(6).as_int64();
  return p;
}

}  // namespace

Person resolve_person(Database& db, const std::string& username) {
  Statement q(db, std::string(k_person_query) + "WHERE p.username = ?");
  q.bind(1, trim(username));
  if (!q.step()) {
    throw not_found("unknown person '" + username + "' (`" + command_ref("person list") + "` shows them)", "person");
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
  Statement q(db, sql);
  if (root) {
    q.bind(1, root->id);
  }
  std::vector<Person> people;
  while (q.step()) {
    people.push_back(read_person(q));
  }
  return people;
}

namespace {

Holdings holdings_of(Database& db, std::int64_t person_id) {
  Holdings h;
  Statement assets(db,
                   "SELECT a.tag, a.serial, m.label, a.status, l.code FROM asset a "
                   "JOIN v_model m ON m.model_id = a.model_id "
                   "LEFT JOIN location l ON l.id = a.location_id "
                   "WHERE a.custodian_person_id = ? ORDER BY a.tag");
  assets.bind(1, person_id);
  while (assets.step()) {
    Holdings::Held held{assets.column(0).as_text(), assets.column(1).as_text(), assets.column(2).as_text(),
                        assets.column(3).as_text(), std::nullopt};
    if (!assets.column(4).is_null()) {
      held.location = assets.column(4).as_text();
    }
    h.assets.push_back(std::move(held));
  }
  Statement seats(db,
                  "SELECT printf('LIC-%05d', l.id), l.product, la.quantity, l.expires_on "
                  "FROM license_assignment la JOIN license l ON l.id = la.license_id "
                  "WHERE la.person_id = ? ORDER BY l.id");
  seats.bind(1, person_id);
  while (seats.step()) {
    Holdings::Seat seat{seats.column(0).as_text(), seats.column(1).as_text(), seats.column(2).as_int64(), std::nullopt};
    if (!seats.column(3).is_null()) {
      seat.expires_on = seats.column(3).as_text();
    }
    h.seats.push_back(std::move(seat));
  }
  h.checkouts = open_checkouts(db, false, person_id);
  return h;
}

}  // namespace

PersonDetail show_person(Database& db, const std::string& username) {
  try {
    const Person person = resolve_person(db, username);
    return {person, holdings_of(db, person.id)};
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

void check_person_active(const std::string& context, const Person& person) {
  if (!person.active) {
    throw refused(context + ": " + person.username +
                  " is deactivated (a leaver) and takes nothing new; activate them again first if they are back");
  }
}

Person set_person(Database& db, const std::string& actor, const PersonEdit& edit) {
  if (!edit.name && !edit.email && !edit.team) {
    throw refused("person set: nothing to change; give " + field_ref("name") + ", " + field_ref("email") + " or " +
                  field_ref("team"));
  }
  if (edit.name && trim(*edit.name).empty()) {
    throw Error(Problem::invalid, "person set: " + field_ref("name") + " must not be empty", "name");
  }
  const std::string email = edit.email ? trim(*edit.email) : std::string();
  if (edit.email && !email.empty() && !looks_like_email(email)) {
    throw Error(
        Problem::invalid,
        "person set: " + field_ref("email") + " '" + *edit.email + "' is not an email address like ana@example.com",
        "email");
  }
  return write(db, [&] {
    const Person before = resolve_person(db, edit.username);
    Person after = before;
    if (edit.name) {
      after.name = trim(*edit.name);
    }
    if (edit.email) {
      after.email = email.empty() ? std::nullopt : std::optional<std::string>(email);
    }
    std::int64_t team_id = 0;
    if (edit.team) {
      const Team team = resolve_team(db, *edit.team);
      after.team = team.code;
      after.team_name = team.name;
      team_id = team.id;
    }
    Statement update(db,
                     "UPDATE person SET name = ?, email = ?, "
                     "team_id = coalesce(?, team_id) WHERE id = ?");
    update.bind(1, after.name);
    if (after.email) {
      update.bind(2, *after.email);
    }
    if (edit.team) {
      update.bind(3, team_id);
    }
    update.bind(4, before.id);
    update.exec();
    const auto [old_fields, new_fields] = changed_fields(stored_fields(before), stored_fields(after));
    if (!new_fields.empty()) {
      append_event(db, actor, "set", "person", before.username, old_fields, new_fields);
    }
    return resolve_person(db, before.username);
  });
}

PersonDetail set_person_active(Database& db, const std::string& actor, const std::string& username, bool active,
                               const std::optional<std::string>& reason) {
  const std::string verb = active ? "person activate" : "person deactivate";
  return write(db, [&]() -> PersonDetail {
    const Person before = resolve_person(db, username);
    if (before.active == active) {
      throw refused(verb + ": " + before.username + " is already " + (active ? "active" : "deactivated"));
    }
    Statement update(db, "UPDATE person SET active = ? WHERE id = ?");
    update.bind(1, active ? 1 : 0);
    update.bind(2, before.id);
    update.exec();
    const Holdings holdings = holdings_of(db, before.id);
    Json after = {{"active", active}};
    if (reason && !trim(*reason).empty()) {
      after["reason"] = trim(*reason);
    }
    if (!active) {
      after["holds_assets"] = holdings.assets.size();
      after["holds_seats"] = holdings.seats.size();
    }
    append_event(db, actor, active ? "activate" : "deactivate", "person", before.username, {{"active", !active}},
                 after);
    return {resolve_person(db, before.username), holdings};
  });
}

}  // namespace tally
