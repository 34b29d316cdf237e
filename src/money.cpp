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

namespace tally {

namespace {

constexpr std::string_view k_nbsp = "\xc2\xa0";
constexpr std::string_view k_narrow_nbsp = "\xe2\x80\xaf";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim_spaces(std::string_view s) {
  for (;;) {
    if (!s.empty() && s.front() == ' ') {
      s.remove_prefix(1);
    } else if (s.substr(0, k_nbsp.size()) == k_nbsp) {
      s.remove_prefix(k_nbsp.size());
    } else if (s.substr(0, k_narrow_nbsp.size()) == k_narrow_nbsp) {
      s.remove_prefix(k_narrow_nbsp.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && s.back() == ' ') {
      s.remove_suffix(1);
    } else if (s.size() >= k_nbsp.size() && s.substr(s.size() - k_nbsp.size()) == k_nbsp) {
      s.remove_suffix(k_nbsp.size());
    } else if (s.size() >= k_narrow_nbsp.size() && s.substr(s.size() - k_narrow_nbsp.size()) == k_narrow_nbsp) {
      s.remove_suffix(k_narrow_nbsp.size());
    } else {
      break;
    }
  }
  return s;
}

}  // namespace

bool is_dollar_currency(std::string_view currency) {
  static constexpr std::array<std::string_view, 20> dollars = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD",
                                                               "BSD", "BBD", "BZD", "BMD", "BND", "FJD", "GYD",
                                                               "JMD", "KYD", "LRD", "NAD", "TTD", "XCD"};
  for (auto d : dollars) {
    if (d == currency) {
      return true;
    }
  }
  return false;
}

std::optional<StatedAmount> split_currency(std::string_view text, std::string_view default_currency,
                                           std::string& why) {
  std::string_view s = trim_spaces(text);
  std::string currency;
  struct Sign {
    std::string_view sign;
    std::string_view currency;
  };
  static constexpr std::array<Sign, 3> signs = {{{"\xe2\x82\xac", "EUR"}, {"\xc2\xa3", "GBP"}, {"\xc2\xa5", "JPY"}}};
  auto take = [&](std::string_view part, std::string_view code, bool front) {
    if (s.size() < part.size() || (front ? s.substr(0, part.size()) : s.substr(s.size() - part.size())) != part) {
      return false;
    }
    if (front) {
      s.remove_prefix(part.size());
    } else {
      s.remove_suffix(part.size());
    }
    currency = std::string(code);
    s = trim_spaces(s);
    return true;
  };
  for (bool front : {true, false}) {
    if (!currency.empty()) {
      break;
    }
    for (const auto& sign : signs) {
      if (take(sign.sign, sign.currency, front)) {
        break;
      }
    }
    if (currency.empty() && s.size() > 3) {
      const std::string_view code = front ? s.substr(0, 3) : s.substr(s.size() - 3);
      if (is_currency_code(code)) {
        take(code, code, front);
      }
    }
    if (currency.empty() && (front ? (!s.empty() && s.front() == '$') : (!s.empty() && s.back() == '$'))) {
      if (!is_dollar_currency(default_currency)) {
        why = "'$' is ambiguous when the default currency is " + std::string(default_currency) +
              "; write the currency code, e.g. USD 10.00";
        return std::nullopt;
      }
      take("$", default_currency, front);
    }
  }
  for (char c : s) {
    if (!is_digit(c) && c != '.' && c != ',' && c != ' ' && static_cast<unsigned char>(c) < 0x80) {
      why = "'" + std::string(text) + "' is not an amount";
      return std::nullopt;
    }
  }
  return StatedAmount{std::string(s), currency};
}

std::optional<DecimalReading> read_decimal(std::string_view number, DecimalMark mark) {
  const char decimal = mark == DecimalMark::point ? '.' : ',';
  const char group = mark == DecimalMark::point ? ',' : '.';
  std::string whole;
  std::string fraction;
  bool in_fraction = false;
  int group_digits = -1;  // digits since the last group separator; -1 before any separator
  int first_group = 0;    // digits before the first separator
  std::string separator;  // the group separator the number uses
  std::size_t i = 0;
  while (i < number.size()) {
    const char c = number[i];
    if (is_digit(c)) {
      (in_fraction ? fraction : whole).push_back(c);
      if (!in_fraction) {
        if (group_digits < 0) {
          ++first_group;
        } else {
          ++group_digits;
        }
      }
      ++i;
      continue;
    }
    if (in_fraction) {
      return std::nullopt;
    }
    if (c == decimal) {
      if (whole.empty() || (group_digits >= 0 && group_digits != 3)) {
        return std::nullopt;
      }
      in_fraction = true;
      ++i;
      continue;
    }
    std::string_view sep;
    if (c == group || c == ' ') {
      sep = number.substr(i, 1);
    } else if (number.substr(i, k_nbsp.size()) == k_nbsp) {
      sep = k_nbsp;
    } else if (number.substr(i, k_narrow_nbsp.size()) == k_narrow_nbsp) {
      sep = k_narrow_nbsp;
    } else {
      return std::nullopt;
    }
    if (first_group == 0 || first_group > 3 || (group_digits >= 0 && group_digits != 3) ||
        (!separator.empty() && separator != sep)) {
      return std::nullopt;
    }
    separator = std::string(sep);
    group_digits = 0;
    i += sep.size();
  }
  if (whole.empty() || (in_fraction && fraction.empty()) || (group_digits >= 0 && group_digits != 3)) {
    return std::nullopt;
  }
  const auto nonzero = whole.find_first_not_of('0');
  whole = nonzero == std::string::npos ? "0" : whole.substr(nonzero);
  while (!fraction.empty() && fraction.back() == '0') {
    fraction.pop_back();
  }
  if (whole.size() > 15) {
    return std::nullopt;
  }
  return DecimalReading{whole, fraction};
}

MarkEvidence mark_evidence(std::string_view number) {
  const auto point = read_decimal(number, DecimalMark::point);
  const auto comma = read_decimal(number, DecimalMark::comma);
  if (point && comma) {
    return *point == *comma ? MarkEvidence::same : MarkEvidence::ambiguous;
  }
  if (point) {
    return MarkEvidence::point;
  }
  return comma ? MarkEvidence::comma : MarkEvidence::neither;
}

std::optional<std::int64_t> to_minor(const DecimalReading& reading, std::string_view currency) {
  const int digits = minor_digits(currency);
  if (reading.fraction.size() > static_cast<std::size_t>(digits)) {
    return std::nullopt;
  }
  return parse_amount(reading.fraction.empty() ? reading.whole : reading.whole + "." + reading.fraction, currency);
}

const char* mark_name(DecimalMark mark) { return mark == DecimalMark::point ? "point" : "comma"; }

}  // namespace tally
