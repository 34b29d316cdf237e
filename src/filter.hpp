#pragma once

#include "db.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tally {

class Database;

// What values a filter field takes, and so which operators it supports.
enum class FieldKind {
  text,     // `:` equals (case-insensitive), `~` contains (case-insensitive)
  choice,   // `:` one of FilterField::choices
  subtree,  // `:` the record the value names (FilterField::resolve) or any below it (FilterField::subtree_sql)
  record,   // `:` the record the value names (FilterField::resolve)
  date,     // `:` `<` `<=` `>` `>=` against YYYY-MM-DD
  number,   // `:` `<` `<=` `>` `>=` against a whole number
  decimal,  // `:` `<` `<=` `>` `>=` against a decimal number (12.5), compared as a number
};

// One field a filter term can name, with the SQL expression it compares.
struct FilterField {
  std::string name;    // as typed: "status", "warranty"
  std::string column;  // SQL expression over the list query's aliases: "a.status"
  FieldKind kind = FieldKind::text;
  std::vector<std::string> choices;  // FieldKind::choice only
  // FieldKind::subtree and record: the id of the record a value names; throws
  // a refused Error when none has it.
  std::function<std::int64_t(Database&, const std::string&)> resolve;
  // FieldKind::subtree: SQL of the ids below the parameter :root, itself
  // included (team_subtree_sql(":root")).
  std::string subtree_sql;
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
// does not take, an empty value, a bad date or number, an unknown choice, or
// a value that names no record. Each entity hands over its own fields
// (asset_filter_fields in assets.hpp, license_filter_fields in licenses.hpp).
CompiledFilter compile_filter(Database& db, const std::string& context, const std::vector<FilterField>& fields,
                              const std::vector<std::string>& terms);

// Binds the compiled filter's values to a statement prepared with its SQL.
void bind_filter(Statement& statement, const CompiledFilter& filter);

}  // namespace tally
