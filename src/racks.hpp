#pragma once

#include "rack_images.hpp"
#include "rack_tests.hpp"

#include "assets.hpp"
#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

class Database;

// A rack in a location. Units are numbered from `starting_unit` upwards.
struct Rack {
  std::int64_t id = 0;
  std::string name;
  std::string location;  // location code
  std::int64_t location_id = 0;
  int height_u = 42;
  int starting_unit = 1;
  std::optional<std::string> team;  // owning team code

  // "LOCATION/NAME": what names the rack everywhere.
  std::string qualified() const { return location + "/" + name; }
};

// What `tally rack add` asks for.
struct NewRack {
  std::string name;
  std::string location;
  std::optional<int> height_u;       // default 42
  std::optional<int> starting_unit;  // default 1
  std::optional<std::string> team;
};

// Adds a rack and its event. Throws a refused Error for an unknown location
// or team, a name already used in that location, a name with '/', or a height
// outside 1..100 or a starting unit outside 0..100.
Rack add_rack(Database& db, const std::string& actor, const NewRack& rack);

// The rack that `code` names: `NAME` when only one location has a rack of
// that name, else `LOCATION/NAME`. Throws a refused Error naming the
// candidates when the name is ambiguous, or when no rack has it.
Rack resolve_rack(Database& db, const std::string& code);

// Which face of a rack a device is mounted from.
enum class Face { front, rear };

// "front" / "rear".
std::string_view face_name(Face face);

// One device placed in a rack. A 0U device has no units.
struct PlacedDevice {
  std::string tag;
  std::string model;  // "MANUFACTURER MODEL"
  std::optional<std::string> hostname;
  std::optional<int> lo_half;  // from the rack's starting unit; nullopt for 0U
  std::optional<int> hi_half;  // exclusive
  std::optional<Face> face;    // the face it was mounted from
  bool front = false;          // occupies the front face
  bool rear = false;           // occupies the rear face
  std::string installed_at;
};

// A rack with its devices (by position, top first; 0U devices last).
struct RackView {
  Rack rack;
  std::vector<PlacedDevice> devices;  // empty in list_racks(), which counts only
  int used_halves = 0;                // half units taken on at least one face
  int device_count = 0;
};

// A position in half units from the rack's starting unit as the unit number
// people read on the rails: "10", "10.5".
std::string format_position(const Rack& rack, int lo_half);

// Per rack: height, units used and free, utilization, device count (the
// devices themselves are not read). `location` keeps the racks at that
// location and below it.
std::vector<RackView> list_racks(Database& db, const std::optional<std::string>& location);

// One rack with its devices. Throws a refused Error for an unknown rack.
RackView show_rack(Database& db, const std::string& code);

// The rack view as JSON: name, location, height, units used/free,
// utilization (percent, one decimal), device count.
Json rack_json(const RackView& view);

// A device as JSON: tag, model, hostname, u ("10"), top, height, face, depth.
Json placed_device_json(const Rack& rack, const PlacedDevice& device);

// One row per unit, top to bottom: {"u": 42, "front": "...", "rear": "..."};
// a device's label on its top unit and "│ TAG" on the units below; null
// where a face is empty.
std::vector<Json> elevation_rows(const RackView& view);

// The elevation as an SVG document: both faces side by side, unit numbers,
// devices as labelled boxes, empty units drawn as empty slots.
std::string elevation_svg(const RackView& view);

// What `tally rack install` and `tally rack move` ask for.
struct Installation {
  std::string asset;                  // tag, serial or barcode
  std::string rack;                   // NAME or LOCATION/NAME
  std::optional<std::string> u;       // lowest unit taken, "10" or "10.5"; none for 0U
  std::optional<Face> face;           // required for half-depth devices
  std::optional<std::string> reason;  // with force: why a failed test is overridden
  bool force = false;
};

// Installs an asset: a placement row, status deployed, location the rack's
// location, one event. Throws a refused Error (naming the other device and its
// units, the rack's limits, or what the asset is) for an overlap, a position
// outside the rack, a half-U position for a whole-U model, a missing face for
// a half-depth device, a --u for a 0U model, an asset that cannot be deployed
// or is already installed, a failed test with no later pass (unless forced
// with a reason), or a hostname already used by a deployed asset.
Asset install_asset(Database& db, const std::string& actor, const Installation& installation);

// Takes an asset out of its rack: status in_stock, at `to` (a location code)
// or else at the rack's location. Throws a refused Error if it is not in a rack.
Asset remove_from_rack(Database& db, const std::string& actor, const std::string& asset,
                       const std::optional<std::string>& to);

// Moves an installed asset to another rack or position in one transaction;
// the same checks as install_asset. The asset stays deployed.
Asset move_in_rack(Database& db, const std::string& actor, const Installation& installation);

// `input` trimmed, if it is a DNS name (letters, digits, '-', dots; at most
// 253 characters) that no other deployed asset has. Throws a refused Error
// (naming the asset that has it) otherwise.
std::string checked_hostname(Database& db, const std::string& verb, const Asset& asset, const std::string& input);

// `tally asset set TAG --hostname NAME` (edit_asset with only the hostname).
Asset set_hostname(Database& db, const std::string& actor, const std::string& asset, const std::string& hostname);

}  // namespace tally
