#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tally {

// The text without leading and trailing whitespace.
std::string trim(std::string_view text);

// The text with ASCII letters in lower case (names matched case-insensitively).
std::string lower(std::string_view text);

// True for 1..max_length characters of letters, digits, '.', '_' and '-': the
// shape of usernames and location codes (what a scanner or a shell passes intact).
bool is_key_text(std::string_view text, std::size_t max_length);

// The items joined with ", " (or another separator).
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");

// Throws a refused Error "<context>: unknown <noun> '<value>'; expected one
// of: a, b, c" unless `value` is one of `allowed`.
void require_one_of(const std::string& context, const std::string& noun, const std::string& value,
                    const std::vector<std::string>& allowed);

// True for something@something with no whitespace.
bool looks_like_email(std::string_view text);

}  // namespace tally
