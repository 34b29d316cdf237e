// libFuzzer target: money amounts in the currencies with 0, 2 and 3 decimals,
// and the import's decimal conventions (point, comma, auto) and stated
// currencies.
#include "money.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const char* currency : {"USD", "JPY", "BHD", "EUR"}) {
    tally::parse_amount(text, currency);
  }
  for (const char* default_currency : {"USD", "EUR"}) {
    std::string why;
    const auto stated = tally::split_currency(text, default_currency, why);
    if (!stated) {
      continue;
    }
    tally::mark_evidence(stated->number);
    for (const auto mark : {tally::DecimalMark::point, tally::DecimalMark::comma}) {
      const auto reading = tally::read_decimal(stated->number, mark);
      if (!reading) {
        continue;
      }
      // What is stored reads back as the same amount.
      for (const char* currency : {"USD", "JPY", "BHD"}) {
        const auto minor = tally::to_minor(*reading, currency);
        if (!minor) {
          continue;
        }
        const auto again = tally::read_decimal(tally::format_amount(*minor, currency), tally::DecimalMark::point);
        if (!again || tally::to_minor(*again, currency) != minor) {
          std::abort();
        }
      }
    }
  }
  return 0;
}
