#include "money.hpp"

#include <array>
#include <cstdlib>

namespace tally {

int minor_digits(std::string_view currency) {
  static constexpr std::array<std::string_view, 12> zero = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                            "KMF", "KRW", "PYG", "RWF", "UGX", "VND"};
  static constexpr std::array<std::string_view, 7> three = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
  for (auto c : zero) {
    if (c == currency) {
      return 0;
    }
  }
  for (auto c : three) {
    if (c == currency) {
      return 3;
    }
  }
  return 2;
}

bool is_currency_code(std::string_view currency) {
  if (currency.size() != 3) {
    return false;
  }
  for (char c : currency) {
    if (c < 'A' || c > 'Z') {
      return false;
    }
  }
  return true;
}

std::optional<std::int64_t> parse_amount(std::string_view text, std::string_view currency) {
  const int digits = minor_digits(currency);
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 15 || (dot != std::string_view::npos && fraction.empty()) ||
      fraction.size() > static_cast<std::size_t>(digits)) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  for (int i = 0; i < digits; ++i) {
    const char c = static_cast<std::size_t>(i) < fraction.size() ? fraction[static_cast<std::size_t>(i)] : '0';
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  if (value > 1'000'000'000'000'000) {
    return std::nullopt;
  }
  return value;
}

std::string format_amount(std::int64_t minor, std::string_view currency) {
  const int digits = minor_digits(currency);
  const bool negative = minor < 0;
  // Work on the magnitude as unsigned so that INT64_MIN is safe.
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::string text = std::to_string(magnitude);
  if (digits > 0) {
    if (text.size() <= static_cast<std::size_t>(digits)) {
      text.insert(0, static_cast<std::size_t>(digits) + 1 - text.size(), '0');
    }
    text.insert(text.size() - static_cast<std::size_t>(digits), ".");
  }
  return negative ? "-" + text : text;
}

}  // namespace tally
