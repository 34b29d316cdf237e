#include "encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>

namespace tally {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_utf16le_bom = "\xFF\xFE";
constexpr std::string_view k_utf16be_bom = "\xFE\xFF";

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

// `bytes` from `from` to UTF-8 through iconv; `base` is added to the offsets of a failure.
std::optional<std::string> transcode(std::string_view bytes, const char* from, std::size_t base,
                                     DecodeFailure& failure) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    failure = {base, std::string("this system cannot decode ") + from};
    return std::nullopt;
  }
  const std::unique_ptr<void, IconvCloser> guard(cd);
  std::string out;
  out.resize(bytes.size() * 3 + 16);  // any of these encodings grows at most 3 times in UTF-8 (+ slack)
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<std::size_t>(-1)) {
      const std::size_t at = base + static_cast<std::size_t>(in - bytes.data());
      if (errno == E2BIG) {
        const std::size_t used = static_cast<std::size_t>(dst - out.data());
        out.resize(out.size() * 2);
        dst = out.data() + used;
        out_left = out.size() - used;
        continue;
      }
      failure = {at, errno == EINVAL ? std::string("the file ends inside a character")
                                     : std::string("is not a character of ") + from};
      return std::nullopt;
    }
  }
  out.resize(static_cast<std::size_t>(dst - out.data()));
  return out;
}

}  // namespace

std::optional<Encoding> encoding_named(std::string_view name) {
  if (name == "utf-8" || name == "utf8") {
    return Encoding::utf8;
  }
  if (name == "latin1" || name == "iso-8859-1") {
    return Encoding::latin1;
  }
  if (name == "cp1252" || name == "windows-1252") {
    return Encoding::cp1252;
  }
  if (name == "utf-16" || name == "utf16") {
    return Encoding::utf16;
  }
  if (name == "mac-roman" || name == "macintosh") {
    return Encoding::mac_roman;
  }
  return std::nullopt;
}

std::vector<std::string> encoding_names(bool with_utf8) {
  std::vector<std::string> names;
  for (const Encoding e : {Encoding::utf8, Encoding::latin1, Encoding::cp1252, Encoding::mac_roman, Encoding::utf16}) {
    if (with_utf8 || e != Encoding::utf8) {
      names.emplace_back(encoding_name(e));
    }
  }
  return names;
}

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8:
      return "utf-8";
    case Encoding::latin1:
      return "latin1";
    case Encoding::cp1252:
      return "cp1252";
    case Encoding::utf16:
      return "utf-16";
    case Encoding::mac_roman:
      return "mac-roman";
  }
  return "utf-8";
}

std::optional<std::string> decode_to_utf8(std::string_view bytes, Encoding encoding, DecodeFailure& failure) {
  if (bytes.substr(0, 2) == k_utf16le_bom || bytes.substr(0, 2) == k_utf16be_bom) {
    const bool le = bytes.substr(0, 2) == k_utf16le_bom;
    if (bytes.size() % 2 != 0) {
      failure = {bytes.size() - 1, "the UTF-16 file has an odd number of bytes"};
      return std::nullopt;
    }
    return transcode(bytes.substr(2), le ? "UTF-16LE" : "UTF-16BE", 2, failure);
  }
  std::size_t base = 0;
  if (bytes.substr(0, 3) == k_utf8_bom) {
    bytes.remove_prefix(3);
    base = 3;
    if (encoding == Encoding::utf16) {
      encoding = Encoding::utf8;  // the mark says what the file is
    }
  }
  switch (encoding) {
    case Encoding::utf8:
      return std::string(bytes);
    case Encoding::latin1:
      return transcode(bytes, "ISO-8859-1", base, failure);
    case Encoding::cp1252:
      return transcode(bytes, "CP1252", base, failure);
    case Encoding::mac_roman:
      return transcode(bytes, "MACINTOSH", base, failure);
    case Encoding::utf16:
      if (bytes.size() % 2 != 0) {
        failure = {base + bytes.size() - 1, "the UTF-16 file has an odd number of bytes"};
        return std::nullopt;
      }
      return transcode(bytes, "UTF-16LE", base, failure);
  }
  return std::string(bytes);
}

}  // namespace tally
