#include "forms.hpp"

#include "audits.hpp"
#include "clock.hpp"
#include "contracts.hpp"
#include "error.hpp"
#include "fields.hpp"
#include "licenses.hpp"
#include "money.hpp"
#include "racks.hpp"
#include "stock_forms.hpp"
#include "text.hpp"

namespace tally {

namespace {

// "name: Old → New; kind: room → cage" for people reading the table.
std::string summarize(const Json& before, const Json& after) {
  std::string out;
  auto add = [&out](const std::string& text) { out += (out.empty() ? "" : "; ") + text; };
  if (after.is_object()) {
    for (const auto& [key, value] : after.items()) {
      if (before.is_object() && before.contains(key)) {
        add(key + ": " + cell_text(before[key]) + " \u2192 " + cell_text(value));
      } else {
        add(key + "=" + cell_text(value));
      }
    }
  } else if (before.is_object()) {
    for (const auto& [key, value] : before.items()) {
      add(key + " was " + cell_text(value));
    }
  }
  return out;
}

Json line_json(const PoLine& l, const std::string& currency) {
  return {{"line", l.line_no},
          {"model", l.model ? Json(*l.model) : Json()},
          {"description", l.description ? Json(*l.description) : Json()},
          {"bulk", l.bulk},
          {"ordered", l.quantity},
          {"received", l.received},
          {"outstanding", l.outstanding()},
          {"unit_cost", format_amount(l.unit_cost_minor, currency)},
          {"total", format_amount(l.quantity * l.unit_cost_minor, currency)}};
}

Table lines_table(const PurchaseOrder& po) {
  Table table;
  table.columns = {{"line", "line", Align::right},
                   {"model", "model"},
                   {"description", "description"},
                   {"bulk", "bulk"},
                   {"ordered", "ordered", Align::right},
                   {"received", "received", Align::right},
                   {"outstanding", "outstanding", Align::right},
                   {"unit_cost", "unit cost", Align::right},
                   {"total", "total", Align::right}};
  for (const auto& l : po.lines) {
    table.rows.push_back(line_json(l, po.currency));
  }
  return table;
}

Table findings_table(const std::vector<AuditFinding>& findings) {
  Table table;
  table.columns = {
      {"tag", "tag"}, {"code", "code"}, {"location", "recorded at"}, {"status", "status"}, {"note", "note"}};
  for (const auto& f : findings) {
    auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(); };
    table.rows.push_back({{"tag", opt(f.tag)},
                          {"code", opt(f.code)},
                          {"location", opt(f.location)},
                          {"status", opt(f.status)},
                          {"note", opt(f.note)}});
  }
  return table;
}

}  // namespace

std::vector<Column> asset_columns() {
  // On a narrow terminal the tag and the serial stay whole; the rack, the
  // hostname and the warranty go first, the status last.
  return fitted({{"tag", "tag"},
                 {"serial", "serial"},
                 {"manufacturer", "manufacturer"},
                 {"model", "model"},
                 {"category", "category", Align::left, false},
                 {"status", "status"},
                 {"location", "location"},
                 {"owner_team", "team"},
                 {"custodian", "custodian"},
                 {"po", "po", Align::left, false},
                 {"po_line", "po line", Align::left, false},
                 {"cost", "cost", Align::left, false},
                 {"currency", "currency", Align::left, false},
                 {"received_on", "received", Align::left, false},
                 {"warranty_ends", "warranty ends"},
                 {"hostname", "hostname"},
                 {"rack", "rack"},
                 {"rack_u", "U", Align::right}},
                {"serial"},
                {"rack_u", "rack", "hostname", "warranty_ends", "custodian", "manufacturer", "location", "owner_team",
                 "model", "status"});
}

Record asset_record(const Asset& asset) {
  return Record{asset_json(asset), {}};
}

Record asset_detail(Database& db, const Asset& asset) {
  Record record = asset_record(asset);
  add_asset_fields(record, db, asset.id);
  Table tests{test_columns(), {}, {}};
  for (const auto& t : asset_tests(db, asset.id, true)) {
    tests.rows.push_back(test_record_json(t));
  }
  record.sections.push_back({"tests", "Latest tests", std::move(tests)});
  Table images{image_columns(), {}, {}};
  for (const auto& i : asset_images(db, asset.id, true)) {
    images.rows.push_back(image_record_json(i));
  }
  record.sections.push_back({"images", "Latest image", std::move(images)});
  add_coverage(record, db, asset.id);
  return record;
}

std::vector<Column> test_columns() {
  return {{"tag", "tag"},       {"kind", "kind"}, {"result", "result"}, {"notes", "notes"}, {"recorded_at", "recorded"},
          {"recorded_by", "by"}};
}

std::vector<Column> image_columns() {
  return {
      {"tag", "tag"}, {"image", "image"}, {"version", "version"}, {"recorded_at", "recorded"}, {"recorded_by", "by"}};
}

void add_coverage(Record& record, Database& db, const std::string& tag) {
  add_coverage(record, db, resolve_asset(db, tag).id);
}

void add_coverage(Record& record, Database& db, std::int64_t asset_id) {
  const Coverage coverage = coverage_on(db, asset_id, today());
  const Json summary = coverage_summary_json(coverage);
  for (const auto& [key, value] : summary.items()) {
    record.fields[key] = value;
  }
  Table sources;
  sources.columns = {{"source", "source"}, {"contract", "contract"}, {"vendor", "vendor"},
                     {"kind", "kind"},     {"sla", "sla"},           {"ends_on", "ends"}};
  for (const auto& s : coverage.sources) {
    sources.rows.push_back(coverage_source_json(s));
  }
  record.sections.push_back({"coverage", "Coverage on " + coverage.on, std::move(sources)});
}

Table event_table(const std::vector<Event>& events) {
  Table table;
  table.columns = {{"id", "id", Align::right},
                   {"at", "at"},
                   {"actor", "actor"},
                   {"action", "action"},
                   {"entity", "entity"},
                   {"key", "key"},
                   {"changes", "changes", Align::left, true, false, false},
                   {"before", "before", Align::left, false},
                   {"after", "after", Align::left, false}};
  for (const auto& e : events) {
    table.rows.push_back({{"id", e.id},
                          {"at", e.at},
                          {"actor", e.actor},
                          {"action", e.action},
                          {"entity", e.entity},
                          {"key", e.entity_key},
                          {"changes", summarize(e.before, e.after)},
                          {"before", e.before},
                          {"after", e.after}});
  }
  return table;
}

Json po_json(const PurchaseOrder& po) {
  std::int64_t ordered = 0;
  std::int64_t received = 0;
  for (const auto& l : po.lines) {
    ordered += l.quantity;
    received += l.received;
  }
  return {{"number", po.number},
          {"vendor", po.vendor},
          {"team", po.team},
          {"status", po.status},
          {"fiscal_year", po.fiscal_year},
          {"currency", po.currency},
          {"total", format_amount(po.total_minor(), po.currency)},
          {"received_value", format_amount(po.received_minor(), po.currency)},
          {"line_count", static_cast<std::int64_t>(po.lines.size())},
          {"units_ordered", ordered},
          {"units_received", received},
          {"created_at", po.created_at},
          {"override_reason", po.override_reason ? Json(*po.override_reason) : Json()}};
}

std::vector<Column> po_columns() {
  return {{"number", "number"},
          {"vendor", "vendor"},
          {"team", "team"},
          {"status", "status"},
          {"fiscal_year", "FY"},
          {"currency", "cur"},
          {"total", "total", Align::right},
          {"received_value", "received", Align::right},
          {"line_count", "lines", Align::right},
          {"units_ordered", "units", Align::right},
          {"units_received", "units recv", Align::right},
          {"created_at", "created", Align::left, false},
          {"override_reason", "override", Align::left, false}};
}

Record po_record(const PurchaseOrder& po) {
  return Record{po_json(po), {{"lines", "Lines", lines_table(po)}}};
}

Json unit_json(const ReceivedUnit& unit) {
  Json row = asset_json(unit.asset);
  row["line"] = unit.asset.po_line ? Json(*unit.asset.po_line) : Json();
  row["line_received"] = unit.line_received;
  row["line_ordered"] = unit.line_ordered;
  row["po_status"] = unit.po_status;
  return row;
}

std::vector<Column> unit_columns() {
  return fitted({{"tag", "tag"},
                 {"serial", "serial"},
                 {"manufacturer", "manufacturer", Align::left, false},
                 {"model", "model"},
                 {"location", "location"},
                 {"po", "po"},
                 {"line", "line", Align::right},
                 {"line_received", "received", Align::right},
                 {"line_ordered", "of", Align::right},
                 {"owner_team", "team", Align::left, false},
                 {"cost", "cost", Align::left, false},
                 {"currency", "currency", Align::left, false},
                 {"received_on", "received on", Align::left, false},
                 {"warranty_ends", "warranty ends", Align::left, false},
                 {"po_status", "po status", Align::left, false}},
                {"serial"}, {"location", "model"});
}

Record bulk_receipt_record(const BulkReceipt& r) {
  return Record{{{"po", r.po},
                 {"line", r.line},
                 {"model", r.model},
                 {"location", r.location},
                 {"quantity", r.quantity},
                 {"line_received", r.line_received},
                 {"line_ordered", r.line_ordered},
                 {"on_hand", r.on_hand},
                 {"po_status", r.po_status}},
                {}};
}

std::vector<Column> device_columns() {
  return {{"tag", "tag"},
          {"model", "model"},
          {"hostname", "hostname"},
          {"units", "units"},
          {"u", "u", Align::left, false},
          {"height", "height", Align::right},
          {"face", "face"},
          {"depth", "depth"},
          {"installed_at", "installed", Align::left, false}};
}

Record rack_record(const RackView& view) {
  Record record{rack_json(view), {}};
  Table elevation{{{"u", "U", Align::right}, {"front", "front"}, {"rear", "rear"}}, elevation_rows(view), {}};
  record.sections.push_back({"elevation", "Elevation (top to bottom)", std::move(elevation)});
  Table devices{device_columns(), {}, {}};
  for (const auto& d : view.devices) {
    devices.rows.push_back(placed_device_json(view.rack, d));
  }
  record.sections.push_back({"installed", "Installed devices", std::move(devices)});
  return record;
}

Record license_record(const LicenseDetail& detail, KeyDisplay keys) {
  Table assignments;
  assignments.columns = {{"kind", "kind"},
                         {"target", "assigned to"},
                         {"quantity", "quantity", Align::right},
                         {"assigned_at", "assigned at"}};
  for (const auto& a : detail.assignments) {
    assignments.rows.push_back(
        {{"kind", a.kind}, {"target", a.target}, {"quantity", a.quantity}, {"assigned_at", a.assigned_at}});
  }
  return Record{license_json(detail.license, keys), {{"assignments", "Assignments", std::move(assignments)}}};
}

Record audit_record(const AuditResult& r) {
  Record record{audit_json(r.audit), {}};
  // Counts here; the lists themselves are the sections (JSON keys found, missing, ...).
  record.fields["found_count"] = r.found.size();
  record.fields["missing_count"] = r.missing.size();
  record.fields["unexpected_count"] = r.unexpected.size();
  record.fields["unknown_count"] = r.unknown.size();
  record.sections = {{"found", "Found (expected here and scanned)", findings_table(r.found)},
                     {"missing", "Missing (expected here, not scanned)", findings_table(r.missing)},
                     {"unexpected", "Unexpected (scanned here, recorded elsewhere)", findings_table(r.unexpected)},
                     {"unknown", "Unknown codes", findings_table(r.unknown)}};
  return record;
}

Record contract_record(const ContractDetail& detail) {
  Table terms;
  terms.columns = {{"starts_on", "starts"}, {"ends_on", "ends"}, {"cost", "cost"}, {"recorded_at", "recorded at"}};
  for (const auto& t : detail.terms) {
    terms.rows.push_back(contract_term_json(t, detail.contract.currency));
  }
  Table assets;
  assets.columns = {{"tag", "tag"}, {"serial", "serial"}, {"model", "model"}, {"status", "status"}};
  for (const auto& a : detail.covered) {
    assets.rows.push_back({{"tag", a.tag},
                           {"serial", a.serial.empty() ? Json() : Json(a.serial)},
                           {"model", a.model},
                           {"status", a.status}});
  }
  return Record{contract_json(detail.contract),
                {{"terms", "Terms", std::move(terms)}, {"covered_assets", "Covered assets", std::move(assets)}}};
}

namespace {

Json team_row(const Team& t) {
  return {{"code", t.code}, {"name", t.name}, {"kind", t.kind}, {"parent", t.parent ? Json(*t.parent) : Json()}};
}

}  // namespace

Table team_table(const std::vector<Team>& teams) {
  Table table;
  table.columns = {{"code", "code"}, {"name", "name"}, {"kind", "kind"}, {"parent", "parent"}};
  for (const auto& t : teams) {
    table.rows.push_back(team_row(t));
  }
  return table;
}

Record team_record(const TeamDetail& detail) {
  std::string path;
  for (const auto& a : detail.ancestors) {
    path += a.code + " > ";
  }
  Record record;
  record.fields = team_row(detail.team);
  record.fields["path"] = path + detail.team.code;
  record.fields["aliases"] = detail.aliases;
  record.fields["people"] = detail.people;
  record.sections.push_back({"ancestors", "Parent chain", team_table(detail.ancestors)});
  record.sections.push_back({"children", "Children", team_table(detail.children)});
  return record;
}

Record person_record(const PersonDetail& detail) {
  Record record;
  record.fields = person_json(detail.person);
  Table assets;
  assets.columns = {
      {"tag", "tag"}, {"serial", "serial"}, {"model", "model"}, {"status", "status"}, {"location", "location"}};
  for (const auto& a : detail.holdings.assets) {
    assets.rows.push_back({{"tag", a.tag},
                           {"serial", a.serial.empty() ? Json() : Json(a.serial)},
                           {"model", a.model},
                           {"status", a.status},
                           {"location", a.location ? Json(*a.location) : Json()}});
  }
  Table seats;
  seats.columns = {
      {"license", "license"}, {"product", "product"}, {"quantity", "quantity"}, {"expires_on", "expires on"}};
  for (const auto& seat : detail.holdings.seats) {
    seats.rows.push_back({{"license", seat.license},
                          {"product", seat.product},
                          {"quantity", seat.quantity},
                          {"expires_on", seat.expires_on ? Json(*seat.expires_on) : Json()}});
  }
  Table checkouts;
  checkouts.columns = {{"tag", "tag"},
                       {"model", "model"},
                       {"out_on", "since"},
                       {"due_on", "due"},
                       {"days_overdue", "days overdue", Align::right}};
  for (const auto& c : detail.holdings.checkouts) {
    checkouts.rows.push_back({{"tag", c.tag},
                              {"model", c.model},
                              {"out_on", c.out_on},
                              {"due_on", c.due_on ? Json(*c.due_on) : Json()},
                              {"days_overdue", c.days_overdue}});
  }
  record.sections.push_back({"assets", "Assets in their custody", std::move(assets)});
  record.sections.push_back({"seats", "License seats", std::move(seats)});
  record.sections.push_back({"checkouts", "Open check-outs", std::move(checkouts)});
  return record;
}

std::vector<Column> person_columns() {
  return {{"username", "username"}, {"name", "name"},           {"email", "email"},
          {"team", "team"},         {"team_name", "team name"}, {"active", "active"}};
}

Json budget_json(const BudgetLine& b) {
  auto money = [&](const std::optional<std::int64_t>& v) { return v ? Json(format_amount(*v, b.currency)) : Json(); };
  return {{"team", b.team},
          {"name", b.name},
          {"parent", b.parent ? Json(*b.parent) : Json()},
          {"fiscal_year", b.fiscal_year},
          {"currency", b.currency},
          {"budget", money(b.budget_minor)},
          {"committed", money(b.committed_minor)},
          {"spent", money(b.spent_minor)},
          {"remaining", money(b.remaining_minor())}};
}

Table budget_table(const std::vector<BudgetLine>& lines) {
  Table table;
  table.columns = {{"team", "team"},
                   {"name", "name"},
                   {"parent", "parent", Align::left, false},
                   {"fiscal_year", "FY"},
                   {"currency", "cur"},
                   {"budget", "budget", Align::right},
                   {"committed", "committed", Align::right},
                   {"spent", "spent", Align::right},
                   {"remaining", "remaining", Align::right}};
  for (const auto& b : lines) {
    table.rows.push_back(budget_json(b));
    table.depth.push_back(b.depth);
  }
  return table;
}

Json setting_json(const Setting& s) {
  return {{"key", s.key}, {"value", s.value}, {"default", s.is_default}, {"description", s.description}};
}

std::vector<Column> cover_columns() {
  return {{"contract", "contract"}, {"vendor", "vendor"}, {"tag", "tag"}, {"result", "result"}};
}

Json cover_json(const CoverResult& r) {
  return Json{{"contract", r.contract}, {"vendor", r.vendor}, {"tag", r.tag}, {"result", r.result}};
}

Record reorder_po_record(const ReorderPo& drafted) {
  Table lines;
  lines.columns = {{"line", "line", Align::right},
                   {"model", "model"},
                   {"quantity", "quantity", Align::right},
                   {"unit_cost", "unit cost", Align::right}};
  for (const auto& line : drafted.po.lines) {
    lines.rows.push_back({{"line", line.line_no},
                          {"model", line.model ? Json(*line.model) : Json()},
                          {"quantity", line.quantity},
                          {"unit_cost", format_amount(line.unit_cost_minor, drafted.po.currency)}});
  }
  return Record{{{"number", drafted.po.number},
                 {"vendor", drafted.po.vendor},
                 {"team", drafted.po.team},
                 {"status", drafted.po.status},
                 {"currency", drafted.po.currency},
                 {"total", format_amount(drafted.po.total_minor(), drafted.po.currency)}},
                {{"lines", "Lines", std::move(lines)},
                 {"suggestions", "At or below the reorder point", stock_level_table(drafted.suggestions)}}};
}

Table import_table(const ImportReport& report) {
  Table table;
  table.columns = {{"kind", "kind"},
                   {"created", "created", Align::right},
                   {"updated", "updated", Align::right},
                   {"unchanged", "unchanged", Align::right}};
  for (const auto& c : report.counts) {
    table.rows.push_back(
        {{"kind", c.kind}, {"created", c.created}, {"updated", c.updated}, {"unchanged", c.unchanged}});
  }
  return table;
}

Table doctor_table(const std::vector<DoctorCheck>& checks, const std::function<std::string(std::string_view)>& render) {
  Table table;
  table.columns = {{"check", "check"}, {"result", "result"}, {"table", "table"}, {"row", "row"}, {"detail", "detail"}};
  for (const auto& check : checks) {
    if (check.ok()) {
      table.rows.push_back({{"check", check.name},
                            {"result", "ok"},
                            {"table", nullptr},
                            {"row", nullptr},
                            {"detail", check.description}});
      continue;
    }
    for (const auto& problem : check.problems) {
      table.rows.push_back({{"check", check.name},
                            {"result", check.warning ? "warning" : "failed"},
                            {"table", problem.table.empty() ? Json(nullptr) : Json(problem.table)},
                            {"row", problem.row.empty() ? Json(nullptr) : Json(problem.row)},
                            {"detail", render(problem.detail)}});
    }
  }
  return table;
}

void refuse_failed_checks(const std::vector<DoctorCheck>& checks) {
  std::vector<std::string> failed;
  for (const auto& check : checks) {
    if (check.failed()) {
      failed.push_back(check.name);
    }
  }
  if (!failed.empty()) {
    throw refused("doctor: " + std::to_string(failed.size()) + " of " + std::to_string(checks.size()) +
                  " checks failed: " + join(failed, ", "));
  }
}

}  // namespace tally
