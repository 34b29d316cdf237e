#pragma once

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// A person who can hold assets and license seats.
struct Person {
  std::string username;
  std::string name;
  std::optional<std::string> email;
  std::string team;  // team code
  std::string team_name;
  bool active = true;
  std::int64_t id = 0;  // row id, for the tables that refer to a person
};

// A person as JSON (what `person add`/`person list` print and the history keeps).
Json person_json(const Person& person);

// What `tally person add` asks for; the team may be a code, name or alias.
struct NewPerson {
  std::string username;
  std::string name;
  std::optional<std::string> email;
  std::string team;
};

// Adds a person and records the event, in one transaction. Throws a refused
// Error for a duplicate or malformed username, an empty name, a malformed
// email, or an unknown or ambiguous team.
Person add_person(Database& db, const std::string& actor, const NewPerson& person);

// The person with this username (case-insensitive). Throws a refused Error
// naming it if there is none.
Person resolve_person(Database& db, const std::string& username);

// People ordered by username; with `team`, only that unit and the units below it.
std::vector<Person> list_people(Database& db, const std::optional<std::string>& team);

}  // namespace tally
