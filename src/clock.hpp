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

// The current UTC time, or $TALLY_NOW when set (for reproducible tests).
// Throws a usage Error when $TALLY_NOW is not a valid timestamp.
std::string now_timestamp();

// Today's UTC date, or $TALLY_TODAY when set (else the date of $TALLY_NOW).
// Throws a usage Error when the variable is not a valid date.
date::year_month_day today();

}  // namespace tally
