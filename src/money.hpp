#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally {

// Digits after the decimal point of an ISO 4217 currency: 2 for most, 0 for
// JPY, KRW and a few others, 3 for BHD, KWD, OMR and a few others.
int minor_digits(std::string_view currency);

// True for three upper-case letters (USD, EUR). Tally does not keep the ISO
// list: a code with the right shape is accepted.
bool is_currency_code(std::string_view currency);

// Parses a non-negative decimal amount such as "1234.56", "1234.5" or "1234"
// into exact minor units of `currency`; nullopt for anything else (a sign,
// more decimals than the currency has, thousands separators, exponents, a
// value over 10^15 minor units).
std::optional<std::int64_t> parse_amount(std::string_view text, std::string_view currency);

// Formats minor units back to a decimal string: 123456 USD -> "1234.56".
std::string format_amount(std::int64_t minor, std::string_view currency);

}  // namespace tally
