#pragma once

#include "filter.hpp"
#include "json.hpp"
#include "render.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;
struct Asset;

// The types a custom field has.
const std::vector<std::string>& field_types();

// A custom field's definition (`tally field show`). A field with no category
// and no model applies to every asset; otherwise to an asset whose model is
// one of `models` or whose model's category is one of `categories`.
struct FieldDef {
  std::int64_t id = 0;
  std::string name;   // the key: lower case letters, digits, '_'
  std::string label;  // what a person reads ("RAM (GB)"); the name when none was given
  std::string type;   // one of field_types()
  std::vector<std::string> choices;  // a choice field's values, in order
  std::optional<std::string> regex;  // ECMAScript; the whole value must match
  bool unique = false;
  std::vector<std::string> categories;
  std::vector<std::string> models;  // "MANUFACTURER MODEL"
  std::int64_t values = 0;          // assets that have a value
  std::string created_at;
};

// What `tally field add` defines.
struct NewField {
  std::string name;
  std::string type;
  std::optional<std::string> label;
  std::vector<std::string> choices;  // each entry may hold several, comma-separated
  std::optional<std::string> regex;
  bool unique = false;
  std::vector<std::string> categories;
  std::vector<std::string> models;  // "MANUFACTURER MODEL"
};

// Defines a field with a `create` event. Throws a refused Error for a bad
// name, a taken name or label, an unknown type, choices on a field that is not
// a choice (or none on one), a regex that does not compile, an unknown
// category or model.
FieldDef add_field(Database& db, const std::string& actor, const NewField& field);

// Every field, by name.
std::vector<FieldDef> list_fields(Database& db);

// The field with this name (or label, case-insensitive). Throws a not_found
// Error naming `field list` otherwise.
FieldDef resolve_field(Database& db, const std::string& name);

// Removes a field with a `remove` event. Refused (conflict) while assets have
// values for it, unless `force`, which removes the values too (their count is
// in the event).
FieldDef remove_field(Database& db, const std::string& actor, const std::string& name, bool force);

// The JSON form of a definition (`field show`, `field list`, export).
Json field_json(const FieldDef& field);
// Columns of `field list`.
std::vector<Column> field_columns();

// Whether the field applies to an asset of this model and category.
bool field_applies(const FieldDef& field, const std::string& model, const std::string& category);

// The stored text form of `value` for the field, or the reason it is refused
// ("is not a whole number"). Integers are canonical ("+064" is 64), booleans
// true/false (also yes/no, 1/0), dates YYYY-MM-DD, choices one of them.
struct FieldCheck {
  std::optional<std::string> value;
  std::string problem;
};
FieldCheck check_field_value(const FieldDef& field, const std::string& value);

// The tag of another asset than `asset_id` that has this value of a unique
// field, if one has; and how a refusal says so.
std::optional<std::string> unique_value_holder(Database& db, std::int64_t field_id, const std::string& value,
                                               std::int64_t asset_id);
std::string taken_value_problem(const std::string& value, const std::string& holder);

// A stored value in its typed JSON form: integer a number, boolean a bool,
// others (decimal too, to stay exact) a string.
Json typed_field_value(const std::string& type, const std::string& value);

// The asset's values as an object {"ram_gb": 64, ...}, by name.
Json asset_field_values(Database& db, std::int64_t asset_id);

// Adds the asset's values to its record as a "fields" object {"ram_gb": 64}
// (`asset show`, `asset add`, `asset set`; a table face shows asset_field_table instead).
void add_asset_fields(Record& record, Database& db, std::int64_t asset_id);

// Rows of the asset's values (field, label, type, value) for the table face.
Table asset_field_table(Database& db, std::int64_t asset_id);

// Field changes as the history keeps them: before and after objects whose
// keys are "field NAME" (a field newly set is only in after; a cleared one is
// null in after).
struct FieldChanges {
  Json before = Json::object();
  Json after = Json::object();
  bool empty() const { return before.empty() && after.empty(); }
};

// Sets (NAME=VALUE) and clears (NAME=) custom field values of an asset; call
// inside a write transaction. No event: the caller puts the changes in its
// own. Throws a refused Error "<context>: field NAME: ..." for an assignment
// without '=', an unknown field, a field that does not apply to the asset,
// a value of the wrong type, one that does not match the regex, or a value a
// unique field already has on another asset.
FieldChanges apply_asset_fields(Database& db, const std::string& context, const Asset& asset,
                                const std::vector<std::string>& assignments);

// Filter fields `field.NAME` for every defined field (asset list terms).
std::vector<FilterField> field_filter_fields(Database& db);

// Values that break their field's rules (type, choices, regex, uniqueness,
// where it applies), as (asset tag, field name, what is wrong): the doctor check.
struct FieldValueProblem {
  std::string tag;
  std::string field;
  std::string problem;
};
std::vector<FieldValueProblem> field_value_problems(Database& db);

}  // namespace tally
