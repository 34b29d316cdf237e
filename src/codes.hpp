#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

// The Damm check digit of a string of decimal digits. It catches every
// single-digit mistake and every swap of two neighbouring digits.
char damm_check_digit(std::string_view digits);

// The asset tag for a sequence number: prefix, the number zero-padded to 7
// digits, and its Damm check digit (AT- and 42 give "AT-00000420"-style tags).
std::string make_tag(std::string_view prefix, std::int64_t sequence);

enum class TagCheck {
  not_a_tag,  // does not have the shape prefix + digits
  bad_check,  // shaped like a tag, but the check digit is wrong
  ok,
};

// Whether `text` is a well-formed tag under `prefix` (case-insensitive prefix).
TagCheck check_tag(std::string_view text, std::string_view prefix);

// The well-formed tags one typing mistake away from `text`, a tag-shaped code
// whose check digit is wrong (TagCheck::bad_check): the same number with its
// right check digit first, then one digit changed, then two neighbouring
// digits swapped; each once, with `text`'s own prefix spelling uppercased.
// Empty for a code that is not a bad-check tag.
std::vector<std::string> tag_corrections(std::string_view text, std::string_view prefix);

// True if `gtin` is 8, 12, 13 or 14 digits with a correct GS1 check digit.
bool is_valid_gtin(std::string_view gtin);

// A GTIN left-padded with zeros to 14 digits, for comparing GTIN-8/12/13/14.
std::string gtin14(std::string_view gtin);

// A record's display id: prefix and the row id padded to 5 digits ("RMA-00042").
std::string format_record_id(std::string_view prefix, std::int64_t id);

// The row id in a display id: "RMA-00042", "rma-42" and "42" all give 42 for
// prefix "RMA-"; nullopt for anything else.
std::optional<std::int64_t> parse_record_id(std::string_view prefix, std::string_view text);

// What a scanned code says: a plain code, or the parts of a GS1 element string.
struct ScannedCode {
  std::string text;                           // the code without a symbology prefix
  bool gs1 = false;                           // a GS1 element string
  // A retail product code (EAN-13, UPC-A): sent with ]E0, or 12 or 13
  // digits whose GS1 check digit is right; it names a product, not a unit.
  bool product_code = false;
  std::map<std::string, std::string> ais;     // GS1 application identifier -> value
  std::optional<std::string> serial() const;  // AI 21 for GS1, else the text
  std::optional<std::string> gtin() const;    // AI 01
};

// Result of parse_scan: the code, or why it could not be read.
struct ScanParse {
  std::optional<ScannedCode> code;
  std::string error;
};

// Reads one scanned line: strips a trailing CR and a symbology identifier
// (]C1, ]d2, ]Q3, ]e0 ...), and parses GS1 element strings in both the
// bracketed human form "(01)09506000134352(21)SN123" (spaces between the
// elements allowed) and the raw form with FNC1 sent as the GS character
// (0x1D). Most scanners send neither a symbology identifier nor GS: a line
// that starts with AI 01, a GTIN whose check digit is right, and a known AI
// after it ("010703206980498821SN-A5") is read as a raw GS1 string too.
// Anything else is a plain code. Every scan path (receiving, audits, labels)
// goes through this one parser.
ScanParse parse_scan(std::string_view line);

}  // namespace tally
