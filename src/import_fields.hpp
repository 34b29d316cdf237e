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

// The custom-field values of one row, as ImportFieldColumns::check accepted
// them, kept with the row until it is stored.
struct RowFieldValues {
  std::vector<std::pair<std::int64_t, std::string>> checked;  // (field id, stored value)
  std::vector<std::pair<std::size_t, std::string>> pending;   // (new column, value as written)
};

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
  // MODEL") and category into `values`; each wrong value is a problem of
  // its line and column. Returns false when one is wrong.
  bool check(const CsvRow& row, const std::string& model, const std::string& category, ImportProblems& problems,
             RowFieldValues& values);

  // Writes the values check() accepted, for the asset with this id; a value
  // the schema refuses (a unique field's value taken, say) is a problem of
  // its line and column instead.
  void store(std::int64_t asset_id, const RowFieldValues& values, std::int64_t line, ImportProblems& problems);

  // Writes the values of new assets (no value yet), as few INSERTs as the
  // backend's parameters allow. Throws store::SqlError when the schema
  // refuses one (a unique field's value taken, say): nothing of the INSERT
  // that held it is written.
  void store_new(const std::vector<std::pair<std::int64_t, const RowFieldValues*>>& assets);

  // Creates the new fields (with their `create` events) and their values; call
  // once all rows are stored.
  void finish(const std::string& actor);

  // The id the import's first new asset gets: a refusal names a new asset
  // by its line in the file rather than by its tag.
  void first_new_id(std::int64_t id) { m_first_new_id = id; }

  // Whether the file has any custom-field column.
  bool empty() const { return m_known.empty() && m_new.empty(); }

 private:
  struct NewColumn {
    std::size_t index = 0;
    std::string header;
    std::vector<std::pair<std::int64_t, std::string>> values;  // (asset id, value as written)
  };

  // The tag, or "line N of this file" for an asset this import adds.
  std::string holder_in_file(const std::string& tag);

  Database& m_db;
  bool m_create;
  std::int64_t m_first_new_id = 0;
  std::vector<FieldDef> m_fields;                       // every defined field
  struct KnownColumn {
    std::size_t index = 0;
    std::string header;  // as the file writes it
    FieldDef field;
  };
  std::vector<KnownColumn> m_known;
  std::vector<NewColumn> m_new;
};

}  // namespace tally
