#include "licenses.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "filter.hpp"
#include "money.hpp"
#include "people.hpp"
#include "purchasing.hpp"
#include "render.hpp"
#include "settings.hpp"
#include "teams.hpp"
#include "text.hpp"
#include "vendors.hpp"

#include <cctype>
#include <cstdio>

namespace tally {

namespace {

// Seats in use are license.used, kept equal to the sum of the license's
// assignments by the triggers of migration 0017.
constexpr const char* k_license_query =
    "SELECT l.id, l.product, v.name, l.type, l.seats, l.used, l.license_key, l.starts_on, l.expires_on, t.code, "
    "po.number, l.cost_minor, l.currency, l.allow_overallocation "
    "FROM license l JOIN vendor v ON v.id = l.vendor_id LEFT JOIN team t ON t.id = l.owner_team_id "
    "LEFT JOIN purchase_order po ON po.id = l.po_id ";

// " (`tally license list` shows them)", in marks each face renders.
std::string not_found_hint() {
  return " (`" + command_ref("license list") + "` shows them)";
}

std::optional<std::int64_t> int_or_null(const Field& c) {
  return c.is_null() ? std::nullopt : std::optional<std::int64_t>(c.as_int64());
}

License read_license(Statement& q, date::sys_days today) {
  License l;
  l.id = q.column(0).as_int64();
  l.product = q.column(1).as_text();
  l.vendor = q.column(2).as_text();
  l.type = q.column(3).as_text();
  l.seats = int_or_null(q.column(4));
  l.used = q.column(5).as_int64();
  l.license_key = text_or_null(q.column(6));
  l.starts_on = text_or_null(q.column(7));
  l.expires_on = text_or_null(q.column(8));
  if (l.expires_on) {
    // The schema stores only canonical dates.
    l.days_to_expiry = (date::sys_days{*parse_date(*l.expires_on)} - today).count();
  }
  l.team = text_or_null(q.column(9));
  l.po = text_or_null(q.column(10));
  l.cost_minor = int_or_null(q.column(11));
  l.currency = text_or_null(q.column(12));
  l.allow_overallocation = q.column(13).as_int() != 0;
  return l;
}

// The row id that a license id names ("LIC-00042", "lic-42", "42"); nullopt
// if the text is not shaped like one.
std::optional<std::int64_t> parse_license_code(const std::string& input) {
  return parse_record_id("LIC-", trim(input));
}

License require_license(Database& db, const std::string& context, const std::string& code) {
  const auto id = parse_license_code(code);
  if (!id) {
    throw refused(context + ": '" + code + "' is not a license id like LIC-00042");
  }
  Statement& q = db.statement(std::string(k_license_query) + "WHERE l.id = ?");
  q.bind(1, *id);
  if (!q.step()) {
    throw not_found(context + ": no license " + license_code(*id) + not_found_hint(), "license");
  }
  License license = read_license(q, date::sys_days{today()});
  q.reset();
  return license;
}

std::vector<LicenseAssignment> load_assignments(Database& db, std::int64_t license_id) {
  Statement& q = db.statement(
      "SELECT CASE WHEN la.asset_id IS NOT NULL THEN 'asset' "
      "WHEN la.person_id IS NOT NULL THEN 'person' ELSE 'team' END, "
      "coalesce(a.tag, p.username, t.code), la.quantity, la.assigned_at FROM license_assignment la "
      "LEFT JOIN asset a ON a.id = la.asset_id LEFT JOIN person p ON p.id = la.person_id "
      "LEFT JOIN team t ON t.id = la.team_id WHERE la.license_id = ? ORDER BY la.id");
  q.bind(1, license_id);
  std::vector<LicenseAssignment> assignments;
  while (q.step()) {
    assignments.push_back(
        {q.column(0).as_text(), q.column(1).as_text(), q.column(2).as_int64(), q.column(3).as_text()});
  }
  return assignments;
}

LicenseDetail detail_of(Database& db, const std::string& context, const std::string& code) {
  LicenseDetail detail;
  detail.license = require_license(db, context, code);
  detail.assignments = load_assignments(db, detail.license.id);
  return detail;
}

// "LIC-00042 (Visio)": how messages name a license.
std::string described(const License& l) {
  return license_code(l.id) + " (" + l.product + ")";
}

// The fields the history keeps: the stored ones, with the key masked.
Json stored_fields(const License& l) {
  Json fields = license_json(l, KeyDisplay::masked);
  for (const char* derived : {"id", "used", "free", "over_allocated", "days_to_expiry"}) {
    fields.erase(derived);
  }
  return fields;
}

std::optional<std::string> checked_date(const std::string& context, const std::string& field,
                                        const std::optional<std::string>& text) {
  if (!text) {
    return std::nullopt;
  }
  if (!parse_date(*text)) {
    throw Error(Problem::invalid, context + ": " + field_ref(field) + " '" + *text + "' is not a date like 2026-11-27",
                field);
  }
  return *text;
}

void check_seats(const std::string& context, std::int64_t seats) {
  if (seats <= 0) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("seats") + " " + std::to_string(seats) +
                    " must be a positive whole number (a site license, " + field_ref("type") +
                    " site, has unlimited seats)",
                "seats");
  }
  check_bounded(context + ": " + field_ref("seats"), seats, 1);
}

std::int64_t checked_cost(const std::string& context, const std::string& cost, const std::string& currency) {
  const auto minor = parse_amount(cost, currency);
  if (!minor) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("cost") + " '" + cost + "' is not a non-negative " + currency +
                    " amount with at most " + std::to_string(minor_digits(currency)) + " decimals, like 1234.56",
                "cost");
  }
  return *minor;
}

std::string checked_key(const std::string& context, const std::string& key) {
  const std::string trimmed = trim(key);
  if (trimmed.empty()) {
    throw Error(Problem::invalid, context + ": " + field_ref("key") + " must not be empty", "key");
  }
  check_text(context + ": " + field_ref("key"), trimmed, TextKind::identifier);
  return trimmed;
}

// The assignee's row id and how messages and the history name it.
struct ResolvedAssignee {
  const char* column = "";  // asset_id, person_id or team_id
  const char* kind = "";    // asset, person, team
  std::int64_t id = 0;
  std::string name;  // tag, username or team code
};

ResolvedAssignee resolve_assignee(Database& db, const std::string& context, const Assignee& who) {
  switch (who.kind) {
    case AssigneeKind::asset: {
      const Asset asset = resolve_asset(db, who.key);
      if (asset.status == "disposed" || asset.status == "returned_to_vendor") {
        throw refused(context + ": asset " + asset.tag + " is " + asset.status +
                      "; a disposed or returned asset takes no license seats");
      }
      return {"asset_id", "asset", asset.id, asset.tag};
    }
    case AssigneeKind::person: {
      const Person person = resolve_person(db, who.key);
      check_person_active(context, person);
      return {"person_id", "person", person.id, person.username};
    }
    case AssigneeKind::team: {
      const Team team = resolve_team(db, who.key);
      return {"team_id", "team", team.id, team.code};
    }
  }
  throw refused(context + ": unknown kind of assignee");
}

// The assignee's row of the license: (row id, quantity), if it holds seats.
std::optional<std::pair<std::int64_t, std::int64_t>> find_assignment(Database& db, std::int64_t license_id,
                                                                     const ResolvedAssignee& who) {
  Statement& q = db.statement(std::string("SELECT id, quantity FROM license_assignment WHERE license_id = ? AND ") +
                              who.column + " = ?");
  q.bind(1, license_id);
  q.bind(2, who.id);
  if (!q.step()) {
    return std::nullopt;
  }
  const auto found = std::make_pair(q.column(0).as_int64(), q.column(1).as_int64());
  q.reset();
  return found;
}

void bind_optional(Statement& q, int index, const std::optional<std::string>& value) {
  if (value) {
    q.bind(index, *value);
  }
}

void bind_optional(Statement& q, int index, const std::optional<std::int64_t>& value) {
  if (value) {
    q.bind(index, *value);
  }
}

}  // namespace

std::optional<std::int64_t> License::free_seats() const {
  return seats ? std::optional<std::int64_t>(*seats - used) : std::nullopt;
}

bool License::over_allocated() const {
  return seats && used > *seats;
}

std::string license_code(std::int64_t id) {
  return format_record_id("LIC-", id);
}

std::string mask_license_key(const std::string& key) {
  if (display_width(key) <= 8) {
    return "XXXX";
  }
  // The last 4 characters, not bytes, so that a UTF-8 character is never cut.
  std::size_t start = key.size();
  for (int kept = 0; kept < 4 && start > 0;) {
    --start;
    if ((static_cast<unsigned char>(key[start]) & 0xC0) != 0x80) {
      ++kept;
    }
  }
  return "XXXX-...-" + key.substr(start);
}

Json license_json(const License& l, KeyDisplay keys) {
  auto opt = [](const auto& v) { return v ? Json(*v) : Json(); };
  Json key;
  if (l.license_key) {
    key = keys == KeyDisplay::shown ? *l.license_key : mask_license_key(*l.license_key);
  }
  // Built field by field rather than from an initializer list, which copies
  // every value through a temporary array: `license list` makes 100,000 of these.
  Json row = Json::object();
  row.get_ref<Json::object_t&>().reserve(17);
  row.emplace("id", license_code(l.id));
  row.emplace("product", l.product);
  row.emplace("vendor", l.vendor);
  row.emplace("type", l.type);
  row.emplace("seats", opt(l.seats));
  row.emplace("used", l.used);
  row.emplace("free", opt(l.free_seats()));
  row.emplace("over_allocated", l.over_allocated());
  row.emplace("allow_overallocation", l.allow_overallocation);
  row.emplace("starts_on", opt(l.starts_on));
  row.emplace("expires_on", opt(l.expires_on));
  row.emplace("days_to_expiry", opt(l.days_to_expiry));
  row.emplace("team", opt(l.team));
  row.emplace("po", opt(l.po));
  row.emplace("cost", l.cost_minor && l.currency ? Json(format_amount(*l.cost_minor, *l.currency)) : Json());
  row.emplace("currency", opt(l.currency));
  row.emplace("key", std::move(key));
  return row;
}

const std::vector<std::string>& license_types() {
  static const std::vector<std::string> types = {"per-seat", "per-device", "per-core", "site", "subscription"};
  return types;
}

LicenseDetail add_license(Database& db, const std::string& actor, const NewLicense& input) {
  const std::string context = "license add";
  const std::string product = trim(input.product);
  if (product.empty()) {
    throw refused(context + ": the product name must not be empty");
  }
  require_one_of(context, "type", input.type, license_types());
  if (input.type == "site") {
    if (input.seats) {
      throw refused(context + ": a site license has unlimited seats; drop " + field_ref("seats") + " " +
                    std::to_string(*input.seats));
    }
  } else if (!input.seats) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("seats") + " N is required for a " + input.type + " license (only " +
                    field_ref("type") + " site has unlimited seats)",
                "seats");
  } else {
    check_seats(context, *input.seats);
  }
  const auto starts = checked_date(context, "starts_on", input.starts_on);
  const auto expires = checked_date(context, "expires_on", input.expires_on);
  if (starts && expires && *expires < *starts) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("expires_on") + " " + *expires + " is before " + field_ref("starts_on") +
                    " " + *starts,
                "expires_on");
  }
  std::optional<std::string> key;
  if (input.key) {
    key = checked_key(context, *input.key);
  }
  if (input.currency && !input.cost) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("currency") + " " + *input.currency + " needs " + field_ref("cost"),
                "currency");
  }
  return write(db, [&] {
    const Vendor vendor = resolve_vendor(db, input.vendor);
    std::optional<Team> team;
    if (input.team) {
      team = resolve_team(db, *input.team);
    }
    std::optional<PurchaseOrder> po;
    if (input.po) {
      po = show_po(db, *input.po);
    }
    const std::string currency = input.currency ? *input.currency : po ? po->currency : get_setting(db, "currency");
    if (!is_currency_code(currency)) {
      throw Error(
          Problem::invalid,
          context + ": " + field_ref("currency") + " '" + currency + "' must be an ISO 4217 code such as USD or EUR",
          "currency");
    }
    const std::int64_t cost = input.cost ? checked_cost(context, *input.cost, currency) : 0;
    Statement insert(db,
                     "INSERT INTO license (product, vendor_id, type, seats, license_key, starts_on, expires_on, "
                     "po_id, cost_minor, currency, owner_team_id, allow_overallocation, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, product);
    insert.bind(2, vendor.id);
    insert.bind(3, input.type);
    bind_optional(insert, 4, input.seats);
    bind_optional(insert, 5, key);
    bind_optional(insert, 6, starts);
    bind_optional(insert, 7, expires);
    if (po) {
      insert.bind(8, po->id);
    }
    if (input.cost) {
      insert.bind(9, cost);
      insert.bind(10, currency);
    }
    if (team) {
      insert.bind(11, team->id);
    }
    insert.bind(12, input.allow_overallocation ? 1 : 0);
    insert.bind(13, now_timestamp());
    insert.exec();
    LicenseDetail detail = detail_of(db, context, license_code(db.last_insert_rowid()));
    append_event(db, actor, "create", "license", license_code(detail.license.id), nullptr,
                 stored_fields(detail.license));
    return detail;
  });
}

LicenseDetail assign_license(Database& db, const std::string& actor, const LicenseAssignRequest& request) {
  const std::string context = "license assign";
  if (request.quantity < 1) {
    throw Error(Problem::invalid,
                context + ": " + field_ref("quantity") + " " + std::to_string(request.quantity) +
                    " must be a positive whole number",
                "quantity");
  }
  check_bounded(context + ": " + field_ref("quantity"), request.quantity, 1);
  return write(db, [&] {
    const License license = require_license(db, context, request.license);
    if (license.type == "per-device" && request.to.kind != AssigneeKind::asset) {
      const std::string other = request.to.kind == AssigneeKind::person ? "person" : "team";
      throw refused(context + ": " + described(license) +
                    " is a per-device license; it can only be assigned to an asset (" + field_ref("asset") +
                    " TAG), not to a " + other);
    }
    const ResolvedAssignee who = resolve_assignee(db, context, request.to);
    if (license.expires_on && *license.expires_on < format_date(today()) && !request.expired_ok) {
      throw refused(context + ": " + described(license) + " expired on " + *license.expires_on + "; renew it first (" +
                    command_ref("license set " + license_code(license.id) + " " + field_ref("expires_on") + " DATE") +
                    ") or give " + field_ref("force") + " to assign a seat anyway");
    }
    if (license.seats && !license.allow_overallocation && license.used + request.quantity > *license.seats) {
      throw conflict(
          context + ": " + described(license) + " has too few seats: bought " + std::to_string(*license.seats) +
              ", used " + std::to_string(license.used) + ", requested " + std::to_string(request.quantity) +
              " (allow over-allocation with `" +
              command_ref("license set " + license_code(license.id) + " " + field_ref("allow_overallocation")) + "`)",
          "quantity");
    }
    const auto existing = find_assignment(db, license.id, who);
    if (existing) {
      Statement update(db, "UPDATE license_assignment SET quantity = quantity + ? WHERE id = ?");
      update.bind(1, request.quantity);
      update.bind(2, existing->first);
      update.exec();
    } else {
      Statement& insert = db.statement(std::string("INSERT INTO license_assignment (license_id, ") + who.column +
                                       ", quantity, assigned_at) VALUES (?, ?, ?, ?)");
      insert.bind(1, license.id);
      insert.bind(2, who.id);
      insert.bind(3, request.quantity);
      insert.bind(4, now_timestamp());
      insert.exec();
    }
    const std::int64_t held = (existing ? existing->second : 0) + request.quantity;
    append_event(db, actor, "assign", "license", license_code(license.id),
                 existing ? Json{{"quantity", existing->second}} : Json(),
                 Json{{who.kind, who.name}, {"quantity", held}});
    LicenseDetail detail = detail_of(db, context, license_code(license.id));
    return detail;
  });
}

LicenseDetail unassign_license(Database& db, const std::string& actor, const std::string& code, const Assignee& from) {
  const std::string context = "license unassign";
  return write(db, [&] {
    const License license = require_license(db, context, code);
    // A disposed asset may still be named here: its seats can always be taken back.
    ResolvedAssignee who;
    if (from.kind == AssigneeKind::asset) {
      const Asset asset = resolve_asset(db, from.key);
      who = {"asset_id", "asset", asset.id, asset.tag};
    } else {
      who = resolve_assignee(db, context, from);
    }
    const auto existing = find_assignment(db, license.id, who);
    if (!existing) {
      throw refused(context + ": " + described(license) + " is not assigned to " + who.kind + " " + who.name);
    }
    Statement del(db, "DELETE FROM license_assignment WHERE id = ?");
    del.bind(1, existing->first);
    del.exec();
    append_event(db, actor, "unassign", "license", license_code(license.id),
                 {{who.kind, who.name}, {"quantity", existing->second}}, nullptr);
    LicenseDetail detail = detail_of(db, context, license_code(license.id));
    return detail;
  });
}

LicenseDetail set_license(Database& db, const std::string& actor, const LicenseChange& change) {
  const std::string context = "license set";
  if (!change.seats && !change.starts_on && !change.expires_on && !change.team && !change.key && !change.cost &&
      !change.allow_overallocation) {
    throw refused(context + ": nothing to change; give " + field_ref("seats") + ", " + field_ref("starts_on") + ", " +
                  field_ref("expires_on") + ", " + field_ref("team") + ", " + field_ref("key") + ", " +
                  field_ref("cost") + ", " + field_ref("allow_overallocation") + " or " +
                  field_ref("no_overallocation"));
  }
  if (change.seats) {
    check_seats(context, *change.seats);
  }
  // An empty date clears it.
  const auto non_empty = [](const std::optional<std::string>& v) { return v && v->empty() ? std::nullopt : v; };
  const auto new_starts = checked_date(context, "starts_on", non_empty(change.starts_on));
  const auto new_expires = checked_date(context, "expires_on", non_empty(change.expires_on));
  std::optional<std::string> new_key;
  if (change.key && !change.key->empty()) {
    new_key = checked_key(context, *change.key);
  }
  return write(db, [&] {
    const License before = require_license(db, context, change.license);
    const std::string code = license_code(before.id);
    if (change.seats && !before.seats) {
      throw refused(context + ": " + described(before) + " is a site license with unlimited seats; " +
                    field_ref("seats") + " does not apply");
    }
    const auto starts = change.starts_on ? new_starts : before.starts_on;
    const auto expires = change.expires_on ? new_expires : before.expires_on;
    if (starts && expires && *expires < *starts) {
      throw refused(context + ": " + described(before) + " would expire on " + *expires + ", before it starts on " +
                    *starts);
    }
    const auto seats = change.seats ? change.seats : before.seats;
    const bool allow = change.allow_overallocation.value_or(before.allow_overallocation);
    if (seats && !allow && before.used > *seats) {
      const std::string numbers = ": bought " + std::to_string(*before.seats) + ", used " + std::to_string(before.used);
      if (change.seats) {
        throw refused(context + ": " + described(before) + numbers + "; refusing to lower seats to " +
                      std::to_string(*seats) + " (unassign seats first, or add " + field_ref("allow_overallocation") +
                      ")");
      }
      throw refused(context + ": " + described(before) + numbers + "; " + field_ref("no_overallocation") + " needs " +
                    field_ref("seats") + " " + std::to_string(before.used) + " or more (or unassign seats first)");
    }
    std::optional<std::int64_t> team_id;
    if (change.team && !change.team->empty()) {
      team_id = resolve_team(db, *change.team).id;
    } else if (!change.team && before.team) {
      team_id = resolve_team(db, *before.team).id;
    }
    // A new cost is in the license's currency, else its PO's, else the `currency` setting.
    const std::string currency = before.currency ? *before.currency
                                 : before.po     ? show_po(db, *before.po).currency
                                                 : get_setting(db, "currency");
    bool has_cost = before.cost_minor.has_value();
    std::int64_t cost = before.cost_minor.value_or(0);
    if (change.cost) {
      has_cost = !change.cost->empty();
      cost = has_cost ? checked_cost(context, *change.cost, currency) : 0;
    }
    const auto key = change.key ? new_key : before.license_key;

    Statement update(db,
                     "UPDATE license SET seats = ?, starts_on = ?, expires_on = ?, owner_team_id = ?, "
                     "license_key = ?, cost_minor = ?, currency = ?, allow_overallocation = ? WHERE id = ?");
    bind_optional(update, 1, seats);
    bind_optional(update, 2, starts);
    bind_optional(update, 3, expires);
    bind_optional(update, 4, team_id);
    bind_optional(update, 5, key);
    if (has_cost) {
      update.bind(6, cost);
      update.bind(7, currency);
    }
    update.bind(8, allow ? 1 : 0);
    update.bind(9, before.id);
    update.exec();

    LicenseDetail after = detail_of(db, context, code);
    auto [old_fields, new_fields] = changed_fields(stored_fields(before), stored_fields(after.license));
    if (before.license_key != after.license.license_key && !new_fields.contains("key")) {
      // A new key with the same last characters: the history still says that it changed.
      old_fields["key"] = stored_fields(before)["key"];
      new_fields["key"] = stored_fields(after.license)["key"];
    }
    if (!new_fields.empty()) {
      append_event(db, actor, "update", "license", code, old_fields, new_fields);
    }
    return after;
  });
}

LicenseDetail show_license(Database& db, const std::string& code) {
  try {
    return detail_of(db, "license show", code);
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

std::vector<License> list_licenses(Database& db, const LicenseFilter& filter) {
  std::vector<License> licenses;
  for_each_license(db, filter, [&licenses](const License& l) { licenses.push_back(l); });
  return licenses;
}

void for_each_license(Database& db, const LicenseFilter& filter, const std::function<void(const License&)>& each) {
  if (filter.expiring_within && *filter.expiring_within < 0) {
    throw Error(Problem::invalid,
                "license list: " + field_ref("expiring_within") + " " + std::to_string(*filter.expiring_within) +
                    " must be 0 or more days",
                "expiring_within");
  }
  try {
    const date::sys_days day{today()};
    std::string where = "WHERE 1";
    std::optional<Team> team;
    if (filter.team) {
      team = resolve_team(db, *filter.team);
      where += " AND l.owner_team_id IN " + team_subtree_sql(":team");
    }
    std::optional<Vendor> vendor;
    if (filter.vendor) {
      vendor = resolve_vendor(db, *filter.vendor);
      where += " AND l.vendor_id = :vendor";
    }
    if (filter.expiring_within) {
      where += " AND l.expires_on BETWEEN :today AND :until";
    }
    if (filter.expired) {
      where += " AND l.expires_on < :today";
    }
    if (filter.over_allocated) {
      // Written as the partial index license_over_allocated is, so the planner reads only those licenses.
      where += " AND l.used > l.seats";
    }
    const CompiledFilter terms = compile_filter(db, "license list", license_filter_fields(), filter.terms);
    where += " AND " + terms.sql;
    Statement q(db, std::string(k_license_query) + where + " ORDER BY l.id");
    bind_filter(q, terms);
    if (team) {
      q.bind(":team", team->id);
    }
    if (vendor) {
      q.bind(":vendor", vendor->id);
    }
    if (filter.expiring_within || filter.expired) {
      q.bind(":today", format_date(date::year_month_day{day}));
    }
    if (filter.expiring_within) {
      q.bind(":until", format_date(date::year_month_day{day + date::days{*filter.expiring_within}}));
    }
    while (q.step()) {
      each(read_license(q, day));
    }
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

int release_asset_licenses(Database& db, const std::string& actor, std::int64_t asset_id, const std::string& reason) {
  try {
    struct Held {
      std::int64_t row = 0;
      std::int64_t license_id = 0;
      std::int64_t quantity = 0;
      std::string tag;
    };
    std::vector<Held> held;
    Statement q(db,
                "SELECT la.id, la.license_id, la.quantity, a.tag FROM license_assignment la "
                "JOIN asset a ON a.id = la.asset_id WHERE la.asset_id = ? ORDER BY la.license_id");
    q.bind(1, asset_id);
    while (q.step()) {
      held.push_back({q.column(0).as_int64(), q.column(1).as_int64(), q.column(2).as_int64(), q.column(3).as_text()});
    }
    for (const auto& h : held) {
      Statement del(db, "DELETE FROM license_assignment WHERE id = ?");
      del.bind(1, h.row);
      del.exec();
      append_event(db, actor, "release", "license", license_code(h.license_id), {{"quantity", h.quantity}},
                   {{"asset", h.tag}, {"quantity", 0}, {"reason", reason}});
    }
    return static_cast<int>(held.size());
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

const std::vector<FilterField>& license_filter_fields() {
  static const std::string used = "l.used";
  const auto team = [](Database& db, const std::string& code) { return resolve_team(db, code).id; };
  static const std::vector<FilterField> fields = {
      {"product", "l.product", FieldKind::text, {}, {}, {}},
      {"vendor", "v.name", FieldKind::text, {}, {}, {}},
      {"type", "l.type", FieldKind::choice, license_types(), {}, {}},
      {"team", "l.owner_team_id", FieldKind::subtree, {}, team, team_subtree_sql(":root")},
      {"po", "po.id", FieldKind::record, {}, purchase_order_id, {}},
      {"seats", "l.seats", FieldKind::number, {}, {}, {}},
      {"used", used, FieldKind::number, {}, {}, {}},
      {"free", "l.seats - " + used, FieldKind::number, {}, {}, {}},
      {"starts", "l.starts_on", FieldKind::date, {}, {}, {}},
      {"expires", "l.expires_on", FieldKind::date, {}, {}, {}},
  };
  return fields;
}

}  // namespace tally
