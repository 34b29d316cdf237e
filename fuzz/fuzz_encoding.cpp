// libFuzzer target: decoding a file to UTF-8 (Latin-1, Windows-1252, UTF-16
// with or without a byte order mark) and the UTF-8 check every imported field
// goes through. Whatever decodes from another encoding is valid UTF-8.
#include "encoding.hpp"
#include "text.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tally::invalid_utf8_offset(bytes);
  for (const auto encoding : {tally::Encoding::utf8, tally::Encoding::latin1, tally::Encoding::cp1252,
                              tally::Encoding::utf16, tally::Encoding::mac_roman}) {
    tally::DecodeFailure failure;
    const auto text = tally::decode_to_utf8(bytes, encoding, failure);
    if (!text) {
      if (failure.offset > size) {
        std::abort();
      }
      continue;
    }
    // UTF-8 is passed on as it is (the reader checks it field by field): the
    // encoding named utf-8 without a UTF-16 mark, or utf-16 with a UTF-8 mark.
    const bool utf16_mark = size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF));
    const bool utf8_mark = size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF;
    const bool utf8_input =
        !utf16_mark && (encoding == tally::Encoding::utf8 || (utf8_mark && encoding == tally::Encoding::utf16));
    if (!utf8_input && tally::invalid_utf8_offset(*text)) {
      std::abort();
    }
  }
  return 0;
}
