#pragma once

#include "json.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally {

// The three output formats of every command.
enum class Format { table, csv, json };

// "table", "csv" or "json"; nullopt otherwise.
std::optional<Format> parse_format(std::string_view text);

enum class Align { left, right };

// How a table column gives way on a narrow terminal: a key column (the first
// column of every table always is one) is never cut nor left out; the others
// are left out, then shortened with an ellipsis.
enum class Fit { shrink, key };

// One column of a Table. A column can be left out of some formats: the log's
// "changes" summary is for people (table only), its before/after objects are
// for scripts (CSV and JSON).
struct Column {
  std::string key;      // the row key; also the CSV header and the JSON key
  std::string heading;  // the table heading
  Align align = Align::left;
  bool in_table = true;
  bool in_csv = true;
  bool in_json = true;
  Fit fit = Fit::shrink;
  // The order in which a narrow terminal leaves columns out whole: the
  // highest first; 0 is shortened first and left out last, rightmost first.
  int drop = 0;
};

// `columns` with the columns `keys` made key columns (Fit::key) and the
// columns `drop_order` ranked to be left out in that order on a narrow
// terminal (the first first). Each list decides its own order.
std::vector<Column> fitted(std::vector<Column> columns, const std::vector<std::string>& keys,
                           const std::vector<std::string>& drop_order);

// Rows of one kind, as JSON objects keyed by Column::key.
struct Table {
  std::vector<Column> columns;
  std::vector<Json> rows;
  // Optional tree depth per row: the table format draws the first column as
  // a tree (├─ └─). Empty when the rows are not a tree.
  std::vector<int> depth;
};

// One object with, optionally, related rows (a team's children, say).
struct Record {
  Json fields;  // an object: scalar fields, or lists of scalars
  struct Section {
    std::string key;    // the JSON key of the related rows
    std::string title;  // the table-format heading
    Table table;
  };
  std::vector<Section> sections;
};

struct RenderOptions {
  std::size_t width = 0;  // table format: fit this many columns; 0 = no limit
  bool csv_raw = false;   // CSV: cells as they are, without guard_csv_cell (--csv-raw)
};

// The table with only the columns `keys` names, in that order, each shown in
// every format (a column otherwise kept out of the table, say, is shown
// there too). An empty `keys` returns the table as it is. Throws a usage
// Error for a key the table does not have, listing the ones it has.
Table select_columns(const Table& table, const std::vector<std::string>& keys);

// Renders rows: an aligned table, CSV with a header (RFC 4180 quoting), or a
// JSON array of objects. Table cells never hold a raw control character (see
// visible_text; LF and TAB become spaces); widths and truncation count the
// rendered characters. When `options.width` is set and the table is wider,
// the ranked columns (`drop` > 0) are left out whole, highest rank first,
// until it fits; then the other columns that are not keys are left out, the
// rightmost first, while even their shortest form (10 characters) would not
// fit, and the widest are shortened. Key columns are never cut, so a table
// whose key columns alone are wider than the terminal is wider than it. CSV cells are guarded against spreadsheet
// formulas (guard_csv_cell) unless `options.csv_raw`. The result ends with a newline unless it is empty.
std::string render(const Table& table, Format format, const RenderOptions& options = {});

// Renders one object: "field: value" lines and then each section as a table;
// one CSV row of the scalar fields; or a JSON object with the sections as
// arrays under their keys.
std::string render(const Record& record, Format format, const RenderOptions& options = {});

// Renders one row of a stream whose rows arrive one at a time (a scan
// session): the table format is the row's cells separated by two spaces, CSV
// is the row (preceded by the header when `first`), JSON is one compact object
// per line (JSON Lines).
std::string render_stream_row(const std::vector<Column>& columns, const Json& row, Format format, bool first,
                              const RenderOptions& options = {});

// Writes a table whose rows come one at a time, with the bytes render()
// would print for the whole table: CSV and JSON rows go out as they are
// added, so a list of a million rows is never held whole; the table format
// needs every row for its column widths, so it keeps them until finish().
// `keys` chooses columns as select_columns does, and a key the table does not
// have is refused here, before anything is written. Nothing is written
// before the first row or finish(): a command that fails before it prints
// nothing.
class TableWriter {
 public:
  TableWriter(std::ostream& out, std::vector<Column> columns, const std::vector<std::string>& keys, Format format,
              RenderOptions options = {});
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;
  // One row, an object keyed by Column::key.
  void add(Json row);
  // Writes what is still owed: the table, the CSV header of no rows, the end of the JSON array.
  void finish();

 private:
  std::ostream& m_out;
  Table m_table;  // the chosen columns; rows only for the table format
  bool m_chosen = false;
  Format m_format;
  RenderOptions m_options;
  std::size_t m_rows = 0;
};

// The JSON that render(table, Format::json) prints: an array of the rows
// without the columns left out of JSON.
Json json_rows(const Table& table);

// The JSON that render(record, Format::json) prints: the fields with each
// section's rows under its key.
Json record_json(const Record& record);

// How a JSON value reads in a table cell: null is empty, true/false are
// yes/no, lists are joined with ", ".
std::string cell_text(const Json& value);

// Number of characters (UTF-8 code points) that `text` shows as.
std::size_t display_width(std::string_view text);

}  // namespace tally
