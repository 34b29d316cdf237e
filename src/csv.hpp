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
// skipped. Fields are kept as written (no trimming) except that the "'" that
// guard_csv_cell adds is removed again, so Tally reads back its own CSV. Every
// record must have as many fields as the first one (the header), and every
// field must be UTF-8 without control characters other than TAB, CR and LF.
class CsvReader {
 public:
  // Reads from `in`, which must outlive the reader. With `check_text`
  // false the reader leaves the UTF-8 and control-character checks to its
  // caller (an import reports them per row and column, and reads on).
  explicit CsvReader(std::istream& in, bool check_text = true);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next record, or nullopt at the end of the input. Throws a refused
  // Error "line N: ..." for a malformed quote, a quoted field left open at
  // the end, a record whose field count differs from the first record's, or
  // "line N, field F ("column") is not valid UTF-8 (byte B)" (or holds a
  // control character), B counted from the start of the field.
  std::optional<CsvRow> next();

  // Bytes consumed so far (for progress).
  std::int64_t bytes_read() const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// A CSV cell made safe to open in a spreadsheet: a cell beginning with '=',
// '+', '-', '@', TAB or CR (a formula to Excel, LibreOffice and Sheets) gets a
// leading "'", unless it is a plain number ("-12", "+3.50"). A cell that is
// "'" followed by a cell that would be guarded gets one more "'", so that
// unguard_csv_cell undoes exactly what this did.
std::string guard_csv_cell(const std::string& cell);

// The inverse of guard_csv_cell: removes the one "'" it added.
std::string unguard_csv_cell(const std::string& cell);

// Every record of `text` (for tests and small inputs); see CsvReader.
std::vector<CsvRow> parse_csv(const std::string& text);

}  // namespace tally
