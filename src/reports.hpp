#pragma once

#include "render.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// Which assets `tally report coverage` looks at.
struct CoverageReportFilter {
  std::optional<std::string> team;      // owned by the unit or a unit below it
  std::optional<std::string> location;  // at the location or below it
  int within = 30;                      // coverage ending between today and today + N days
};

// One asset that needs coverage: deployed with none today, or in service with
// coverage that ends soon.
struct CoverageGap {
  std::string tag;
  std::string serial;
  std::string model;  // "MANUFACTURER MODEL"
  std::string status;
  std::optional<std::string> team;
  std::optional<std::string> location;
  std::string problem;  // uncovered, ending
  std::optional<std::string> covered_by;
  std::optional<std::string> covered_until;
  std::optional<std::string> sla;
  std::optional<std::int64_t> days_left;
};

// The list A-1 takes to its vendors, as of today(): deployed assets with no
// coverage today ("uncovered"), then assets in service (in_stock, staging,
// deployed, in_repair, rma) whose coverage ends within `within` days
// ("ending"), soonest first. Throws a refused Error for an unknown team or
// location or a negative number of days.
std::vector<CoverageGap> coverage_report(Database& db, const CoverageReportFilter& filter);

// How `tally report assets` groups.
enum class AssetGrouping { team, division, status, location, model, category, vendor };

// "team", "division", ...; nullopt for anything else.
std::optional<AssetGrouping> parse_asset_grouping(const std::string& text);

// Assets counted per group with their total cost per currency (`cost`: a list
// of "AMOUNT CURRENCY" strings, one per currency, sorted by currency; assets
// without a cost count but add nothing). Disposed and returned_to_vendor
// assets are left out unless `include_gone`. By team, each unit's row includes
// everything below it and carries team, name, parent; rows come in tree order
// with their depth, only units that own something (and their ancestors), then
// a row for assets without an owning team. `vendor` groups by manufacturer.
Table asset_report(Database& db, AssetGrouping by, bool include_gone);

// `by` of `tally report assets`: one of the groupings above, or
// "field.NAME", the values of a custom field (fields.hpp). Returns the
// report, or throws a usage Error naming what --by takes, or a refused Error
// for an unknown field. A field groups by its stored value, the assets
// without one last (key null).
Table asset_report(Database& db, const std::string& by, bool include_gone);

// Assets per owning team (the unit that owns them directly, not rolled up) and
// status: one row per unit that owns assets, in tree order (team, name,
// parent), then one for assets without an owning team; a count column per
// status (disposed and returned_to_vendor only with `include_gone`) and total.
Table team_status_report(Database& db, bool include_gone);

// How `tally report licenses` groups.
enum class LicenseGrouping { team, division };

// Licenses per owning unit, rolled up the org chart like asset_report by
// team (by division: one row per division, each with everything below it,
// then licenses owned by no division): licenses, seats bought and used (on licenses with a seat count),
// free (unused seats, never negative), over_allocated (licenses with more
// seats used than bought), cost per currency, and licenses expiring within
// 30, 60 and 90 days of today() (cumulative; expired ones are not counted),
// and expired (licenses whose expiry date is before today()).
Table license_report(Database& db, LicenseGrouping by = LicenseGrouping::team);

// Bulk stock at its value: per model, on hand, the last unit cost (the unit
// cost of the model's most recently received PO line), its currency and the
// value (on hand x last unit cost); a model never received at a cost has no
// value. Rows by model name.
Table stock_value_report(Database& db);

// How `tally report spend` groups: by team, by vendor, or by the month units
// were received.
enum class SpendGrouping { team, vendor, month };

// Which money `tally report spend` counts: the POs of a fiscal year (the
// default, the year of today()), or a period of receipt dates (`from` and
// `to`, YYYY-MM-DD, both included, either open; or `quarter`, e.g. 2026Q3 for
// 2026-07-01 to 2026-09-30). A period and a fiscal year are not given together.
struct SpendFilter {
  std::optional<int> fiscal_year;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> quarter;
};

// PO money for fiscal year `fiscal_year` (the year of today() when absent),
// one row per group and currency: ordered (approved POs and later, what is
// received plus what is still expected), received, outstanding, and by team
// the unit's budget and what remains of it (rolled up as in `budget report`).
// Throws a refused Error for a year outside 2000-2999.
Table spend_report(Database& db, SpendGrouping by, std::optional<int> fiscal_year);

// As above for a fiscal year; by month, the money received on the year's POs
// per month of receipt and currency (month, currency, pos, units, received).
// With a period, only what was received in it counts, whatever the POs'
// fiscal year: by team (rolled up as above) and by vendor, units and received
// per currency with the period's from and to; by month as for a year. Throws
// an invalid Error naming the field for a date that is not YYYY-MM-DD, a
// quarter that is not YYYYQ1-4, from after to, a quarter with from or to, a
// fiscal year with a period, or a year outside 2000-2999.
Table spend_report(Database& db, SpendGrouping by, const SpendFilter& filter);

// Open RMAs per vendor with their ages on today() in buckets of 0-7, 8-30,
// 31-90 and more than 90 days, and the oldest opening date.
Table rma_report(Database& db);

// Assets in service whose warranty ends between today() and today() + `within`
// days, soonest first. Throws a refused Error for a negative number of days.
Table warranty_report(Database& db, int within);

// Rack utilization per site (the root location above each rack): racks,
// units, units used (taken on the front or the rear), free, utilization in
// percent with one decimal, and devices installed (0U ones included).
Table rack_report(Database& db);

}  // namespace tally
