// libFuzzer target: the CSV reader of `tally import` over arbitrary bytes, and
// the Snipe-IT value parsers an import applies to each field. The header
// mapping needs a database and is not fuzzed here.
#include "csv.hpp"
#include "error.hpp"
#include "importing.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& row : tally::parse_csv(text)) {
      if (row.line < 1) {
        __builtin_trap();  // a record always starts on a line of the file
      }
      for (const auto& field : row.fields) {
        tally::parse_loose_amount(field, "USD");
        tally::parse_loose_amount(field, "JPY");
        tally::parse_loose_date(field);
        tally::parse_loose_bool(field);
        tally::snipeit_status(field);
      }
    }
  } catch (const tally::Error&) {
    // A malformed file is refused; anything else escapes and is a find.
  }
  return 0;
}
