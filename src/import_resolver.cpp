#include "import_resolver.hpp"

#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "import_dialects.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "money.hpp"
#include "teams.hpp"
#include "people.hpp"
#include "settings.hpp"
#include "text.hpp"
#include "vendors.hpp"

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
  if (const auto found = m_models.find(key); found != m_models.end()) {
    return found->second;
  }
  Statement& q = m_db.statement(
      "SELECT id, category, serialized FROM model WHERE manufacturer_id = ? AND name = ? COLLATE NOCASE");
  q.bind(1, manufacturer_id);
  q.bind(2, name);
  if (q.step()) {
    ModelInfo info{q.column(0).as_int64(), q.column(1).as_text(), q.column(2).as_int() != 0};
    q.reset();
    return m_models[key] = info;
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
  return m_models[key] = ModelInfo{created.id, created.category, true};
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
    m_problems.add(line, column, "'" + text + "' is not a date like 2026-11-27" + (snipeit() ? " or 11/27/2026" : ""));
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
    if (evidence == MarkEvidence::ambiguous && !m_settled) {
      const auto point = read_decimal(stated->number, DecimalMark::point);
      const auto comma = read_decimal(stated->number, DecimalMark::comma);
      auto shown = [](const DecimalReading& r) { return r.whole + (r.fraction.empty() ? "" : "." + r.fraction); };
      return refuse("'" + cost_text + "' is " + shown(*point) + " with a decimal point but " + shown(*comma) +
                    " with a decimal comma, and no other cost of the file settles which" + hint);
    }
    if (only && m_contradicted) {
      return refuse("'" + cost_text + "' reads only with a decimal " + mark_name(*only) +
                    " but other costs of the file read only with the other" + hint);
    }
    mark = m_settled ? m_settled : only ? only : std::optional<DecimalMark>(DecimalMark::point);
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
