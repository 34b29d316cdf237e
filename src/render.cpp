#include "render.hpp"

#include "clock.hpp"
#include "csv.hpp"
#include "error.hpp"
#include "text.hpp"

#include <algorithm>
#include <numeric>
#include <optional>
#include <ostream>

namespace tally {

namespace {

std::string csv_field(const std::string& text) {
  const bool needs_quotes = text.find_first_of(",\"\r\n") != std::string::npos ||
                            (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!needs_quotes) {
    return text;
  }
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  return out + "\"";
}

// CSV cells keep nested values machine-readable: objects as JSON text, lists
// joined with ';', booleans as true/false.
std::string csv_cell(const Json& value) {
  if (value.is_null()) {
    return "";
  }
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_boolean()) {
    return value.get<bool>() ? "true" : "false";
  }
  if (value.is_array() && std::all_of(value.begin(), value.end(), [](const Json& v) { return !v.is_structured(); })) {
    std::string out;
    for (const auto& v : value) {
      out += (out.empty() ? "" : ";") + csv_cell(v);
    }
    return out;
  }
  return value.dump();
}

// A table cell for a terminal: one line (LF and TAB become spaces), every
// other control character visible (see visible_text).
std::string terminal_cell(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char ch) { return ch == '\n' || ch == '\t'; }, ' ');
  return visible_text(text);
}

// A cell's text for people: a UTC time in the organisation's time zone (see
// local_time_text); CSV and JSON keep the UTC time.
std::string people_text(const Json& value) {
  return value.is_string() ? local_time_text(value.get<std::string>()) : cell_text(value);
}

// The first `width` code points of text, with an ellipsis if it was cut.
std::string truncate(const std::string& text, std::size_t width) {
  if (display_width(text) <= width) {
    return text;
  }
  if (width == 0) {
    return "";
  }
  std::string out;
  std::size_t shown = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {
      if (shown == width - 1) {
        break;
      }
      ++shown;
    }
    out += text[i];
  }
  return out + "\u2026";
}

std::string pad(const std::string& text, std::size_t width, Align align) {
  const std::size_t w = display_width(text);
  const std::string fill(w < width ? width - w : 0, ' ');
  return align == Align::right ? fill + text : text + fill;
}

// Tree prefixes for rows with the given depths: "├─ ", "└─ ", "│  ".
std::vector<std::string> tree_prefixes(const std::vector<int>& depth) {
  std::vector<std::string> prefixes(depth.size());
  for (std::size_t i = 0; i < depth.size(); ++i) {
    for (int level = 1; level <= depth[i]; ++level) {
      // Does the branch at `level` go on below this row (a later sibling at
      // that level before the branch closes)?
      bool more = false;
      for (std::size_t j = i + 1; j < depth.size() && depth[j] >= level; ++j) {
        if (depth[j] == level) {
          more = true;
          break;
        }
      }
      if (level == depth[i]) {
        prefixes[i] += more ? "\u251c\u2500 " : "\u2514\u2500 ";
      } else {
        prefixes[i] += more ? "\u2502  " : "   ";
      }
    }
  }
  return prefixes;
}

// The width of a table whose columns have `widths`, with two spaces between columns.
std::size_t table_width(const std::vector<std::size_t>& widths) {
  return widths.empty() ? 0 : std::accumulate(widths.begin(), widths.end(), 2 * (widths.size() - 1));
}

// Leaves columns out and shortens others until the table fits `width` (see render).
void fit_width(std::vector<const Column*>& columns, std::vector<std::vector<std::string>>& cells,
               std::vector<std::string>& headings, std::vector<std::size_t>& widths, std::size_t width) {
  constexpr std::size_t k_floor = 10;
  const auto is_key = [&](std::size_t c) { return c == 0 || columns[c]->fit == Fit::key; };
  const auto floors = [&] {
    std::vector<std::size_t> out;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      out.push_back(is_key(c) ? widths[c] : std::min(widths[c], k_floor));
    }
    return out;
  };
  const auto leave_out = [&](std::size_t c) {
    const auto at = static_cast<std::ptrdiff_t>(c);
    columns.erase(columns.begin() + at);
    headings.erase(headings.begin() + at);
    widths.erase(widths.begin() + at);
    for (auto& line : cells) {
      line.erase(line.begin() + at);
    }
  };
  // The list's optional columns go whole, in its order, before anything is shortened.
  while (table_width(widths) > width) {
    std::optional<std::size_t> victim;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (!is_key(c) && columns[c]->drop > 0 && (!victim || columns[c]->drop > columns[*victim]->drop)) {
        victim = c;
      }
    }
    if (!victim) {
      break;
    }
    leave_out(*victim);
  }
  // Then the others, the rightmost first, while even their shortest form would not fit.
  while (table_width(floors()) > width) {
    std::optional<std::size_t> victim;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (!is_key(c)) {
        victim = c;
      }
    }
    if (!victim) {
      break;
    }
    leave_out(*victim);
  }
  const auto least = floors();
  while (table_width(widths) > width) {
    std::optional<std::size_t> widest;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      if (widths[c] > least[c] && (!widest || widths[c] > widths[*widest])) {
        widest = c;
      }
    }
    if (!widest) {
      break;
    }
    --widths[*widest];
  }
}

std::string render_table(const Table& table, const RenderOptions& options) {
  std::vector<const Column*> columns;
  for (const auto& c : table.columns) {
    if (c.in_table) {
      columns.push_back(&c);
    }
  }
  if (columns.empty()) {
    return "";
  }
  std::vector<std::vector<std::string>> cells;
  const auto prefixes = table.depth.size() == table.rows.size() ? tree_prefixes(table.depth)
                                                                : std::vector<std::string>(table.rows.size());
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<std::string> line;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const Json& row = table.rows[r];
      const auto it = row.find(columns[c]->key);
      std::string text = it == row.end() ? "" : people_text(*it);
      if (c == 0) {
        text = prefixes[r] + text;
      }
      line.push_back(terminal_cell(text));
    }
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> widths;
  std::vector<std::string> headings;
  for (const auto* c : columns) {
    std::string heading = c->heading;
    std::transform(heading.begin(), heading.end(), heading.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    headings.push_back(terminal_cell(heading));
    widths.push_back(display_width(heading));
  }
  for (const auto& line : cells) {
    for (std::size_t c = 0; c < line.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(line[c]));
    }
  }
  if (options.width > 0) {
    fit_width(columns, cells, headings, widths, options.width);
  }
  auto emit = [&](const std::vector<std::string>& line, std::string& out) {
    std::string text;
    // A key column is never cut, even where the widths could not make room.
    for (std::size_t c = 0; c < line.size(); ++c) {
      const Align align = columns[c]->align;
      const bool last = c + 1 == line.size();
      const bool key = c == 0 || columns[c]->fit == Fit::key;
      std::string cell = key ? line[c] : truncate(line[c], widths[c]);
      text += (last && align == Align::left) ? cell : pad(cell, widths[c], align);
      if (!last) {
        text += "  ";
      }
    }
    while (!text.empty() && text.back() == ' ') {
      text.pop_back();
    }
    out += text + "\n";
  };
  std::string out;
  emit(headings, out);
  for (const auto& line : cells) {
    emit(line, out);
  }
  return out;
}

// `row` with only the keys of `columns`, in their order (a missing one as null).
Json only_columns(const std::vector<Column>& columns, const Json& row) {
  Json only = Json::object();
  for (const auto& c : columns) {
    const auto it = row.find(c.key);
    only[c.key] = it == row.end() ? Json() : *it;
  }
  return only;
}

// The CSV line of `row`'s cells in `columns` (those shown in CSV), with its newline.
std::string csv_line(const std::vector<Column>& columns, const Json& row, const RenderOptions& options) {
  std::string line;
  bool first = true;
  for (const auto& c : columns) {
    if (c.in_csv) {
      const auto it = row.find(c.key);
      const std::string text = it == row.end() ? "" : csv_cell(*it);
      line += (first ? "" : ",") + csv_field(options.csv_raw ? text : guard_csv_cell(text));
      first = false;
    }
  }
  return line + "\n";
}

// The CSV header line of `columns`.
std::string csv_header(const std::vector<Column>& columns, const RenderOptions& options) {
  Json keys = Json::object();
  for (const auto& c : columns) {
    keys[c.key] = c.key;
  }
  return csv_line(columns, keys, options);
}

// The JSON object render(table, Format::json) prints for `row`: without the columns kept out of JSON.
Json json_row(const std::vector<Column>& columns, const Json& row) {
  Json object = Json::object();
  for (const auto& [key, value] : row.items()) {
    const auto column =
        std::find_if(columns.begin(), columns.end(), [&key = key](const Column& c) { return c.key == key; });
    if (column == columns.end() || column->in_json) {
      object[key] = value;
    }
  }
  return object;
}

std::string render_csv(const Table& table, const RenderOptions& options) {
  std::string out = csv_header(table.columns, options);
  for (const auto& row : table.rows) {
    out += csv_line(table.columns, row, options);
  }
  return out;
}

std::string label_of(const std::string& key) {
  std::string label = key;
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

}  // namespace

std::optional<Format> parse_format(std::string_view text) {
  if (text == "table") {
    return Format::table;
  }
  if (text == "csv") {
    return Format::csv;
  }
  if (text == "json") {
    return Format::json;
  }
  return std::nullopt;
}

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string cell_text(const Json& value) {
  if (value.is_null()) {
    return "";
  }
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_boolean()) {
    return value.get<bool>() ? "yes" : "no";
  }
  if (value.is_array()) {
    std::string out;
    for (const auto& v : value) {
      out += (out.empty() ? "" : ", ") + cell_text(v);
    }
    return out;
  }
  return value.dump();
}

std::vector<Column> fitted(std::vector<Column> columns, const std::vector<std::string>& keys,
                           const std::vector<std::string>& drop_order) {
  for (auto& column : columns) {
    if (std::find(keys.begin(), keys.end(), column.key) != keys.end()) {
      column.fit = Fit::key;
    }
    const auto rank = std::find(drop_order.begin(), drop_order.end(), column.key);
    if (rank != drop_order.end()) {
      column.drop = static_cast<int>(drop_order.end() - rank);
    }
  }
  return columns;
}

Table select_columns(const Table& table, const std::vector<std::string>& keys) {
  if (keys.empty()) {
    return table;
  }
  Table chosen;
  chosen.rows = table.rows;
  chosen.depth = table.depth;
  for (const auto& key : keys) {
    const auto column =
        std::find_if(table.columns.begin(), table.columns.end(), [&key](const Column& c) { return c.key == key; });
    if (column == table.columns.end()) {
      std::string known;
      for (const auto& c : table.columns) {
        known += (known.empty() ? "" : ", ") + c.key;
      }
      throw usage_error(field_ref("columns") + ": no column '" + visible_text(key) + "' here; the columns are " +
                        known);
    }
    Column shown = *column;
    shown.in_table = shown.in_csv = shown.in_json = true;
    chosen.columns.push_back(shown);
  }
  if (chosen.columns.front().key != table.columns.front().key) {
    chosen.depth.clear();  // the tree is drawn in the first column only
  }
  for (auto& row : chosen.rows) {
    row = only_columns(chosen.columns, row);
  }
  return chosen;
}

std::string render(const Table& table, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::table:
      return render_table(table, options);
    case Format::csv:
      return render_csv(table, options);
    case Format::json:
      return json_rows(table).dump(2) + "\n";
  }
  return "";
}

std::string render_stream_row(const std::vector<Column>& columns, const Json& row, Format format, bool first,
                              const RenderOptions& options) {
  switch (format) {
    case Format::table: {
      std::string line;
      for (const auto& c : columns) {
        if (c.in_table) {
          const auto it = row.find(c.key);
          line += (line.empty() ? "" : "  ") + (it == row.end() ? std::string() : terminal_cell(people_text(*it)));
        }
      }
      return line + "\n";
    }
    case Format::csv:
      return (first ? csv_header(columns, options) : std::string()) + csv_line(columns, row, options);
    case Format::json:
      return json_row(columns, row).dump() + "\n";
  }
  return "";
}

std::string render(const Record& record, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::table: {
      std::size_t label_width = 0;
      for (const auto& [key, value] : record.fields.items()) {
        label_width = std::max(label_width, display_width(terminal_cell(label_of(key))) + 1);
      }
      std::string out;
      for (const auto& [key, value] : record.fields.items()) {
        std::string line = pad(terminal_cell(label_of(key)) + ":", label_width, Align::left) + "  " +
                           terminal_cell(people_text(value));
        if (options.width > 0) {
          line = truncate(line, options.width);
        }
        while (!line.empty() && line.back() == ' ') {
          line.pop_back();
        }
        out += line + "\n";
      }
      for (const auto& section : record.sections) {
        out += "\n" + terminal_cell(section.title) + (section.table.rows.empty() ? ": none\n" : "\n");
        if (!section.table.rows.empty()) {
          out += render_table(section.table, options);
        }
      }
      return out;
    }
    case Format::csv: {
      Table one;
      for (const auto& [key, value] : record.fields.items()) {
        one.columns.push_back({key, key});
      }
      one.rows.push_back(record.fields);
      return render_csv(one, options);
    }
    case Format::json: {
      return record_json(record).dump(2) + "\n";
    }
  }
  return "";
}

Json json_rows(const Table& table) {
  Json rows = Json::array();
  for (const auto& row : table.rows) {
    rows.push_back(json_row(table.columns, row));
  }
  return rows;
}

Json record_json(const Record& record) {
  Json object = record.fields;
  for (const auto& section : record.sections) {
    object[section.key] = json_rows(section.table);
  }
  return object;
}

TableWriter::TableWriter(std::ostream& out, std::vector<Column> columns, const std::vector<std::string>& keys,
                         Format format, RenderOptions options)
    : m_out(out), m_format(format), m_options(options) {
  m_table.columns = std::move(columns);
  if (!keys.empty()) {
    m_table = select_columns(m_table, keys);
    m_chosen = true;
  }
}

void TableWriter::add(Json row) {
  if (m_chosen) {
    row = only_columns(m_table.columns, row);
  }
  switch (m_format) {
    case Format::table:
      m_table.rows.push_back(std::move(row));
      break;
    case Format::csv:
      if (m_rows == 0) {
        m_out << csv_header(m_table.columns, m_options);
      }
      m_out << csv_line(m_table.columns, row, m_options);
      break;
    case Format::json: {
      // dump(2) of the whole array is "[\n" + each object indented by two more spaces, ",\n" between, "\n]".
      const std::string object = json_row(m_table.columns, row).dump(2);
      std::string indented = "  ";
      indented.reserve(object.size() + object.size() / 8);
      for (char c : object) {
        indented += c;
        if (c == '\n') {
          indented += "  ";
        }
      }
      m_out << (m_rows == 0 ? "[\n" : ",\n") << indented;
      break;
    }
  }
  ++m_rows;
}

void TableWriter::finish() {
  switch (m_format) {
    case Format::table:
      m_out << render_table(m_table, m_options);
      break;
    case Format::csv:
      if (m_rows == 0) {
        m_out << csv_header(m_table.columns, m_options);
      }
      break;
    case Format::json:
      m_out << (m_rows == 0 ? "[]\n" : "\n]\n");
      break;
  }
  m_out << std::flush;
}

}  // namespace tally
