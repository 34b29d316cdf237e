#include "racks.hpp"

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
#include <cstdio>
#include <map>

// Racks themselves: adding, naming, listing and showing them with their devices.

namespace tally {

namespace {

constexpr const char* k_rack_query =
    "SELECT k.id, k.name, l.code, k.location_id, k.height_u, k.starting_unit, t.code "
    "FROM rack k JOIN location l ON l.id = k.location_id LEFT JOIN team t ON t.id = k.team_id ";

Rack read_rack(Statement& q) {
  Rack r;
  r.id = q.column(0).as_int64();
  r.name = q.column(1).as_text();
  r.location = q.column(2).as_text();
  r.location_id = q.column(3).as_int64();
  r.height_u = q.column(4).as_int();
  r.starting_unit = q.column(5).as_int();
  r.team = text_or_null(q.column(6));
  return r;
}

// Devices by position, top first; 0U devices last, by tag.
void sort_devices(std::vector<PlacedDevice>& devices) {
  std::sort(devices.begin(), devices.end(), [](const PlacedDevice& a, const PlacedDevice& b) {
    if (a.lo_half.has_value() != b.lo_half.has_value()) {
      return a.lo_half.has_value();
    }
    if (a.lo_half && *a.lo_half != *b.lo_half) {
      return *a.lo_half > *b.lo_half;
    }
    if (a.front != b.front) {
      return a.front;
    }
    return a.tag < b.tag;
  });
}

// Half units taken on at least one face, of a rack `height_u` high, by
// devices placed at [lo, hi) (0U devices have no interval).
class UnitMap {
 public:
  explicit UnitMap(int height_u) : m_taken(static_cast<std::size_t>(2 * height_u), false) {}
  void take(int lo, int hi) {
    for (int h = std::max(lo, 0); h < hi && h < static_cast<int>(m_taken.size()); ++h) {
      m_taken[static_cast<std::size_t>(h)] = true;
    }
  }
  int used() const { return static_cast<int>(std::count(m_taken.begin(), m_taken.end(), true)); }

 private:
  std::vector<bool> m_taken;
};

int used_halves(const RackView& view) {
  UnitMap map(view.rack.height_u);
  for (const auto& d : view.devices) {
    if (d.lo_half) {
      map.take(*d.lo_half, *d.hi_half);
    }
  }
  return map.used();
}

std::optional<std::int64_t> team_id_of(Database& db, const std::optional<std::string>& team) {
  if (!team) {
    return std::nullopt;
  }
  return resolve_team(db, *team).id;
}

}  // namespace

const char* const k_device_query =
    "SELECT p.rack_id, a.tag, m.label, a.hostname, p.lo_half, p.hi_half, p.face, p.front, p.rear, "
    "p.installed_at FROM placement p JOIN asset a ON a.id = p.asset_id JOIN v_model m ON m.model_id = a.model_id ";

PlacedDevice read_device(Statement& q) {
  PlacedDevice d;
  d.tag = q.column(1).as_text();
  d.model = q.column(2).as_text();
  d.hostname = text_or_null(q.column(3));
  if (!q.column(4).is_null()) {
    d.lo_half = q.column(4).as_int();
    d.hi_half = q.column(5).as_int();
  }
  if (!q.column(6).is_null()) {
    d.face = q.column(6).as_text() == "rear" ? Face::rear : Face::front;
  }
  d.front = q.column(7).as_int() != 0;
  d.rear = q.column(8).as_int() != 0;
  d.installed_at = q.column(9).as_text();
  return d;
}

std::string device_label(const PlacedDevice& d) {
  return d.tag + " " + d.model + (d.hostname ? " (" + *d.hostname + ")" : "");
}

std::string units_text(const Rack& rack, const PlacedDevice& d) {
  const int height = *d.hi_half - *d.lo_half;
  const std::string lo = "U" + format_position(rack, *d.lo_half);
  if (height % 2 == 0 && *d.lo_half % 2 == 0) {
    return height == 2 ? lo : lo + "-U" + format_position(rack, *d.hi_half - 2);
  }
  return lo + " (" + format_u_height(height) + "U)";
}

std::string_view face_name(Face face) {
  return face == Face::front ? "front" : "rear";
}

std::string format_position(const Rack& rack, int lo_half) {
  return format_u_height(2 * rack.starting_unit + lo_half);
}

Rack add_rack(Database& db, const std::string& actor, const NewRack& input) {
  const std::string name = trim(input.name);
  if (name.empty() || name.find('/') != std::string::npos) {
    throw Error(Problem::invalid, "rack add: the name '" + input.name + "' must be non-empty and have no '/'", "name");
  }
  const int height = input.height_u.value_or(42);
  if (height < 1 || height > 100) {
    throw Error(Problem::invalid,
                "rack add: " + field_ref("height") + " " + std::to_string(height) + " is not between 1 and 100 units",
                "height");
  }
  const int start = input.starting_unit.value_or(1);
  if (start < 0 || start > 100) {
    throw Error(Problem::invalid,
                "rack add: " + field_ref("starting_unit") + " " + std::to_string(start) + " is not between 0 and 100",
                "starting_unit");
  }
  return write(db, [&] {
    const Location location = resolve_location(db, input.location);
    const auto team_id = team_id_of(db, input.team);
    Statement dup(db, "SELECT 1 FROM rack WHERE location_id = ? AND name = ?");
    dup.bind(1, location.id);
    dup.bind(2, name);
    if (dup.step()) {
      throw conflict("rack add: " + location.code + " already has a rack named " + name, "name");
    }
    Statement insert(db,
                     "INSERT INTO rack (location_id, name, height_u, starting_unit, team_id) "
                     "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, location.id);
    insert.bind(2, name);
    insert.bind(3, height);
    insert.bind(4, start);
    if (team_id) {
      insert.bind(5, *team_id);
    }
    insert.exec();
    const Rack rack = resolve_rack(db, location.code + "/" + name);
    append_event(db, actor, "create", "rack", rack.qualified(), nullptr, rack_json(RackView{rack, {}, 0, 0}));
    return rack;
  });
}

Rack resolve_rack(Database& db, const std::string& input) {
  const std::string code = trim(input);
  const auto slash = code.rfind('/');
  std::vector<Rack> found;
  if (slash != std::string::npos) {
    Statement& q = db.statement(std::string(k_rack_query) + "WHERE l.code = ? AND k.name = ?");
    q.bind(1, code.substr(0, slash));
    q.bind(2, code.substr(slash + 1));
    while (q.step()) {
      found.push_back(read_rack(q));
    }
    q.reset();
  } else {
    Statement& q = db.statement(std::string(k_rack_query) + "WHERE k.name = ? ORDER BY l.code");
    q.bind(1, code);
    while (q.step()) {
      found.push_back(read_rack(q));
    }
    q.reset();
  }
  if (found.size() == 1) {
    return found.front();
  }
  if (found.empty()) {
    throw not_found("unknown rack '" + code + "' (`" + command_ref("rack list") + "` shows every rack)", "rack");
  }
  std::vector<std::string> names;
  for (const auto& r : found) {
    names.push_back(r.qualified());
  }
  throw Error(Problem::invalid, "rack '" + code + "' is ambiguous: " + join(names) + "; use LOCATION/NAME", "rack");
}

std::vector<RackView> list_racks(Database& db, const std::optional<std::string>& location) {
  std::string where;
  std::optional<std::int64_t> location_id;
  if (location) {
    location_id = resolve_location(db, *location).id;
    where = "WHERE k.location_id IN " + location_subtree_sql("?1") + " ";
  }
  std::vector<RackView> views;
  std::map<std::int64_t, std::size_t> index;
  {
    Statement q(db, std::string(k_rack_query) + where + "ORDER BY l.code, k.name");
    if (location_id) {
      q.bind(1, *location_id);
    }
    while (q.step()) {
      RackView v;
      v.rack = read_rack(q);
      index[v.rack.id] = views.size();
      views.push_back(std::move(v));
    }
  }
  // Only positions and counts: a list needs no device names, and skipping the
  // joins to asset, model and vendor keeps it fast on thousands of racks.
  std::vector<UnitMap> maps;
  for (const auto& v : views) {
    maps.emplace_back(v.rack.height_u);
  }
  Statement q(db, "SELECT p.rack_id, p.lo_half, p.hi_half FROM placement p " +
                      (location_id ? "JOIN rack k ON k.id = p.rack_id " + where : std::string()));
  if (location_id) {
    q.bind(1, *location_id);
  }
  while (q.step()) {
    const auto it = index.find(q.column(0).as_int64());
    if (it != index.end()) {
      ++views[it->second].device_count;
      if (!q.column(1).is_null()) {
        maps[it->second].take(q.column(1).as_int(), q.column(2).as_int());
      }
    }
  }
  for (std::size_t i = 0; i < views.size(); ++i) {
    views[i].used_halves = maps[i].used();
  }
  return views;
}

RackView show_rack(Database& db, const std::string& code) {
  RackView v;
  v.rack = resolve_rack(db, code);
  Statement q(db, std::string(k_device_query) + "WHERE p.rack_id = ?");
  q.bind(1, v.rack.id);
  while (q.step()) {
    v.devices.push_back(read_device(q));
  }
  sort_devices(v.devices);
  v.used_halves = used_halves(v);
  v.device_count = static_cast<int>(v.devices.size());
  return v;
}

Json rack_json(const RackView& v) {
  const int total = 2 * v.rack.height_u;
  char utilization[16];
  std::snprintf(utilization, sizeof utilization, "%.1f", 100.0 * v.used_halves / total);
  return {{"rack", v.rack.qualified()},
          {"name", v.rack.name},
          {"location", v.rack.location},
          {"height", v.rack.height_u},
          {"starting_unit", v.rack.starting_unit},
          {"team", json_or_null(v.rack.team)},
          {"used_u", format_u_height(v.used_halves)},
          {"free_u", format_u_height(total - v.used_halves)},
          {"utilization", utilization},
          {"devices", v.device_count}};
}

Json placed_device_json(const Rack& rack, const PlacedDevice& d) {
  return {{"tag", d.tag},
          {"model", d.model},
          {"hostname", json_or_null(d.hostname)},
          {"u", d.lo_half ? Json(format_position(rack, *d.lo_half)) : Json()},
          {"units", d.lo_half ? Json(units_text(rack, d)) : Json("0U")},
          {"height", d.lo_half ? format_u_height(*d.hi_half - *d.lo_half) : std::string("0")},
          {"face", d.face ? Json(std::string(face_name(*d.face))) : Json()},
          {"depth", d.front && d.rear ? "full" : "half"},
          {"installed_at", d.installed_at}};
}

}  // namespace tally
