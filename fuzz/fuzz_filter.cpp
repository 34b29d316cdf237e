// libFuzzer target: the filter language of `tally asset list` and `tally
// license list` (compile_filter) over arbitrary text, one term per
// whitespace-separated word, against a migrated in-memory database.
#include "assets.hpp"
#include "db.hpp"
#include "error.hpp"
#include "filter.hpp"
#include "licenses.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<tally::Database> db = tally::Database::open(":memory:", tally::OpenMode::create);
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> terms;
  std::string term;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (!term.empty()) {
        terms.push_back(term);
      }
      term.clear();
    } else {
      term.push_back(c);
    }
  }
  if (!term.empty()) {
    terms.push_back(term);
  }
  for (const auto* fields : {&tally::asset_filter_fields(), &tally::license_filter_fields()}) {
    try {
      const tally::CompiledFilter filter = tally::compile_filter(*db, "fuzz", *fields, terms);
      if (filter.sql.empty()) {
        __builtin_trap();  // "1" when there are no terms
      }
    } catch (const tally::Error&) {
      // A bad term is refused; anything else escapes and is a find.
    }
  }
  return 0;
}
