#pragma once

#include "csv.hpp"
#include "importing.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tally {

class ImportProblems;

// Header names (lower case) -> field; an empty field is a known column that import ignores.
using HeaderMap = std::map<std::string, std::string>;

// What each dialect calls the columns of an asset file.
const HeaderMap& asset_headers(Dialect dialect);
// What each dialect calls the columns of a license file.
const HeaderMap& license_headers(Dialect dialect);
// The name of a dialect as the import event records it ("tally", "snipeit").
const char* dialect_name(Dialect dialect);

// What a header of the file names: its field, "" for a known column that
// the import leaves out (or one the options ignore), nullopt for an unknown
// header. The one place that decides what an unknown column is.
std::optional<std::string> resolve_header(const std::string& written, const HeaderMap& map,
                                          const ImportOptions& options);

// Where each field is in the rows of a file.
class Columns {
 public:
  // Reads the header row; unknown headers (all in one problem) and missing
  // required fields are added to `problems`. A header the map does not know
  // is first offered to `claim` (custom fields, import_fields.hpp): claimed,
  // it is no problem. A header repeated for the same field is read as one
  // column (see check_row); a column without a header must stay empty.
  Columns(const CsvRow& header, const HeaderMap& map, const std::vector<std::string>& required,
          const ImportOptions& options, ImportProblems& problems,
          const std::function<bool(std::size_t, const std::string&)>& claim = {});

  // Adds the problems of the current row's repeated and unnamed columns:
  // repeated columns that disagree, a value under no header.
  void check_row(std::int64_t line, ImportProblems& problems) const;

  // The row that get() reads from; it must outlive the next use().
  void use(const CsvRow& row) { m_row = &row; }
  // Whether the file has a column for `field`.
  bool has(const std::string& field) const { return m_at.count(field) > 0; }
  // The index of the (first) column for `field` in a row.
  std::optional<std::size_t> index(const std::string& field) const {
    const auto at = m_at.find(field);
    return at == m_at.end() ? std::nullopt : std::optional<std::size_t>(at->second.first);
  }
  // The trimmed value of a field in the current row ("" if the file has no such column).
  // A repeated header's later column fills an empty first one.
  std::string get(const std::string& field) const;
  // The header as the file writes it.
  std::string header(const std::string& field) const;

 private:
  struct Repeated {
    std::string field;
    std::size_t index;
    std::string written;
  };
  std::map<std::string, std::pair<std::size_t, std::string>> m_at;
  std::vector<Repeated> m_repeated;
  std::vector<std::size_t> m_unnamed;
  const CsvRow* m_row = nullptr;
};

// A Tally category for a Snipe-IT category name ("Laptops" -> laptop), else "other".
std::string tally_category(const std::string& name);

// A location code for a Snipe-IT location name: letters, digits, '.', '_'
// and '-' kept, anything else turned into '-', at most 64 characters.
std::string location_code_for(const std::string& name);

// Snipe-IT's status labels, as a refusal lists them.
const char* snipeit_status_labels();

}  // namespace tally
