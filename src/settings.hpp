#pragma once

#include <string>
#include <vector>

namespace tally {

class Database;

// A configuration value of the database (table `setting`).
struct Setting {
  std::string key;
  std::string value;
  std::string description;
  bool is_default = true;
};

// The keys Tally knows, with their current values (or defaults).
std::vector<Setting> list_settings(Database& db);

// The value of a known key, or its default. Throws a refused Error for an
// unknown key.
std::string get_setting(Database& db, const std::string& key);

// Sets a known key after checking the value, with its event. Throws a refused
// Error for an unknown key or a bad value.
Setting set_setting(Database& db, const std::string& actor, const std::string& key, const std::string& value);

// Makes the database's `timezone` setting the time zone of today() and of
// the times tables show (set_time_zone). Every face calls it once it has
// opened the database; `set_setting` calls it when the zone changes.
void apply_time_zone(Database& db);

}  // namespace tally
