#include "import_resolver.hpp"

#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "import_dialects.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "money.hpp"
#include "people.hpp"
#include "settings.hpp"
#include "teams.hpp"
#include "text.hpp"
#include "vendors.hpp"

#include <cctype>

namespace tally {

std::string ImportProblem::message() const {
  if (!line) {
    return text;
  }
  return "line " + std::to_string(*line) + ", column '" + column + "': " + text;
}

ImportCount& ImportCounts::of(const std::string& kind) {
  for (auto& c : m_counts) {
    if (c.kind == kind) {
      return c;
    }
  }
  m_counts.push_back({kind, 0, 0, 0});
  return m_counts.back();
}

template <typename Resolve>
std::optional<std::int64_t> Resolver::cached(Cache& cache, const std::string& text, std::int64_t line,
                                             const std::string& column, Resolve resolve) {
  const std::string key = lower(text);
  auto found = cache.find(key);
  if (found == cache.end()) {
    try {
      found = cache.emplace(key, resolve()).first;
    } catch (const Error& e) {
      found = cache.emplace(key, e.raw()).first;
    }
  }
  if (const auto* id = std::get_if<std::int64_t>(&found->second)) {
    return *id;
  }
  m_problems.add(line, column, std::get<std::string>(found->second));
  return std::nullopt;
}

std::optional<std::int64_t> Resolver::vendor(std::int64_t line, const std::string& column, const std::string& name,
                                             bool manufacturer) {
  const std::string key = lower(name);
  if (const auto found = m_vendors.find(key); found != m_vendors.end()) {
    return found->second;
  }
  Statement& q = m_db.statement("SELECT id FROM vendor WHERE name = ?");
  q.bind(1, name);
  if (q.step()) {
    const std::int64_t id = q.column(0).as_int64();
    q.reset();
    return m_vendors[key] = id;
  }
  q.reset();
  if (!snipeit()) {
    m_problems.add(line, column, "no vendor '" + name + "'; add it with `" + command_ref("vendor add") + "` first");
    return std::nullopt;
  }
  Statement& insert = m_db.statement("INSERT INTO vendor (name, is_supplier, is_manufacturer) VALUES (?, ?, ?)");
  insert.bind(1, name);
  insert.bind(2, manufacturer ? 0 : 1);
  insert.bind(3, manufacturer ? 1 : 0);
  insert.exec();
  Vendor created;
  created.id = m_db.last_insert_rowid();
  created.name = name;
  created.supplier = !manufacturer;
  created.manufacturer = manufacturer;
  append_event(m_db, m_actor, "create", "vendor", name, nullptr, vendor_json(created));
  ++m_counts.of("vendor").created;
  return m_vendors[key] = created.id;
}

// The model of this manufacturer; a Snipe-IT import creates a missing one.
std::optional<Resolver::ModelInfo> Resolver::model(std::int64_t line, const std::string& column,
                                                   std::int64_t manufacturer_id, const std::string& manufacturer,
                                                   const std::string& name, const std::string& category,
                                                   const std::string& part_number) {
  const auto key = std::make_pair(manufacturer_id, lower(name));
  // One part number per model: a row naming another one is refused, not dropped.
  const auto same_number = [&](ModelInfo& info) -> std::optional<ModelInfo> {
    if (part_number.empty() || lower(part_number) == lower(info.part_number)) {
      return info;
    }
    if (info.part_number.empty() && info.created_at_line > 0) {
      // Created by an earlier row without a number: this row's fills it.
      Statement& set = m_db.statement("UPDATE model SET part_number = ? WHERE id = ?");
      set.bind(1, part_number);
      set.bind(2, info.id);
      set.exec();
      set.reset();
      append_event(m_db, m_actor, "import", "model", manufacturer + " " + name, Json{{"part_number", nullptr}},
                   Json{{"part_number", part_number}, {"line", line}});
      info.part_number = part_number;
      return info;
    }
    m_problems.add(
        line, column,
        "model '" + name + "' of " + manufacturer +
            (info.part_number.empty() ? " has no model number" : " has model number '" + info.part_number + "'") +
            (info.created_at_line > 0 ? " (created from line " + std::to_string(info.created_at_line) + ")"
                                      : std::string()) +
            ", not '" + part_number +
            "'; Tally keeps one number per model: give the other number's model its own name");
    return std::nullopt;
  };
  if (auto found = m_models.find(key); found != m_models.end()) {
    return same_number(found->second);
  }
  Statement& q = m_db.statement(
      "SELECT id, category, serialized, coalesce(part_number, '') FROM model WHERE manufacturer_id = ? AND name = ? "
      "COLLATE NOCASE");
  q.bind(1, manufacturer_id);
  q.bind(2, name);
  if (q.step()) {
    ModelInfo info{q.column(0).as_int64(), q.column(1).as_text(), q.column(2).as_int() != 0, q.column(3).as_text(), 0};
    q.reset();
    return same_number(m_models[key] = info);
  }
  q.reset();
  if (!snipeit()) {
    m_problems.add(
        line, column,
        "no model '" + name + "' of " + manufacturer + "; add it with `" + command_ref("model add") + "` first");
    return std::nullopt;
  }
  Statement& maker = m_db.statement("UPDATE vendor SET is_manufacturer = 1 WHERE id = ?");
  maker.bind(1, manufacturer_id);
  maker.exec();
  Statement& insert =
      m_db.statement("INSERT INTO model (manufacturer_id, name, part_number, category) VALUES (?, ?, ?, ?)");
  insert.bind(1, manufacturer_id);
  insert.bind(2, name);
  if (part_number.empty()) {
    insert.bind(3);
  } else {
    insert.bind(3, part_number);
  }
  insert.bind(4, tally_category(category));
  insert.exec();
  const Model created = model_by_id(m_db, m_db.last_insert_rowid());
  append_event(m_db, m_actor, "create", "model", created.display_name(), nullptr, model_json(created));
  ++m_counts.of("model").created;
  return m_models[key] = ModelInfo{created.id, created.category, true, part_number, line};
}

// The location with this code (a Snipe-IT import also matches a name, and
// creates a missing location as a site).
std::optional<std::int64_t> Resolver::location(std::int64_t line, const std::string& column, const std::string& text) {
  return cached(m_locations, text, line, column, [&]() -> std::int64_t {
    if (!snipeit()) {
      return resolve_location(m_db, text).id;
    }
    Statement& q = m_db.statement("SELECT id FROM location WHERE code = ?1 OR name = ?1 COLLATE NOCASE");
    q.bind(1, text);
    if (q.step()) {
      const std::int64_t id = q.column(0).as_int64();
      q.reset();
      return id;
    }
    q.reset();
    const std::string code = location_code_for(text);
    if (code.empty()) {
      throw Error(Problem::invalid, "location '" + text + "' has no letters or digits to make a code from", "location");
    }
    Statement& insert = m_db.statement("INSERT INTO location (code, name, kind) VALUES (?, ?, 'site')");
    insert.bind(1, code);
    insert.bind(2, text);
    insert.exec();
    Location created;
    created.id = m_db.last_insert_rowid();
    created.code = code;
    created.name = text;
    created.kind = "site";
    created.path = code;
    append_event(m_db, m_actor, "create", "location", code, nullptr, location_json(created));
    ++m_counts.of("location").created;
    return created.id;
  });
}

std::optional<std::int64_t> Resolver::team(std::int64_t line, const std::string& column, const std::string& text) {
  return cached(m_teams, text, line, column, [&] { return resolve_team(m_db, text).id; });
}

std::optional<std::int64_t> Resolver::person(std::int64_t line, const std::string& column, const std::string& text) {
  return cached(m_people, text, line, column, [&] { return resolve_person(m_db, text).id; });
}

namespace {

// A username made of the characters a username may hold ('.' for spaces), lower case.
std::string username_from(const std::string& text) {
  std::string out;
  for (const unsigned char c : lower(trim(text))) {
    if (std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ' && !out.empty() && out.back() != '.') {
      out.push_back('.');
    }
  }
  return out.substr(0, 64);
}

}  // namespace

std::optional<std::int64_t> Resolver::snipeit_person(std::int64_t line, const std::string& column,
                                                     const PersonCells& cells, std::optional<std::int64_t> team_id,
                                                     bool& missing, std::string& username) {
  missing = false;
  std::string name = trim(cells.full);
  if (name.empty()) {
    name = trim(trim(cells.first) + " " + trim(cells.last));
  }
  username = trim(cells.username);
  if (username.empty() && !cells.email.empty()) {
    username = username_from(cells.email.substr(0, cells.email.find('@')));
  }
  if (username.empty() && !name.empty()) {
    username = username_from(name);
  }
  if (username.empty()) {
    return std::nullopt;
  }
  const std::string key = lower(username);
  if (const auto found = m_snipeit_people.find(key); found != m_snipeit_people.end()) {
    return found->second;
  }
  Statement& q = m_db.statement("SELECT id FROM person WHERE username = ?");
  q.bind(1, username);
  if (q.step()) {
    const std::int64_t id = q.column(0).as_int64();
    q.reset();
    return m_snipeit_people[key] = id;
  }
  q.reset();
  if (!m_options.create_people) {
    auto [at, added] = m_missing_people.emplace(key, Missing{username, column, {}});
    if (added) {
      m_missing_order.push_back(key);
    }
    at->second.lines.push_back(line);
    missing = true;
    return std::nullopt;
  }
  if (!team_id) {
    m_problems.add(line, column,
                   "person '" + username +
                       "' is not in Tally and a created person needs a team; give the row a "
                       "Company mapped with " +
                       field_ref("map_company") + " or give " + field_ref("team"));
    missing = true;
    return std::nullopt;
  }
  Statement& team = m_db.statement("SELECT code FROM team WHERE id = ?");
  team.bind(1, *team_id);
  team.step();
  const std::string team_code = team.column(0).as_text();
  team.reset();
  NewPerson person;
  person.username = username;
  person.name = name.empty() ? username : name;
  if (!trim(cells.email).empty()) {
    person.email = trim(cells.email);
  }
  person.team = team_code;
  try {
    const Person created = add_person(m_db, m_actor, person);
    ++m_counts.of("person").created;
    return m_snipeit_people[key] = created.id;
  } catch (const Error& e) {
    m_problems.add(line, column, e.raw());
    missing = true;
    return std::nullopt;
  }
}

void Resolver::missing_people_problem() {
  if (m_missing_order.empty()) {
    return;
  }
  std::string list;
  std::int64_t first_line = 0;
  for (const auto& key : m_missing_order) {
    const Missing& m = m_missing_people.at(key);
    if (first_line == 0 || m.lines.front() < first_line) {
      first_line = m.lines.front();
    }
    std::string lines;
    for (std::size_t i = 0; i < m.lines.size() && i < 3; ++i) {
      lines += (i == 0 ? "" : ", ") + std::to_string(m.lines[i]);
    }
    if (m.lines.size() > 3) {
      lines += ", ...";
    }
    list += (list.empty() ? "" : ", ") + m.username + " (" + std::to_string(m.lines.size()) +
            (m.lines.size() == 1 ? " row: line " : " rows: lines ") + lines + ")";
  }
  const std::size_t n = m_missing_order.size();
  m_problems.add(first_line, m_missing_people.at(m_missing_order.front()).column,
                 std::to_string(n) + (n == 1 ? " person is" : " people are") + " not in Tally: " + list + "; give " +
                     field_ref("create_people") +
                     " to create them from the rows' names and emails, or add them with `" + command_ref("person add") +
                     "` first");
}

std::optional<std::int64_t> Resolver::purchase_order(std::int64_t line, const std::string& column,
                                                     const std::string& number) {
  return cached(m_pos, number, line, column, [&]() -> std::int64_t {
    Statement& q = m_db.statement("SELECT id FROM purchase_order WHERE number = ?");
    q.bind(1, number);
    if (!q.step()) {
      q.reset();
      throw not_found("no purchase order '" + number + "'", "po");
    }
    const std::int64_t id = q.column(0).as_int64();
    q.reset();
    return id;
  });
}

std::optional<std::int64_t> Resolver::po_line(std::int64_t line, const std::string& column, std::int64_t po_id,
                                              const std::string& po, std::int64_t line_no) {
  Statement& q = m_db.statement("SELECT id FROM po_line WHERE po_id = ? AND line_no = ?");
  q.bind(1, po_id);
  q.bind(2, line_no);
  if (!q.step()) {
    q.reset();
    m_problems.add(line, column, po + " has no line " + std::to_string(line_no));
    return std::nullopt;
  }
  const std::int64_t id = q.column(0).as_int64();
  q.reset();
  return id;
}

// The owning team of a Snipe-IT row: its Company through the company map, else the import's team.
std::optional<std::int64_t> Resolver::company_team(std::int64_t line, const std::string& column,
                                                   const std::string& company) {
  if (!company.empty()) {
    const auto found = m_options.company_teams.find(lower(company));
    if (found != m_options.company_teams.end()) {
      return team(line, column, found->second);
    }
  }
  if (m_options.team) {
    return team(line, field_ref("team"), *m_options.team);
  }
  return std::nullopt;
}

const std::string& Resolver::default_currency() {
  if (m_currency.empty()) {
    m_currency = get_setting(m_db, "currency");
  }
  return m_currency;
}

// A date column: strict YYYY-MM-DD, or for Snipe-IT also MM/DD/YYYY.
std::optional<std::string> Resolver::date(std::int64_t line, const std::string& column, const std::string& text,
                                          bool& bad) {
  if (text.empty()) {
    return std::nullopt;
  }
  std::optional<std::string> day =
      snipeit() ? parse_loose_date(text)
                : (parse_date(text) ? std::optional<std::string>(text) : std::optional<std::string>());
  if (!day) {
    m_problems.add(line, column,
                   "'" + text + "' is not a date like 2026-11-27" + (snipeit() ? ", 11/27/2026 or 11/27/26" : ""));
    bad = true;
  }
  return day;
}

// Cost and currency columns: minor units and the currency, or nullopt for no cost.
std::optional<ImportCost> Resolver::cost(std::int64_t line, const std::string& cost_column,
                                         const std::string& cost_text, const std::string& currency_column,
                                         const std::string& currency_text, bool& bad) {
  if (cost_text.empty()) {
    if (!currency_text.empty()) {
      m_problems.add(line, currency_column, "a currency without a cost");
      bad = true;
    }
    return std::nullopt;
  }
  if (!currency_text.empty() && !is_currency_code(currency_text)) {
    m_problems.add(line, currency_column, "'" + currency_text + "' is not a currency code like USD");
    bad = true;
    return std::nullopt;
  }
  auto refuse = [&](const std::string& why) {
    m_problems.add(line, cost_column, why);
    bad = true;
    return std::nullopt;
  };
  std::string why;
  const auto stated = split_currency(cost_text, currency_text.empty() ? default_currency() : currency_text, why);
  if (!stated) {
    return refuse(why);
  }
  if (!stated->currency.empty() && !currency_text.empty() && stated->currency != currency_text) {
    return refuse("'" + cost_text + "' is in " + stated->currency + " but column '" + currency_column + "' says " +
                  currency_text);
  }
  const std::string currency =
      !stated->currency.empty() ? stated->currency : currency_text.empty() ? default_currency() : currency_text;
  const MarkEvidence evidence = mark_evidence(stated->number);
  std::optional<DecimalMark> mark = m_options.decimal;
  const std::string hint = "; give " + field_ref("decimal") + " point or comma";
  if (!mark) {
    const auto only = evidence == MarkEvidence::point   ? std::optional<DecimalMark>(DecimalMark::point)
                      : evidence == MarkEvidence::comma ? std::optional<DecimalMark>(DecimalMark::comma)
                                                        : std::nullopt;
    if (only && !m_settled) {
      m_settled = only;  // the first cost only one convention reads settles the file
      m_settled_line = line;
    }
    if (evidence == MarkEvidence::ambiguous && !m_settled && m_find_mark) {
      if (const auto found = m_find_mark()) {
        m_settled = found->first;
        m_settled_line = found->second;
      }
      m_find_mark = nullptr;  // the file is read again at most once
    }
    if (evidence == MarkEvidence::ambiguous && !m_settled) {
      const auto point = read_decimal(stated->number, DecimalMark::point);
      const auto comma = read_decimal(stated->number, DecimalMark::comma);
      auto shown = [](const DecimalReading& r) { return r.whole + (r.fraction.empty() ? "" : "." + r.fraction); };
      return refuse("'" + cost_text + "' is " + shown(*point) + " with a decimal point but " + shown(*comma) +
                    " with a decimal comma, and no other cost of the file settles which" + hint);
    }
    mark = m_settled ? m_settled : std::optional<DecimalMark>(DecimalMark::point);
    if (only && *only != *mark) {
      return refuse("'" + cost_text + "' reads only with a decimal " + mark_name(*only) + " but line " +
                    std::to_string(m_settled_line) + " reads only with a decimal " + mark_name(*mark) + hint);
    }
  }
  const auto reading = read_decimal(stated->number, *mark);
  if (!reading) {
    return refuse("'" + cost_text + "' is not an amount written with a decimal " + mark_name(*mark) + ", like " +
                  (*mark == DecimalMark::point ? "1,234.56" : "1.234,56"));
  }
  const auto minor = to_minor(*reading, currency);
  if (!minor) {
    m_problems.add(line, cost_column,
                   "'" + cost_text + "' is not an amount of " + currency + " with at most " +
                       std::to_string(minor_digits(currency)) + " decimals");
    bad = true;
    return std::nullopt;
  }
  return ImportCost{*minor, currency};
}

}  // namespace tally
