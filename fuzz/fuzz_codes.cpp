// libFuzzer target: scanned codes (GS1 element strings, tags) and tag checks.
#include "codes.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tally::parse_scan(text);
  tally::check_tag(text, "AT-");
  tally::check_tag(text, "");
  return 0;
}
