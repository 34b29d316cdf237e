#include "codes.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace tally {

namespace {

constexpr int k_tag_digits = 7;
constexpr char k_group_separator = '\x1D';

bool all_digits(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

// Data length of GS1 AIs whose length is predefined (GS1 General
// Specifications, figure 5.10.1-2); nullopt for variable-length AIs.
std::optional<std::size_t> fixed_length(std::string_view ai) {
  const std::string_view two = ai.substr(0, 2);
  if (two == "00") {
    return 18;
  }
  if (two == "01" || two == "02" || two == "03") {
    return 14;
  }
  if (two == "04") {
    return 16;
  }
  if (two >= "11" && two <= "19") {
    return 6;
  }
  if (two == "20") {
    return 2;
  }
  if (two >= "31" && two <= "36") {
    return 6;
  }
  if (two == "41") {
    return 13;
  }
  return std::nullopt;
}

// How many digits the AI at the start of `s` has (2, 3 or 4), from its first
// two digits; 0 when the prefix is not a known AI.
std::size_t ai_length(std::string_view s) {
  if (s.size() < 2 || !all_digits(s.substr(0, 2))) {
    return 0;
  }
  const std::string_view two = s.substr(0, 2);
  if (two == "00" || two == "01" || two == "02" || two == "03" || two == "04" || (two >= "10" && two <= "22") ||
      two == "30" || two == "37" || (two >= "90" && two <= "99")) {
    return 2;
  }
  if (two == "23" || two == "24" || two == "25" || two == "40" || two == "41" || two == "42") {
    return 3;
  }
  if ((two >= "31" && two <= "36") || two == "39" || two == "70" || two == "71" || two == "80" || two == "81" ||
      two == "82") {
    return 4;
  }
  return 0;
}

void strip_symbology(std::string_view& s, bool& gs1_symbology) {
  // ISO/IEC 15424 identifiers: "]" + letter + digit. Modifiers that mean GS1.
  if (s.size() >= 3 && s[0] == ']' && std::isalpha(static_cast<unsigned char>(s[1])) &&
      std::isdigit(static_cast<unsigned char>(s[2]))) {
    const std::string_view id = s.substr(0, 3);
    gs1_symbology = id == "]C1" || id == "]d2" || id == "]Q3" || id == "]e0" || id == "]J1";
    s.remove_prefix(3);
  }
}

std::string parse_bracketed(std::string_view s, std::map<std::string, std::string>& ais) {
  while (!s.empty()) {
    if (s[0] != '(') {
      return "expected '(' before an application identifier";
    }
    const auto close = s.find(')');
    if (close == std::string_view::npos) {
      return "unclosed '(' in the GS1 string";
    }
    const std::string ai(s.substr(1, close - 1));
    if (ai.size() < 2 || ai.size() > 4 || !all_digits(ai)) {
      return "'" + ai + "' is not a GS1 application identifier";
    }
    s.remove_prefix(close + 1);
    const auto next = s.find('(');
    // Printed forms put spaces between the elements: "(01)0703... (21) SN-A7".
    std::string_view written = s.substr(0, next);
    while (!written.empty() && written.front() == ' ') {
      written.remove_prefix(1);
    }
    while (!written.empty() && written.back() == ' ') {
      written.remove_suffix(1);
    }
    const std::string value(written);
    if (value.empty()) {
      return "AI (" + ai + ") has no value";
    }
    ais[ai] = value;
    s.remove_prefix(next == std::string_view::npos ? s.size() : next);
  }
  return "";
}

std::string parse_raw(std::string_view s, std::map<std::string, std::string>& ais) {
  while (!s.empty()) {
    if (s[0] == k_group_separator) {
      s.remove_prefix(1);
      continue;
    }
    const std::size_t n = ai_length(s);
    if (n == 0 || s.size() < n || !all_digits(s.substr(0, n))) {
      return "unknown GS1 application identifier at '" + std::string(s.substr(0, 4)) + "'";
    }
    const std::string ai(s.substr(0, n));
    s.remove_prefix(n);
    std::string value;
    if (const auto length = fixed_length(ai)) {
      if (s.size() < *length) {
        return "AI (" + ai + ") needs " + std::to_string(*length) + " characters";
      }
      value = std::string(s.substr(0, *length));
      s.remove_prefix(*length);
    } else {
      const auto end = s.find(k_group_separator);
      value = std::string(s.substr(0, end));
      s.remove_prefix(end == std::string_view::npos ? s.size() : end);
    }
    if (value.empty()) {
      return "AI (" + ai + ") has no value";
    }
    ais[ai] = value;
  }
  return "";
}

// A raw GS1 string sent without a symbology identifier or GS: AI 01, a GTIN
// whose check digit is right, then a known AI. A serial that happens to
// start with "01" and 14 digits passes this test only one time in ten.
bool unprefixed_gs1(std::string_view s) {
  return s.size() > 18 && s.substr(0, 2) == "01" && all_digits(s.substr(0, 16)) && is_valid_gtin(s.substr(2, 14)) &&
         ai_length(s.substr(16)) > 0;
}

}  // namespace

char damm_check_digit(std::string_view digits) {
  static constexpr int table[10][10] = {{0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
                                        {4, 2, 0, 6, 8, 7, 1, 3, 5, 9}, {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
                                        {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
                                        {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
                                        {9, 4, 3, 8, 6, 1, 7, 2, 0, 5}, {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};
  int interim = 0;
  for (char c : digits) {
    interim = table[interim][c - '0'];
  }
  return static_cast<char>('0' + interim);
}

std::string make_tag(std::string_view prefix, std::int64_t sequence) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%0*lld", k_tag_digits, static_cast<long long>(sequence));
  return std::string(prefix) + digits + damm_check_digit(digits);
}

TagCheck check_tag(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size() + 2) {
    return TagCheck::not_a_tag;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != std::toupper(static_cast<unsigned char>(prefix[i]))) {
      return TagCheck::not_a_tag;
    }
  }
  const std::string_view digits = text.substr(prefix.size());
  if (!all_digits(digits)) {
    return TagCheck::not_a_tag;
  }
  // A number whose check digit is right has a Damm checksum of zero.
  return damm_check_digit(digits) == '0' ? TagCheck::ok : TagCheck::bad_check;
}

std::vector<std::string> tag_corrections(std::string_view text, std::string_view prefix) {
  std::vector<std::string> tags;
  if (check_tag(text, prefix) != TagCheck::bad_check) {
    return tags;
  }
  std::string head(text.substr(0, prefix.size()));
  for (char& c : head) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  const std::string digits(text.substr(prefix.size()));
  const auto add = [&](const std::string& candidate) {
    if (damm_check_digit(candidate) == '0' && std::find(tags.begin(), tags.end(), head + candidate) == tags.end()) {
      tags.push_back(head + candidate);
    }
  };
  // The check digit mistyped: the number as typed, with its right check digit.
  const std::string number = digits.substr(0, digits.size() - 1);
  add(number + damm_check_digit(number));
  // One digit mistyped, anywhere.
  for (std::size_t i = 0; i < digits.size(); ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d != digits[i]) {
        std::string candidate = digits;
        candidate[i] = d;
        add(candidate);
      }
    }
  }
  // Two neighbouring digits swapped.
  for (std::size_t i = 0; i + 1 < digits.size(); ++i) {
    if (digits[i] != digits[i + 1]) {
      std::string candidate = digits;
      std::swap(candidate[i], candidate[i + 1]);
      add(candidate);
    }
  }
  return tags;
}

std::string format_record_id(std::string_view prefix, std::int64_t id) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%05lld", static_cast<long long>(id));
  return std::string(prefix) + digits;
}

std::optional<std::int64_t> parse_record_id(std::string_view prefix, std::string_view text) {
  if (text.size() > prefix.size()) {
    bool has_prefix = true;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(text[i])) != std::toupper(static_cast<unsigned char>(prefix[i]))) {
        has_prefix = false;
        break;
      }
    }
    if (has_prefix) {
      text.remove_prefix(prefix.size());
    }
  }
  if (!all_digits(text) || text.size() > 15) {
    return std::nullopt;
  }
  std::int64_t id = 0;
  for (char c : text) {
    id = id * 10 + (c - '0');
  }
  return id > 0 ? std::optional<std::int64_t>(id) : std::nullopt;
}

bool is_valid_gtin(std::string_view gtin) {
  if (!all_digits(gtin) || (gtin.size() != 8 && gtin.size() != 12 && gtin.size() != 13 && gtin.size() != 14)) {
    return false;
  }
  int sum = 0;
  // Weights 3, 1, 3, ... from the digit left of the check digit.
  for (std::size_t i = 0; i + 1 < gtin.size(); ++i) {
    const int digit = gtin[gtin.size() - 2 - i] - '0';
    sum += digit * (i % 2 == 0 ? 3 : 1);
  }
  return (10 - sum % 10) % 10 == gtin.back() - '0';
}

std::string gtin14(std::string_view gtin) {
  return std::string(gtin.size() < 14 ? 14 - gtin.size() : 0, '0') + std::string(gtin);
}

std::optional<std::string> ScannedCode::serial() const {
  if (!gs1) {
    return text;
  }
  const auto it = ais.find("21");
  return it == ais.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::optional<std::string> ScannedCode::gtin() const {
  const auto it = ais.find("01");
  return it == ais.end() ? std::nullopt : std::optional<std::string>(it->second);
}

ScanParse parse_scan(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
    line.remove_suffix(1);
  }
  bool gs1_symbology = false;
  const bool product_symbology = line.substr(0, 3) == "]E0" || line.substr(0, 3) == "]E3";
  strip_symbology(line, gs1_symbology);
  ScanParse result;
  ScannedCode code;
  code.text = std::string(line);
  if (line.empty()) {
    result.error = "empty code";
    return result;
  }
  const bool bracketed = line.front() == '(';
  const bool raw = gs1_symbology || line.find(k_group_separator) != std::string_view::npos || unprefixed_gs1(line);
  if (bracketed || raw) {
    code.gs1 = true;
    const std::string error = bracketed ? parse_bracketed(line, code.ais) : parse_raw(line, code.ais);
    if (!error.empty()) {
      result.error = "not a GS1 element string: " + error;
      return result;
    }
    if (auto gtin = code.gtin(); gtin && !is_valid_gtin(*gtin)) {
      result.error = "its GTIN " + *gtin + " (AI 01) has a wrong check digit";
      return result;
    }
  }
  code.product_code =
      !code.gs1 && (product_symbology || ((line.size() == 12 || line.size() == 13) && is_valid_gtin(line)));
  result.code = std::move(code);
  return result;
}

}  // namespace tally
