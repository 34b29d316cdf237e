#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

// The character encoding of a file Tally reads.
enum class Encoding {
  utf8,    // UTF-8 (a byte order mark is skipped)
  latin1,  // ISO-8859-1
  cp1252,  // Windows-1252 (0x80 is the euro sign)
  utf16,   // UTF-16: the byte order mark says LE or BE; without one, little-endian
  mac_roman,  // Mac OS Roman (exports saved on a Mac: Snipe-IT's own BAD and BLANKS sample files)
};

// The encoding with one of the names `encoding_names` lists, or one of their
// aliases (utf8, iso-8859-1, windows-1252, utf16, macintosh); nullopt for another name.
std::optional<Encoding> encoding_named(std::string_view name);
const char* encoding_name(Encoding encoding);
// The names `encoding_named` takes, in the order help and messages list them
// (utf-8 first; without it when a file was just found not to be UTF-8).
std::vector<std::string> encoding_names(bool with_utf8 = true);

// Why decoding failed: the 0-based byte offset in the input and what is wrong there.
struct DecodeFailure {
  std::size_t offset = 0;
  std::string what;
};

// `bytes` as UTF-8 (glibc iconv underneath). A UTF-16 byte order mark
// (FF FE or FE FF) means UTF-16 whatever `encoding` says, and a UTF-8 one
// (EF BB BF) is dropped; the marks themselves are not kept. UTF-8 input is
// returned as it is (the reader checks it field by field, so a refusal can
// name the row and column). Returns nullopt with `failure` set for bytes the
// encoding does not define (cp1252's 0x81, a lone UTF-16 surrogate, an odd
// UTF-16 length).
std::optional<std::string> decode_to_utf8(std::string_view bytes, Encoding encoding, DecodeFailure& failure);

}  // namespace tally
