#pragma once

#include <string>
#include <string_view>

namespace tally {

// The text without leading and trailing whitespace.
std::string trim(std::string_view text);

// True for 1..max_length characters of letters, digits, '.', '_' and '-': the
// shape of usernames and location codes (what a scanner or a shell passes intact).
bool is_key_text(std::string_view text, std::size_t max_length);

// True for something@something with no whitespace.
bool looks_like_email(std::string_view text);

}  // namespace tally
