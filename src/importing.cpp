#include "importing.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "codes.hpp"
#include "csv.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "licenses.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "money.hpp"
#include "org.hpp"
#include "people.hpp"
#include "settings.hpp"
#include "text.hpp"
#include "vendors.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>
#include <filesystem>
#include <fstream>
#include <variant>

namespace tally {

namespace {

// Every problem of a file, in the order found.
struct Problems {
  std::vector<std::string> items;
  void add(std::int64_t line, const std::string& column, const std::string& what) {
    items.push_back("line " + std::to_string(line) + ", column '" + column + "': " + what);
  }
};

// An Error's message without a leading "noun: " that names the resolver.
std::string reason(const Error& e) {
  return e.what();
}

// Header names (lower case) -> field; an empty field is a known column that import ignores.
using HeaderMap = std::map<std::string, std::string>;

const HeaderMap& tally_asset_map() {
  static const HeaderMap map = [] {
    HeaderMap m;
    for (const auto& h : tally_asset_headers()) {
      m[h] = h;
    }
    m["rack"] = "";
    m["rack_u"] = "";
    return m;
  }();
  return map;
}

const HeaderMap& snipeit_asset_map() {
  static const HeaderMap map = {
      {"asset tag", "tag"},
      {"serial number", "serial"},
      {"serial", "serial"},
      {"model name", "model"},
      {"model", "model"},
      {"model no.", "model_number"},
      {"model number", "model_number"},
      {"category", "category"},
      {"manufacturer", "manufacturer"},
      {"company", "company"},
      {"location", "location"},
      {"status", "status"},
      {"status label", "status"},
      {"purchase date", "received_on"},
      {"purchase cost", "cost"},
      {"warranty", "warranty_months"},
      {"warranty months", "warranty_months"},
      {"warranty (months)", "warranty_months"},
      {"notes", "notes"},
      {"checked out to: username", "custodian"},
      {"username", "custodian"},
      // Known Snipe-IT columns that Tally does not keep.
      {"name", ""},
      {"item name", ""},
      {"asset name", ""},
      {"supplier", ""},
      {"order number", ""},
      {"checkout type", ""},
      {"checked out to", ""},
      {"checked out to: email", ""},
      {"email", ""},
      {"full name", ""},
      {"requestable", ""},
      {"image", ""},
      {"byod", ""},
      {"eol", ""},
      {"id", ""},
  };
  return map;
}

const HeaderMap& tally_license_map() {
  static const HeaderMap map = [] {
    HeaderMap m;
    for (const auto& h : tally_license_headers()) {
      m[h] = h;
    }
    for (const auto* informative : {"id", "used", "free", "over_allocated", "days_to_expiry"}) {
      m[informative] = "";
    }
    return m;
  }();
  return map;
}

const HeaderMap& snipeit_license_map() {
  static const HeaderMap map = {
      {"license name", "product"},
      {"item name", "product"},
      {"name", "product"},
      {"software name", "product"},
      {"product key", "key"},
      {"serial", "key"},
      {"serial number", "key"},
      {"seats", "seats"},
      {"manufacturer", "vendor"},
      {"supplier", "supplier"},
      {"purchase date", "starts_on"},
      {"expiration date", "expires_on"},
      {"purchase cost", "cost"},
      {"company", "company"},
      {"notes", "notes"},
      {"order number", ""},
      {"purchase order", ""},
      {"reassignable", ""},
      {"maintained", ""},
      {"licensed to email", ""},
      {"licensed to name", ""},
      {"category", ""},
      {"termination date", ""},
      {"id", ""},
  };
  return map;
}

// Where each field is in the rows of a file.
class Columns {
 public:
  // Reads the header row; unknown or repeated headers and missing required
  // fields are added to `problems`.
  Columns(const CsvRow& header, const HeaderMap& map, const std::vector<std::string>& required, Problems& problems) {
    std::vector<std::string> known;
    for (const auto& [name, field] : map) {
      known.push_back(name);
    }
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      const std::string written = trim(header.fields[i]);
      const auto found = map.find(lower(written));
      if (found == map.end()) {
        problems.add(header.line, written, "unknown header; expected one of: " + join(known));
        continue;
      }
      if (found->second.empty()) {
        continue;
      }
      if (m_at.count(found->second) > 0) {
        problems.add(header.line, written, "a second column for " + found->second);
        continue;
      }
      m_at[found->second] = {i, written};
    }
    for (const auto& field : required) {
      if (m_at.count(field) == 0) {
        problems.add(header.line, field, "missing; this column is required");
      }
    }
  }

  void use(const CsvRow& row) { m_row = &row; }
  bool has(const std::string& field) const { return m_at.count(field) > 0; }
  // The trimmed value of a field in the current row ("" if the file has no such column).
  std::string get(const std::string& field) const {
    const auto found = m_at.find(field);
    return found == m_at.end() ? std::string() : trim(m_row->fields[found->second.first]);
  }
  // The header as the file writes it.
  std::string header(const std::string& field) const {
    const auto found = m_at.find(field);
    return found == m_at.end() ? field : found->second.second;
  }

 private:
  std::map<std::string, std::pair<std::size_t, std::string>> m_at;
  const CsvRow* m_row = nullptr;
};

std::optional<std::int64_t> parse_count(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

// A Tally category for a Snipe-IT category name ("Laptops" -> laptop), else "other".
std::string tally_category(const std::string& name) {
  std::string key = lower(trim(name));
  for (auto& c : key) {
    if (c == ' ' || c == '_') {
      c = '-';
    }
  }
  for (const std::string& candidate :
       {key, key.size() > 1 && key.back() == 's' ? key.substr(0, key.size() - 1) : key,
        key.size() > 2 && key.compare(key.size() - 2, 2, "es") == 0 ? key.substr(0, key.size() - 2) : key}) {
    const auto& all = model_categories();
    if (std::find(all.begin(), all.end(), candidate) != all.end()) {
      return candidate;
    }
  }
  return "other";
}

// A location code for a Snipe-IT location name: letters, digits, '.', '_'
// and '-' kept, anything else turned into '-', at most 64 characters.
std::string location_code_for(const std::string& name) {
  std::string code;
  for (unsigned char c : name) {
    const bool keep = std::isalnum(c) || c == '.' || c == '_' || c == '-';
    if (keep) {
      code.push_back(static_cast<char>(std::toupper(c)));
    } else if (!code.empty() && code.back() != '-') {
      code.push_back('-');
    }
  }
  while (!code.empty() && code.back() == '-') {
    code.pop_back();
  }
  return code.substr(0, 64);
}

Json text_or_null_json(const std::string& text) {
  return text.empty() ? Json() : Json(text);
}

using Value = ColumnValue;

Value value_of(const Field& column) {
  if (column.is_null()) {
    return nullptr;
  }
  if (column.type() == store::Type::integer) {
    return column.as_int64();
  }
  return column.as_text();
}

template <typename T>
Value value_of(const std::optional<T>& v) {
  if (!v) {
    return nullptr;
  }
  return Value(*v);
}

void bind_column(Statement& statement, int index, const Value& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    statement.bind(index, *number);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    statement.bind(index, *text);
  } else {
    statement.bind(index);
  }
}

// What an import shares across rows: the database, the options, and caches
// so that each model, location, team or person is resolved once.
class Importer {
 public:
  Importer(Database& db, const std::string& actor, const ImportOptions& options, const std::string& noun)
      : m_db(db), m_actor(actor), m_options(options), m_noun(noun) {}

  Database& db() { return m_db; }
  const std::string& actor() const { return m_actor; }
  const ImportOptions& options() const { return m_options; }
  bool snipeit() const { return m_options.dialect == Dialect::snipeit; }
  Problems& problems() { return m_problems; }
  // The counter of a kind of row. A deque, so that a reference held by the
  // caller stays valid when another kind is added.
  ImportCount& count(const std::string& kind) {
    for (auto& c : m_counts) {
      if (c.kind == kind) {
        return c;
      }
    }
    m_counts.push_back({kind, 0, 0, 0});
    return m_counts.back();
  }
  const std::deque<ImportCount>& counts() const { return m_counts; }

  // The vendor's id; a Snipe-IT import creates a missing one (as a manufacturer
  // or supplier). nullopt (with a problem added) when there is none.
  std::optional<std::int64_t> vendor(std::int64_t line, const std::string& column, const std::string& name,
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
      m_problems.add(line, column, "no vendor '" + name + "'; add it with `tally vendor add` first");
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
    ++count("vendor").created;
    return m_vendors[key] = created.id;
  }

  struct ModelInfo {
    std::int64_t id = 0;
    std::string category;
    bool serialized = true;
  };

  // The model of this manufacturer; a Snipe-IT import creates a missing one.
  std::optional<ModelInfo> model(std::int64_t line, const std::string& column, std::int64_t manufacturer_id,
                                 const std::string& manufacturer, const std::string& name, const std::string& category,
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
      m_problems.add(line, column,
                     "no model '" + name + "' of " + manufacturer + "; add it with `tally model add` first");
      return std::nullopt;
    }
    Statement& maker = m_db.statement("UPDATE vendor SET is_manufacturer = 1 WHERE id = ?");
    maker.bind(1, manufacturer_id);
    maker.exec();
    Statement& insert =
        m_db.statement("INSERT INTO model (manufacturer_id, name, part_number, category) VALUES (?, ?, ?, ?)");
    insert.bind(1, manufacturer_id);
    insert.bind(2, name);
    bind_column(insert, 3, part_number.empty() ? Value(nullptr) : Value(part_number));
    insert.bind(4, tally_category(category));
    insert.exec();
    const Model created = model_by_id(m_db, m_db.last_insert_rowid());
    append_event(m_db, m_actor, "create", "model", created.display_name(), nullptr, model_json(created));
    ++count("model").created;
    return m_models[key] = ModelInfo{created.id, created.category, true};
  }

  // The location with this code (a Snipe-IT import also matches a name, and
  // creates a missing location as a site).
  std::optional<std::int64_t> location(std::int64_t line, const std::string& column, const std::string& text) {
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
        throw refused("location '" + text + "' has no letters or digits to make a code from");
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
      ++count("location").created;
      return created.id;
    });
  }

  std::optional<std::int64_t> team(std::int64_t line, const std::string& column, const std::string& text) {
    return cached(m_teams, text, line, column, [&] { return resolve_team(m_db, text).id; });
  }

  std::optional<std::int64_t> person(std::int64_t line, const std::string& column, const std::string& text) {
    return cached(m_people, text, line, column, [&] { return resolve_person(m_db, text).id; });
  }

  std::optional<std::int64_t> purchase_order(std::int64_t line, const std::string& column, const std::string& number) {
    return cached(m_pos, number, line, column, [&]() -> std::int64_t {
      Statement& q = m_db.statement("SELECT id FROM purchase_order WHERE number = ?");
      q.bind(1, number);
      if (!q.step()) {
        q.reset();
        throw refused("no purchase order '" + number + "'");
      }
      const std::int64_t id = q.column(0).as_int64();
      q.reset();
      return id;
    });
  }

  std::optional<std::int64_t> po_line(std::int64_t line, const std::string& column, std::int64_t po_id,
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

  // The owning team of a Snipe-IT row: its Company through --map-company, else --team.
  std::optional<std::int64_t> company_team(std::int64_t line, const std::string& column, const std::string& company) {
    if (!company.empty()) {
      const auto found = m_options.company_teams.find(lower(company));
      if (found != m_options.company_teams.end()) {
        return team(line, column, found->second);
      }
    }
    if (m_options.team) {
      return team(line, "--team", *m_options.team);
    }
    return std::nullopt;
  }

  const std::string& default_currency() {
    if (m_currency.empty()) {
      m_currency = get_setting(m_db, "currency");
    }
    return m_currency;
  }

  // A date column: strict YYYY-MM-DD, or for Snipe-IT also MM/DD/YYYY.
  std::optional<std::string> date(std::int64_t line, const std::string& column, const std::string& text, bool& bad) {
    if (text.empty()) {
      return std::nullopt;
    }
    std::optional<std::string> day =
        snipeit() ? parse_loose_date(text)
                  : (parse_date(text) ? std::optional<std::string>(text) : std::optional<std::string>());
    if (!day) {
      m_problems.add(line, column,
                     "'" + text + "' is not a date like 2026-11-27" + (snipeit() ? " or 11/27/2026" : ""));
      bad = true;
    }
    return day;
  }

  // Cost and currency columns: minor units and the currency, or nullopt for no cost.
  std::optional<std::pair<std::int64_t, std::string>> cost(std::int64_t line, const std::string& cost_column,
                                                           const std::string& cost_text,
                                                           const std::string& currency_column,
                                                           const std::string& currency_text, bool& bad) {
    if (cost_text.empty()) {
      if (!currency_text.empty()) {
        m_problems.add(line, currency_column, "a currency without a cost");
        bad = true;
      }
      return std::nullopt;
    }
    const std::string currency = currency_text.empty() ? default_currency() : currency_text;
    if (!is_currency_code(currency)) {
      m_problems.add(line, currency_column, "'" + currency + "' is not a currency code like USD");
      bad = true;
      return std::nullopt;
    }
    const auto minor = snipeit() ? parse_loose_amount(cost_text, currency) : parse_amount(cost_text, currency);
    if (!minor) {
      m_problems.add(line, cost_column,
                     "'" + cost_text + "' is not an amount of " + currency + " with at most " +
                         std::to_string(minor_digits(currency)) + " decimals");
      bad = true;
      return std::nullopt;
    }
    return std::make_pair(*minor, currency);
  }

  void progress(std::int64_t rows, std::int64_t bytes, std::int64_t total) {
    if (m_options.progress && rows % 1000 == 0) {
      m_options.progress(rows, bytes, total);
    }
  }

  // Adds the import event and either commits or (dry run, problems) rolls back.
  ImportReport finish(WriteTransaction& tx, std::int64_t rows, const std::string& kind, Json counts) {
    if (!m_problems.items.empty()) {
      const std::size_t n = m_problems.items.size();
      throw refused(m_noun + ": " + m_options.file + " has " + std::to_string(n) + (n == 1 ? " problem" : " problems") +
                    "; nothing was imported. Fix the file and run the import again:\n" + join(m_problems.items, "\n"));
    }
    ImportReport report;
    report.rows = rows;
    report.counts.assign(m_counts.begin(), m_counts.end());
    report.dry_run = m_options.mode == ImportMode::dry_run;
    if (!report.dry_run) {
      append_event(m_db, m_actor, "import", "import", std::filesystem::path(m_options.file).filename().string(),
                   nullptr,
                   {{"file", m_options.file},
                    {"kind", kind},
                    {"dialect", snipeit() ? "snipeit" : "tally"},
                    {"rows", rows},
                    {"counts", std::move(counts)}});
      tx.commit();
    }
    return report;
  }

 private:
  template <typename Resolve>
  std::optional<std::int64_t> cached(std::map<std::string, std::variant<std::int64_t, std::string>>& cache,
                                     const std::string& text, std::int64_t line, const std::string& column,
                                     Resolve resolve) {
    const std::string key = lower(text);
    auto found = cache.find(key);
    if (found == cache.end()) {
      try {
        found = cache.emplace(key, resolve()).first;
      } catch (const Error& e) {
        found = cache.emplace(key, reason(e)).first;
      }
    }
    if (const auto* id = std::get_if<std::int64_t>(&found->second)) {
      return *id;
    }
    m_problems.add(line, column, std::get<std::string>(found->second));
    return std::nullopt;
  }

  Database& m_db;
  std::string m_actor;
  const ImportOptions& m_options;
  std::string m_noun;
  Problems m_problems;
  std::deque<ImportCount> m_counts;
  std::map<std::string, std::int64_t> m_vendors;
  std::map<std::pair<std::int64_t, std::string>, ModelInfo> m_models;
  std::map<std::string, std::variant<std::int64_t, std::string>> m_locations, m_teams, m_people, m_pos;
  std::string m_currency;
};

// Opens the file; throws a refused Error if it cannot be read.
std::ifstream open_file(const std::string& noun, const std::string& path, std::int64_t& size) {
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) {
    throw refused(noun + ": cannot read '" + path + "'; give the path of a CSV file");
  }
  size = static_cast<std::int64_t>(bytes);
  return in;
}

Json counts_json(const std::deque<ImportCount>& counts) {
  Json out = Json::object();
  for (const auto& c : counts) {
    out[c.kind] = {{"created", c.created}, {"updated", c.updated}, {"unchanged", c.unchanged}};
  }
  return out;
}

std::int64_t max_id(Database& db, const std::string& table) {
  Statement q(db, "SELECT coalesce(max(id), 0) FROM " + table);
  q.step();
  return q.column(0).as_int64();
}

// The asset columns an import sets, in the order of `k_asset_columns`.
constexpr const char* k_asset_columns[] = {"serial",      "model_id",      "manufacturer_id",     "status",
                                           "location_id", "owner_team_id", "custodian_person_id", "po_line_id",
                                           "cost_minor",  "currency",      "received_on",         "warranty_ends",
                                           "hostname",    "notes"};
constexpr std::size_t k_asset_column_count = sizeof(k_asset_columns) / sizeof(k_asset_columns[0]);

// Generated asset tags for one import: the `asset.tag` sequence is read once
// and written once (store) instead of once per row.
class TagSequence {
 public:
  TagSequence(Database& db, std::string prefix) : m_db(db), m_prefix(std::move(prefix)) {
    Statement q(db, "SELECT value FROM sequence WHERE name = 'asset.tag'");
    if (q.step()) {
      m_value = q.column(0).as_int64();
      m_stored = m_value;
    }
  }
  // The next tag whether or not an asset has it.
  std::string next_unchecked() { return make_tag(m_prefix, ++m_value); }
  // The next tag no asset has (`owner` is "SELECT id FROM asset WHERE tag = ?").
  std::string next(Statement& owner) {
    for (;;) {
      std::string tag = next_unchecked();
      owner.reset();
      owner.clear_bindings();
      owner.bind(1, tag);
      const bool used = owner.step();
      owner.reset();
      if (!used) {
        return tag;
      }
    }
  }
  // Takes back the tag next_unchecked() gave last (its row was not inserted).
  void give_back() { --m_value; }
  // Writes the sequence if any tag was generated.
  void store() {
    if (m_value == m_stored) {
      return;
    }
    Statement& q = m_db.statement(
        "INSERT INTO sequence (name, value) VALUES ('asset.tag', ?1) ON CONFLICT (name) DO UPDATE SET value = ?1");
    q.bind(1, m_value);
    q.exec();
    m_stored = m_value;
  }

 private:
  Database& m_db;
  std::string m_prefix;
  std::int64_t m_value = 0;
  std::int64_t m_stored = 0;
};

// A JSON object written straight into a string, as nlohmann's dump() writes
// it (compact; '"', '\\' and control characters escaped) for ASCII text.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : m_out(out) { m_out.push_back('{'); }
  void text(const char* key, const std::string& value) {
    this->key(key);
    quoted(value);
  }
  void text_or_null(const char* key, const std::string& value) {
    this->key(key);
    value.empty() ? m_out.append("null") : quoted(value);
  }
  void optional(const char* key, const std::optional<std::string>& value) {
    this->key(key);
    value ? quoted(*value) : m_out.append("null");
  }
  void number(const char* key, std::int64_t value) {
    this->key(key);
    m_out.append(std::to_string(value));
  }
  void close() { m_out.push_back('}'); }

 private:
  void key(const char* name) {
    if (m_out.size() > 1) {
      m_out.push_back(',');
    }
    m_out.push_back('"');
    m_out.append(name);
    m_out.append("\":");
  }
  std::string& quoted(const std::string& value) {
    m_out.push_back('"');
    for (const char c : value) {
      switch (c) {
        case '"':
          m_out.append("\\\"");
          break;
        case '\\':
          m_out.append("\\\\");
          break;
        case '\b':
          m_out.append("\\b");
          break;
        case '\f':
          m_out.append("\\f");
          break;
        case '\n':
          m_out.append("\\n");
          break;
        case '\r':
          m_out.append("\\r");
          break;
        case '\t':
          m_out.append("\\t");
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            static const char* const hex = "0123456789abcdef";
            m_out.append("\\u00");
            m_out.push_back(hex[(c >> 4) & 0xF]);
            m_out.push_back(hex[c & 0xF]);
          } else {
            m_out.push_back(c);
          }
      }
    }
    m_out.push_back('"');
    return m_out;
  }

  std::string& m_out;
};

// The `import` event of one new asset (what append_event writes, with the
// statement held by the caller and the time read once per 1000 rows).
void append_import_event(Statement& insert, const std::string& actor, const std::string& tag, const std::string& now,
                         const std::string& serial, const std::string& manufacturer, const std::string& model,
                         const std::string& status, const Columns& columns, const std::string& po,
                         const std::string& po_line, const std::optional<std::pair<std::int64_t, std::string>>& cost,
                         const std::optional<std::string>& received, const std::optional<std::string>& warranty,
                         const std::string& hostname, std::int64_t line) {
  const std::string location = columns.get("location");
  const std::string owner_team = columns.get("owner_team");
  const std::string custodian = columns.get("custodian");
  const std::optional<std::string> cost_text =
      cost ? std::optional<std::string>(format_amount(cost->first, cost->second)) : std::nullopt;
  const std::optional<std::string> currency = cost ? std::optional<std::string>(cost->second) : std::nullopt;
  // Written by hand, in nlohmann's compact form and key order, unless a value
  // has non-ASCII bytes: then nlohmann writes it (and refuses bad UTF-8).
  const auto ascii = [](const std::string& t) {
    return std::all_of(t.begin(), t.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  std::string after;
  if (ascii(serial) && ascii(manufacturer) && ascii(model) && ascii(location) && ascii(owner_team) &&
      ascii(custodian) && ascii(po) && ascii(po_line) && ascii(hostname)) {
    JsonWriter w(after);
    w.text("serial", serial);
    w.text("manufacturer", manufacturer);
    w.text("model", model);
    w.text("status", status);
    w.text_or_null("location", location);
    w.text_or_null("owner_team", owner_team);
    w.text_or_null("custodian", custodian);
    w.text_or_null("po", po);
    w.text_or_null("po_line", po_line);
    w.optional("cost", cost_text);
    w.optional("currency", currency);
    w.optional("received_on", received);
    w.optional("warranty_ends", warranty);
    w.text_or_null("hostname", hostname);
    w.number("line", line);
    w.close();
  } else {
    const auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(); };
    after = Json{
        {"serial", serial},
        {"manufacturer", manufacturer},
        {"model", model},
        {"status", status},
        {"location", text_or_null_json(location)},
        {"owner_team", text_or_null_json(owner_team)},
        {"custodian", text_or_null_json(custodian)},
        {"po", text_or_null_json(po)},
        {"po_line", text_or_null_json(po_line)},
        {"cost", opt(cost_text)},
        {"currency", opt(currency)},
        {"received_on", opt(received)},
        {"warranty_ends", opt(warranty)},
        {"hostname", text_or_null_json(hostname)},
        {"line",
         line}}.dump();
  }
  insert.reset();
  insert.clear_bindings();
  insert.bind(1, now);
  insert.bind(2, actor);
  insert.bind(3, tag);
  insert.bind(4, after);
  insert.exec();
  insert.reset();
}

template <std::size_t N>
void bind_new(Statement& insert, const std::string& tag, const std::array<Value, N>& values, const std::string& now) {
  insert.bind(1, tag);
  for (std::size_t i = 0; i < N; ++i) {
    bind_column(insert, static_cast<int>(i) + 2, values[i]);
  }
  insert.bind(16, now);
  insert.bind(17, now);
}

// Inserts a new asset; false (nothing written) if a UNIQUE index refused it.
template <std::size_t N>
bool insert_new(Statement& insert, const std::string& tag, const std::array<Value, N>& values, const std::string& now) {
  insert.reset();
  insert.clear_bindings();
  bind_new(insert, tag, values, now);
  try {
    insert.exec();
  } catch (const store::SqlError& e) {
    insert.reset();
    // A taken tag or serial: the UNIQUE index, or the trigger that refuses
    // to replace an asset (migrations/0006_trust.sql), which says the same.
    if (e.extended_code() == store::code::constraint_unique ||
        (e.extended_code() == store::code::constraint_trigger &&
         std::string(e.what()).rfind("UNIQUE constraint failed: asset", 0) == 0)) {
      return false;
    }
    throw;
  }
  insert.reset();
  return true;
}

// An asset imported as in_repair: it is inserted in_stock (a new asset never
// starts in a status that has a record), then gets its repair record and the
// status. The import event already says in_repair.
void open_imported_repair(Database& db, std::int64_t asset_id, std::int64_t line, const std::string& now,
                          bool set_status) {
  Statement& repair = db.statement("INSERT INTO repair (asset_id, reason, opened_on) VALUES (?, ?, substr(?, 1, 10))");
  repair.bind(1, asset_id);
  repair.bind(2, "imported as in_repair (line " + std::to_string(line) + ")");
  repair.bind(3, now);
  repair.exec();
  repair.reset();
  if (set_status) {
    Statement& status = db.statement("UPDATE asset SET status = 'in_repair' WHERE id = ?");
    status.bind(1, asset_id);
    status.exec();
    status.reset();
  }
}

}  // namespace

const std::vector<std::string>& tally_asset_headers() {
  static const std::vector<std::string> headers = {
      "tag",      "serial",      "manufacturer",  "model",    "category", "status",
      "location", "owner_team",  "custodian",     "po",       "po_line",  "cost",
      "currency", "received_on", "warranty_ends", "hostname", "rack",     "rack_u"};
  return headers;
}

const std::vector<std::string>& tally_license_headers() {
  static const std::vector<std::string> headers = {"id",
                                                   "product",
                                                   "vendor",
                                                   "type",
                                                   "seats",
                                                   "used",
                                                   "free",
                                                   "over_allocated",
                                                   "allow_overallocation",
                                                   "starts_on",
                                                   "expires_on",
                                                   "days_to_expiry",
                                                   "team",
                                                   "po",
                                                   "cost",
                                                   "currency",
                                                   "key"};
  return headers;
}

std::optional<std::int64_t> parse_loose_amount(const std::string& text, const std::string& currency) {
  std::string digits;
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '$' || c == '\'') {
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      continue;  // currency signs such as € or £ in UTF-8
    }
    digits.push_back(c);
  }
  if (digits.size() >= 3 && is_currency_code(digits.substr(0, 3))) {
    digits.erase(0, 3);
  } else if (digits.size() >= 3 && is_currency_code(digits.substr(digits.size() - 3))) {
    digits.erase(digits.size() - 3);
  }
  if (digits.empty()) {
    return std::nullopt;
  }
  return parse_amount(digits, currency);
}

std::optional<std::string> parse_loose_date(const std::string& text) {
  if (parse_date(text)) {
    return text;
  }
  // MM/DD/YYYY (Snipe-IT's US form); one-digit month and day accepted.
  const auto first = text.find('/');
  const auto second = first == std::string::npos ? std::string::npos : text.find('/', first + 1);
  if (second == std::string::npos) {
    return std::nullopt;
  }
  std::string month = text.substr(0, first);
  std::string day = text.substr(first + 1, second - first - 1);
  const std::string year = text.substr(second + 1);
  auto pad = [](std::string& part) {
    if (part.size() == 1) {
      part = "0" + part;
    }
  };
  pad(month);
  pad(day);
  const std::string iso = year + "-" + month + "-" + day;
  if (!parse_date(iso)) {
    return std::nullopt;
  }
  return iso;
}

std::optional<bool> parse_loose_bool(const std::string& text) {
  const std::string value = lower(trim(text));
  if (value == "yes" || value == "true" || value == "1" || value == "y") {
    return true;
  }
  if (value == "no" || value == "false" || value == "0" || value == "n") {
    return false;
  }
  return std::nullopt;
}

std::optional<std::string> snipeit_status(const std::string& label) {
  static const std::map<std::string, std::string> table = {
      {"ready to deploy", "in_stock"},
      {"deployable", "in_stock"},
      {"pending", "staging"},
      {"deployed", "deployed"},
      {"out for repair", "in_repair"},
      {"out for diagnostics", "in_repair"},
      {"undeployable", "in_repair"},
      {"broken - not fixable", "retired"},
      {"archived", "retired"},
      {"lost/stolen", "lost"},
      {"lost", "lost"},
      {"stolen", "lost"},
  };
  const auto found = table.find(lower(trim(label)));
  if (found == table.end()) {
    return std::nullopt;
  }
  return found->second;
}

ImportReport import_assets(Database& db, const std::string& actor, const ImportOptions& options) {
  const std::string noun = "import assets";
  std::int64_t size = 0;
  std::ifstream in = open_file(noun, options.file, size);
  try {
    // Statement journals in memory (set before the transaction begins, which
    // is when SQLite reads it): every INSERT of a row (the asset has
    // triggers and UNIQUE indexes) saves the pages it touches in case it must
    // roll back alone; on disk that was ~17 pwrite calls per row. One
    // statement's journal holds a few pages, so this does not grow with the file.
    db.exec("PRAGMA temp_store = MEMORY");
    WriteTransaction tx(db);
    Importer im(db, actor, options, noun);
    Problems& problems = im.problems();
    CsvReader reader(in);
    std::int64_t rows = 0;
    try {
      const auto header = reader.next();
      if (!header) {
        throw refused(noun + ": " + options.file + " is empty; it needs a header row");
      }
      Columns columns(*header, im.snipeit() ? snipeit_asset_map() : tally_asset_map(),
                      {"serial", "manufacturer", "model"}, problems);
      if (!problems.items.empty()) {
        return im.finish(tx, 0, "assets", nullptr);
      }
      const std::string prefix = get_setting(db, "tag.prefix");
      const std::int64_t first_new_id = max_id(db, "asset") + 1;
      ImportCount& assets = im.count("asset");
      // Statements used on every row, prepared once and held for the file.
      Statement& tag_owner = db.statement("SELECT id FROM asset WHERE tag = ?");
      Statement& serial_owner = db.statement("SELECT id, tag FROM asset WHERE manufacturer_id = ? AND serial = ?");
      Statement& insert = db.statement(
          "INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, owner_team_id, "
          "custodian_person_id, po_line_id, cost_minor, currency, received_on, warranty_ends, hostname, notes, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      Statement& insert_event = db.statement(
          "INSERT INTO event (at, actor, action, entity, entity_key, before, after) "
          "VALUES (?, ?, 'import', 'asset', ?, NULL, ?)");
      // Generated tags: the sequence is read once here and written once at the
      // end; a generated tag that is already taken is skipped as next_asset_tag does.
      TagSequence tags(db, prefix);
      // The time of the rows' events and created_at, read again every 1000 rows.
      std::string now;
      while (auto row = reader.next()) {
        ++rows;
        im.progress(rows, reader.bytes_read(), size);
        if (rows % 1000 == 1) {
          now = now_timestamp();
        }
        columns.use(*row);
        const std::int64_t line = row->line;
        const std::size_t known_problems = problems.items.size();
        bool bad = false;
        auto problem = [&](const std::string& field, const std::string& what) {
          problems.add(line, columns.header(field), what);
          bad = true;
        };

        const std::string tag = columns.get("tag");
        if (!tag.empty()) {
          if (tag.size() < 3 || tag.size() > 32) {
            problem("tag", "'" + tag + "' must be 3 to 32 characters (leave it empty to generate one)");
          } else if (check_tag(tag, prefix) == TagCheck::bad_check) {
            problem("tag", "'" + tag + "' has a wrong check digit");
          }
        }
        const std::string serial = columns.get("serial");
        if (serial.empty()) {
          problem("serial", "empty; every asset needs its serial number");
        }
        // Identifiers hold no control character at all (free text may hold
        // TAB and LF; the CSV reader checked that much for every field).
        for (const char* field : {"tag", "serial", "hostname"}) {
          if (const auto bad_text = text_problem(columns.get(field), TextKind::identifier)) {
            problem(field, *bad_text);
          }
        }
        const std::string maker_name = columns.get("manufacturer");
        const std::string model_name = columns.get("model");
        std::optional<std::int64_t> maker_id;
        std::optional<Importer::ModelInfo> model;
        if (maker_name.empty()) {
          problem("manufacturer", "empty");
        } else {
          maker_id = im.vendor(line, columns.header("manufacturer"), maker_name, true);
          bad = bad || !maker_id;
        }
        if (model_name.empty()) {
          problem("model", "empty");
        } else if (maker_id) {
          model = im.model(line, columns.header("model"), *maker_id, maker_name, model_name, columns.get("category"),
                           columns.get("model_number"));
          bad = bad || !model;
          if (model && !model->serialized) {
            problem("model", "'" + model_name + "' is a bulk (counted) model; it has no tagged assets");
          }
        }
        const std::string category = columns.get("category");
        if (model && !im.snipeit() && !category.empty() && lower(category) != model->category) {
          problem("category", "'" + category + "' but model '" + model_name + "' is a " + model->category);
        }

        std::string status = "in_stock";
        if (const std::string text = columns.get("status"); !text.empty()) {
          if (im.snipeit()) {
            if (const auto mapped = snipeit_status(text)) {
              status = *mapped;
            } else {
              problem("status", "unknown Snipe-IT status label '" + text +
                                    "'; known: Ready to Deploy, Deployable, Pending, Deployed, Out for Repair, Out for "
                                    "Diagnostics, Undeployable, Broken - Not Fixable, Archived, Lost/Stolen");
            }
          } else if (const auto& all = asset_statuses(); std::find(all.begin(), all.end(), text) != all.end()) {
            status = text;
          } else {
            problem("status", "unknown status '" + text + "'; expected one of: " + join(asset_statuses()));
          }
        }

        // Statuses that come with a record of their own are reached through
        // their commands, never imported bare (no state that no command can
        // leave); in_repair is imported with a repair record opened for it.
        if (status == "disposed" || status == "returned_to_vendor" || status == "rma") {
          problem("status", "'" + status + "' cannot be imported: it needs its " +
                                std::string(status == "disposed" ? "disposal record (method, date, wipe)"
                                                                 : "RMA record (vendor, reason)") +
                                "; import the asset as in_stock or retired, then record the " +
                                (status == "disposed" ? "disposal" : "RMA") + " with its command");
        }
        if (status == "deployed" && columns.get("location").empty()) {
          problem("status", "a deployed asset needs a location; give the row a location or import it as in_stock");
        }
        const bool opens_repair = status == "in_repair";

        std::array<Value, k_asset_column_count> values;
        std::array<bool, k_asset_column_count> given{};
        auto set = [&](std::size_t index, Value value, bool present) {
          values[index] = std::move(value);
          given[index] = present;
        };
        set(0, serial, true);
        set(1, model ? Value(model->id) : Value(nullptr), true);
        set(2, maker_id ? Value(*maker_id) : Value(nullptr), true);
        set(3, status, columns.has("status"));

        auto resolved = [&](std::size_t index, const std::string& field, auto resolve) {
          const std::string text = columns.get(field);
          std::optional<std::int64_t> id;
          if (!text.empty()) {
            id = resolve(text);
            bad = bad || !id;
          }
          set(index, value_of(id), columns.has(field));
        };
        resolved(4, "location", [&](const std::string& t) { return im.location(line, columns.header("location"), t); });
        if (im.snipeit()) {
          const auto team = im.company_team(line, columns.header("company"), columns.get("company"));
          set(5, value_of(team), columns.has("company") || options.team.has_value());
        } else {
          resolved(5, "owner_team",
                   [&](const std::string& t) { return im.team(line, columns.header("owner_team"), t); });
        }
        resolved(6, "custodian", [&](const std::string& t) { return im.person(line, columns.header("custodian"), t); });

        const std::string po = columns.get("po");
        const std::string po_line_text = columns.get("po_line");
        std::optional<std::int64_t> po_line_id;
        if (po.empty() != po_line_text.empty()) {
          problem(po.empty() ? "po" : "po_line", "po and po_line go together: give both or neither");
        } else if (!po.empty()) {
          const auto line_no = parse_count(po_line_text);
          if (!line_no) {
            problem("po_line", "'" + po_line_text + "' is not a line number");
          } else if (const auto po_id = im.purchase_order(line, columns.header("po"), po)) {
            po_line_id = im.po_line(line, columns.header("po_line"), *po_id, po, *line_no);
            bad = bad || !po_line_id;
          } else {
            bad = true;
          }
        }
        set(7, value_of(po_line_id), columns.has("po"));

        const auto cost = im.cost(line, columns.header("cost"), columns.get("cost"), columns.header("currency"),
                                  columns.get("currency"), bad);
        set(8, cost ? Value(cost->first) : Value(nullptr), columns.has("cost"));
        set(9, cost ? Value(cost->second) : Value(nullptr), columns.has("cost"));
        const auto received = im.date(line, columns.header("received_on"), columns.get("received_on"), bad);
        set(10, value_of(received), columns.has("received_on"));
        std::optional<std::string> warranty;
        if (im.snipeit()) {
          if (const std::string months = columns.get("warranty_months"); !months.empty()) {
            const auto n = parse_count(months);
            if (!n || *n > 240) {
              problem("warranty_months", "'" + months + "' is not a number of months from 0 to 240");
            } else if (!received) {
              problem("warranty_months", "a warranty in months needs the Purchase Date to count from");
            } else {
              warranty = add_months(*received, static_cast<int>(*n));
            }
          }
          set(11, value_of(warranty), columns.has("warranty_months"));
        } else {
          warranty = im.date(line, columns.header("warranty_ends"), columns.get("warranty_ends"), bad);
          set(11, value_of(warranty), columns.has("warranty_ends"));
        }
        const std::string hostname = columns.get("hostname");
        if (hostname.size() > 253) {
          problem("hostname", "longer than 253 characters");
        }
        set(12, text_or_null_json(hostname).is_null() ? Value(nullptr) : Value(hostname), columns.has("hostname"));
        const std::string notes = columns.get("notes");
        set(13, notes.empty() ? Value(nullptr) : Value(notes), columns.has("notes"));

        if (bad || problems.items.size() > known_problems) {
          continue;
        }

        // A new row that cannot be an update: insert it straight away and let
        // the UNIQUE indexes on tag and (manufacturer, serial) check it; only
        // when one refuses are the lookups below run, for the same message.
        const bool deployed_host = status == "deployed" && !hostname.empty();
        const bool direct = !options.update && !deployed_host;
        if (direct) {
          // A generated tag is not looked up first: if an earlier row of the
          // file took it, the insert fails and the checked path below skips it.
          const std::string new_tag = tag.empty() ? tags.next_unchecked() : tag;
          try {
            if (opens_repair) {
              values[3] = std::string("in_stock");
            }
            const bool inserted = insert_new(insert, new_tag, values, now);
            values[3] = status;
            if (inserted) {
              if (opens_repair) {
                open_imported_repair(db, db.last_insert_rowid(), line, now, true);
              }
              append_import_event(insert_event, actor, new_tag, now, serial, maker_name, model_name, status, columns,
                                  po, po_line_text, cost, received, warranty, hostname, line);
              ++assets.created;
              continue;
            }
          } catch (const Error& e) {
            problems.add(line, "-", e.what());
            continue;
          } catch (const store::SqlError& e) {
            problems.add(line, "-", from_sqlite(e).what());
            continue;
          }
          if (tag.empty()) {
            tags.give_back();
          }
        }

        // Which asset the row names: by tag, else by serial and manufacturer.
        std::optional<std::int64_t> existing;
        if (!tag.empty()) {
          Statement& q = tag_owner;
          q.reset();
          q.bind(1, tag);
          if (q.step()) {
            existing = q.column(0).as_int64();
          }
          q.reset();
        }
        {
          Statement& q = serial_owner;
          q.reset();
          q.bind(1, *maker_id);
          q.bind(2, serial);
          if (q.step()) {
            const std::int64_t id = q.column(0).as_int64();
            const std::string other = q.column(1).as_text();
            q.reset();
            if (!existing && !tag.empty() && id < first_new_id) {
              problem("serial",
                      "serial '" + serial + "' of " + maker_name + " already belongs to " + other + ", not to " + tag);
              continue;
            }
            if (!existing || *existing != id) {
              if (existing || id >= first_new_id) {
                problem("serial", "serial '" + serial + "' of " + maker_name +
                                      (id >= first_new_id ? " appears earlier in the file" : " belongs to " + other));
                continue;
              }
              existing = id;
            }
          } else {
            q.reset();
          }
        }
        if (existing && *existing >= first_new_id) {
          problem("tag", "tag '" + tag + "' appears earlier in the file");
          continue;
        }
        if (existing && !options.update) {
          const Asset asset = asset_by_id(db, *existing);
          problem(tag.empty() ? "serial" : "tag",
                  "asset " + asset.tag + " (serial " + asset.serial + ") already exists; use --update to change it");
          continue;
        }
        if (status == "deployed" && !hostname.empty()) {
          Statement& q = db.statement(
              "SELECT tag FROM asset WHERE status = 'deployed' AND hostname = ? COLLATE NOCASE AND id IS NOT ?");
          q.bind(1, hostname);
          bind_column(q, 2, value_of(existing));
          if (q.step()) {
            const std::string other = q.column(0).as_text();
            q.reset();
            problem("hostname", "'" + hostname + "' is already the hostname of deployed asset " + other);
            continue;
          }
          q.reset();
        }

        try {
          if (existing) {
            Statement& q = db.statement(
                "SELECT serial, model_id, manufacturer_id, status, location_id, owner_team_id, custodian_person_id, "
                "po_line_id, cost_minor, currency, received_on, warranty_ends, hostname, notes FROM asset WHERE id = "
                "?");
            q.bind(1, *existing);
            q.step();
            std::vector<std::pair<std::string, ColumnValue>> changes;
            for (std::size_t i = 0; i < k_asset_column_count; ++i) {
              if (given[i] && value_of(q.column(static_cast<int>(i))) != values[i]) {
                changes.emplace_back(k_asset_columns[i], values[i]);
              }
            }
            q.reset();
            if (changes.empty()) {
              ++assets.unchanged;
            } else {
              if (opens_repair && asset_by_id(db, *existing).status != "in_repair") {
                open_imported_repair(db, *existing, line, now, false);
              }
              change_asset(db, actor, asset_by_id(db, *existing), "import", changes);
              ++assets.updated;
            }
            continue;
          }
          const std::string new_tag = tag.empty() ? tags.next(tag_owner) : tag;
          insert.reset();
          insert.clear_bindings();
          if (opens_repair) {
            values[3] = std::string("in_stock");
          }
          bind_new(insert, new_tag, values, now);
          insert.exec();
          insert.reset();
          if (opens_repair) {
            open_imported_repair(db, db.last_insert_rowid(), line, now, true);
          }
          append_import_event(insert_event, actor, new_tag, now, serial, maker_name, model_name, status, columns, po,
                              po_line_text, cost, received, warranty, hostname, line);
          ++assets.created;
        } catch (const Error& e) {
          problems.add(line, "-", e.what());
        } catch (const store::SqlError& e) {
          problems.add(line, "-", from_sqlite(e).what());
        }
      }
      if (problems.items.empty()) {
        tags.store();
      }
    } catch (const Error& e) {
      if (std::string(e.what()).rfind("line ", 0) != 0) {
        throw;  // not a CSV syntax error
      }
      problems.items.push_back(e.what() + std::string("; the rest of the file was not read"));
    }
    return im.finish(tx, rows, "assets", counts_json(im.counts()));
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

ImportReport import_licenses(Database& db, const std::string& actor, const ImportOptions& options) {
  const std::string noun = "import licenses";
  std::int64_t size = 0;
  std::ifstream in = open_file(noun, options.file, size);
  try {
    WriteTransaction tx(db);
    Importer im(db, actor, options, noun);
    Problems& problems = im.problems();
    CsvReader reader(in);
    std::int64_t rows = 0;
    try {
      const auto header = reader.next();
      if (!header) {
        throw refused(noun + ": " + options.file + " is empty; it needs a header row");
      }
      Columns columns(*header, im.snipeit() ? snipeit_license_map() : tally_license_map(), {"product"}, problems);
      if (!columns.has("vendor") && !columns.has("supplier")) {
        problems.add(header->line, im.snipeit() ? "Manufacturer" : "vendor", "missing; this column is required");
      }
      if (!problems.items.empty()) {
        return im.finish(tx, 0, "licenses", nullptr);
      }
      const std::int64_t first_new_id = max_id(db, "license") + 1;
      ImportCount& licenses = im.count("license");
      while (auto row = reader.next()) {
        ++rows;
        im.progress(rows, reader.bytes_read(), size);
        columns.use(*row);
        const std::int64_t line = row->line;
        const std::size_t known_problems = problems.items.size();
        bool bad = false;
        auto problem = [&](const std::string& field, const std::string& what) {
          problems.add(line, columns.header(field), what);
          bad = true;
        };
        const std::string product = columns.get("product");
        if (product.empty()) {
          problem("product", "empty; every license needs its product name");
        }
        std::string vendor_field = "vendor";
        std::string vendor_name = columns.get("vendor");
        if (vendor_name.empty() && columns.has("supplier")) {
          vendor_field = "supplier";
          vendor_name = columns.get("supplier");
        }
        std::optional<std::int64_t> vendor_id;
        if (vendor_name.empty()) {
          problem(vendor_field, "empty; every license needs its vendor");
        } else {
          vendor_id = im.vendor(line, columns.header(vendor_field), vendor_name, false);
          bad = bad || !vendor_id;
        }
        std::string type = columns.get("type");
        if (type.empty()) {
          type = "per-seat";
        } else if (const auto& all = license_types(); std::find(all.begin(), all.end(), type) == all.end()) {
          problem("type", "unknown type '" + type + "'; expected one of: " + join(license_types()));
        }
        std::optional<std::int64_t> seats;
        const std::string seats_text = columns.get("seats");
        if (type == "site") {
          if (!seats_text.empty()) {
            problem("seats", "a site license has no seat count; leave it empty");
          }
        } else if (seats_text.empty()) {
          problem("seats", "empty; a " + type + " license needs a number of seats");
        } else {
          seats = parse_count(seats_text);
          if (!seats || *seats < 1) {
            problem("seats", "'" + seats_text + "' is not a number of seats of 1 or more");
          }
        }
        std::optional<std::string> key;
        if (const std::string k = columns.get("key"); !k.empty() && k.rfind("XXXX", 0) != 0) {
          key = k;  // a masked key ("XXXX-...-1234") is not a key
        }
        const auto starts = im.date(line, columns.header("starts_on"), columns.get("starts_on"), bad);
        const auto expires = im.date(line, columns.header("expires_on"), columns.get("expires_on"), bad);
        if (starts && expires && *expires < *starts) {
          problem("expires_on", *expires + " is before the start " + *starts);
        }
        std::optional<std::int64_t> team;
        if (im.snipeit()) {
          team = im.company_team(line, columns.header("company"), columns.get("company"));
        } else if (const std::string t = columns.get("team"); !t.empty()) {
          team = im.team(line, columns.header("team"), t);
          bad = bad || !team;
        }
        std::optional<std::int64_t> po_id;
        if (const std::string po = columns.get("po"); !po.empty()) {
          po_id = im.purchase_order(line, columns.header("po"), po);
          bad = bad || !po_id;
        }
        const auto cost = im.cost(line, columns.header("cost"), columns.get("cost"), columns.header("currency"),
                                  columns.get("currency"), bad);
        bool allow = false;
        if (const std::string a = columns.get("allow_overallocation"); !a.empty()) {
          const auto parsed = parse_loose_bool(a);
          if (!parsed) {
            problem("allow_overallocation", "'" + a + "' is not true or false");
          }
          allow = parsed.value_or(false);
        }
        const std::string notes = columns.get("notes");
        if (bad || problems.items.size() > known_problems) {
          continue;
        }

        Statement& match = db.statement(
            "SELECT id FROM license WHERE vendor_id = ? AND product = ? COLLATE NOCASE AND license_key IS ?");
        match.bind(1, *vendor_id);
        match.bind(2, product);
        bind_column(match, 3, value_of(key));
        std::optional<std::int64_t> existing;
        if (match.step()) {
          existing = match.column(0).as_int64();
        }
        match.reset();
        if (existing && *existing >= first_new_id) {
          problem("product", "license '" + product + "' of " + vendor_name + " appears earlier in the file");
          continue;
        }
        if (existing && !options.update) {
          problem("product", license_code(*existing) + " '" + product + "' of " + vendor_name +
                                 " already exists; use --update to change it");
          continue;
        }
        const std::vector<Value> values = {type,
                                           value_of(seats),
                                           value_of(starts),
                                           value_of(expires),
                                           value_of(po_id),
                                           cost ? Value(cost->first) : Value(nullptr),
                                           cost ? Value(cost->second) : Value(nullptr),
                                           value_of(team),
                                           static_cast<std::int64_t>(allow ? 1 : 0),
                                           notes.empty() ? Value(nullptr) : Value(notes)};
        try {
          if (existing) {
            const std::string code = license_code(*existing);
            Statement& q = db.statement(
                "SELECT type, seats, starts_on, expires_on, po_id, cost_minor, currency, owner_team_id, "
                "allow_overallocation, notes FROM license WHERE id = ?");
            q.bind(1, *existing);
            q.step();
            bool same = true;
            for (std::size_t i = 0; i < values.size(); ++i) {
              same = same && value_of(q.column(static_cast<int>(i))) == values[i];
            }
            q.reset();
            if (same) {
              ++licenses.unchanged;
              continue;
            }
            const Json before = license_json(show_license(db, code).license, KeyDisplay::masked);
            Statement& update = db.statement(
                "UPDATE license SET type = ?, seats = ?, starts_on = ?, expires_on = ?, po_id = ?, cost_minor = ?, "
                "currency = ?, owner_team_id = ?, allow_overallocation = ?, notes = ? WHERE id = ?");
            for (std::size_t i = 0; i < values.size(); ++i) {
              bind_column(update, static_cast<int>(i) + 1, values[i]);
            }
            update.bind(11, *existing);
            update.exec();
            const Json after = license_json(show_license(db, code).license, KeyDisplay::masked);
            auto [old_fields, new_fields] = changed_fields(before, after);
            append_event(db, actor, "import", "license", code, old_fields, new_fields);
            ++licenses.updated;
            continue;
          }
          Statement& insert = db.statement(
              "INSERT INTO license (type, seats, starts_on, expires_on, po_id, cost_minor, currency, owner_team_id, "
              "allow_overallocation, notes, product, vendor_id, license_key, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          for (std::size_t i = 0; i < values.size(); ++i) {
            bind_column(insert, static_cast<int>(i) + 1, values[i]);
          }
          insert.bind(11, product);
          insert.bind(12, *vendor_id);
          bind_column(insert, 13, value_of(key));
          insert.bind(14, now_timestamp());
          insert.exec();
          const std::string code = license_code(db.last_insert_rowid());
          Json after = license_json(show_license(db, code).license, KeyDisplay::masked);
          after["line"] = line;
          append_event(db, actor, "import", "license", code, nullptr, after);
          ++licenses.created;
        } catch (const Error& e) {
          problems.add(line, "-", e.what());
        } catch (const store::SqlError& e) {
          problems.add(line, "-", from_sqlite(e).what());
        }
      }
    } catch (const Error& e) {
      if (std::string(e.what()).rfind("line ", 0) != 0) {
        throw;  // not a CSV syntax error
      }
      problems.items.push_back(e.what() + std::string("; the rest of the file was not read"));
    }
    return im.finish(tx, rows, "licenses", counts_json(im.counts()));
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

}  // namespace tally
