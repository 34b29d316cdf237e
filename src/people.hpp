#pragma once

#include "checkouts.hpp"
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

// What a person holds: the assets they are the custodian of, their
// license seats and their open check-outs with due dates (what must come back when they leave).
struct Holdings {
  struct Held {
    std::string tag, serial, model, status;
    std::optional<std::string> location;
  };
  struct Seat {
    std::string license, product;
    std::int64_t quantity = 0;
    std::optional<std::string> expires_on;
  };
  std::vector<Held> assets;             // by tag
  std::vector<Seat> seats;              // by license
  std::vector<OpenCheckout> checkouts;  // open ones, overdue first (see open_checkouts)
};

// `tally person show USER`: the person and what they hold.
struct PersonDetail {
  Person person;
  Holdings holdings;
};
PersonDetail show_person(Database& db, const std::string& username);

// `tally person set USER`: each given field changes; an empty email clears it.
struct PersonEdit {
  std::string username;
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> team;
};
// One `set` event with the changed fields. Throws a refused Error, changing
// nothing, for no field, an empty name, a malformed email or an unknown team.
Person set_person(Database& db, const std::string& actor, const PersonEdit& edit);

// `tally person deactivate USER` (a leaver) or `activate` (back again): the
// person takes no new assets and seats while deactivated (the schema refuses
// them too); returns what they still hold, which must come back. Throws a
// refused Error if the person already is in that state.
PersonDetail set_person_active(Database& db, const std::string& actor, const std::string& username, bool active,
                               const std::optional<std::string>& reason);

// Throws a refused Error "<context>: <user> is deactivated ..." for a leaver.
void check_person_active(const std::string& context, const Person& person);

// People ordered by username; with `team`, only that unit and the units below it.
std::vector<Person> list_people(Database& db, const std::optional<std::string>& team);

}  // namespace tally
