#pragma once

#include <nlohmann/json.hpp>

namespace tally {

// JSON objects keep their insertion order, so output and history read naturally.
using Json = nlohmann::ordered_json;

}  // namespace tally
