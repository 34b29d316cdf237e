#pragma once

#include "rack_setup_record.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Hardware test results of assets (`tally test`); an install refuses an
// asset whose latest test of a kind failed (rack_placement.cpp).

namespace tally {

class Database;

// A test result as JSON: tag, kind, result, notes, recorded_at, recorded_by.
Json test_record_json(const SetupRecord& record);
// The kinds of hardware test.
const std::vector<std::string>& test_kinds();

// Records a hardware test of an asset, with its event. Throws a refused Error
// for an unknown kind or result, or a final asset.
SetupRecord record_test(Database& db, const std::string& actor, const std::string& asset, const std::string& kind,
                        const std::string& result, const std::optional<std::string>& notes);

// The latest test of each kind (by kind), or every test (newest first).
std::vector<SetupRecord> asset_tests(Database& db, std::int64_t asset_id, bool latest_only);

}  // namespace tally
