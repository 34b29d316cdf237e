#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tally {

// One record of a CSV file: its fields and the physical line it starts on.
struct CsvRow {
  std::int64_t line = 0;  // 1-based line of the file where the record starts
  std::vector<std::string> fields;
};

// Reads RFC 4180 CSV (libcsv underneath) one record at a time, streaming:
// quoted fields may hold commas, doubled quotes and line breaks; a UTF-8 BOM
// is skipped; CRLF and LF line ends are both accepted; blank lines are
// skipped. Fields are kept as written (no trimming). Every record must have
// as many fields as the first one (the header).
class CsvReader {
 public:
  // Reads from `in`, which must outlive the reader.
  explicit CsvReader(std::istream& in);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next record, or nullopt at the end of the input. Throws a refused
  // Error "line N: ..." for a malformed quote, a quoted field left open at
  // the end, or a record whose field count differs from the first record's.
  std::optional<CsvRow> next();

  // Bytes consumed so far (for progress).
  std::int64_t bytes_read() const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// Every record of `text` (for tests and small inputs); see CsvReader.
std::vector<CsvRow> parse_csv(const std::string& text);

}  // namespace tally
