#include "filter.hpp"

#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace tally {

namespace {

// Operators, longest first so that `<=` is not read as `<`.
constexpr std::array<std::string_view, 6> k_operators = {"<=", ">=", ":", "~", "<", ">"};

bool takes(FieldKind kind, std::string_view op) {
  switch (kind) {
    case FieldKind::text:
      return op == ":" || op == "~";
    case FieldKind::date:
    case FieldKind::number:
    case FieldKind::decimal:
      return op != "~";
    default:
      return op == ":";
  }
}

std::string operators_of(FieldKind kind) {
  std::vector<std::string> ops;
  for (const char* op : {":", "~", "<", "<=", ">", ">="}) {
    if (takes(kind, op)) {
      ops.emplace_back(op);
    }
  }
  return join(ops, " ");
}

// The ids of a subtree (FilterField::subtree_sql on the parameter :root) as the literal list "(1, 4, 9)". With a list,
// SQLite's planner weighs the term by its length (one team: the owning team's index rather than the status index),
// where a recursive subquery gives it nothing to weigh.
std::string subtree_ids(Database& db, const std::string& subtree_sql, std::int64_t root) {
  Statement q(db, "SELECT id FROM " + subtree_sql + " ORDER BY id");
  q.bind(":root", root);
  std::string ids;
  while (q.step()) {
    ids += (ids.empty() ? "(" : ", ") + std::to_string(q.column(0).as_int64());
  }
  return ids + ")";
}

// Letters and '_'; digits and '.' after the first character (custom fields: `field.ram_gb`).
bool is_field_char(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && ((c >= '0' && c <= '9') || c == '.'));
}

}  // namespace

CompiledFilter compile_filter(Database& db, const std::string& context, const std::vector<FilterField>& fields,
                              const std::vector<std::string>& terms) {
  CompiledFilter out;
  std::vector<std::string> parts;
  for (const auto& term : terms) {
    const std::string prefix = context + ": term '" + term + "': ";
    std::string_view rest = term;
    const bool negated = !rest.empty() && rest.front() == '-';
    if (negated) {
      rest.remove_prefix(1);
    }
    std::size_t name_end = 0;
    while (name_end < rest.size() && is_field_char(rest[name_end], name_end == 0)) {
      ++name_end;
    }
    const std::string name = lower(rest.substr(0, name_end));
    std::string_view op;
    for (auto candidate : k_operators) {
      if (rest.substr(name_end, candidate.size()) == candidate) {
        op = candidate;
        break;
      }
    }
    if (name.empty() || op.empty()) {
      throw refused(prefix +
                    "not a filter term; write FIELD:VALUE, FIELD~TEXT or FIELD<VALUE (<=, >, >= too), "
                    "with a leading - to negate");
    }
    const auto field = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.name == name; });
    if (field == fields.end()) {
      std::vector<std::string> names;
      for (const auto& f : fields) {
        names.push_back(f.name);
      }
      throw refused(prefix + "unknown field '" + name + "'; expected one of: " + join(names));
    }
    if (!takes(field->kind, op)) {
      throw refused(prefix + "field '" + name + "' does not take '" + std::string(op) +
                    "'; it takes: " + operators_of(field->kind));
    }
    const std::string value = trim(rest.substr(name_end + op.size()));
    if (value.empty()) {
      throw refused(prefix + "no value after '" + std::string(op) + "'");
    }

    const std::string param = ":f" + std::to_string(out.bindings.size() + 1);
    const std::string sql_op = op == ":" ? "=" : std::string(op);
    std::string sql;
    switch (field->kind) {
      case FieldKind::text:
        if (op == "~") {
          sql = "instr(lower(" + field->column + "), lower(" + param + ")) > 0";
        } else {
          sql = field->column + " = " + param + " COLLATE NOCASE";
        }
        out.bindings.emplace_back(param, value);
        break;
      case FieldKind::choice:
        if (std::find(field->choices.begin(), field->choices.end(), value) == field->choices.end()) {
          throw refused(prefix + "unknown " + name + " '" + value + "'; expected one of: " + join(field->choices));
        }
        sql = field->column + " = " + param;
        out.bindings.emplace_back(param, value);
        break;
      case FieldKind::subtree:
      case FieldKind::record: {
        std::int64_t id = 0;
        try {
          id = field->resolve(db, value);
        } catch (const Error& e) {
          throw with_prefix(prefix, e);
        } catch (const store::SqlError& e) {
          throw from_sqlite(e);
        }
        try {
          if (field->kind == FieldKind::subtree) {
            sql = field->column + " IN " + subtree_ids(db, field->subtree_sql, id);
          } else {
            sql = field->column + " = " + param;
            out.bindings.emplace_back(param, id);
          }
        } catch (const store::SqlError& e) {
          throw from_sqlite(e);
        }
        break;
      }
      case FieldKind::date: {
        const auto day = parse_date(value);
        if (!day) {
          throw refused(prefix + "not a date (YYYY-MM-DD)");
        }
        sql = field->column + " " + sql_op + " " + param;
        out.bindings.emplace_back(param, format_date(*day));
        break;
      }
      case FieldKind::number: {
        std::int64_t number = 0;
        const char* end = value.data() + value.size();
        const auto [ptr, ec] = std::from_chars(value.data(), end, number);
        if (ec != std::errc() || ptr != end) {
          throw refused(prefix + "not a whole number");
        }
        sql = field->column + " " + sql_op + " " + param;
        out.bindings.emplace_back(param, number);
        break;
      }
      case FieldKind::decimal: {
        const char* end = value.data() + value.size();
        const char* p = value.data() + (value[0] == '-' ? 1 : 0);
        const char* digits = p;
        while (p != end && *p >= '0' && *p <= '9') {
          ++p;
        }
        bool ok = p != digits;
        if (ok && p != end && *p == '.') {
          const char* fraction = ++p;
          while (p != end && *p >= '0' && *p <= '9') {
            ++p;
          }
          ok = p != fraction;
        }
        if (!ok || p != end) {
          throw refused(prefix + "not a decimal number (12.5)");
        }
        sql = field->column + " " + sql_op + " CAST(" + param + " AS REAL)";
        out.bindings.emplace_back(param, value);
        break;
      }
    }
    // A negated term also matches rows where the field is empty (NULL).
    parts.push_back(negated ? "(" + sql + ") IS NOT 1" : "(" + sql + ")");
  }
  out.sql = parts.empty() ? "1" : join(parts, " AND ");
  return out;
}

void bind_filter(Statement& statement, const CompiledFilter& filter) {
  for (const auto& [name, value] : filter.bindings) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      statement.bind(name, *number);
    } else {
      statement.bind(name, std::get<std::string>(value));
    }
  }
}

}  // namespace tally
