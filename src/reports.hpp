#pragma once

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

}  // namespace tally
