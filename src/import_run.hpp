#pragma once

#include "csv.hpp"
#include "db.hpp"
#include "import_resolver.hpp"
#include "importing.hpp"
#include "json.hpp"
#include "lifecycle.hpp"

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Columns;

// What every import shares: the file and its reader, the problems found, the
// counts, the resolver, and the end (the refusal or the `import` event).
// Built before the import's transaction (it opens the file); used inside it.
class ImportRun {
 public:
  // Opens the file; throws a refused Error if it cannot be read. `noun`
  // ("import assets") starts the refusals.
  ImportRun(Database& db, const std::string& actor, const ImportOptions& options, std::string noun);

  Database& db() { return m_db; }
  const std::string& actor() const { return m_actor; }
  const ImportOptions& options() const { return m_options; }
  bool snipeit() const { return m_options.dialect == Dialect::snipeit; }
  ImportProblems& problems() { return m_problems; }
  ImportCounts& counts() { return m_counts; }
  Resolver& resolver() { return m_resolver; }
  // Data rows read so far.
  std::int64_t rows() const { return m_rows; }

  // The header row; nullopt when the CSV reader refused it (a problem is
  // added). Throws a refused Error for an empty file.
  std::optional<CsvRow> header();
  // The next data row; nullopt at the end of the file, or when the CSV
  // reader refused the file (a problem is added; the rest is not read).
  std::optional<CsvRow> next_row();

  // When the options name no decimal separator: lets the resolver read the
  // file's cost column from the start once, if it meets a cost that both
  // conventions read (1,234) before any cost that only one reads (99,50).
  void settle_decimal(const Columns& columns);

  // Throws the refusal that lists every problem found, if there is one.
  void refuse_problems() const;
  // Refuses the problems found, else writes the `import` event (not in a dry
  // run) and returns what the import did.
  ImportReport finish(const std::string& kind);

 private:
  // The input from its start: the decoded text, the content, or the file.
  std::unique_ptr<std::istream> open_input() const;
  // The reader's next record; a refusal of the reader becomes a problem.
  std::optional<CsvRow> read();

  Database& m_db;
  std::string m_actor;
  const ImportOptions& m_options;
  std::string m_noun;
  std::int64_t m_size = 0;
  std::optional<std::string> m_decoded;  // the input decoded to UTF-8, when it is not UTF-8
  std::vector<std::string> m_header;  // the header row as written, to name columns
  std::unique_ptr<std::istream> m_in;  // the file, or the content given in the options
  CsvReader m_reader;
  std::int64_t m_rows = 0;
  ImportProblems m_problems;
  ImportCounts m_counts;
  Resolver m_resolver;
};

// A value of a row as it is bound or compared with a column.
using Value = ColumnValue;

// A column of the current row of a statement as a Value.
Value value_of(const Field& column);

// An optional as a Value (nullopt is NULL).
template <typename T>
Value value_of(const std::optional<T>& v) {
  return v ? Value(*v) : Value(nullptr);
}

// Text as a Value: "" is NULL.
inline Value text_or_null_value(const std::string& text) {
  return text.empty() ? Value(nullptr) : Value(text);
}

// Binds a Value to the parameter `key` of a statement: an index from 1, or a name (":serial").
template <typename Key>
void bind_column(Statement& statement, Key key, const Value& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    statement.bind(key, *number);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    statement.bind(key, *text);
  } else {
    statement.bind(key);
  }
}

// A count of at most 9 digits; nullopt for anything else.
std::optional<std::int64_t> parse_count(const std::string& text);

// The largest id of `table` (0 when it is empty).
std::int64_t max_id(Database& db, const std::string& table);

}  // namespace tally
