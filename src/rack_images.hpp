#pragma once

#include "rack_setup_record.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Images (OS, firmware) loaded onto assets (`tally image`).

namespace tally {

class Database;

// An image record as JSON: tag, image, version, recorded_at, recorded_by.
Json image_record_json(const SetupRecord& record);

// Records an image (OS, firmware) loaded onto an asset, with its event.
SetupRecord record_image(Database& db, const std::string& actor, const std::string& asset, const std::string& image,
                         const std::optional<std::string>& version);

// The images loaded (newest first); with latest_only, just the newest.
std::vector<SetupRecord> asset_images(Database& db, std::int64_t asset_id, bool latest_only);

}  // namespace tally
