#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "import_dialects.hpp"
#include "import_run.hpp"
#include "importing.hpp"
#include "licenses.hpp"
#include "text.hpp"

#include <algorithm>
#include <string>

namespace tally {

namespace {

// The license columns an import sets (and compares, for an update).
struct LicenseRow {
  Value type, seats, starts_on, expires_on, po_id, cost_minor, currency, owner_team_id, allow_overallocation, notes;
};

// A column of LicenseRow: its name in `license` and the member.
struct LicenseColumn {
  const char* name;
  Value LicenseRow::*value;
};

constexpr LicenseColumn k_license_columns[] = {
    {"type", &LicenseRow::type},
    {"seats", &LicenseRow::seats},
    {"starts_on", &LicenseRow::starts_on},
    {"expires_on", &LicenseRow::expires_on},
    {"po_id", &LicenseRow::po_id},
    {"cost_minor", &LicenseRow::cost_minor},
    {"currency", &LicenseRow::currency},
    {"owner_team_id", &LicenseRow::owner_team_id},
    {"allow_overallocation", &LicenseRow::allow_overallocation},
    {"notes", &LicenseRow::notes},
};

// ", "-separated names of k_license_columns, each followed by `suffix`.
std::string license_column_list(const char* suffix) {
  std::string list;
  for (const auto& column : k_license_columns) {
    list += (list.empty() ? "" : ", ") + std::string(column.name) + suffix;
  }
  return list;
}

// Binds the row's columns from parameter `first` on, in the order of k_license_columns.
void bind_license_row(Statement& statement, const LicenseRow& row, int first) {
  for (const auto& column : k_license_columns) {
    bind_column(statement, first++, row.*column.value);
  }
}

// One checked row of the file.
struct LicenseLine {
  std::int64_t line = 0;
  std::string product;
  std::string vendor;  // as written
  std::int64_t vendor_id = 0;
  std::optional<std::string> key;
  std::string holder;  // snipeit: username of the person given a seat ("" for none)
  LicenseRow row;
};

// One `tally import licenses`: checks each row, then inserts or updates it.
class LicenseImport {
 public:
  explicit LicenseImport(ImportRun& run, const CsvRow& header)
      : m_run(run),
        m_db(run.db()),
        m_problems(run.problems()),
        m_columns(header, license_headers(run.options().dialect), {"product"}, run.options(), run.problems()) {
    if (!m_columns.has("vendor") && !m_columns.has("supplier")) {
      m_problems.add(header.line, run.snipeit() ? "Manufacturer" : "vendor", "missing; this column is required");
    }
  }

  // Reads every row.
  // Header problems are reported with the rows' (one round of fixes).
  void run() {
    m_run.settle_decimal(m_columns);
    m_first_new_id = max_id(m_db, "license") + 1;
    m_licenses = &m_run.counts().of("license");
    while (auto row = m_run.next_row()) {
      m_columns.use(*row);
      if (auto l = check(row->line)) {
        store(*l);
      }
    }
    m_run.resolver().missing_people_problem();
  }

 private:
  void problem(std::int64_t line, const std::string& field, const std::string& what) {
    m_problems.add(line, m_columns.header(field), what);
  }
  // The row as a LicenseLine, or nullopt (problems added) when it is wrong.
  std::optional<LicenseLine> check(std::int64_t line);
  // The license the row names (vendor, product, key); nullopt when new. Sets
  // `refused` (a problem added) when it may not be imported.
  std::optional<std::int64_t> existing(const LicenseLine& l, bool& refused);
  // Writes a checked row: a new license or a change to the one it names.
  void store(const LicenseLine& l);
  // Changes license `id` to what the row says, with its event (none when nothing changed).
  void update(const LicenseLine& l, std::int64_t id);
  // Inserts the license and its event.
  void insert(const LicenseLine& l);

  ImportRun& m_run;
  Database& m_db;
  ImportProblems& m_problems;
  Columns m_columns;
  std::int64_t m_first_new_id = 0;
  ImportCount* m_licenses = nullptr;
};

std::optional<LicenseLine> LicenseImport::check(std::int64_t line) {
  Resolver& resolve = m_run.resolver();
  const std::size_t known_problems = m_problems.size();
  bool bad = false;
  m_columns.check_row(line, m_problems);
  LicenseLine l;
  l.line = line;
  l.product = m_columns.get("product");
  if (l.product.empty() && m_columns.has("product")) {
    problem(line, "product", "empty; every license needs its product name");
  }
  std::string vendor_field = "vendor";
  l.vendor = m_columns.get("vendor");
  if (l.vendor.empty() && m_columns.has("supplier")) {
    vendor_field = "supplier";
    l.vendor = m_columns.get("supplier");
  }
  if (l.vendor.empty()) {
    if (m_columns.has(vendor_field)) {
      problem(line, vendor_field,
              vendor_field == "supplier" && m_columns.has("vendor")
                  ? "empty, and so is '" + m_columns.header("vendor") +
                        "'; every license needs its vendor (the manufacturer, else the supplier)"
                  : "empty; every license needs its vendor");
    }
    bad = true;
  } else if (const auto id = resolve.vendor(line, m_columns.header(vendor_field), l.vendor, false)) {
    l.vendor_id = *id;
  } else {
    bad = true;
  }
  std::string type = m_columns.get("type");
  if (type.empty()) {
    type = "per-seat";
  } else if (const auto& all = license_types(); std::find(all.begin(), all.end(), type) == all.end()) {
    problem(line, "type", "unknown type '" + type + "'; expected one of: " + join(license_types()));
  }
  std::optional<std::int64_t> seats;
  const std::string seats_text = m_columns.get("seats");
  if (type == "site") {
    if (!seats_text.empty()) {
      problem(line, "seats", "a site license has no seat count; leave it empty");
    }
  } else if (seats_text.empty()) {
    problem(line, "seats", "empty; a " + type + " license needs a number of seats");
  } else {
    seats = parse_count(seats_text);
    if (!seats || *seats < 1) {
      problem(line, "seats", "'" + seats_text + "' is not a number of seats of 1 or more");
    }
  }
  if (const std::string k = m_columns.get("key"); !k.empty() && k.rfind("XXXX", 0) != 0) {
    l.key = k;  // a masked key ("XXXX-...-1234") is not a key
  }
  const auto starts = resolve.date(line, m_columns.header("starts_on"), m_columns.get("starts_on"), bad);
  const auto expires = resolve.date(line, m_columns.header("expires_on"), m_columns.get("expires_on"), bad);
  if (starts && expires && *expires < *starts) {
    problem(line, "expires_on", *expires + " is before the start " + *starts);
  }
  std::optional<std::int64_t> team;
  if (m_run.snipeit()) {
    team = resolve.company_team(line, m_columns.header("company"), m_columns.get("company"));
  } else if (const std::string t = m_columns.get("team"); !t.empty()) {
    team = resolve.team(line, m_columns.header("team"), t);
    bad = bad || !team;
  }
  if (m_run.snipeit()) {
    // Snipe-IT's Full Name / Email / Username: the seat is checked out to them.
    Resolver::PersonCells cells{m_columns.get("person"), "", "", m_columns.get("person_name"),
                                m_columns.get("person_email")};
    const std::string field = m_columns.has("person")         ? "person"
                              : m_columns.has("person_email") ? "person_email"
                                                              : "person_name";
    bool missing = false;
    std::string username;
    if (resolve.snipeit_person(line, m_columns.header(field), cells, team, missing, username)) {
      l.holder = username;
    }
    bad = bad || missing;
  }
  std::optional<std::int64_t> po_id;
  if (const std::string po = m_columns.get("po"); !po.empty()) {
    po_id = resolve.purchase_order(line, m_columns.header("po"), po);
    bad = bad || !po_id;
  }
  const auto cost = resolve.cost(line, m_columns.header("cost"), m_columns.get("cost"), m_columns.header("currency"),
                                 m_columns.get("currency"), bad);
  bool allow = false;
  if (const std::string a = m_columns.get("allow_overallocation"); !a.empty()) {
    const auto parsed = parse_loose_bool(a);
    if (!parsed) {
      problem(line, "allow_overallocation", "'" + a + "' is not true or false");
    }
    allow = parsed.value_or(false);
  }
  if (bad || m_problems.size() > known_problems) {
    return std::nullopt;
  }
  l.row.type = type;
  l.row.seats = value_of(seats);
  l.row.starts_on = value_of(starts);
  l.row.expires_on = value_of(expires);
  l.row.po_id = value_of(po_id);
  l.row.cost_minor = cost ? Value(cost->minor) : Value(nullptr);
  l.row.currency = cost ? Value(cost->currency) : Value(nullptr);
  l.row.owner_team_id = value_of(team);
  l.row.allow_overallocation = static_cast<std::int64_t>(allow ? 1 : 0);
  l.row.notes = text_or_null_value(m_columns.get("notes"));
  return l;
}

std::optional<std::int64_t> LicenseImport::existing(const LicenseLine& l, bool& refused) {
  refused = false;
  Statement& match =
      m_db.statement("SELECT id FROM license WHERE vendor_id = ? AND product = ? COLLATE NOCASE AND license_key IS ?");
  match.bind(1, l.vendor_id);
  match.bind(2, l.product);
  bind_column(match, 3, value_of(l.key));
  std::optional<std::int64_t> found;
  if (match.step()) {
    found = match.column(0).as_int64();
  }
  match.reset();
  if (found && *found >= m_first_new_id) {
    problem(l.line, "product", "license '" + l.product + "' of " + l.vendor + " appears earlier in the file");
    refused = true;
  } else if (found && !m_run.options().update) {
    problem(l.line, "product",
            license_code(*found) + " '" + l.product + "' of " + l.vendor + " already exists; use " +
                field_ref("update") + " to change it");
    refused = true;
  }
  return found;
}

void LicenseImport::store(const LicenseLine& l) {
  bool refused = false;
  const auto id = existing(l, refused);
  if (refused) {
    return;
  }
  try {
    if (id) {
      update(l, *id);
    } else {
      insert(l);
    }
  } catch (const Error& e) {
    m_problems.add(l.line, "-", e.raw());
  } catch (const store::SqlError& e) {
    m_problems.add(l.line, "-", from_sqlite(e).raw());
  }
}

void LicenseImport::update(const LicenseLine& l, std::int64_t id) {
  const std::string code = license_code(id);
  Statement& q = m_db.statement("SELECT " + license_column_list("") + " FROM license WHERE id = ?");
  q.bind(1, id);
  q.step();
  bool same = true;
  int index = 0;
  for (const auto& column : k_license_columns) {
    same = same && value_of(q.column(index++)) == l.row.*column.value;
  }
  q.reset();
  if (same) {
    ++m_licenses->unchanged;
    return;
  }
  const Json before = license_json(show_license(m_db, code).license, KeyDisplay::masked);
  Statement& update = m_db.statement("UPDATE license SET " + license_column_list(" = ?") + " WHERE id = ?");
  bind_license_row(update, l.row, 1);
  update.bind(static_cast<int>(std::size(k_license_columns)) + 1, id);
  update.exec();
  const Json after = license_json(show_license(m_db, code).license, KeyDisplay::masked);
  auto [old_fields, new_fields] = changed_fields(before, after);
  append_event(m_db, m_run.actor(), "import", "license", code, old_fields, new_fields);
  ++m_licenses->updated;
}

void LicenseImport::insert(const LicenseLine& l) {
  Statement& insert = m_db.statement("INSERT INTO license (" + license_column_list("") +
                                     ", product, vendor_id, license_key, created_at) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, :product, :vendor_id, :key, :now)");
  bind_license_row(insert, l.row, 1);
  insert.bind(":product", l.product);
  insert.bind(":vendor_id", l.vendor_id);
  bind_column(insert, ":key", value_of(l.key));
  insert.bind(":now", now_timestamp());
  insert.exec();
  const std::string code = license_code(m_db.last_insert_rowid());
  Json after = license_json(show_license(m_db, code).license, KeyDisplay::masked);
  after["line"] = l.line;
  append_event(m_db, m_run.actor(), "import", "license", code, nullptr, after);
  ++m_licenses->created;
  if (!l.holder.empty()) {
    // Imported history: a seat of an expired license is given too.
    LicenseAssignRequest request;
    request.license = code;
    request.to = Assignee{AssigneeKind::person, l.holder};
    request.expired_ok = true;
    assign_license(m_db, m_run.actor(), request);
  }
}

}  // namespace

ImportReport import_licenses(Database& db, const std::string& actor, const ImportOptions& options) {
  ImportRun run(db, actor, options, "import licenses");
  return write(db, options.mode == ImportMode::dry_run ? Keep::no : Keep::yes, [&] {
    if (const auto header = run.header()) {
      LicenseImport(run, *header).run();
    }
    return run.finish("licenses");
  });
}

}  // namespace tally
