#pragma once

#include "db.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tally {

class Database;

// What values a filter field takes, and so which operators it supports.
enum class FieldKind {
  text,      // `:` equals (case-insensitive), `~` contains (case-insensitive)
  choice,    // `:` one of FilterField::choices
  team,      // `:` the unit or any unit below it
  location,  // `:` the location or any location below it
  po,        // `:` a purchase order number that exists
  date,      // `:` `<` `<=` `>` `>=` against YYYY-MM-DD
  number,    // `:` `<` `<=` `>` `>=` against a whole number
};

// One field a filter term can name, with the SQL expression it compares.
struct FilterField {
  std::string name;    // as typed: "status", "warranty"
  std::string column;  // SQL expression over the list query's aliases: "a.status"
  FieldKind kind = FieldKind::text;
  std::vector<std::string> choices;  // FieldKind::choice only
};

// A value bound to a named parameter of the compiled SQL.
using FilterValue = std::variant<std::int64_t, std::string>;

// Filter terms compiled to SQL: a WHERE fragment whose values are all bound
// parameters (:f1, :f2, ...), never pasted into the text.
struct CompiledFilter {
  std::string sql;  // "1" when there are no terms; otherwise "(...) AND (...)"
  std::vector<std::pair<std::string, FilterValue>> bindings;
};

// Compiles Taskwarrior-style terms (`status:in_stock`, `model~R640`,
// `received>=2026-01-01`, `-status:disposed`), ANDed together, against
// `fields`. A leading '-' negates a term (rows where the field is empty match
// a negated term). Throws a refused Error "<context>: term '<term>': ..." for
// a term that is not FIELD OP VALUE, an unknown field, an operator the field
// does not take, an empty value, a bad date or number, an unknown choice,
// team, location or purchase order.
CompiledFilter compile_filter(Database& db, const std::string& context, const std::vector<FilterField>& fields,
                              const std::vector<std::string>& terms);

// Binds the compiled filter's values to a statement prepared with its SQL.
void bind_filter(Statement& statement, const CompiledFilter& filter);

// The fields of `tally asset list` (over the asset list query).
const std::vector<FilterField>& asset_filter_fields();

// The fields of `tally license list` (over the license list query).
const std::vector<FilterField>& license_filter_fields();

}  // namespace tally
