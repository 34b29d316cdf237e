#include "csv.hpp"

#include "error.hpp"
#include "text.hpp"

#include <csv.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <sstream>
#include <string_view>

namespace tally {

struct CsvReader::State {
  std::istream* in = nullptr;
  csv_parser parser{};
  std::deque<CsvRow> ready;            // complete records not yet returned
  std::vector<std::string> fields;     // the record being parsed
  std::int64_t embedded_newlines = 0;  // line breaks inside the record's quoted fields
  std::int64_t line = 0;               // physical line being fed to the parser
  std::int64_t bytes = 0;
  std::optional<std::size_t> width;  // field count of the first record
  std::vector<std::string> header;   // the first record, to name columns in messages
  bool finished = false;
  bool first_chunk = true;
  bool check_text = true;
  std::string pending_error;

  static void on_field(void* data, std::size_t size, void* self) {
    auto* state = static_cast<State*>(self);
    const char* text = data == nullptr ? "" : static_cast<const char*>(data);
    state->fields.emplace_back(text, size);
    // Line breaks: LF, CRLF, and a lone CR (old Mac files such as Snipe-IT's samples).
    for (std::size_t i = 0; i < size; ++i) {
      state->embedded_newlines += text[i] == '\n' || (text[i] == '\r' && (i + 1 == size || text[i + 1] != '\n'));
    }
  }

  static void on_record(int, void* self) {
    auto* state = static_cast<State*>(self);
    CsvRow row;
    row.line = state->line - state->embedded_newlines;
    row.fields = std::move(state->fields);
    state->fields.clear();
    state->embedded_newlines = 0;
    if (!state->width) {
      state->width = row.fields.size();
    } else if (row.fields.size() != *state->width && state->pending_error.empty()) {
      state->pending_error = "line " + std::to_string(row.line) + ": " + std::to_string(row.fields.size()) +
                             " fields where the header has " + std::to_string(*state->width);
    }
    state->ready.push_back(std::move(row));
  }

  // Feeds the next physical line (with its line break) to the parser.
  bool feed() {
    std::string chunk;
    if (!std::getline(*in, chunk)) {
      return false;
    }
    const bool had_newline = !in->eof();
    if (had_newline) {
      chunk.push_back('\n');
    }
    bytes += static_cast<std::int64_t>(chunk.size());
    if (first_chunk) {
      first_chunk = false;
      if (chunk.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        chunk.erase(0, 3);
      }
    }
    // A lone CR ends a line too: each such line is fed on its own, so that
    // records know their line.
    std::size_t start = 0;
    while (start < chunk.size()) {
      std::size_t end = start;
      while (end < chunk.size() && !(chunk[end] == '\r' && (end + 1 == chunk.size() || chunk[end + 1] != '\n'))) {
        ++end;
      }
      end = std::min(end + 1, chunk.size());
      ++line;
      if (csv_parse(&parser, chunk.data() + start, end - start, on_field, on_record, this) != end - start) {
        throw refused("line " + std::to_string(line) + ": malformed quoting (" + csv_strerror(csv_error(&parser)) +
                      "); a quote inside a field must be doubled");
      }
      start = end;
    }
    return true;
  }
};

namespace {
int no_space(unsigned char) {
  return 0;
}
}  // namespace

CsvReader::CsvReader(std::istream& in, bool check_text) : m_state(std::make_unique<State>()) {
  m_state->in = &in;
  m_state->check_text = check_text;
  csv_init(&m_state->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
  csv_set_space_func(&m_state->parser, no_space);
}

CsvReader::~CsvReader() {
  csv_free(&m_state->parser);
}

std::optional<CsvRow> CsvReader::next() {
  State& s = *m_state;
  while (s.ready.empty() && !s.finished) {
    if (!s.feed()) {
      s.finished = true;
      const unsigned char* open = s.parser.entry_buf;
      const std::int64_t open_line =
          s.line - s.embedded_newlines -
          (open == nullptr || s.parser.entry_pos == 0 ? 0 : std::count(open, open + s.parser.entry_pos - 1, '\n'));
      if (csv_fini(&s.parser, State::on_field, State::on_record, &s) != 0) {
        throw refused("line " + std::to_string(open_line) + ": a quoted field is never closed");
      }
    }
  }
  if (!s.pending_error.empty()) {
    throw refused(s.pending_error);
  }
  if (s.ready.empty()) {
    return std::nullopt;
  }
  CsvRow row = std::move(s.ready.front());
  s.ready.pop_front();
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    // CR is part of a CRLF line break inside a quoted field; the same length
    // keeps the byte offset right.
    std::string checked = s.check_text ? row.fields[i] : std::string();
    std::replace(checked.begin(), checked.end(), '\r', '\n');
    if (const auto problem = s.check_text ? text_problem(checked, TextKind::free_text) : std::nullopt) {
      const std::string column = i < s.header.size() ? visible_text(s.header[i]) : "";
      throw refused("line " + std::to_string(row.line) + ", field " + std::to_string(i + 1) +
                    (column.empty() ? "" : " (\"" + column + "\")") + " " + *problem);
    }
    row.fields[i] = unguard_csv_cell(row.fields[i]);
  }
  if (s.header.empty()) {
    s.header = row.fields;
  }
  return row;
}

std::int64_t CsvReader::bytes_read() const {
  return m_state->bytes;
}

std::vector<CsvRow> parse_csv(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<CsvRow> rows;
  while (auto row = reader.next()) {
    rows.push_back(std::move(*row));
  }
  return rows;
}

namespace {

// "-12", "+3.50", "0.5": an optional sign, digits, an optional fraction.
bool is_plain_number(const std::string& cell) {
  std::size_t i = cell[0] == '+' || cell[0] == '-' ? 1 : 0;
  const std::size_t digits_start = i;
  while (i < cell.size() && std::isdigit(static_cast<unsigned char>(cell[i]))) {
    ++i;
  }
  if (i == digits_start) {
    return false;
  }
  if (i < cell.size() && cell[i] == '.') {
    const std::size_t fraction_start = ++i;
    while (i < cell.size() && std::isdigit(static_cast<unsigned char>(cell[i]))) {
      ++i;
    }
    if (i == fraction_start) {
      return false;
    }
  }
  return i == cell.size();
}

// Leading "'"s are looked through, so that a cell the guard produced is guarded again.
bool needs_guard(std::string_view cell) {
  const std::size_t start = cell.find_first_not_of('\'');
  if (start == std::string_view::npos) {
    return false;
  }
  const std::string rest(cell.substr(start));
  return std::string("=+-@\t\r").find(rest[0]) != std::string::npos && !is_plain_number(rest);
}

}  // namespace

std::string guard_csv_cell(const std::string& cell) {
  return needs_guard(cell) ? "'" + cell : cell;
}

std::string unguard_csv_cell(const std::string& cell) {
  return !cell.empty() && cell[0] == '\'' && needs_guard(std::string_view(cell).substr(1)) ? cell.substr(1) : cell;
}

}  // namespace tally
