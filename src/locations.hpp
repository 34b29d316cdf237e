#pragma once

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// A place in the location tree.
struct Location {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::string kind;                   // site, building, room, warehouse, cage, row, bin
  std::optional<std::string> parent;  // parent's code
  std::string path;                   // codes from the root, joined by '/'
  int depth = 0;                      // 0 for a root
};

// A location as JSON (what `location add`/`location list` print).
Json location_json(const Location& location);

// The kinds a location may have.
const std::vector<std::string>& location_kinds();

// What `tally location add` asks for. Without a kind, a root is a `site` and
// anything under a parent is a `room`.
struct NewLocation {
  std::string code;
  std::string name;
  std::optional<std::string> kind;
  std::optional<std::string> parent;
};

// Adds a location and its event in one transaction. Throws a refused Error
// for a duplicate or malformed code, an empty name, an unknown kind, or a
// parent that does not exist (or is the location itself).
Location add_location(Database& db, const std::string& actor, const NewLocation& location);

// What `tally location set` changes; unset fields stay as they are.
struct LocationChange {
  std::string code;
  std::optional<std::string> name;
  std::optional<std::string> kind;
  std::optional<std::string> parent;  // "" makes the location a root
};

// Renames, re-kinds or re-parents a location, with its event. Throws a refused
// Error for an unknown location or parent, or a parent that would make a cycle.
Location set_location(Database& db, const std::string& actor, const LocationChange& change);

// Every location in tree order (each followed by its children, by code).
std::vector<Location> list_locations(Database& db);

// SQL for "the location bound to `parameter` and every location below it",
// for use as `location_id IN <this>`.
std::string location_subtree_sql(const std::string& parameter);

// The location with this code (case-insensitive). Throws a refused Error if
// there is none.
Location resolve_location(Database& db, const std::string& code);

}  // namespace tally
