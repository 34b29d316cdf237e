#include "assets.hpp"

#include "codes.hpp"
#include "db.hpp"
#include "error.hpp"
#include "fields.hpp"
#include "filter.hpp"
#include "find.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "money.hpp"
#include "settings.hpp"
#include "teams.hpp"
#include "text.hpp"

#include <algorithm>

namespace tally {

namespace {

constexpr const char* k_asset_query =
    "SELECT a.id, a.tag, a.serial, v.name, m.name, m.category, a.status, l.code, t.code, p.username, po.number, "
    "pl.line_no, a.cost_minor, a.currency, a.received_on, a.warranty_ends, a.notes, r.tag, "
    "(SELECT n.tag FROM asset n WHERE n.replaces_asset_id = a.id), a.model_id, a.manufacturer_id, a.hostname, "
    "kl.code || '/' || k.name, pm.lo_half, k.starting_unit "
    "FROM asset a JOIN model m ON m.id = a.model_id JOIN vendor v ON v.id = a.manufacturer_id "
    "LEFT JOIN location l ON l.id = a.location_id LEFT JOIN team t ON t.id = a.owner_team_id "
    "LEFT JOIN person p ON p.id = a.custodian_person_id LEFT JOIN po_line pl ON pl.id = a.po_line_id "
    "LEFT JOIN purchase_order po ON po.id = pl.po_id LEFT JOIN asset r ON r.id = a.replaces_asset_id "
    "LEFT JOIN placement pm ON pm.asset_id = a.id LEFT JOIN rack k ON k.id = pm.rack_id "
    "LEFT JOIN location kl ON kl.id = k.location_id ";

Asset read_asset(Statement& q) {
  Asset a;
  a.id = q.column(0).as_int64();
  a.tag = q.column(1).as_text();
  a.serial = q.column(2).as_text();
  a.manufacturer = q.column(3).as_text();
  a.model = q.column(4).as_text();
  a.category = q.column(5).as_text();
  a.status = q.column(6).as_text();
  a.location = text_or_null(q.column(7));
  a.owner_team = text_or_null(q.column(8));
  a.custodian = text_or_null(q.column(9));
  a.po = text_or_null(q.column(10));
  if (!q.column(11).is_null()) {
    a.po_line = q.column(11).as_int();
  }
  if (!q.column(12).is_null()) {
    a.cost_minor = q.column(12).as_int64();
  }
  a.currency = text_or_null(q.column(13));
  a.received_on = text_or_null(q.column(14));
  a.warranty_ends = text_or_null(q.column(15));
  a.notes = text_or_null(q.column(16));
  a.replaces = text_or_null(q.column(17));
  a.replaced_by = text_or_null(q.column(18));
  a.model_id = q.column(19).as_int64();
  a.manufacturer_id = q.column(20).as_int64();
  a.hostname = text_or_null(q.column(21));
  a.rack = text_or_null(q.column(22));
  if (!q.column(23).is_null()) {
    a.rack_u = format_u_height(2 * q.column(24).as_int() + q.column(23).as_int());
  }
  return a;
}

std::vector<Asset> query_assets(Database& db, const std::string& where, const std::string& value) {
  // Cached: resolving and re-reading assets is on every write path. Stepped to the end.
  Statement& q = db.statement(std::string(k_asset_query) + where);
  if (!value.empty()) {
    q.bind(1, value);
  }
  std::vector<Asset> assets;
  while (q.step()) {
    assets.push_back(read_asset(q));
  }
  return assets;
}

}  // namespace

Json asset_json(const Asset& a) {
  auto opt = [](const auto& v) { return v ? Json(*v) : Json(); };
  return {{"tag", a.tag},
          {"serial", a.serial.empty() ? Json() : Json(a.serial)},
          {"manufacturer", a.manufacturer},
          {"model", a.model},
          {"category", a.category},
          {"status", a.status},
          {"location", opt(a.location)},
          {"owner_team", opt(a.owner_team)},
          {"custodian", opt(a.custodian)},
          {"po", opt(a.po)},
          {"po_line", opt(a.po_line)},
          {"cost", a.cost_minor && a.currency ? Json(format_amount(*a.cost_minor, *a.currency)) : Json()},
          {"currency", opt(a.currency)},
          {"received_on", opt(a.received_on)},
          {"warranty_ends", opt(a.warranty_ends)},
          {"notes", opt(a.notes)},
          {"replaces", opt(a.replaces)},
          {"replaced_by", opt(a.replaced_by)},
          {"hostname", opt(a.hostname)},
          {"rack", opt(a.rack)},
          {"rack_u", opt(a.rack_u)}};
}

const std::vector<std::string>& asset_statuses() {
  static const std::vector<std::string> statuses = {"in_stock", "staging", "deployed", "in_repair",         "rma",
                                                    "retired",  "lost",    "disposed", "returned_to_vendor"};
  return statuses;
}

Asset asset_by_id(Database& db, std::int64_t id) {
  Statement& q = db.statement(std::string(k_asset_query) + "WHERE a.id = ?");
  q.bind(1, id);
  if (!q.step()) {
    throw refused("asset: no asset with id " + std::to_string(id));
  }
  Asset asset = read_asset(q);
  q.reset();
  return asset;
}

Asset resolve_asset(Database& db, const std::string& input) {
  const std::string code = trim(input);
  if (code.empty()) {
    throw refused("asset: an empty tag or serial was given");
  }
  auto by_tag = query_assets(db, "WHERE a.tag = ?1", code);
  if (!by_tag.empty()) {
    return by_tag.front();
  }
  const std::string prefix = get_setting(db, "tag.prefix");
  const TagCheck check = check_tag(code, prefix);
  if (check == TagCheck::bad_check) {
    throw refused("asset: '" + code + "' has a wrong check digit; it is not a valid tag (mistyped?)");
  }
  auto by_serial = query_assets(db, "WHERE a.serial = ?1", code);
  if (by_serial.empty()) {
    by_serial = query_assets(db, "WHERE a.id IN (SELECT asset_id FROM asset_barcode WHERE code = ?1)", code);
  }
  if (by_serial.empty()) {
    // A host name names the deployed asset that has it, else the only one.
    by_serial = query_assets(db, "WHERE a.hostname = ?1 COLLATE NOCASE AND a.status = 'deployed'", code);
    if (by_serial.empty()) {
      by_serial = query_assets(db, "WHERE a.hostname = ?1 COLLATE NOCASE", code);
      if (by_serial.size() > 1) {
        std::string list;
        for (const auto& a : by_serial) {
          list += (list.empty() ? "" : ", ") + a.tag + " (" + a.status + ")";
        }
        throw refused("asset: hostname '" + code + "' is ambiguous: " + list + "; use the tag");
      }
    }
  }
  if (by_serial.size() == 1) {
    return by_serial.front();
  }
  if (by_serial.size() > 1) {
    std::string list;
    for (const auto& a : by_serial) {
      list += (list.empty() ? "" : ", ") + a.tag + " (" + a.manufacturer + " " + a.model + ")";
    }
    throw refused("asset: serial '" + code + "' is ambiguous: " + list + "; use the tag");
  }
  // Near matches (part of a serial, a hostname's start) are suggested.
  throw not_found((check == TagCheck::ok ? "asset: no asset has tag '" + code + "'"
                                         : "asset: no asset has tag, serial, barcode or hostname '" + code + "'") +
                      near_matches_hint(db, code),
                  "asset");
}

std::vector<Asset> list_assets(Database& db, const AssetFilter& filter) {
  std::vector<Asset> assets;
  for_each_asset(db, filter, [&assets](const Asset& a) { assets.push_back(a); });
  return assets;
}

void for_each_asset(Database& db, const AssetFilter& filter, const std::function<void(const Asset&)>& each) {
  std::string where = "WHERE 1";
  if (filter.status) {
    require_one_of("asset list", "status", *filter.status, asset_statuses());
    where += " AND a.status = :status";
  }
  std::optional<std::int64_t> team_id;
  if (filter.team) {
    team_id = resolve_team(db, *filter.team).id;
    where += " AND a.owner_team_id IN " + team_subtree_sql(":team");
  }
  std::optional<std::int64_t> location_id;
  if (filter.location) {
    location_id = resolve_location(db, *filter.location).id;
    where += " AND a.location_id IN " + location_subtree_sql(":location");
  }
  if (filter.po) {
    Statement po(db, "SELECT number FROM purchase_order WHERE number = ?");
    po.bind(1, *filter.po);
    if (!po.step()) {
      throw refused("asset list: unknown purchase order '" + *filter.po + "'");
    }
    where += " AND po.number = :po";
  }
  // Custom fields (`field.ram_gb>=32`) join the fixed ones when a term names one.
  std::vector<FilterField> fields = asset_filter_fields();
  if (std::any_of(filter.terms.begin(), filter.terms.end(),
                  [](const std::string& t) { return lower(t).find("field.") != std::string::npos; })) {
    const auto custom = field_filter_fields(db);
    fields.insert(fields.end(), custom.begin(), custom.end());
  }
  const CompiledFilter terms = compile_filter(db, "asset list", fields, filter.terms);
  where += " AND " + terms.sql;
  Statement q(db, std::string(k_asset_query) + where + " ORDER BY a.tag");
  bind_filter(q, terms);
  if (filter.status) {
    q.bind(":status", *filter.status);
  }
  if (team_id) {
    q.bind(":team", *team_id);
  }
  if (location_id) {
    q.bind(":location", *location_id);
  }
  if (filter.po) {
    q.bind(":po", *filter.po);
  }
  while (q.step()) {
    each(read_asset(q));
  }
}

std::optional<Asset> asset_for_scan(Database& db, const std::string& code) {
  const ScanParse parsed = parse_scan(code);
  std::vector<std::string> candidates = {code};
  if (parsed.code && parsed.code->gs1 && parsed.code->serial()) {
    candidates.insert(candidates.begin(), *parsed.code->serial());
  }
  for (const auto& candidate : candidates) {
    try {
      return resolve_asset(db, candidate);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::refused) {
        throw;
      }
    }
  }
  return std::nullopt;
}

std::int64_t purchase_order_id(Database& db, const std::string& number) {
  Statement q(db, "SELECT id FROM purchase_order WHERE number = ?");
  q.bind(1, number);
  if (!q.step()) {
    throw not_found("unknown purchase order '" + number + "' (`" + command_ref("po list") + "` shows them)", "po");
  }
  return q.column(0).as_int64();
}

const std::vector<FilterField>& asset_filter_fields() {
  const auto team = [](Database& db, const std::string& code) { return resolve_team(db, code).id; };
  const auto location = [](Database& db, const std::string& code) { return resolve_location(db, code).id; };
  static const std::vector<FilterField> fields = {
      {"tag", "a.tag", FieldKind::text, {}, {}, {}},
      {"serial", "a.serial", FieldKind::text, {}, {}, {}},
      {"status", "a.status", FieldKind::choice, asset_statuses(), {}, {}},
      {"model", "m.name", FieldKind::text, {}, {}, {}},
      {"manufacturer", "v.name", FieldKind::text, {}, {}, {}},
      {"category", "m.category", FieldKind::choice, model_categories(), {}, {}},
      {"team", "a.owner_team_id", FieldKind::subtree, {}, team, team_subtree_sql(":root")},
      {"location", "a.location_id", FieldKind::subtree, {}, location, location_subtree_sql(":root")},
      {"custodian", "p.username", FieldKind::text, {}, {}, {}},
      {"po", "po.id", FieldKind::record, {}, purchase_order_id, {}},
      {"hostname", "a.hostname", FieldKind::text, {}, {}, {}},
      {"rack", "kl.code || '/' || k.name", FieldKind::text, {}, {}, {}},
      {"received", "a.received_on", FieldKind::date, {}, {}, {}},
      {"warranty", "a.warranty_ends", FieldKind::date, {}, {}, {}},
  };
  return fields;
}

}  // namespace tally
