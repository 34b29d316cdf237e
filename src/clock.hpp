#pragma once

#include <date/date.h>

#include <optional>
#include <string>
#include <string_view>

namespace tally {

// Parses a strict ISO 8601 calendar date (YYYY-MM-DD); nullopt for anything else,
// including dates that do not exist (2026-02-30) and trailing characters.
std::optional<date::year_month_day> parse_date(std::string_view text);

// Formats a date as YYYY-MM-DD.
std::string format_date(const date::year_month_day& day);

// Parses a strict UTC timestamp (YYYY-MM-DDTHH:MM:SSZ); nullopt otherwise.
std::optional<date::sys_seconds> parse_timestamp(std::string_view text);

// Formats a time point as YYYY-MM-DDTHH:MM:SSZ.
std::string format_timestamp(date::sys_seconds t);

// Makes `name` (an IANA time zone such as "Pacific/Auckland", or "UTC") the
// organisation's time zone, which today() and local_time_text() use; UTC until
// then. Throws a refused Error naming the field `timezone` for a name the tz
// database does not know.
void set_time_zone(const std::string& name);

// Whether `name` is a zone of the tz database (/usr/share/zoneinfo).
bool is_time_zone(const std::string& name);

// A UTC timestamp (YYYY-MM-DDTHH:MM:SSZ) as people read it in the
// organisation's time zone ("2026-12-02 08:36:00 NZDT"); the text as it is
// when the zone is UTC or the text is no such timestamp.
std::string local_time_text(const std::string& timestamp);

// The current UTC time, or $TALLY_NOW when set (for reproducible tests).
// Throws a usage Error when $TALLY_NOW is not a valid timestamp.
std::string now_timestamp();

// Today's date in the organisation's time zone (see set_time_zone), or
// $TALLY_TODAY when set (else the local date of $TALLY_NOW).
// Throws a usage Error when the variable is not a valid date.
date::year_month_day today();

}  // namespace tally
