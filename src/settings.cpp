#include "settings.hpp"

#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "locations.hpp"
#include "money.hpp"

#include <functional>

namespace tally {

namespace {

struct KnownKey {
  std::string key;
  std::string default_value;
  std::string description;
  // An error message for a bad value, or "" when it is fine.
  std::function<std::string(const std::string&)> check;
};

const std::vector<KnownKey>& known_keys() {
  static const std::vector<KnownKey> keys = {
      {"tag.prefix", "AT-", "prefix of generated asset tags (then 7 digits and a check digit)",
       [](const std::string& v) -> std::string {
         if (v.empty() || v.size() > 10) {
           return "must be 1-10 characters";
         }
         for (char c : v) {
           if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
             return "may hold only A-Z, 0-9 and '-'";
           }
         }
         if (v.back() >= '0' && v.back() <= '9') {
           return "must not end with a digit (the tag's digits follow it)";
         }
         return "";
       }},
      {"currency", "USD", "currency of new purchase orders and budgets when none is given",
       [](const std::string& v) -> std::string {
         return is_currency_code(v) ? "" : "must be an ISO 4217 code such as USD or EUR";
       }},
      // Checked against the locations when set (set_setting).
      {"receiving.location", "", "location received units go to when `receive` is given no --location (empty: none)",
       [](const std::string& v) -> std::string {
         return v.size() > 64 || v.find_first_of(" \t\r\n") != std::string::npos
                    ? "must be a location code (no spaces, at most 64 characters)"
                    : "";
       }},
      {"timezone", "UTC",
       "the organisation's time zone (an IANA name): today's date for due dates, expiries and reports, and the "
       "times tables show (JSON and CSV keep UTC)",
       [](const std::string& v) -> std::string {
         return is_time_zone(v) ? "" : "must be an IANA time zone name such as Pacific/Auckland (or UTC)";
       }},
  };
  return keys;
}

const KnownKey& known(const std::string& key) {
  for (const auto& k : known_keys()) {
    if (k.key == key) {
      return k;
    }
  }
  std::string list;
  for (const auto& k : known_keys()) {
    list += (list.empty() ? "" : ", ") + k.key;
  }
  throw refused("config: unknown key '" + key + "'; known keys: " + list);
}

}  // namespace

std::vector<Setting> list_settings(Database& db) {
  std::vector<Setting> settings;
  for (const auto& k : known_keys()) {
    Statement q(db, "SELECT value FROM setting WHERE key = ?");
    q.bind(1, k.key);
    const bool set = q.step();
    settings.push_back({k.key, set ? q.column(0).as_text() : k.default_value, k.description, !set});
  }
  return settings;
}

std::string get_setting(Database& db, const std::string& key) {
  const KnownKey& k = known(key);
  Statement& q = db.statement("SELECT value FROM setting WHERE key = ?");
  q.bind(1, key);
  const std::string value = q.step() ? q.column(0).as_text() : k.default_value;
  q.reset();
  return value;
}

Setting set_setting(Database& db, const std::string& actor, const std::string& key, const std::string& value) {
  const KnownKey& k = known(key);
  if (const std::string problem = k.check(value); !problem.empty()) {
    throw refused("config set: " + key + " '" + value + "' " + problem);
  }
  return write(db, [&]() -> Setting {
    if (key == "receiving.location" && !value.empty()) {
      resolve_location(db, value);  // throws for an unknown code
    }
    const std::string before = get_setting(db, key);
    Statement upsert(db,
                     "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    upsert.bind(1, key);
    upsert.bind(2, value);
    upsert.exec();
    if (before != value) {
      append_event(db, actor, "update", "setting", key, {{"value", before}}, {{"value", value}});
    }
    Setting set{key, value, k.description, false};
    if (key == "timezone") {
      set_time_zone(value);
    }
    return set;
  });
}

void apply_time_zone(Database& db) {
  // A zone that the tz database no longer knows (or that the sqlite3 shell
  // wrote) leaves UTC rather than making every command fail.
  const std::string zone = get_setting(db, "timezone");
  set_time_zone(is_time_zone(zone) ? zone : "UTC");
}

}  // namespace tally
