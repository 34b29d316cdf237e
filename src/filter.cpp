#include "filter.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "licenses.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "org.hpp"
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

// The ids of a subtree (team_subtree_sql or location_subtree_sql on the
// parameter :root) as the literal list "(1, 4, 9)". With a list, SQLite's
// planner weighs the term by its length (one team: the owning team's index
// rather than the status index), where a recursive subquery gives it nothing
// to weigh.
std::string subtree_ids(Database& db, const std::string& subtree_sql, std::int64_t root) {
  Statement q(db, "SELECT id FROM " + subtree_sql + " ORDER BY id");
  q.bind(":root", root);
  std::string ids;
  while (q.step()) {
    ids += (ids.empty() ? "(" : ", ") + std::to_string(q.column(0).as_int64());
  }
  return ids + ")";
}

bool is_field_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
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
    while (name_end < rest.size() && is_field_char(rest[name_end])) {
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
      case FieldKind::team:
      case FieldKind::location:
      case FieldKind::po: {
        std::int64_t id = 0;
        try {
          if (field->kind == FieldKind::team) {
            id = resolve_team(db, value).id;
          } else if (field->kind == FieldKind::location) {
            id = resolve_location(db, value).id;
          } else {
            Statement q(db, "SELECT id FROM purchase_order WHERE number = ?");
            q.bind(1, value);
            if (!q.step()) {
              throw not_found("unknown purchase order '" + value + "' (`" + command_ref("po list") + "` shows them)");
            }
            id = q.column(0).as_int64();
          }
        } catch (const Error& e) {
          throw with_prefix(prefix, e);
        } catch (const store::SqlError& e) {
          throw from_sqlite(e);
        }
        try {
          if (field->kind == FieldKind::team) {
            sql = field->column + " IN " + subtree_ids(db, team_subtree_sql(":root"), id);
          } else if (field->kind == FieldKind::location) {
            sql = field->column + " IN " + subtree_ids(db, location_subtree_sql(":root"), id);
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

const std::vector<FilterField>& asset_filter_fields() {
  static const std::vector<FilterField> fields = {
      {"tag", "a.tag", FieldKind::text, {}},
      {"serial", "a.serial", FieldKind::text, {}},
      {"status", "a.status", FieldKind::choice, asset_statuses()},
      {"model", "m.name", FieldKind::text, {}},
      {"manufacturer", "v.name", FieldKind::text, {}},
      {"category", "m.category", FieldKind::choice, model_categories()},
      {"team", "a.owner_team_id", FieldKind::team, {}},
      {"location", "a.location_id", FieldKind::location, {}},
      {"custodian", "p.username", FieldKind::text, {}},
      {"po", "po.id", FieldKind::po, {}},
      {"hostname", "a.hostname", FieldKind::text, {}},
      {"rack", "kl.code || '/' || k.name", FieldKind::text, {}},
      {"received", "a.received_on", FieldKind::date, {}},
      {"warranty", "a.warranty_ends", FieldKind::date, {}},
  };
  return fields;
}

const std::vector<FilterField>& license_filter_fields() {
  static const std::string used =
      "(SELECT coalesce(sum(la.quantity), 0) FROM license_assignment la WHERE la.license_id = l.id)";
  static const std::vector<FilterField> fields = {
      {"product", "l.product", FieldKind::text, {}},
      {"vendor", "v.name", FieldKind::text, {}},
      {"type", "l.type", FieldKind::choice, license_types()},
      {"team", "l.owner_team_id", FieldKind::team, {}},
      {"po", "po.id", FieldKind::po, {}},
      {"seats", "l.seats", FieldKind::number, {}},
      {"used", used, FieldKind::number, {}},
      {"free", "l.seats - " + used, FieldKind::number, {}},
      {"starts", "l.starts_on", FieldKind::date, {}},
      {"expires", "l.expires_on", FieldKind::date, {}},
  };
  return fields;
}

}  // namespace tally
