#pragma once

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// An in-house repair (REP-00001).
struct Repair {
  std::int64_t id = 0;
  std::string tag;
  std::string reason;
  std::string opened_on;
  std::optional<std::string> closed_on;
  std::optional<std::string> outcome;  // fixed, unrepairable, escalated (became an RMA)
  std::optional<std::string> notes;
};
Json repair_json(const Repair& repair);

// Opens a repair: the asset goes to in_repair. Throws a refused Error if the
// asset cannot move there or the reason is empty.
Repair open_repair(Database& db, const std::string& actor, const std::string& code, const std::string& reason);

// Closes the asset's open repair: fixed -> in_stock, unrepairable -> retired.
Repair close_repair(Database& db, const std::string& actor, const std::string& code, const std::string& outcome,
                    const std::optional<std::string>& notes);

}  // namespace tally
