// libFuzzer target: the UTF-8 and control-character checks of every text
// boundary (text_problem, invalid_utf8_offset) and the CSV formula guard. It
// checks what they promise, not only that they do not crash.
#include "csv.hpp"
#include "text.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto offset = tally::invalid_utf8_offset(text);
  if (offset && *offset >= size) {
    std::abort();
  }
  // Text that passes as free text is UTF-8; an identifier passes only if free text does.
  const bool free_ok = !tally::text_problem(text, tally::TextKind::free_text);
  const bool identifier_ok = !tally::text_problem(text, tally::TextKind::identifier);
  if ((free_ok && offset) || (identifier_ok && !free_ok)) {
    std::abort();
  }
  // visible_text is always UTF-8 without a control character.
  if (tally::text_problem(tally::visible_text(text), tally::TextKind::identifier)) {
    std::abort();
  }
  // The CSV guard is undone exactly, and a guarded cell never starts a formula.
  const std::string guarded = tally::guard_csv_cell(text);
  if (tally::unguard_csv_cell(guarded) != text) {
    std::abort();
  }
  tally::parse_bounded(text, 0, tally::k_max_quantity);
  return 0;
}
