// libFuzzer target: money amounts in the currencies with 0, 2 and 3 decimals.
#include "money.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const char* currency : {"USD", "JPY", "BHD", "EUR"}) {
    tally::parse_amount(text, currency);
  }
  return 0;
}
