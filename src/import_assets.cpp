#include "assets.hpp"
#include "clock.hpp"
#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "import_dialects.hpp"
#include "import_fields.hpp"
#include "import_run.hpp"
#include "importing.hpp"
#include "lifecycle.hpp"
#include "money.hpp"
#include "settings.hpp"
#include "text.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tally {

namespace {

// The asset columns an import sets, each with whether the file gives it (an
// update changes only the columns the file gives).
struct AssetRow {
  struct Cell {
    Value value;
    bool given = false;
  };
  Cell serial, model_id, manufacturer_id, status, location_id, owner_team_id, custodian_person_id, po_line_id,
      cost_minor, currency, received_on, warranty_ends, hostname, notes;
};

// A column of AssetRow: its name in `asset`, its parameter in k_insert_asset_named.
struct AssetColumn {
  const char* name;
  const char* parameter;
  AssetRow::Cell AssetRow::*cell;
};

constexpr AssetColumn k_asset_columns[] = {
    {"serial", ":serial", &AssetRow::serial},
    {"model_id", ":model_id", &AssetRow::model_id},
    {"manufacturer_id", ":manufacturer_id", &AssetRow::manufacturer_id},
    {"status", ":status", &AssetRow::status},
    {"location_id", ":location_id", &AssetRow::location_id},
    {"owner_team_id", ":owner_team_id", &AssetRow::owner_team_id},
    {"custodian_person_id", ":custodian_person_id", &AssetRow::custodian_person_id},
    {"po_line_id", ":po_line_id", &AssetRow::po_line_id},
    {"cost_minor", ":cost_minor", &AssetRow::cost_minor},
    {"currency", ":currency", &AssetRow::currency},
    {"received_on", ":received_on", &AssetRow::received_on},
    {"warranty_ends", ":warranty_ends", &AssetRow::warranty_ends},
    {"hostname", ":hostname", &AssetRow::hostname},
    {"notes", ":notes", &AssetRow::notes},
};

// The columns an imported asset row writes: its tag, the k_asset_columns in
// order, created_at and updated_at.
constexpr const char* k_insert_asset_columns =
    "INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, owner_team_id, "
    "custodian_person_id, po_line_id, cost_minor, currency, received_on, warranty_ends, hostname, notes, "
    "created_at, updated_at)";
// One row's values, by name.
constexpr const char* k_insert_asset_named =
    " VALUES (:tag, :serial, :model_id, :manufacturer_id, :status, :location_id, :owner_team_id, "
    ":custodian_person_id, :po_line_id, :cost_minor, :currency, :received_on, :warranty_ends, :hostname, :notes, "
    ":now, :now)";
// Values per row: the tag, the k_asset_columns, created_at and updated_at.
constexpr std::size_t k_insert_asset_parameters = 1 + std::size(k_asset_columns) + 2;
// Rows per batch, at most: fewer when the backend binds fewer parameters
// (a SQLite file takes 32,766, a dqlite cluster 255: 15 rows).
constexpr std::size_t k_batch_rows = 256;

// The same columns of an asset as they are, in the order of k_asset_columns.
constexpr const char* k_select_asset =
    "SELECT serial, model_id, manufacturer_id, status, location_id, owner_team_id, custodian_person_id, "
    "po_line_id, cost_minor, currency, received_on, warranty_ends, hostname, notes FROM asset WHERE id = ?";

// One checked row of the file: what it names, as written and as resolved.
struct AssetLine {
  std::int64_t line = 0;
  std::string tag;  // "" to generate one
  std::string serial;
  std::string manufacturer;
  std::string model;
  std::int64_t manufacturer_id = 0;
  std::string status;
  std::string location, owner_team, custodian;  // as written, for the event
  std::string po, po_line;
  std::optional<ImportCost> cost;
  std::optional<std::string> received, warranty;
  std::string hostname;
  std::string category;  // the model's
  AssetRow row;
  RowFieldValues fields;  // its custom-field values, checked
  // in_repair: inserted in_stock, then given a repair record and the status.
  bool opens_repair() const { return status == "in_repair"; }
};

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

// The `import` event of one new asset, its JSON written by hand in
// nlohmann's compact form and key order unless a value has non-ASCII bytes:
// then nlohmann writes it (and refuses bad UTF-8).
std::string import_event_after(const AssetLine& a) {
  const std::optional<std::string> cost_text =
      a.cost ? std::optional<std::string>(format_amount(a.cost->minor, a.cost->currency)) : std::nullopt;
  const std::optional<std::string> currency = a.cost ? std::optional<std::string>(a.cost->currency) : std::nullopt;
  const auto ascii = [](const std::string& t) {
    return std::all_of(t.begin(), t.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  const auto text_or_null_json = [](const std::string& text) { return text.empty() ? Json() : Json(text); };
  std::string after;
  if (ascii(a.serial) && ascii(a.manufacturer) && ascii(a.model) && ascii(a.location) && ascii(a.owner_team) &&
      ascii(a.custodian) && ascii(a.po) && ascii(a.po_line) && ascii(a.hostname)) {
    JsonWriter w(after);
    w.text_or_null("serial", a.serial);
    w.text("manufacturer", a.manufacturer);
    w.text("model", a.model);
    w.text("status", a.status);
    w.text_or_null("location", a.location);
    w.text_or_null("owner_team", a.owner_team);
    w.text_or_null("custodian", a.custodian);
    w.text_or_null("po", a.po);
    w.text_or_null("po_line", a.po_line);
    w.optional("cost", cost_text);
    w.optional("currency", currency);
    w.optional("received_on", a.received);
    w.optional("warranty_ends", a.warranty);
    w.text_or_null("hostname", a.hostname);
    w.number("line", a.line);
    w.close();
    return after;
  }
  return Json{{"serial", text_or_null_json(a.serial)},
              {"manufacturer", a.manufacturer},
              {"model", a.model},
              {"status", a.status},
              {"location", text_or_null_json(a.location)},
              {"owner_team", text_or_null_json(a.owner_team)},
              {"custodian", text_or_null_json(a.custodian)},
              {"po", text_or_null_json(a.po)},
              {"po_line", text_or_null_json(a.po_line)},
              {"cost", json_or_null(cost_text)},
              {"currency", json_or_null(currency)},
              {"received_on", json_or_null(a.received)},
              {"warranty_ends", json_or_null(a.warranty)},
              {"hostname", text_or_null_json(a.hostname)},
              {"line", a.line}}
      .dump();
}

// Whether a refusal of the asset INSERT says its tag or serial is taken: the
// UNIQUE index, or the trigger that refuses to replace an asset
// (migrations/0006_trust.sql), which says the same.
bool is_taken(const store::SqlError& e) {
  return e.extended_code() == store::code::constraint_unique ||
         (e.extended_code() == store::code::constraint_trigger &&
          std::string(e.what()).rfind("UNIQUE constraint failed: asset", 0) == 0);
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

// One `tally import assets`: checks each row, then inserts or updates it.
class AssetImport {
 public:
  AssetImport(ImportRun& run, const CsvRow& header)
      : m_run(run),
        m_db(run.db()),
        m_problems(run.problems()),
        m_custom(run.db(), run.options().create_fields),
        m_columns(header, asset_headers(run.options().dialect), {"manufacturer", "model"}, run.options(),
                  run.problems(),
                  [this](std::size_t index, const std::string& written) { return m_custom.claim(index, written); }),
        m_prefix(get_setting(m_db, "tag.prefix")),
        m_tags(m_db, m_prefix),
        m_insert(m_db.statement(std::string(k_insert_asset_columns) + k_insert_asset_named)) {}

  // Reads every row; the tag sequence is written once at the end.
  // Header problems are reported with the rows' (one round of fixes).
  void run() {
    m_run.settle_decimal(m_columns);
    m_first_new_id = max_id(m_db, "asset") + 1;
    m_custom.first_new_id(m_first_new_id);
    m_batch_rows = std::min<std::size_t>(
        k_batch_rows, static_cast<std::size_t>(m_db.connection().max_parameters()) / k_insert_asset_parameters);
    m_assets = &m_run.counts().of("asset");
    std::size_t known = m_problems.size();
    while (auto row = m_run.next_row()) {
      if (m_now.empty() || m_run.rows() % 1000 == 1) {  // rows refused unread still count
        m_now = now_timestamp();
      }
      m_columns.use(*row);
      m_row = &*row;
      auto a = check(row->line);
      flush_before_problems(known);
      if (a) {
        store(*a);
      }
      known = m_problems.size();
    }
    flush_before_problems(known);
    flush();
    unmapped_status_problems();
    m_run.resolver().missing_people_problem();
    if (m_problems.empty()) {
      m_tags.store();
      m_custom.finish(m_run.actor());
    }
  }

 private:
  // The Snipe-IT status labels no mapping knows, each with its rows.
  struct Unmapped {
    std::string label;
    std::vector<std::int64_t> lines;
  };
  // Adds one problem per status label that no mapping knows, naming its rows.
  void unmapped_status_problems();
  // The row's location as written: Location, else where Snipe-IT checked it
  // out to (Checked Out To: Location, or Checked Out with Type "location").
  std::string location_text() const;

  // Adds a problem of `field` at `line`.
  void problem(std::int64_t line, const std::string& field, const std::string& what) {
    m_problems.add(line, m_columns.header(field), what);
  }

  // The row as an AssetLine, or nullopt (problems added) when it is wrong.
  std::optional<AssetLine> check(std::int64_t line);
  // The manufacturer and model; false when either is wrong.
  bool check_model(AssetLine& a);
  // The status; false when it is wrong.
  bool check_status(AssetLine& a);
  // Location, owning team and custodian; false when one names nothing.
  bool check_people_and_places(AssetLine& a);
  // PO and PO line; false when they are wrong.
  bool check_po(AssetLine& a);
  // Cost, dates, hostname and notes; false when one is wrong.
  bool check_values(AssetLine& a);

  // Writes a checked row: a new asset, or (update) a change to the one it
  // names. A plain new asset waits in the batch (see flush).
  void store(AssetLine& a);
  // Writes a checked row now, lookups and all.
  void store_row(AssetLine& a);
  // Writes the batch of waiting rows: their assets with one INSERT, their
  // custom-field values with another, their events with a third; a batch
  // that is refused (or of one row) is written row by row instead, with
  // store_row's checks and messages.
  void flush();
  // The batch's INSERTs; false (nothing written) when the schema refuses the
  // assets or their field values.
  bool insert_batch();
  // The batch's custom-field values, for its assets just inserted.
  void insert_batch_fields();
  // Problems added since the first `known` (reading or checking a row) come
  // after those that writing the waiting rows of earlier lines may add.
  void flush_before_problems(std::size_t known);
  // A row that cannot be an update, inserted without lookups first; false
  // when a UNIQUE index refused it (then store() looks up why).
  bool insert_unchecked(AssetLine& a);
  // The asset the row names (by tag, else serial and manufacturer); sets
  // `refused` (a problem added) when the row clashes with another.
  std::optional<std::int64_t> existing(const AssetLine& a, bool& refused);
  // Changes the asset to what the row says (the given columns only).
  void update(const AssetLine& a, std::int64_t id);
  // Inserts the asset row (status in_stock when a repair opens). Throws store::SqlError.
  void insert_row(const AssetLine& a, const std::string& tag);
  // What follows an inserted row: its repair record, its event, the count.
  void inserted(const AssetLine& a, const std::string& tag);

  ImportRun& m_run;
  Database& m_db;
  ImportProblems& m_problems;
  ImportFieldColumns m_custom;  // custom-field columns; before m_columns, which offers them unknown headers
  Columns m_columns;
  const CsvRow* m_row = nullptr;  // the row being checked
  std::string m_prefix;
  TagSequence m_tags;   // generated tags, the sequence read once and written once
  Statement& m_insert;  // the one-row INSERT, prepared once for the file
  // A new asset of the tally dialect with no repair or host name to check
  // waits here with its tag and time, k_batch_rows at most.
  struct Waiting {
    AssetLine line;
    std::string tag;
    std::string now;
  };
  std::vector<Waiting> m_batch;
  std::size_t m_batch_rows = 1;
  std::int64_t m_first_new_id = 0;
  ImportCount* m_assets = nullptr;
  std::string m_now;                           // the rows' created_at and event time, read again every 1000 rows
  std::map<std::string, Unmapped> m_unmapped;  // lower-case label -> rows
  std::vector<std::string> m_unmapped_order;
};

std::string AssetImport::location_text() const {
  std::string location = m_columns.get("location");
  if (location.empty()) {
    location = m_columns.get("checkout_location");
  }
  if (location.empty() && lower(m_columns.get("checkout_type")) == "location") {
    location = m_columns.get("custodian_name");
  }
  return location;
}

void AssetImport::unmapped_status_problems() {
  for (const auto& key : m_unmapped_order) {
    const Unmapped& u = m_unmapped.at(key);
    std::string lines;
    for (std::size_t i = 0; i < u.lines.size() && i < 5; ++i) {
      lines += (i == 0 ? "" : ", ") + std::to_string(u.lines[i]);
    }
    if (u.lines.size() > 5) {
      lines += ", ...";
    }
    const std::size_t n = u.lines.size();
    m_problems.add(u.lines.front(), m_columns.header("status"),
                   "unknown Snipe-IT status label '" + u.label + "' on " + std::to_string(n) +
                       (n == 1 ? " row (line " : " rows (lines ") + lines + "); known: " + snipeit_status_labels() +
                       "; map it with " + field_ref("map_status") + " \"" + u.label + "=STATUS\"");
  }
}

std::optional<AssetLine> AssetImport::check(std::int64_t line) {
  const std::size_t known_problems = m_problems.size();
  m_columns.check_row(line, m_problems);
  AssetLine a;
  a.line = line;
  a.tag = m_columns.get("tag");
  if (!a.tag.empty()) {
    if (a.tag.size() < 3 || a.tag.size() > 32) {
      problem(line, "tag", "'" + a.tag + "' must be 3 to 32 characters (leave it empty to generate one)");
    } else if (check_tag(a.tag, m_prefix) == TagCheck::bad_check) {
      problem(line, "tag", "'" + a.tag + "' has a wrong check digit");
    }
  }
  // The serial is optional (issue 17: Snipe-IT keeps assets by tag); a
  // blank cell or a file without the column stores NULL, never ''.
  a.serial = trim(m_columns.get("serial"));
  // Identifiers hold no control character at all (free text may hold
  // TAB and LF; the CSV reader checked that much for every field).
  for (const char* field : {"tag", "serial", "hostname"}) {
    if (const auto bad_text = text_problem(m_columns.get(field), TextKind::identifier)) {
      problem(line, field, *bad_text);
    }
  }
  bool ok = check_model(a);
  ok = check_status(a) && ok;
  ok = check_people_and_places(a) && ok;
  ok = check_po(a) && ok;
  ok = check_values(a) && ok;
  if (!m_custom.empty() && !a.category.empty()) {
    ok = m_custom.check(*m_row, a.manufacturer + " " + a.model, a.category, m_problems, a.fields) && ok;
  }
  if (!ok || m_problems.size() > known_problems) {
    return std::nullopt;
  }
  return a;
}

bool AssetImport::check_model(AssetLine& a) {
  Resolver& resolve = m_run.resolver();
  a.manufacturer = m_columns.get("manufacturer");
  a.model = m_columns.get("model");
  std::optional<std::int64_t> maker_id;
  std::optional<Resolver::ModelInfo> model;
  bool ok = true;
  if (a.manufacturer.empty()) {
    if (m_columns.has("manufacturer")) {
      problem(a.line, "manufacturer", "empty");
    }
    ok = false;
  } else {
    maker_id = resolve.vendor(a.line, m_columns.header("manufacturer"), a.manufacturer, true);
    ok = ok && maker_id.has_value();
  }
  if (a.model.empty()) {
    if (m_columns.has("model")) {
      problem(a.line, "model", "empty");
    }
    ok = false;
  } else if (maker_id) {
    model = resolve.model(a.line, m_columns.header("model"), *maker_id, a.manufacturer, a.model,
                          m_columns.get("category"), m_columns.get("model_number"));
    ok = ok && model.has_value();
    if (model && !model->serialized) {
      problem(a.line, "model", "'" + a.model + "' is a bulk (counted) model; it has no tagged assets");
    }
  }
  const std::string category = m_columns.get("category");
  if (model && !m_run.snipeit() && !category.empty() && lower(category) != model->category) {
    problem(a.line, "category", "'" + category + "' but model '" + a.model + "' is a " + model->category);
  }
  a.manufacturer_id = maker_id.value_or(0);
  a.category = model ? model->category : std::string();
  // A blank serial under --update leaves the stored one as it is.
  a.row.serial = {text_or_null_value(a.serial), !a.serial.empty()};
  a.row.model_id = {value_of(model ? std::optional<std::int64_t>(model->id) : std::nullopt), true};
  a.row.manufacturer_id = {value_of(maker_id), true};
  return ok;
}

bool AssetImport::check_status(AssetLine& a) {
  a.status = "in_stock";
  bool ok = true;
  if (const std::string text = m_columns.get("status"); !text.empty()) {
    if (m_run.snipeit()) {
      if (const auto mapped = snipeit_status(text, m_run.options().status_map)) {
        a.status = *mapped;
      } else {
        // Listed once at the end with all its rows, not once per row.
        auto [at, added] = m_unmapped.emplace(lower(text), Unmapped{text, {}});
        if (added) {
          m_unmapped_order.push_back(lower(text));
        }
        at->second.lines.push_back(a.line);
        ok = false;
      }
    } else if (const auto& all = asset_statuses(); std::find(all.begin(), all.end(), text) != all.end()) {
      a.status = text;
    } else {
      problem(a.line, "status", "unknown status '" + text + "'; expected one of: " + join(asset_statuses()));
    }
  }
  // Statuses that come with a record of their own are reached through
  // their commands, never imported bare (no state that no command can
  // leave); in_repair is imported with a repair record opened for it.
  if (a.status == "disposed" || a.status == "returned_to_vendor" || a.status == "rma") {
    const bool disposed = a.status == "disposed";
    problem(a.line, "status",
            "'" + a.status + "' cannot be imported: it needs its " +
                std::string(disposed ? "disposal record (method, date, wipe)" : "RMA record (vendor, reason)") +
                "; import the asset as in_stock or retired, then record the " + (disposed ? "disposal" : "RMA") +
                " with its command");
  }
  if (a.status == "deployed" && location_text().empty()) {
    problem(a.line, "status", "a deployed asset needs a location; give the row a location or import it as in_stock");
  }
  a.row.status = {a.status, m_columns.has("status")};
  return ok;
}

bool AssetImport::check_people_and_places(AssetLine& a) {
  Resolver& resolve = m_run.resolver();
  bool ok = true;
  // The id a column names through `lookup` (NULL when it is empty).
  const auto resolved = [&](const std::string& field, const std::string& text, auto lookup) {
    std::optional<std::int64_t> id;
    if (!text.empty()) {
      id = (resolve.*lookup)(a.line, m_columns.header(field), text);
      ok = ok && id.has_value();
    }
    return AssetRow::Cell{value_of(id), m_columns.has(field)};
  };
  a.owner_team = m_columns.get("owner_team");
  a.custodian = m_columns.get("custodian");
  if (!m_run.snipeit()) {
    a.location = m_columns.get("location");
    a.row.location_id = resolved("location", a.location, &Resolver::location);
    a.row.owner_team_id = resolved("owner_team", a.owner_team, &Resolver::team);
    a.row.custodian_person_id = resolved("custodian", a.custodian, &Resolver::person);
    return ok;
  }
  a.location = location_text();
  std::optional<std::int64_t> location_id;
  if (!a.location.empty()) {
    const std::string field = !m_columns.get("location").empty()            ? "location"
                              : !m_columns.get("checkout_location").empty() ? "checkout_location"
                                                                            : "custodian_name";
    location_id = resolve.location(a.line, m_columns.header(field), a.location);
    ok = ok && location_id.has_value();
  }
  a.row.location_id = {value_of(location_id),
                       m_columns.has("location") || m_columns.has("checkout_location") || !a.location.empty()};
  const auto team = resolve.company_team(a.line, m_columns.header("company"), m_columns.get("company"));
  a.row.owner_team_id = {value_of(team), m_columns.has("company") || m_run.options().team.has_value()};
  // A Snipe-IT row checked out to a user names them by username, email or
  // name; checked out to a location or an asset, it names no person.
  const std::string type = lower(m_columns.get("checkout_type"));
  std::optional<std::int64_t> custodian_id;
  if (type.empty() || type == "user") {
    Resolver::PersonCells cells{a.custodian, m_columns.get("custodian_first"), m_columns.get("custodian_last"),
                                m_columns.get("custodian_name"), m_columns.get("custodian_email")};
    const std::string field = m_columns.has("custodian")         ? "custodian"
                              : m_columns.has("custodian_email") ? "custodian_email"
                                                                 : "custodian_name";
    bool missing = false;
    std::string username;
    custodian_id = resolve.snipeit_person(a.line, m_columns.header(field), cells, team, missing, username);
    ok = ok && !missing;
    a.custodian = custodian_id ? username : std::string();
  } else {
    a.custodian.clear();
  }
  a.row.custodian_person_id = {value_of(custodian_id), m_columns.has("custodian") || m_columns.has("custodian_email") ||
                                                           m_columns.has("custodian_name")};
  return ok;
}

bool AssetImport::check_po(AssetLine& a) {
  Resolver& resolve = m_run.resolver();
  a.po = m_columns.get("po");
  a.po_line = m_columns.get("po_line");
  std::optional<std::int64_t> po_line_id;
  bool ok = true;
  if (a.po.empty() != a.po_line.empty()) {
    problem(a.line, a.po.empty() ? "po" : "po_line", "po and po_line go together: give both or neither");
  } else if (!a.po.empty()) {
    const auto line_no = parse_count(a.po_line);
    if (!line_no) {
      problem(a.line, "po_line", "'" + a.po_line + "' is not a line number");
    } else if (const auto po_id = resolve.purchase_order(a.line, m_columns.header("po"), a.po)) {
      po_line_id = resolve.po_line(a.line, m_columns.header("po_line"), *po_id, a.po, *line_no);
      ok = po_line_id.has_value();
    } else {
      ok = false;
    }
  }
  a.row.po_line_id = {value_of(po_line_id), m_columns.has("po")};
  return ok;
}

bool AssetImport::check_values(AssetLine& a) {
  Resolver& resolve = m_run.resolver();
  bool bad = false;
  a.cost = resolve.cost(a.line, m_columns.header("cost"), m_columns.get("cost"), m_columns.header("currency"),
                        m_columns.get("currency"), bad);
  a.row.cost_minor = {a.cost ? Value(a.cost->minor) : Value(nullptr), m_columns.has("cost")};
  a.row.currency = {a.cost ? Value(a.cost->currency) : Value(nullptr), m_columns.has("cost")};
  a.received = resolve.date(a.line, m_columns.header("received_on"), m_columns.get("received_on"), bad);
  a.row.received_on = {value_of(a.received), m_columns.has("received_on")};
  if (m_run.snipeit()) {
    // Warranty Expires (the custom report) is the end itself; Warranty
    // (months) counts from the Purchase Date.
    const std::string ends = m_columns.get("warranty_ends");
    const std::string months = m_columns.get("warranty_months");
    if (!ends.empty()) {
      a.warranty = resolve.date(a.line, m_columns.header("warranty_ends"), ends, bad);
    } else if (!months.empty()) {
      const auto n = parse_count(months);
      if (!n || *n > 240) {
        problem(a.line, "warranty_months", "'" + months + "' is not a number of months from 0 to 240");
      } else if (!a.received && m_columns.get("received_on").empty()) {
        problem(a.line, "warranty_months", "a warranty in months needs the Purchase Date to count from");
      } else if (a.received) {
        a.warranty = add_months(*a.received, static_cast<int>(*n));
      }  // else the Purchase Date's own problem says what is wrong
    }
    a.row.warranty_ends = {value_of(a.warranty), m_columns.has("warranty_months") || m_columns.has("warranty_ends")};
  } else {
    a.warranty = resolve.date(a.line, m_columns.header("warranty_ends"), m_columns.get("warranty_ends"), bad);
    a.row.warranty_ends = {value_of(a.warranty), m_columns.has("warranty_ends")};
  }
  a.hostname = m_columns.get("hostname");
  if (a.hostname.size() > 253) {
    problem(a.line, "hostname", "longer than 253 characters");
  }
  a.row.hostname = {text_or_null_value(a.hostname), m_columns.has("hostname")};
  a.row.notes = {text_or_null_value(m_columns.get("notes")), m_columns.has("notes")};
  return !bad;
}

void AssetImport::store(AssetLine& a) {
  // Rows that may write anything but their asset and its event (or read
  // what an earlier row wrote first) are written in order, after the batch.
  const bool plain = !m_run.options().update && m_run.options().dialect == Dialect::tally && !a.opens_repair() &&
                     !(a.status == "deployed" && !a.hostname.empty());
  if (!plain) {
    flush();
    store_row(a);
    return;
  }
  std::string tag = a.tag.empty() ? m_tags.next_unchecked() : a.tag;
  m_batch.push_back({std::move(a), std::move(tag), m_now});
  if (m_batch.size() >= m_batch_rows) {
    flush();
  }
}

void AssetImport::flush_before_problems(std::size_t known) {
  if (m_problems.size() > known && !m_batch.empty()) {
    const auto later = m_problems.take_after(known);
    flush();
    m_problems.restore(later);
  }
}

void AssetImport::flush() {
  if (m_batch.empty()) {
    return;
  }
  if (m_batch.size() > 1 && insert_batch()) {
    m_batch.clear();
    return;
  }
  // Row by row: the generated tags go back (they are the sequence's last)
  // and are taken again in the same order; each row keeps its time.
  std::vector<Waiting> rows;
  rows.swap(m_batch);
  for (const auto& w : rows) {
    if (w.line.tag.empty()) {
      m_tags.give_back();
    }
  }
  const std::string now = m_now;
  for (auto& w : rows) {
    m_now = w.now;
    store_row(w.line);
  }
  m_now = now;
}

bool AssetImport::insert_batch() {
  // With custom fields the assets and their values stand or fall together.
  std::optional<WriteTransaction> together;
  if (!m_custom.empty()) {
    together.emplace(m_db);
  }
  Statement& insert = m_db.statement(std::string(k_insert_asset_columns) + " VALUES " +
                                     placeholder_rows(k_insert_asset_parameters, m_batch.size()));
  insert.clear_bindings();
  int p = 1;
  for (const auto& w : m_batch) {
    insert.bind(p++, w.tag);
    for (const auto& column : k_asset_columns) {
      bind_column(insert, p++, (w.line.row.*column.cell).value);
    }
    insert.bind(p++, w.now);
    insert.bind(p++, w.now);
  }
  try {
    insert.exec_and_reset();
    if (together) {
      insert_batch_fields();
    }
  } catch (const store::SqlError&) {
    if (!m_db.in_transaction()) {
      throw;  // not a refused row: the error ended the transaction
    }
    return false;  // `together` goes back to before the assets
  }
  std::vector<EventText> events;
  events.reserve(m_batch.size());
  for (const auto& w : m_batch) {
    events.push_back({w.now, m_run.actor(), "import", "asset", w.tag, std::nullopt, import_event_after(w.line)});
  }
  append_events_text(m_db, events);
  if (together) {
    together->commit();
  }
  m_assets->created += static_cast<std::int64_t>(m_batch.size());
  return true;
}

void AssetImport::insert_batch_fields() {
  Statement& ids = m_db.statement("SELECT tag, id FROM asset WHERE tag IN " + placeholder_rows(m_batch.size(), 1));
  ids.reset();
  ids.clear_bindings();
  int p = 1;
  for (const auto& w : m_batch) {
    ids.bind(p++, w.tag);
  }
  std::map<std::string, std::int64_t> id_of;
  while (ids.step()) {
    id_of.emplace(ids.column(0).as_text(), ids.column(1).as_int64());
  }
  ids.reset();
  std::vector<std::pair<std::int64_t, const RowFieldValues*>> assets;
  assets.reserve(m_batch.size());
  for (const auto& w : m_batch) {
    assets.emplace_back(id_of.at(w.tag), &w.line.fields);
  }
  m_custom.store_new(assets);
}

void AssetImport::store_row(AssetLine& a) {
  // A new row that cannot be an update: insert it straight away and let
  // the UNIQUE indexes on tag and (manufacturer, serial) check it; only
  // when one refuses are the lookups below run, for the same message.
  const bool deployed_host = a.status == "deployed" && !a.hostname.empty();
  try {
    if (!m_run.options().update && !deployed_host && insert_unchecked(a)) {
      return;
    }
    bool refused = false;
    const auto id = existing(a, refused);
    if (refused) {
      return;
    }
    if (id) {
      update(a, *id);
    } else {
      const std::string tag = a.tag.empty() ? m_tags.next(m_db.statement("SELECT id FROM asset WHERE tag = ?")) : a.tag;
      insert_row(a, tag);
      inserted(a, tag);
    }
  } catch (const Error& e) {
    m_problems.add(a.line, "-", e.raw());
  } catch (const store::SqlError& e) {
    m_problems.add(a.line, "-", from_sqlite(e).raw());
  }
}

bool AssetImport::insert_unchecked(AssetLine& a) {
  // A generated tag is not looked up first: if an earlier row of the
  // file took it, the insert fails and the checked path skips it.
  const std::string tag = a.tag.empty() ? m_tags.next_unchecked() : a.tag;
  try {
    insert_row(a, tag);
  } catch (const store::SqlError& e) {
    if (!is_taken(e)) {
      throw;
    }
    if (a.tag.empty()) {
      m_tags.give_back();
    }
    return false;
  }
  inserted(a, tag);
  return true;
}

std::optional<std::int64_t> AssetImport::existing(const AssetLine& a, bool& refused) {
  refused = true;
  std::optional<std::int64_t> found;
  if (!a.tag.empty()) {
    Statement& q = m_db.statement("SELECT id FROM asset WHERE tag = ?");
    q.bind(1, a.tag);
    if (q.step()) {
      found = q.column(0).as_int64();
    }
    q.reset();
  }
  Statement& q = m_db.statement("SELECT id, tag FROM asset WHERE manufacturer_id = ? AND serial = ?");
  q.bind(1, a.manufacturer_id);
  q.bind(2, a.serial);
  if (q.step()) {
    const std::int64_t id = q.column(0).as_int64();
    const std::string other = q.column(1).as_text();
    q.reset();
    if (!found && !a.tag.empty() && id < m_first_new_id) {
      problem(a.line, "serial",
              "serial '" + a.serial + "' of " + a.manufacturer + " already belongs to " + other + ", not to " + a.tag);
      return std::nullopt;
    }
    if (!found || *found != id) {
      if (found || id >= m_first_new_id) {
        problem(a.line, "serial",
                "serial '" + a.serial + "' of " + a.manufacturer +
                    (id >= m_first_new_id ? " appears earlier in the file" : " belongs to " + other));
        return std::nullopt;
      }
      found = id;
    }
  } else {
    q.reset();
  }
  if (found && *found >= m_first_new_id) {
    problem(a.line, "tag", "tag '" + a.tag + "' appears earlier in the file");
    return std::nullopt;
  }
  if (found && !m_run.options().update) {
    const Asset asset = asset_by_id(m_db, *found);
    problem(a.line, a.tag.empty() ? "serial" : "tag",
            "asset " + asset.tag + (asset.serial.empty() ? "" : " (serial " + asset.serial + ")") +
                " already exists; use " + field_ref("update") + " to change it");
    return std::nullopt;
  }
  if (a.status == "deployed" && !a.hostname.empty()) {
    Statement& host = m_db.statement(
        "SELECT tag FROM asset WHERE status = 'deployed' AND hostname = ? COLLATE NOCASE AND id IS NOT ?");
    host.bind(1, a.hostname);
    bind_column(host, 2, value_of(found));
    if (host.step()) {
      const std::string other = host.column(0).as_text();
      host.reset();
      problem(a.line, "hostname", "'" + a.hostname + "' is already the hostname of deployed asset " + other);
      return std::nullopt;
    }
    host.reset();
  }
  refused = false;
  return found;
}

void AssetImport::update(const AssetLine& a, std::int64_t id) {
  Statement& q = m_db.statement(k_select_asset);
  q.bind(1, id);
  q.step();
  std::vector<std::pair<std::string, ColumnValue>> changes;
  int index = 0;
  for (const auto& column : k_asset_columns) {
    const AssetRow::Cell& cell = a.row.*column.cell;
    if (cell.given && value_of(q.column(index)) != cell.value) {
      changes.emplace_back(column.name, cell.value);
    }
    ++index;
  }
  q.reset();
  m_custom.store(id, a.fields, a.line, m_problems);
  if (changes.empty()) {
    ++m_assets->unchanged;
    return;
  }
  if (a.opens_repair() && asset_by_id(m_db, id).status != "in_repair") {
    open_imported_repair(m_db, id, a.line, m_now, false);
  }
  change_asset(m_db, m_run.actor(), asset_by_id(m_db, id), "import", changes);
  ++m_assets->updated;
}

void AssetImport::insert_row(const AssetLine& a, const std::string& tag) {
  Statement& insert = m_insert;
  insert.clear_bindings();
  insert.bind(":tag", tag);
  for (const auto& column : k_asset_columns) {
    bind_column(insert, column.parameter, (a.row.*column.cell).value);
  }
  if (a.opens_repair()) {
    insert.bind(":status", "in_stock");
  }
  insert.bind(":now", m_now);
  insert.exec_and_reset();
}

void AssetImport::inserted(const AssetLine& a, const std::string& tag) {
  m_custom.store(m_db.last_insert_rowid(), a.fields, a.line, m_problems);
  if (a.opens_repair()) {
    open_imported_repair(m_db, m_db.last_insert_rowid(), a.line, m_now, true);
  }
  append_event_text(m_db, m_now, m_run.actor(), "import", "asset", tag, std::nullopt, import_event_after(a));
  ++m_assets->created;
}

}  // namespace

ImportReport import_assets(Database& db, const std::string& actor, const ImportOptions& options) {
  ImportRun run(db, actor, options, "import assets");
  // Statement journals in memory (set before the transaction begins, which
  // is when SQLite reads it): every INSERT of a row (the asset has
  // triggers and UNIQUE indexes) saves the pages it touches in case it must
  // roll back alone; on disk that was ~17 pwrite calls per row. One
  // statement's journal holds a few pages, so this does not grow with the file.
  db.exec("PRAGMA temp_store = MEMORY");
  return write(db, options.mode == ImportMode::dry_run ? Keep::no : Keep::yes, [&] {
    if (const auto header = run.header()) {
      AssetImport(run, *header).run();
    }
    return run.finish("assets");
  });
}

}  // namespace tally
