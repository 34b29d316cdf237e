#include "text.hpp"

#include "error.hpp"

#include <algorithm>
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

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
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

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : separator) + items[i];
  }
  return out;
}

void require_one_of(const std::string& context, const std::string& noun, const std::string& value,
                    const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    throw refused(context + ": unknown " + noun + " '" + value + "'; expected one of: " + join(allowed));
  }
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
