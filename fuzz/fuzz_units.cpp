// libFuzzer target: rack heights and unit positions in half units.
#include "models.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tally::parse_half_units(text, 200);
  tally::parse_u_height(text);
  return 0;
}
