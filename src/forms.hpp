#pragma once

#include "assets.hpp"
#include "audits.hpp"
#include "budgets.hpp"
#include "contracts.hpp"
#include "doctor.hpp"
#include "events.hpp"
#include "importing.hpp"
#include "licenses.hpp"
#include "people.hpp"
#include "purchasing.hpp"
#include "racks.hpp"
#include "receiving.hpp"
#include "render.hpp"
#include "settings.hpp"
#include "stock.hpp"
#include "teams.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

class Database;

// The JSON and table forms of records that more than one face prints (the CLI's
// --format json and the HTTP API answer with the same keys because both call these).

// Columns of `asset list`.
std::vector<Column> asset_columns();
// One asset as a record (what every asset verb prints).
Record asset_record(const Asset& asset);
// `asset show`: the asset, its latest test of each kind, its latest image and
// its coverage today (see add_coverage).
Record asset_detail(Database& db, const Asset& asset);

// Columns of hardware test rows and image rows (`test list`, `asset show`).
std::vector<Column> test_columns();
std::vector<Column> image_columns();

// Adds the coverage today of the asset with this tag to a record (`asset
// show`, `repair open`, `rma open`): the covered, covered_by, covered_until and
// coverage_sla fields and a "coverage" section listing every source, the
// latest-ending first.
void add_coverage(Record& record, Database& db, const std::string& tag);
// The same for an asset already resolved (by its row id).
void add_coverage(Record& record, Database& db, std::int64_t asset_id);

// History rows as one table (`tally log`, `tally asset history`): a CHANGES
// summary for people, before/after objects for CSV and JSON.
Table event_table(const std::vector<Event>& events);

// A PO's summary row (`po list`) and the PO with its lines (`po show` and every PO verb).
Json po_json(const PurchaseOrder& po);
std::vector<Column> po_columns();
Record po_record(const PurchaseOrder& po);

// One unit received (`receive --serial/--scan`): the asset with its line's counts.
Json unit_json(const ReceivedUnit& unit);
std::vector<Column> unit_columns();
// What `receive --qty` prints.
Record bulk_receipt_record(const BulkReceipt& receipt);

// Columns of a rack's installed devices, and a rack with its elevation and devices (`rack show`).
std::vector<Column> device_columns();
Record rack_record(const RackView& view);

// A license with its assignments (`license show` and every license verb); keys as `keys` says.
Record license_record(const LicenseDetail& detail, KeyDisplay keys);

// An audit's result: counts, then found, missing, unexpected and unknown (`audit show`, `audit finish`).
Record audit_record(const AuditResult& result);

// A contract with its terms and covered assets (`contract show` and every contract verb).
Record contract_record(const ContractDetail& detail);

// Units of the org chart as rows (`team list`, a team's parents and children).
Table team_table(const std::vector<Team>& teams);
// A unit with its path, aliases, head count, parent chain and children (`team show`).
Record team_record(const TeamDetail& detail);

// A person with what they hold: assets in their custody, license seats (`person show`, `activate`, `deactivate`).
Record person_record(const PersonDetail& detail);
// Columns of `person list`.
std::vector<Column> person_columns();

// A budget line with committed, spent and remaining money (`budget set`, `budget show`).
Json budget_json(const BudgetLine& line);
// Budget lines as the org-chart tree of `budget show`.
Table budget_table(const std::vector<BudgetLine>& lines);

// One setting (`config get/set/list`).
Json setting_json(const Setting& setting);

// What `contract cover` answers: one row per asset.
std::vector<Column> cover_columns();
Json cover_json(const CoverResult& result);

// The PO that `stock reorder --create-po` drafted, with its lines and the suggestions it came from.
Record reorder_po_record(const ReorderPo& drafted);

// What an import did per kind of record (`import assets/licenses`).
Table import_table(const ImportReport& report);

// Doctor's rows: one per passing check, one per problem of a failing check; `render` turns a
// problem's detail (with marks) into the face's words (cli_text, api_text).
Table doctor_table(const std::vector<DoctorCheck>& checks, const std::function<std::string(std::string_view)>& render);
// Throws refused("doctor: N of M checks failed: ...") when a check failed (warnings do not count).
void refuse_failed_checks(const std::vector<DoctorCheck>& checks);

}  // namespace tally
