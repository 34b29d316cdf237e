#pragma once
// Internal to the import parts (import_assets.cpp): the columns of a CSV file
// that are custom fields.

#include "csv.hpp"
#include "fields.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tally {

class Database;
class ImportProblems;

// The custom-field columns of one asset import: a header equal to a field's
// name or label (any case) is that field; with `create`, any other unknown
// header becomes a new field (no category or model: it applies to every
// asset) whose type is inferred from all the column's values (integer,
// decimal, date, boolean, else text).
class ImportFieldColumns {
 public:
  ImportFieldColumns(Database& db, bool create);

  // Whether the header at column `index` is a field's (or, creating, any
  // header): the hook Columns calls for a header it does not know.
  bool claim(std::size_t index, const std::string& header);

  // Checks the row's values for an asset of this model ("MANUFACTURER
  // MODEL") and category; each wrong value is a problem of its line and
  // column. Returns false when one is wrong.
  bool check(const CsvRow& row, const std::string& model, const std::string& category, ImportProblems& problems);

  // Writes the values check() accepted, for the asset with this id.
  void store(std::int64_t asset_id);

  // Creates the new fields (with their `create` events) and their values; call
  // once all rows are stored.
  void finish(const std::string& actor);

  // Whether the file has any custom-field column.
  bool empty() const { return m_known.empty() && m_new.empty(); }

 private:
  struct NewColumn {
    std::size_t index = 0;
    std::string header;
    std::vector<std::pair<std::int64_t, std::string>> values;  // (asset id, value as written)
  };

  Database& m_db;
  bool m_create;
  std::vector<FieldDef> m_fields;                       // every defined field
  struct KnownColumn {
    std::size_t index = 0;
    std::string header;  // as the file writes it
    FieldDef field;
  };
  std::vector<KnownColumn> m_known;
  std::vector<NewColumn> m_new;
  std::vector<std::pair<std::int64_t, std::string>> m_checked;  // (field id, stored value) of the last row
  std::vector<std::pair<std::size_t, std::string>> m_pending;   // (m_new index, value) of the last row
};

}  // namespace tally
