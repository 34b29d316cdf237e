#pragma once

#include "error.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "stock.hpp"

#include <cstdint>
#include <optional>
#include <string>

// What the stock files (stock_ledger.cpp, stock_counts.cpp, stock_reorder.cpp)
// share: the ledger's row, its writing and reading, and the checks every
// stock verb makes. Not for other files: they call stock.hpp.

namespace tally {

class Database;
class Statement;

// The prefix of a count's id (CNT-00001).
constexpr const char* k_count_prefix = "CNT-";

// Runs `f`; a refusal from a shared resolver (unknown location, model, team)
// gets the command's name in front (`context`: "stock issue"), like the
// command's own refusals (with_prefix keeps its problem and field).
template <typename F>
auto prefixed(const std::string& context, F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::refused) {
      throw;
    }
    throw with_prefix(context + ": ", e);
  }
}

// The model itself when it is a bulk one; a serialized model is refused with
// the commands that handle its units.
Model require_bulk(const std::string& context, Model model);
// The bulk model a text names (see resolve_model); refused as require_bulk.
Model bulk_model(Database& db, const std::string& context, const std::string& text);
// The location with this code (see resolve_location), refusals prefixed.
Location location_of(Database& db, const std::string& context, const std::string& code);
// Units of a model on hand at exactly one location.
std::int64_t on_hand(Database& db, std::int64_t model_id, std::int64_t location_id);

// A ledger row about to be written.
struct MovementRow {
  std::int64_t model_id = 0;
  std::int64_t location_id = 0;
  std::int64_t delta = 0;
  std::string kind;
  std::optional<std::int64_t> team_id;
  std::optional<std::int64_t> person_id;
  std::optional<std::int64_t> asset_id;
  std::optional<std::int64_t> peer_location_id;
  std::optional<std::int64_t> count_id;
  std::optional<std::string> reason;
};

// Writes a ledger row (the trigger keeps stock_level) and its event with
// `action`; returns the row as read back, with the balance after it.
StockMovement write_movement(Database& db, const std::string& actor, const std::string& action, const MovementRow& row);

}  // namespace tally
