// libFuzzer target: strict YYYY-MM-DD dates, and the loose forms a Snipe-IT
// file writes (M/D/YY, M/D/YYYY, a time of day after the date).
#include "clock.hpp"
#include "importing.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tally::parse_date(text);
  // What the loose parser accepts is always a strict date.
  if (const auto day = tally::parse_loose_date(std::string(text))) {
    if (!tally::parse_date(*day)) {
      std::abort();
    }
  }
  return 0;
}
