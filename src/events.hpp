#pragma once

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tally {

class Database;

// One entry of the append-only history.
struct Event {
  std::int64_t id = 0;
  std::string at;  // UTC timestamp
  std::string actor;
  std::string action;      // create, update, load, ...
  std::string entity;      // team, person, location, ...
  std::string entity_key;  // the entity's human key (code, username, tag)
  Json before;             // null or an object of the changed fields
  Json after;              // null or an object of the changed fields
};

// Appends an event stamped now (see now_timestamp()). Call it inside the write
// transaction of the change it records. `before`/`after` are null or objects.
void append_event(Database& db, const std::string& actor, const std::string& action, const std::string& entity,
                  const std::string& entity_key, const Json& before, const Json& after);

// The same with the parts already in their stored form, for a caller that
// writes many events (an import): `at` read once by the caller, `before` and
// `after` as JSON text (nullopt is null). The one INSERT of an event.
void append_event_text(Database& db, const std::string& at, const std::string& actor, const std::string& action,
                       const std::string& entity, const std::string& entity_key,
                       const std::optional<std::string>& before, const std::optional<std::string>& after);

// One event in its stored form, as append_event_text takes it.
struct EventText {
  std::string at;
  std::string actor;
  std::string action;
  std::string entity;
  std::string entity_key;
  std::optional<std::string> before;
  std::optional<std::string> after;
};

// Appends the events in their order with one INSERT of them all (an
// import's batch of rows); the same rows as append_event_text one by one.
// Throws store::SqlError.
void append_events_text(Database& db, const std::vector<EventText>& events);

// The fields whose values differ between two objects with the same keys, as
// (before, after) objects holding only those fields; both empty if nothing changed.
std::pair<Json, Json> changed_fields(const Json& before, const Json& after);

// Which events `tally log` shows.
struct EventFilter {
  std::optional<std::string> entity;
  std::optional<std::string> entity_key;
  std::optional<std::string> since;  // YYYY-MM-DD, inclusive, UTC
  std::optional<std::string> until;  // YYYY-MM-DD (through that UTC day) or a UTC timestamp, inclusive
  std::optional<std::string> actor;  // only events by this actor
  std::optional<int> limit;          // the newest N
};

// Entity kinds that events name; `tally log --entity` accepts these.
const std::vector<std::string>& event_entities();

// Events matching the filter, oldest first. Throws a refused Error for an
// unknown entity kind, a bad date or time, or a limit below 1.
std::vector<Event> list_events(Database& db, const EventFilter& filter);

}  // namespace tally
