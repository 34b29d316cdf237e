#pragma once

#include "json.hpp"

#include <optional>
#include <string>

namespace tally {

// A hardware test result or an image load (A-3's setup records).
struct SetupRecord {
  std::string tag;
  std::string kind;    // tests: memory, disk, power, burn-in, network; images: the image name
  std::string result;  // tests: pass, fail; images: the version ("" when none)
  std::optional<std::string> notes;
  std::string recorded_at;
  std::string recorded_by;
};

}  // namespace tally
