#include "text.hpp"

#include "error.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tally {

namespace {

// One decoded character: its code point and how many bytes it took.
struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 0;
};

// The well-formed UTF-8 character at `text[i]` (RFC 3629, Table 3-7 of the
// Unicode standard), or nullopt.
std::optional<Decoded> decode_at(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) {
    return Decoded{lead, 1};
  }
  std::size_t length = 0;
  char32_t cp = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0F;
    low = lead == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
    high = lead == 0xED ? 0x9F : 0xBF;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07;
    low = lead == 0xF0 ? 0x90 : 0x80;   // no overlong forms
    high = lead == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
  } else {
    return std::nullopt;
  }
  if (i + length > text.size()) {
    return std::nullopt;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char c = byte(k);
    if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) {
      return std::nullopt;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  return Decoded{cp, length};
}

bool is_control(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

std::string hex_escape(unsigned value) {
  static constexpr char k_hex[] = "0123456789abcdef";
  return std::string("\\x") + k_hex[(value >> 4) & 0xF] + k_hex[value & 0xF];
}

std::string control_name(char32_t cp) {
  return cp == 0x1B ? std::string("\\e") : hex_escape(static_cast<unsigned>(cp));
}

}  // namespace

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto decoded = decode_at(text, i);
    if (!decoded) {
      return i;
    }
    i += decoded->length;
  }
  return std::nullopt;
}

std::optional<std::string> text_problem(std::string_view text, TextKind kind) {
  for (std::size_t i = 0; i < text.size();) {
    const auto decoded = decode_at(text, i);
    if (!decoded) {
      return "is not valid UTF-8 (byte " + std::to_string(i) + ")";
    }
    const char32_t cp = decoded->code_point;
    const bool allowed =
        (kind == TextKind::free_text && (cp == '\t' || cp == '\n')) || (kind == TextKind::scan && cp == 0x1D);
    if (is_control(cp) && !allowed) {
      return std::string("holds the control character ") + control_name(cp) + " (byte " + std::to_string(i) + ")" +
             (kind == TextKind::free_text ? "; only TAB and line breaks are allowed" : "");
    }
    i += decoded->length;
  }
  return std::nullopt;
}

void check_text(const std::string& field, std::string_view text, TextKind kind) {
  if (const auto problem = text_problem(text, kind)) {
    throw refused(field + " " + *problem + "; nothing was written");
  }
}

namespace {

std::string visible(std::string_view text, bool keep_lines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto decoded = decode_at(text, i);
    if (!decoded) {
      out += hex_escape(static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    const char32_t cp = decoded->code_point;
    if (is_control(cp) && !(keep_lines && (cp == '\n' || cp == '\t'))) {
      out += control_name(cp);
    } else {
      out.append(text.substr(i, decoded->length));
    }
    i += decoded->length;
  }
  return out;
}

}  // namespace

std::string visible_text(std::string_view text) {
  return visible(text, false);
}

std::string visible_lines(std::string_view text) {
  return visible(text, true);
}

std::optional<std::int64_t> parse_bounded(std::string_view text, std::int64_t min, std::int64_t max) {
  std::string_view digits = text;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
    digits.remove_prefix(1);
  }
  if (digits.empty() || digits.size() > 30 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  // from_chars takes a '-' but not a '+'.
  const std::string_view number = text.front() == '+' ? digits : text;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || end != number.data() + number.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

std::int64_t parse_quantity(const std::string& option, std::string_view text, std::int64_t min, std::int64_t max) {
  const auto value = parse_bounded(text, min, max);
  if (!value) {
    throw refused(option + ": '" + visible_text(text) + "' is not a whole number from " + std::to_string(min) + " to " +
                  std::to_string(max));
  }
  return *value;
}

void check_bounded(const std::string& field, std::int64_t value, std::int64_t min, std::int64_t max) {
  if (value < min || value > max) {
    throw refused(field + ": " + std::to_string(value) + " is not from " + std::to_string(min) + " to " +
                  std::to_string(max));
  }
}

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
