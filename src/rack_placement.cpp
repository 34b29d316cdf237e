#include "racks.hpp"

#include "assets.hpp"
#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "teams.hpp"
#include "rack_devices.hpp"
#include "text.hpp"

#include <algorithm>
#include <cctype>

// Placing assets in racks: install, remove, move, and the hostname a deployed asset keeps unique.

namespace tally {

namespace {

// The asset's placement as an event field: "LOCATION/RACK U10 front".
Json placement_json(const Rack& rack, const std::optional<int>& lo_half, const std::optional<Face>& face) {
  return {{"rack", rack.qualified()},
          {"rack_u", lo_half ? Json(format_position(rack, *lo_half)) : Json()},
          {"face", face ? Json(std::string(face_name(*face))) : Json()}};
}

// Where an installation puts a device, checked against the rack, the model
// and the other devices (the schema checks the same again).
struct Position {
  std::optional<int> lo_half;
  std::optional<int> hi_half;
  bool front = false;
  bool rear = false;
};

Position plan_position(Database& db, const std::string& verb, const Asset& asset, const Rack& rack,
                       const Installation& in) {
  const Model model = model_by_id(db, asset.model_id);
  Position p;
  const int height = model.u_height_halves;
  if (height == 0) {
    if (in.u) {
      throw Error(Problem::invalid,
                  verb + ": " + model.display_name() +
                      " is a 0U device (PDU, cable manager); it takes no units, so give no " + field_ref("u"),
                  "u");
    }
    p.front = in.face == Face::front;
    p.rear = in.face == Face::rear;
    return p;
  }
  if (!in.u) {
    throw Error(Problem::invalid,
                verb + ": give " + field_ref("u") + " N, the lowest unit " + asset.tag + " (" +
                    format_u_height(height) + "U) will occupy in " + rack.qualified(),
                "u");
  }
  const auto absolute = parse_half_units(trim(*in.u), 400);
  if (!absolute) {
    throw Error(Problem::invalid,
                verb + ": " + field_ref("u") + " '" + *in.u + "' is not a unit number such as 10 or 10.5", "u");
  }
  const int top_unit = rack.starting_unit + rack.height_u - 1;
  if (*absolute < 2 * rack.starting_unit) {
    throw Error(Problem::invalid,
                verb + ": U" + trim(*in.u) + " is below the first unit of " + rack.qualified() + " (U" +
                    std::to_string(rack.starting_unit) + "-U" + std::to_string(top_unit) + ")",
                "u");
  }
  const int lo = *absolute - 2 * rack.starting_unit;
  if (lo % 2 == 1 && height % 2 == 0) {
    throw Error(Problem::invalid,
                verb + ": U" + trim(*in.u) + " is a half-unit position, but " + model.display_name() + " is " +
                    format_u_height(height) + "U high; whole-unit devices start on a whole unit",
                "u");
  }
  if (lo + height > 2 * rack.height_u) {
    throw Error(Problem::invalid,
                verb + ": " + asset.tag + " is " + format_u_height(height) + "U high; from U" + trim(*in.u) +
                    " it would run past the top of " + rack.qualified() + " (U" + std::to_string(top_unit) + ")",
                "u");
  }
  if (!model.full_depth && !in.face) {
    throw Error(
        Problem::invalid,
        verb + ": " + model.display_name() + " is half depth; say which face with " + field_ref("face") + " front|rear",
        "face");
  }
  p.lo_half = lo;
  p.hi_half = lo + height;
  p.front = model.full_depth || in.face == Face::front;
  p.rear = model.full_depth || in.face == Face::rear;
  Statement& other = db.statement(std::string(k_device_query) +
                                  "WHERE p.rack_id = ? AND p.asset_id <> ? AND p.lo_half IS NOT NULL "
                                  "AND p.lo_half < ? AND ? < p.hi_half AND ((p.front AND ?) OR (p.rear AND ?)) "
                                  "ORDER BY p.lo_half");
  other.bind(1, rack.id);
  other.bind(2, asset.id);
  other.bind(3, *p.hi_half);
  other.bind(4, *p.lo_half);
  other.bind(5, p.front ? 1 : 0);
  other.bind(6, p.rear ? 1 : 0);
  if (other.step()) {
    const PlacedDevice d = read_device(other);
    other.reset();
    const std::string faces = d.front && d.rear ? "both faces" : d.front ? "the front" : "the rear";
    throw conflict(verb + ": " + asset.tag + " at U" + trim(*in.u) + " would overlap " + d.tag + " (" + d.model +
                       ") at " + units_text(rack, d) + " on " + faces + " of " + rack.qualified(),
                   "u");
  }
  other.reset();
  return p;
}

// Refuses an asset with a failed test and no later pass of that kind, unless
// forced with a reason; returns the failed kinds that were overridden.
std::vector<std::string> check_tests(Database& db, const std::string& verb, const Asset& asset,
                                     const Installation& in) {
  std::vector<std::string> failed;
  for (const auto& t : asset_tests(db, asset.id, true)) {
    if (t.result == "fail") {
      failed.push_back(t.kind);
    }
  }
  if (failed.empty()) {
    return failed;
  }
  if (!in.force) {
    throw conflict(verb + ": " + asset.tag + " failed its latest " + join(failed) +
                       " test with no later pass; record a passing test, or install anyway with " + field_ref("force") +
                       " " + field_ref("reason") + " TEXT",
                   "force");
  }
  if (!in.reason || trim(*in.reason).empty()) {
    throw Error(Problem::invalid,
                verb + ": " + field_ref("force") + " needs " + field_ref("reason") + " TEXT saying why " + asset.tag +
                    " goes in despite its failed " + join(failed) + " test",
                "reason");
  }
  return failed;
}

void check_hostname_free(Database& db, const std::string& verb, const Asset& asset, const std::string& hostname) {
  Statement& q =
      db.statement("SELECT tag FROM asset WHERE hostname = ? COLLATE NOCASE AND status = 'deployed' AND id <> ?");
  q.bind(1, hostname);
  q.bind(2, asset.id);
  if (q.step()) {
    const std::string other = q.column(0).as_text();
    q.reset();
    throw conflict(verb + ": hostname " + hostname + " is already used by deployed asset " + other, "hostname");
  }
  q.reset();
}

void insert_placement(Database& db, const Asset& asset, const Rack& rack, const Position& p,
                      const std::optional<Face>& face) {
  Statement& insert = db.statement(
      "INSERT INTO placement (asset_id, rack_id, lo_half, hi_half, face, front, rear, installed_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, asset.id);
  insert.bind(2, rack.id);
  if (p.lo_half) {
    insert.bind(3, *p.lo_half);
    insert.bind(4, *p.hi_half);
  }
  if (face) {
    insert.bind(5, std::string(face_name(*face)));
  }
  insert.bind(6, p.front ? 1 : 0);
  insert.bind(7, p.rear ? 1 : 0);
  insert.bind(8, now_timestamp());
  insert.exec();
  insert.reset();
  insert.clear_bindings();
}

// Deletes the asset's placement; returns the rack it was in, if any.
std::optional<Rack> delete_placement(Database& db, const Asset& asset) {
  if (!asset.rack) {
    return std::nullopt;
  }
  Rack rack = resolve_rack(db, *asset.rack);
  Statement& del = db.statement("DELETE FROM placement WHERE asset_id = ?");
  del.bind(1, asset.id);
  del.exec();
  del.reset();
  return rack;
}

// The part install and move share: checks, the asset change, the placement.
Asset place(Database& db, const std::string& actor, const std::string& verb, const Asset& asset, const Installation& in,
            const std::string& action, Json extra) {
  const Rack rack = resolve_rack(db, in.rack);
  const Position p = plan_position(db, verb, asset, rack, in);
  const auto overridden = check_tests(db, verb, asset, in);
  if (asset.hostname) {
    check_hostname_free(db, verb, asset, *asset.hostname);
  }
  std::vector<std::pair<std::string, ColumnValue>> columns = {{"location_id", rack.location_id}};
  if (asset.status != "deployed") {
    columns.emplace_back("status", std::string("deployed"));
  }
  const Json where = placement_json(rack, p.lo_half, in.face);
  for (const auto& [key, value] : where.items()) {
    extra[key] = value;
  }
  if (!overridden.empty()) {
    extra["forced"] = {{"failed_tests", overridden}, {"reason", trim(*in.reason)}};
  }
  change_asset(db, actor, asset, action, columns, extra);
  insert_placement(db, asset, rack, p, in.face);
  return asset_by_id(db, asset.id);
}

bool valid_hostname(const std::string& name) {
  if (name.empty() || name.size() > 253) {
    return false;
  }
  std::size_t start = 0;
  for (;;) {
    const auto dot = name.find('.', start);
    const std::string label = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
        !std::all_of(label.begin(), label.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; })) {
      return false;
    }
    if (dot == std::string::npos) {
      return true;
    }
    start = dot + 1;
  }
}

}  // namespace

Asset install_asset(Database& db, const std::string& actor, const Installation& in) {
  return write(db, [&] {
    const Asset asset = resolve_asset(db, in.asset);
    if (asset.rack) {
      throw conflict("rack install: " + asset.tag + " is already installed in " + *asset.rack +
                     (asset.rack_u ? " at U" + *asset.rack_u : std::string(" (0U)")) + "; use `" +
                     command_ref("rack move") + "`");
    }
    if (asset.status != "deployed") {
      check_transition(db, asset, "deployed");
    }
    const Asset after = place(db, actor, "rack install", asset, in, "install", Json::object());
    return after;
  });
}

Asset remove_from_rack(Database& db, const std::string& actor, const std::string& code,
                       const std::optional<std::string>& to) {
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    if (!asset.rack) {
      throw conflict("rack remove: " + asset.tag + " is not installed in a rack (it is " + asset.status + ")");
    }
    std::int64_t location_id = 0;
    if (to) {
      location_id = resolve_location(db, *to).id;
    }
    const Rack rack = *delete_placement(db, asset);
    if (!to) {
      location_id = rack.location_id;
    }
    const Asset unplaced = asset_by_id(db, asset.id);
    const Asset after = change_asset(db, actor, unplaced, "uninstall",
                                     {{"status", std::string("in_stock")}, {"location_id", location_id}},
                                     {{"from_rack", *asset.rack}, {"from_u", json_or_null(asset.rack_u)}});
    return after;
  });
}

Asset move_in_rack(Database& db, const std::string& actor, const Installation& in) {
  return write(db, [&] {
    const Asset asset = resolve_asset(db, in.asset);
    if (!asset.rack) {
      throw conflict("rack move: " + asset.tag + " is not installed in a rack; use `" + command_ref("rack install") +
                     "`");
    }
    delete_placement(db, asset);
    const Asset unplaced = asset_by_id(db, asset.id);
    const Asset after = place(db, actor, "rack move", unplaced, in, "rack-move",
                              {{"from_rack", *asset.rack}, {"from_u", json_or_null(asset.rack_u)}});
    return after;
  });
}

std::string checked_hostname(Database& db, const std::string& verb, const Asset& asset, const std::string& input) {
  const std::string hostname = trim(input);
  if (!valid_hostname(hostname)) {
    throw Error(Problem::invalid,
                verb + ": " + field_ref("hostname") + " '" + input +
                    "' is not a host name (letters, digits and '-' in dot-separated labels of 1-63, at most 253)",
                "hostname");
  }
  check_hostname_free(db, verb, asset, hostname);
  return hostname;
}

Asset set_hostname(Database& db, const std::string& actor, const std::string& code, const std::string& input) {
  AssetEdit edit;
  edit.code = code;
  edit.hostname = input;
  return edit_asset(db, actor, edit);
}

}  // namespace tally
