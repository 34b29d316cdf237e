#include "text.hpp"

#include <cctype>

namespace tally {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

bool is_key_text(std::string_view text, std::size_t max_length) {
  if (text.empty() || text.size() > max_length) {
    return false;
  }
  for (unsigned char c : text) {
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

bool looks_like_email(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= text.size() || text.find('@', at + 1) != text.npos) {
    return false;
  }
  for (unsigned char c : text) {
    if (std::isspace(c)) {
      return false;
    }
  }
  return true;
}

}  // namespace tally
