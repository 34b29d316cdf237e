#pragma once

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

class Database;

// A product that Tally tracks: serialized (each unit an asset with a tag) or
// bulk (counted stock).
struct Model {
  std::int64_t id = 0;
  std::int64_t manufacturer_id = 0;
  std::string manufacturer;
  std::string name;
  std::optional<std::string> part_number;
  std::optional<std::string> gtin;
  std::string category;
  int u_height_halves = 0;  // rack height in half units (2 = 1U)
  bool full_depth = true;
  bool serialized = true;
  bool stores_data = false;
  int warranty_months = 0;

  // "Dell PowerEdge R640": how people and --model name a model.
  std::string display_name() const { return manufacturer + " " + name; }
};

// The fixed list of model categories (enforced by the schema too).
const std::vector<std::string>& model_categories();

// Parses a number of units that is a multiple of 0.5 ("10", "10.5") into half
// units; nullopt for anything else or more than `max_halves`.
std::optional<int> parse_half_units(std::string_view text, int max_halves);

// Parses a rack height such as "0", "0.5", "1" or "2" into half units;
// nullopt unless it is a multiple of 0.5 between 0 and 100.
std::optional<int> parse_u_height(std::string_view text);

// Formats half units as a height or unit number: 1 -> "0.5", 21 -> "10.5".
std::string format_u_height(int halves);

// A model as JSON (the object `model add`/`model list` print and the history keeps).
Json model_json(const Model& model);

// What `tally model add` asks for.
struct NewModel {
  std::string manufacturer;
  std::string name;
  std::string category;
  std::optional<std::string> part_number;
  std::optional<std::string> gtin;
  std::optional<std::string> u_height;  // text as typed, checked by parse_u_height
  bool full_depth = true;
  bool bulk = false;
  bool stores_data = false;
  int warranty_months = 0;
};

// Adds a model (and marks its manufacturer as one), with its event. Throws a
// refused Error for an unknown manufacturer, an unknown category, a GTIN with
// a wrong check digit or already used, a bad height, a negative warranty, or
// a duplicate model of the same manufacturer.
Model add_model(Database& db, const std::string& actor, const NewModel& model);
// add_model inside the caller's write transaction.
Model insert_model(Database& db, const std::string& actor, const NewModel& model);

// Every model, by manufacturer and name.
std::vector<Model> list_models(Database& db);

// The model with this row id (which must exist).
Model model_by_id(Database& db, std::int64_t id);

// The model named "MANUFACTURER MODEL" (case-insensitive), else the only model
// with that name, part number or GTIN. Throws a refused Error for an unknown
// or ambiguous text, listing candidates.
Model resolve_model(Database& db, const std::string& text);

}  // namespace tally
