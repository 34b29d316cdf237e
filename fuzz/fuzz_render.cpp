// libFuzzer target: the table renderer's escaping. Whatever a cell holds, a
// rendered table (any width) and a `show` record are UTF-8 with no control
// character but the line ends.
#include "render.hpp"
#include "text.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

void check(const std::string& out) {
  std::string without_lines = out;
  for (char& c : without_lines) {
    if (c == '\n') {
      c = ' ';
    }
  }
  if (tally::text_problem(without_lines, tally::TextKind::identifier)) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) {
    return 0;
  }
  const std::size_t width = data[0] % 40;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t half = text.size() / 2;
  tally::Table table;
  table.columns = {{"a", "a"}, {"b", "b", tally::Align::right}};
  table.rows.push_back(tally::Json{{"a", text.substr(0, half)}, {"b", text.substr(half)}});
  tally::RenderOptions options;
  options.width = width;
  check(tally::render(table, tally::Format::table, options));
  tally::Record record;
  record.fields = tally::Json{{"name", text}};
  check(tally::render(record, tally::Format::table, options));
  check(tally::render_stream_row(table.columns, table.rows.front(), tally::Format::table, true));
  return 0;
}
