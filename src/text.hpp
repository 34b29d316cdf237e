#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

// The text without leading and trailing whitespace.
std::string trim(std::string_view text);

// The text with ASCII letters in lower case (names matched case-insensitively).
std::string lower(std::string_view text);

// True for 1..max_length characters of letters, digits, '.', '_' and '-': the
// shape of usernames and location codes (what a scanner or a shell passes intact).
bool is_key_text(std::string_view text, std::size_t max_length);

// The items joined with ", " (or another separator).
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");

// Throws a refused Error "<context>: unknown <noun> '<value>'; expected one
// of: a, b, c" unless `value` is one of `allowed`.
void require_one_of(const std::string& context, const std::string& noun, const std::string& value,
                    const std::vector<std::string>& allowed);

// True for something@something with no whitespace.
bool looks_like_email(std::string_view text);

// What text a field may hold (see check_text).
enum class TextKind {
  identifier,  // codes, usernames, tags, serials, hostnames, keys, barcode values: no control character at all
  free_text,   // names, notes, reasons: no control character except TAB and LF
  scan,        // a scanned code: an identifier that may hold the GS1 group separator (U+001D)
};

// Why `text` is not acceptable as `kind`, with the 0-based byte offset of the
// first offending byte: "is not valid UTF-8 (byte 3)", "holds the control
// character \e (byte 0)"; nullopt when it is fine. Control characters are
// C0 (U+0000-U+001F), DEL (U+007F) and C1 (U+0080-U+009F).
std::optional<std::string> text_problem(std::string_view text, TextKind kind);

// The 0-based offset of the first byte of `text` that is not part of
// well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF), or nullopt when all of it is UTF-8. The one UTF-8 check of
// Tally: every boundary uses it.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text);

// Throws a refused Error "<field> <problem>; nothing was written" when
// text_problem finds something (`field` names the option, column or key).
void check_text(const std::string& field, std::string_view text, TextKind kind);

// `text` safe for a terminal: ESC as "\e", every other control character and
// every byte that is not UTF-8 as "\xNN" (C1 characters as their code point,
// "\x9b"); everything else unchanged.
std::string visible_text(std::string_view text);

// visible_text, but LF and TAB are kept (messages of several lines).
std::string visible_lines(std::string_view text);

// The largest quantity any command accepts (a PO line, a receipt, a stock
// move, a count, seats): small enough that no sum Tally keeps can overflow.
constexpr std::int64_t k_max_quantity = 1000000000;

// `text` as a whole number in [min, max], strictly (optional sign, digits
// only, no spaces, no clamping); nullopt otherwise.
std::optional<std::int64_t> parse_bounded(std::string_view text, std::int64_t min, std::int64_t max);

// parse_bounded, or a refused Error "<option>: '<text>' is not a whole number
// from <min> to <max>".
std::int64_t parse_quantity(const std::string& option, std::string_view text, std::int64_t min,
                            std::int64_t max = k_max_quantity);

// Throws a refused Error "<field>: <value> is not from <min> to <max>" unless
// min <= value <= max (the library's own bound on quantities it is given).
void check_bounded(const std::string& field, std::int64_t value, std::int64_t min, std::int64_t max = k_max_quantity);

}  // namespace tally
