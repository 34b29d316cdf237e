#include "fields.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "models.hpp"
#include "text.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <regex>
#include <set>

namespace tally {

namespace {

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 40 || name[0] < 'a' || name[0] > 'z') {
    return false;
  }
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// A field's regex, compiled once per thread (an import checks it for every
// row: compiling it each time was most of the import's time).
const std::regex& compiled(const std::string& pattern) {
  thread_local std::map<std::string, std::regex> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    it = cache.emplace(pattern, std::regex(pattern)).first;
  }
  return it->second;
}

bool is_decimal(const std::string& text) {
  static const std::regex k_decimal("-?[0-9]+(\\.[0-9]+)?");
  return std::regex_match(text, k_decimal);
}

std::vector<std::string> split_list(const std::vector<std::string>& entries) {
  std::vector<std::string> out;
  for (const auto& entry : entries) {
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = entry.find(',', start);
      const std::string item = trim(entry.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!item.empty()) {
        out.push_back(item);
      }
      if (comma == std::string::npos) {
        break;
      }
      start = comma + 1;
    }
  }
  return out;
}

constexpr const char* k_field_query =
    "SELECT f.id, f.name, f.label, f.type, f.choices, f.regex, f.is_unique, f.created_at, "
    "(SELECT count(*) FROM asset_field af WHERE af.field_id = f.id) FROM field f ";

FieldDef read_field(Database& db, Statement& q) {
  FieldDef f;
  f.id = q.column(0).as_int64();
  f.name = q.column(1).as_text();
  f.label = q.column(2).as_text();
  f.type = q.column(3).as_text();
  if (!q.column(4).is_null()) {
    for (const auto& c : Json::parse(q.column(4).as_text())) {
      f.choices.push_back(c.get<std::string>());
    }
  }
  f.regex = text_or_null(q.column(5));
  f.unique = q.column(6).as_int64() == 1;
  f.created_at = q.column(7).as_text();
  f.values = q.column(8).as_int64();
  Statement c(db, "SELECT category FROM field_category WHERE field_id = ? ORDER BY category");
  c.bind(1, f.id);
  while (c.step()) {
    f.categories.push_back(c.column(0).as_text());
  }
  Statement m(db,
              "SELECT v.name || ' ' || m.name FROM field_model fm JOIN model m ON m.id = fm.model_id "
              "JOIN vendor v ON v.id = m.manufacturer_id WHERE fm.field_id = ? ORDER BY 1");
  m.bind(1, f.id);
  while (m.step()) {
    f.models.push_back(m.column(0).as_text());
  }
  return f;
}

std::vector<FieldDef> query_fields(Database& db, const std::string& where, const std::string& value) {
  Statement q(db, std::string(k_field_query) + where);
  if (!value.empty()) {
    q.bind(1, value);
  }
  std::vector<FieldDef> out;
  while (q.step()) {
    out.push_back(read_field(db, q));
  }
  return out;
}

}  // namespace

const std::vector<std::string>& field_types() {
  static const std::vector<std::string> types = {"text", "integer", "decimal", "date", "boolean", "choice"};
  return types;
}

Json field_json(const FieldDef& f) {
  return {{"name", f.name},
          {"label", f.label},
          {"type", f.type},
          {"choices", f.type == "choice" ? Json(f.choices) : Json()},
          {"regex", f.regex ? Json(*f.regex) : Json()},
          {"unique", f.unique},
          {"categories", f.categories},
          {"models", f.models},
          {"values", f.values},
          {"created_at", f.created_at}};
}

std::vector<Column> field_columns() {
  return fitted({{"name", "name"},
                 {"label", "label"},
                 {"type", "type"},
                 {"choices", "choices"},
                 {"regex", "regex"},
                 {"unique", "unique"},
                 {"categories", "categories"},
                 {"models", "models"},
                 {"values", "values", Align::right},
                 {"created_at", "created", Align::left, false}},
                {"name"}, {"regex", "models", "categories", "choices", "label"});
}

FieldDef add_field(Database& db, const std::string& actor, const NewField& in) {
  const std::string verb = "field add";
  const std::string name = trim(in.name);
  if (!valid_name(name)) {
    throw Error(Problem::invalid,
                verb + ": name '" + name +
                    "' must be 1 to 40 characters: a lower-case letter, then lower-case letters, digits or '_' "
                    "(ram_gb, mac_address)",
                "name");
  }
  require_one_of(verb, "type", in.type, field_types());
  const std::string label = in.label ? trim(*in.label) : name;
  if (label.empty() || label.size() > 100) {
    throw Error(Problem::invalid, verb + ": " + field_ref("label") + " must be 1 to 100 characters", "label");
  }
  check_text(verb + ": " + field_ref("label"), label, TextKind::free_text);
  const std::vector<std::string> choices = split_list(in.choices);
  if (in.type == "choice") {
    if (choices.empty()) {
      throw Error(Problem::invalid, verb + ": a choice field needs " + field_ref("choices") + " a,b,c", "choices");
    }
    std::set<std::string> seen;
    for (const auto& c : choices) {
      check_text(verb + ": " + field_ref("choices"), c, TextKind::identifier);
      if (!seen.insert(c).second) {
        throw Error(Problem::invalid, verb + ": choice '" + c + "' is given twice", "choices");
      }
    }
  } else if (!choices.empty()) {
    throw Error(Problem::invalid, verb + ": " + field_ref("choices") + " go only with type choice", "choices");
  }
  if (in.regex) {
    if (in.regex->empty()) {
      throw Error(Problem::invalid, verb + ": " + field_ref("regex") + " must not be empty", "regex");
    }
    try {
      std::regex check(*in.regex);
    } catch (const std::regex_error&) {
      throw Error(Problem::invalid, verb + ": " + field_ref("regex") + " '" + *in.regex + "' is not a regular expression",
                  "regex");
    }
  }
  for (const auto& c : split_list(in.categories)) {
    require_one_of(verb, "category", c, model_categories());
  }
  return write(db, [&] {
    Statement taken(db, "SELECT name FROM field WHERE name = ?1 OR lower(label) = lower(?2) OR lower(name) = lower(?2)");
    taken.bind(1, name);
    taken.bind(2, label);
    if (taken.step()) {
      throw conflict(verb + ": field '" + taken.column(0).as_text() + "' already has the name or label '" +
                         (taken.column(0).as_text() == name ? name : label) + "'",
                     "name");
    }
    std::vector<std::int64_t> model_ids;
    for (const auto& m : in.models) {
      try {
        model_ids.push_back(resolve_model(db, m).id);
      } catch (const Error& e) {
        throw with_prefix(verb + ": ", e);
      }
    }
    Statement insert(db,
                     "INSERT INTO field (name, label, type, choices, regex, is_unique, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, name);
    insert.bind(2, label);
    insert.bind(3, in.type);
    if (in.type == "choice") {
      insert.bind(4, Json(choices).dump());
    } else {
      insert.bind(4);
    }
    if (in.regex) {
      insert.bind(5, *in.regex);
    } else {
      insert.bind(5);
    }
    insert.bind(6, std::int64_t{in.unique ? 1 : 0});
    insert.bind(7, now_timestamp());
    insert.exec();
    const std::int64_t id = db.last_insert_rowid();
    for (const auto& c : split_list(in.categories)) {
      Statement add(db, "INSERT OR IGNORE INTO field_category (field_id, category) VALUES (?, ?)");
      add.bind(1, id);
      add.bind(2, c);
      add.exec();
    }
    for (const auto model_id : model_ids) {
      Statement add(db, "INSERT OR IGNORE INTO field_model (field_id, model_id) VALUES (?, ?)");
      add.bind(1, id);
      add.bind(2, model_id);
      add.exec();
    }
    const FieldDef created = resolve_field(db, name);
    Json after = field_json(created);
    after.erase("values");
    after.erase("created_at");
    append_event(db, actor, "create", "field", name, nullptr, after);
    return created;
  });
}

std::vector<FieldDef> list_fields(Database& db) {
  return query_fields(db, "ORDER BY f.name", "");
}

FieldDef resolve_field(Database& db, const std::string& input) {
  const std::string name = trim(input);
  auto found = query_fields(db, "WHERE f.name = ?1", name);
  if (found.empty()) {
    found = query_fields(db, "WHERE lower(f.label) = lower(?1) OR f.name = lower(?1)", name);
  }
  if (found.empty()) {
    throw not_found("no custom field '" + name + "' (`" + command_ref("field list") + "` shows them)", "field");
  }
  return found.front();
}

FieldDef remove_field(Database& db, const std::string& actor, const std::string& name, bool force) {
  return write(db, [&] {
    const FieldDef field = resolve_field(db, name);
    if (field.values > 0 && !force) {
      throw conflict("field remove: " + std::to_string(field.values) + (field.values == 1 ? " asset has" : " assets have") +
                         " a value for '" + field.name + "'; clear them, or give " + field_ref("force") +
                         " to remove the values with the field",
                     "force");
    }
    for (const char* table : {"asset_field", "field_category", "field_model"}) {
      Statement del(db, std::string("DELETE FROM ") + table + " WHERE field_id = ?");
      del.bind(1, field.id);
      del.exec();
    }
    Statement del(db, "DELETE FROM field WHERE id = ?");
    del.bind(1, field.id);
    del.exec();
    Json before = field_json(field);
    before.erase("created_at");
    append_event(db, actor, "remove", "field", field.name, before, nullptr);
    return field;
  });
}

bool field_applies(const FieldDef& field, const std::string& model, const std::string& category) {
  if (field.categories.empty() && field.models.empty()) {
    return true;
  }
  return std::find(field.categories.begin(), field.categories.end(), category) != field.categories.end() ||
         std::find(field.models.begin(), field.models.end(), model) != field.models.end();
}

FieldCheck check_field_value(const FieldDef& field, const std::string& input) {
  const std::string text = trim(input);
  FieldCheck out;
  if (text.empty()) {
    out.problem = "is empty";
    return out;
  }
  if (text.size() > 1000) {
    out.problem = "is longer than 1000 characters";
    return out;
  }
  if (const auto problem = text_problem(text, TextKind::free_text)) {
    out.problem = *problem;
    return out;
  }
  std::string value = text;
  if (field.type == "integer") {
    std::int64_t n = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, n);
    if (ec != std::errc() || ptr != end) {
      out.problem = "'" + text + "' is not a whole number";
      return out;
    }
    value = std::to_string(n);
  } else if (field.type == "decimal") {
    if (!is_decimal(text)) {
      out.problem = "'" + text + "' is not a decimal number like 12.50";
      return out;
    }
  } else if (field.type == "date") {
    const auto day = parse_date(text);
    if (!day) {
      out.problem = "'" + text + "' is not a date like 2026-11-27";
      return out;
    }
    value = format_date(*day);
  } else if (field.type == "boolean") {
    const std::string l = lower(text);
    if (l == "true" || l == "yes" || l == "1") {
      value = "true";
    } else if (l == "false" || l == "no" || l == "0") {
      value = "false";
    } else {
      out.problem = "'" + text + "' is not true or false";
      return out;
    }
  } else if (field.type == "choice") {
    const auto it = std::find_if(field.choices.begin(), field.choices.end(),
                                 [&](const std::string& c) { return lower(c) == lower(text); });
    if (it == field.choices.end()) {
      out.problem = "'" + text + "' is not one of: " + join(field.choices);
      return out;
    }
    value = *it;
  }
  if (field.regex) {
    const std::regex* pattern = nullptr;
    try {
      pattern = &compiled(*field.regex);
    } catch (const std::regex_error&) {
      // `field add` refuses such a regex: the database was edited by hand.
      out.problem = "field " + field.name + "'s regex '" + *field.regex +
                    "' is not a regular expression (the database was edited); correct field.regex";
      return out;
    }
    if (!std::regex_match(value, *pattern)) {
      out.problem = "'" + value + "' does not match " + *field.regex;
      return out;
    }
  }
  out.value = value;
  return out;
}

std::optional<std::string> unique_value_holder(Database& db, std::int64_t field_id, const std::string& value,
                                               std::int64_t asset_id) {
  Statement dup(db,
                "SELECT a.tag FROM asset_field af JOIN asset a ON a.id = af.asset_id "
                "WHERE af.field_id = ? AND af.value = ? AND af.asset_id <> ?");
  dup.bind(1, field_id);
  dup.bind(2, value);
  dup.bind(3, asset_id);
  if (dup.step()) {
    return dup.column(0).as_text();
  }
  return std::nullopt;
}

std::string taken_value_problem(const std::string& value, const std::string& holder) {
  return "'" + value + "' is already the value of " + holder + " (the field is unique)";
}

Json typed_field_value(const std::string& type, const std::string& value) {
  if (type == "integer") {
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec == std::errc() && ptr == value.data() + value.size()) {
      return n;
    }
  } else if (type == "boolean") {
    if (value == "true" || value == "false") {
      return value == "true";
    }
  }
  return value;
}

Json asset_field_values(Database& db, std::int64_t asset_id) {
  Statement& q = db.statement(
      "SELECT f.name, f.type, af.value FROM asset_field af JOIN field f ON f.id = af.field_id "
      "WHERE af.asset_id = ? ORDER BY f.name");
  q.bind(1, asset_id);
  Json out = Json::object();
  while (q.step()) {
    out[q.column(0).as_text()] = typed_field_value(q.column(1).as_text(), q.column(2).as_text());
  }
  return out;
}

void add_asset_fields(Record& record, Database& db, std::int64_t asset_id) {
  record.fields["fields"] = asset_field_values(db, asset_id);
}

Table asset_field_table(Database& db, std::int64_t asset_id) {
  Table table;
  table.columns = {{"field", "field"}, {"label", "label"}, {"type", "type"}, {"value", "value"}};
  Statement q(db,
              "SELECT f.name, f.label, f.type, af.value FROM asset_field af JOIN field f ON f.id = af.field_id "
              "WHERE af.asset_id = ? ORDER BY f.name");
  q.bind(1, asset_id);
  while (q.step()) {
    table.rows.push_back({{"field", q.column(0).as_text()},
                          {"label", q.column(1).as_text()},
                          {"type", q.column(2).as_text()},
                          {"value", q.column(3).as_text()}});
  }
  return table;
}

FieldChanges apply_asset_fields(Database& db, const std::string& context, const Asset& asset,
                                const std::vector<std::string>& assignments) {
  FieldChanges changes;
  std::set<std::string> given;
  for (const auto& assignment : assignments) {
    const std::size_t eq = assignment.find('=');
    if (eq == std::string::npos) {
      throw Error(Problem::invalid,
                  context + ": " + field_ref("field") + " '" + assignment + "' is not NAME=VALUE (NAME= clears it)",
                  "field");
    }
    FieldDef field;
    try {
      field = resolve_field(db, assignment.substr(0, eq));
    } catch (const Error& e) {
      throw with_prefix(context + ": ", e);
    }
    const std::string prefix = context + ": field " + field.name + ": ";
    if (!given.insert(field.name).second) {
      throw Error(Problem::invalid, prefix + "given twice", "field");
    }
    const std::string model = asset.manufacturer + " " + asset.model;
    if (!field_applies(field, model, asset.category)) {
      std::vector<std::string> where = field.categories;
      where.insert(where.end(), field.models.begin(), field.models.end());
      throw Error(Problem::invalid,
                  prefix + "does not apply to " + asset.tag + " (" + model + ", " + asset.category +
                      "); it applies to " + join(where),
                  "field");
    }
    Statement old(db, "SELECT value FROM asset_field WHERE asset_id = ? AND field_id = ?");
    old.bind(1, asset.id);
    old.bind(2, field.id);
    const std::optional<std::string> before = old.step() ? std::optional<std::string>(old.column(0).as_text()) : std::nullopt;
    const std::string raw = assignment.substr(eq + 1);
    const std::string key = "field " + field.name;
    if (trim(raw).empty()) {
      if (before) {
        Statement del(db, "DELETE FROM asset_field WHERE asset_id = ? AND field_id = ?");
        del.bind(1, asset.id);
        del.bind(2, field.id);
        del.exec();
        changes.before[key] = typed_field_value(field.type, *before);
        changes.after[key] = nullptr;
      }
      continue;
    }
    const FieldCheck check = check_field_value(field, raw);
    if (!check.value) {
      throw Error(Problem::invalid, prefix + check.problem, "field");
    }
    if (before && *before == *check.value) {
      continue;
    }
    if (field.unique) {
      if (const auto holder = unique_value_holder(db, field.id, *check.value, asset.id)) {
        throw conflict(prefix + taken_value_problem(*check.value, *holder), "field");
      }
    }
    Statement set(db,
                  "INSERT INTO asset_field (asset_id, field_id, value) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT (asset_id, field_id) DO UPDATE SET value = excluded.value");
    set.bind(1, asset.id);
    set.bind(2, field.id);
    set.bind(3, *check.value);
    try {
      set.exec();
    } catch (const store::SqlError& e) {
      throw with_prefix(prefix, from_sqlite(e));
    }
    if (before) {
      changes.before[key] = typed_field_value(field.type, *before);
    }
    changes.after[key] = typed_field_value(field.type, *check.value);
  }
  return changes;
}

std::vector<FilterField> field_filter_fields(Database& db) {
  std::vector<FilterField> out;
  Statement q(db, "SELECT id, name, type, choices FROM field ORDER BY name");
  while (q.step()) {
    const std::string id = std::to_string(q.column(0).as_int64());
    const std::string type = q.column(2).as_text();
    const std::string value =
        "(SELECT cf.value FROM asset_field cf WHERE cf.asset_id = a.id AND cf.field_id = " + id + ")";
    FilterField f;
    f.name = "field." + q.column(1).as_text();
    if (type == "integer") {
      f.kind = FieldKind::number;
      f.column = "CAST(" + value + " AS INTEGER)";
    } else if (type == "decimal") {
      f.kind = FieldKind::decimal;
      f.column = "CAST(" + value + " AS REAL)";
    } else if (type == "date") {
      f.kind = FieldKind::date;
      f.column = value;
    } else if (type == "boolean") {
      f.kind = FieldKind::choice;
      f.choices = {"true", "false"};
      f.column = value;
    } else if (type == "choice") {
      f.kind = FieldKind::choice;
      for (const auto& c : Json::parse(q.column(3).as_text())) {
        f.choices.push_back(c.get<std::string>());
      }
      f.column = value;
    } else {
      f.kind = FieldKind::text;
      f.column = value;
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<FieldValueProblem> field_value_problems(Database& db) {
  std::vector<FieldValueProblem> out;
  std::vector<FieldDef> fields = list_fields(db);
  Statement q(db,
              "SELECT a.tag, af.field_id, af.value, v.name || ' ' || m.name, m.category, "
              "(SELECT count(*) FROM asset_field o WHERE o.field_id = af.field_id AND o.value = af.value) "
              "FROM asset_field af JOIN asset a ON a.id = af.asset_id JOIN model m ON m.id = a.model_id "
              "JOIN vendor v ON v.id = m.manufacturer_id ORDER BY a.tag, af.field_id");
  while (q.step()) {
    const std::int64_t field_id = q.column(1).as_int64();
    const auto field = std::find_if(fields.begin(), fields.end(), [&](const FieldDef& f) { return f.id == field_id; });
    if (field == fields.end()) {
      continue;  // foreign_keys reports it
    }
    const std::string tag = q.column(0).as_text();
    const std::string value = q.column(2).as_text();
    const FieldCheck check = check_field_value(*field, value);
    if (!check.value) {
      out.push_back({tag, field->name, check.problem});
    } else if (*check.value != value) {
      out.push_back({tag, field->name, "'" + value + "' is not in its stored form '" + *check.value + "'"});
    }
    if (!field_applies(*field, q.column(3).as_text(), q.column(4).as_text())) {
      out.push_back({tag, field->name, "the field does not apply to its model " + q.column(3).as_text()});
    }
    if (field->unique && q.column(5).as_int64() > 1) {
      out.push_back({tag, field->name, "'" + value + "' is on " + q.column(5).as_text() + " assets; the field is unique"});
    }
  }
  return out;
}

}  // namespace tally
