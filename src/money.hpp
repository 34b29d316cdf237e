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

// How a file writes the decimal separator: point (1,234.56) or comma
// (1.234,56). Either convention also takes a space or a no-break space
// between groups of three digits (1 234,56).
enum class DecimalMark { point, comma };

// A cost as written: the number part and the currency stated beside it (an
// ISO code before or after, or a sign: € EUR, £ GBP, ¥ JPY, $ the default
// currency when that is a dollar currency).
struct StatedAmount {
  std::string number;    // the number without its currency, e.g. "1.234,56"
  std::string currency;  // the stated currency, "" when none is written
};
// Splits `text` into number and stated currency; nullopt with `why` set when
// the currency part is not one (e.g. "$" beside a default currency that is
// not a dollar, "US dollars").
std::optional<StatedAmount> split_currency(std::string_view text, std::string_view default_currency, std::string& why);

// True for a currency that writes its amounts with '$' (USD, CAD, AUD, NZD...).
bool is_dollar_currency(std::string_view currency);

// A decimal number as one convention reads it: the whole digits (no leading
// zeros, "0" for none) and the fraction digits (no trailing zeros).
struct DecimalReading {
  std::string whole;
  std::string fraction;
  bool operator==(const DecimalReading& o) const { return whole == o.whole && fraction == o.fraction; }
};
// Reads `number` with `mark`; groups must be of three digits after a first
// group of one to three; nullopt for anything else (a sign, two decimal
// separators, a stray character, more than 15 whole digits).
std::optional<DecimalReading> read_decimal(std::string_view number, DecimalMark mark);

// What `number` says about the convention.
enum class MarkEvidence {
  neither,    // no convention reads it
  same,       // both read it as the same value (1234, 1 234, 0)
  point,      // only the decimal point reads it
  comma,      // only the decimal comma reads it
  ambiguous,  // both read it, as different values (1,234 or 1.234)
};
MarkEvidence mark_evidence(std::string_view number);

// The minor units of `currency` for a reading; nullopt for more decimals
// than the currency has.
std::optional<std::int64_t> to_minor(const DecimalReading& reading, std::string_view currency);

const char* mark_name(DecimalMark mark);  // "point" or "comma"

}  // namespace tally
