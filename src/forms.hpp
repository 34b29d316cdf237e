#pragma once

#include "assets.hpp"
#include "audits.hpp"
#include "contracts.hpp"
#include "events.hpp"
#include "licenses.hpp"
#include "purchasing.hpp"
#include "racks.hpp"
#include "receiving.hpp"
#include "render.hpp"

#include <string>
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

}  // namespace tally
