#include "import_fields.hpp"

#include "db.hpp"
#include "error.hpp"
#include "import_resolver.hpp"
#include "text.hpp"

#include <algorithm>
#include <tuple>

namespace tally {

namespace {

// A field name for a header: "RAM (GB)" -> "ram_gb".
std::string name_for(const std::string& header) {
  std::string out;
  for (const char c : lower(header)) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') {
    out.pop_back();
  }
  if (out.empty() || out[0] < 'a' || out[0] > 'z') {
    out = "f_" + out;
  }
  return out.substr(0, 40);
}

// The narrowest type every value has.
std::string inferred_type(const std::vector<std::pair<std::int64_t, std::string>>& values) {
  for (const char* type : {"integer", "decimal", "date", "boolean"}) {
    FieldDef probe;
    probe.type = type;
    const bool all = std::all_of(values.begin(), values.end(), [&](const auto& v) {
      const FieldCheck c = check_field_value(probe, v.second);
      // A boolean column is true/false or yes/no, not 1/0 (those are integers, tried first).
      return c.value.has_value() && (std::string(type) != "date" || *c.value == v.second);
    });
    if (all && !values.empty()) {
      return type;
    }
  }
  return "text";
}

}  // namespace

ImportFieldColumns::ImportFieldColumns(Database& db, bool create)
    : m_db(db), m_create(create), m_fields(list_fields(db)) {}

bool ImportFieldColumns::claim(std::size_t index, const std::string& header) {
  const std::string key = lower(trim(header));
  const auto field = std::find_if(m_fields.begin(), m_fields.end(),
                                  [&](const FieldDef& f) { return f.name == key || lower(f.label) == key; });
  if (field != m_fields.end()) {
    m_known.push_back({index, trim(header), *field});
    return true;
  }
  if (m_create && !key.empty()) {
    m_new.push_back({index, trim(header), {}});
    return true;
  }
  return false;
}

bool ImportFieldColumns::check(const CsvRow& row, const std::string& model, const std::string& category,
                               ImportProblems& problems, RowFieldValues& values) {
  values = {};
  bool ok = true;
  const auto cell = [&](std::size_t index) {
    return index < row.fields.size() ? trim(row.fields[index]) : std::string();
  };
  for (const auto& [index, header, field] : m_known) {
    const std::string value = cell(index);
    if (value.empty()) {
      continue;
    }
    if (!field_applies(field, model, category)) {
      problems.add(row.line, header, "field " + field.name + " does not apply to " + model + " (" + category + ")");
      ok = false;
      continue;
    }
    const FieldCheck check = check_field_value(field, value);
    if (!check.value) {
      problems.add(row.line, header, check.problem);
      ok = false;
      continue;
    }
    values.checked.emplace_back(field.id, *check.value);
  }
  for (std::size_t i = 0; i < m_new.size(); ++i) {
    const std::string value = cell(m_new[i].index);
    if (value.empty()) {
      continue;
    }
    if (const auto problem = text_problem(value, TextKind::free_text)) {
      problems.add(row.line, m_new[i].header, *problem);
      ok = false;
      continue;
    }
    values.pending.emplace_back(i, value);
  }
  return ok;
}

void ImportFieldColumns::store(std::int64_t asset_id, const RowFieldValues& values, std::int64_t line,
                               ImportProblems& problems) {
  Statement& set = m_db.statement(
      "INSERT INTO asset_field (asset_id, field_id, value) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (asset_id, field_id) DO UPDATE SET value = excluded.value");
  for (const auto& [field_id, value] : values.checked) {
    set.bind(1, asset_id);
    set.bind(2, field_id);
    set.bind(3, value);
    try {
      set.exec_and_reset();
    } catch (const store::SqlError& e) {
      const Error error = from_sqlite(e);
      if (error.kind() != ErrorKind::refused || !m_db.in_transaction()) {
        throw error;
      }
      const auto known = std::find_if(m_known.begin(), m_known.end(),
                                      [id = field_id](const KnownColumn& k) { return k.field.id == id; });
      const auto holder = unique_value_holder(m_db, field_id, value, asset_id);
      problems.add(line, known != m_known.end() ? known->header : "-",
                   holder ? taken_value_problem(value, holder_in_file(*holder)) : error.raw());
    }
  }
  for (const auto& [column, value] : values.pending) {
    m_new[column].values.emplace_back(asset_id, value);
  }
}

std::string ImportFieldColumns::holder_in_file(const std::string& tag) {
  // An asset of this import is named by its line: its generated tag is not
  // kept when the import is refused.
  Statement q(m_db,
              "SELECT json_extract(e.after, '$.line') FROM asset a JOIN event e ON e.entity = 'asset' "
              "AND e.entity_key = a.tag AND e.action = 'import' WHERE a.tag = ?1 AND a.id >= ?2 "
              "ORDER BY e.id DESC LIMIT 1");
  q.bind(1, tag);
  q.bind(2, m_first_new_id);
  if (m_first_new_id > 0 && q.step() && !q.column(0).is_null()) {
    return "line " + q.column(0).as_text() + " of this file";
  }
  return tag;
}

void ImportFieldColumns::store_new(const std::vector<std::pair<std::int64_t, const RowFieldValues*>>& assets) {
  constexpr std::size_t parameters = 3;
  const std::size_t most = static_cast<std::size_t>(m_db.connection().max_parameters()) / parameters;
  std::vector<std::tuple<std::int64_t, std::int64_t, const std::string*>> rows;  // (asset, field, value)
  const auto insert = [&] {
    Statement& set = m_db.statement("INSERT INTO asset_field (asset_id, field_id, value) VALUES " +
                                    placeholder_rows(parameters, rows.size()));
    set.clear_bindings();
    int p = 1;
    for (const auto& [asset_id, field_id, value] : rows) {
      set.bind(p++, asset_id);
      set.bind(p++, field_id);
      set.bind(p++, *value);
    }
    set.exec_and_reset();
    rows.clear();
  };
  for (const auto& [asset_id, values] : assets) {
    for (const auto& [field_id, value] : values->checked) {
      rows.emplace_back(asset_id, field_id, &value);
      if (rows.size() == most) {
        insert();
      }
    }
  }
  if (!rows.empty()) {
    insert();
  }
  for (const auto& [asset_id, values] : assets) {
    for (const auto& [column, value] : values->pending) {
      m_new[column].values.emplace_back(asset_id, value);
    }
  }
}

void ImportFieldColumns::finish(const std::string& actor) {
  for (auto& column : m_new) {
    NewField def;
    def.name = name_for(column.header);
    def.label = column.header;
    def.type = inferred_type(column.values);
    const FieldDef field = add_field(m_db, actor, def);
    Statement& set = m_db.statement("INSERT INTO asset_field (asset_id, field_id, value) VALUES (?1, ?2, ?3)");
    for (const auto& [asset_id, value] : column.values) {
      set.bind(1, asset_id);
      set.bind(2, field.id);
      set.bind(3, *check_field_value(field, value).value);
      set.exec_and_reset();
    }
  }
}

}  // namespace tally
