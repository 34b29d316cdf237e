#include "clock.hpp"

#include "error.hpp"

#include <date/tz.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <sstream>

namespace tally {

namespace {

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
  }
  return v;
}

// The organisation's time zone; nullptr is UTC. Set once a face has opened
// the database and read by every thread of `tally serve`.
std::atomic<const date::time_zone*> g_zone{nullptr};

const date::time_zone* find_zone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

bool is_time_zone(const std::string& name) {
  return name == "UTC" || find_zone(name) != nullptr;
}

void set_time_zone(const std::string& name) {
  if (name == "UTC") {
    g_zone = nullptr;
    return;
  }
  const date::time_zone* zone = find_zone(name);
  if (zone == nullptr) {
    throw Error(Problem::invalid,
                field_ref("timezone") + " '" + name +
                    "' is not a time zone of the tz database; give an IANA name such as Pacific/Auckland or UTC",
                "timezone");
  }
  g_zone = zone;
}

std::string local_time_text(const std::string& timestamp) {
  const date::time_zone* zone = g_zone;
  if (zone == nullptr) {
    return timestamp;
  }
  const auto t = parse_timestamp(timestamp);
  if (!t) {
    return timestamp;
  }
  return date::format("%F %T %Z", date::zoned_seconds{zone, *t});
}

std::optional<date::year_month_day> parse_date(std::string_view text) {
  // date::parse is lenient (accepts 2024-1-5 and trailing junk), so check the
  // shape by hand and let date::year_month_day::ok() reject impossible days.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return std::nullopt;
  }
  const date::year_month_day day{date::year{to_int(text.substr(0, 4))},
                                 date::month{static_cast<unsigned>(to_int(text.substr(5, 2)))},
                                 date::day{static_cast<unsigned>(to_int(text.substr(8, 2)))}};
  if (!day.ok()) {
    return std::nullopt;
  }
  return day;
}

std::string format_date(const date::year_month_day& day) {
  return date::format("%F", day);
}

std::optional<date::sys_seconds> parse_timestamp(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  const auto day = parse_date(text.substr(0, 10));
  if (!day || !all_digits(text.substr(11, 2)) || !all_digits(text.substr(14, 2)) || !all_digits(text.substr(17, 2))) {
    return std::nullopt;
  }
  const int h = to_int(text.substr(11, 2));
  const int m = to_int(text.substr(14, 2));
  const int s = to_int(text.substr(17, 2));
  if (h > 23 || m > 59 || s > 59) {
    return std::nullopt;
  }
  return date::sys_days{*day} + std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{s};
}

std::string format_timestamp(date::sys_seconds t) {
  return date::format("%FT%TZ", t);
}

std::string now_timestamp() {
  if (const char* fixed = std::getenv("TALLY_NOW"); fixed != nullptr && *fixed != '\0') {
    const auto t = parse_timestamp(fixed);
    if (!t) {
      throw usage_error(std::string("TALLY_NOW='") + fixed + "' is not a UTC timestamp like 2026-11-27T09:15:00Z");
    }
    return format_timestamp(*t);
  }
  return format_timestamp(date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

date::year_month_day today() {
  if (const char* fixed = std::getenv("TALLY_TODAY"); fixed != nullptr && *fixed != '\0') {
    const auto day = parse_date(fixed);
    if (!day) {
      throw usage_error(std::string("TALLY_TODAY='") + fixed + "' is not a date like 2026-11-27");
    }
    return *day;
  }
  const auto now = parse_timestamp(now_timestamp());
  if (const date::time_zone* zone = g_zone; zone != nullptr) {
    return date::year_month_day{date::floor<date::days>(zone->to_local(*now))};
  }
  return date::year_month_day{date::floor<date::days>(*now)};
}

}  // namespace tally
