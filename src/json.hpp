#pragma once

#include <nlohmann/json.hpp>

#include <optional>

namespace tally {

// JSON objects keep their insertion order, so output and history read naturally.
using Json = nlohmann::ordered_json;

// The value, or JSON null when there is none.
template <typename T>
Json json_or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json();
}

}  // namespace tally
