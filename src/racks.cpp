#include "racks.hpp"

#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"
#include "events.hpp"
#include "lifecycle.hpp"
#include "locations.hpp"
#include "models.hpp"
#include "org.hpp"
#include "text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

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

constexpr const char* k_device_query =
    "SELECT p.rack_id, a.tag, v.name || ' ' || m.name, a.hostname, p.lo_half, p.hi_half, p.face, p.front, p.rear, "
    "p.installed_at FROM placement p JOIN asset a ON a.id = p.asset_id JOIN model m ON m.id = a.model_id "
    "JOIN vendor v ON v.id = a.manufacturer_id ";

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

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::optional<std::int64_t> team_id_of(Database& db, const std::optional<std::string>& team) {
  if (!team) {
    return std::nullopt;
  }
  return resolve_team(db, *team).id;
}

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
      throw refused(verb + ": " + model.display_name() +
                    " is a 0U device (PDU, cable manager); it takes no units, "
                    "so give no --u");
    }
    p.front = in.face == Face::front;
    p.rear = in.face == Face::rear;
    return p;
  }
  if (!in.u) {
    throw refused(verb + ": give --u N, the lowest unit " + asset.tag + " (" + format_u_height(height) +
                  "U) will occupy in " + rack.qualified());
  }
  const auto absolute = parse_half_units(trim(*in.u), 400);
  if (!absolute) {
    throw refused(verb + ": --u '" + *in.u + "' is not a unit number such as 10 or 10.5");
  }
  const int top_unit = rack.starting_unit + rack.height_u - 1;
  if (*absolute < 2 * rack.starting_unit) {
    throw refused(verb + ": U" + trim(*in.u) + " is below the first unit of " + rack.qualified() + " (U" +
                  std::to_string(rack.starting_unit) + "-U" + std::to_string(top_unit) + ")");
  }
  const int lo = *absolute - 2 * rack.starting_unit;
  if (lo % 2 == 1 && height % 2 == 0) {
    throw refused(verb + ": U" + trim(*in.u) + " is a half-unit position, but " + model.display_name() + " is " +
                  format_u_height(height) + "U high; whole-unit devices start on a whole unit");
  }
  if (lo + height > 2 * rack.height_u) {
    throw refused(verb + ": " + asset.tag + " is " + format_u_height(height) + "U high; from U" + trim(*in.u) +
                  " it would run past the top of " + rack.qualified() + " (U" + std::to_string(top_unit) + ")");
  }
  if (!model.full_depth && !in.face) {
    throw refused(verb + ": " + model.display_name() + " is half depth; say which face with --face front|rear");
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
    throw refused(verb + ": " + asset.tag + " at U" + trim(*in.u) + " would overlap " + d.tag + " (" + d.model +
                  ") at " + units_text(rack, d) + " on " + faces + " of " + rack.qualified());
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
    throw refused(verb + ": " + asset.tag + " failed its latest " + join(failed) +
                  " test with no later pass; record a passing test, or install anyway with --force --reason TEXT");
  }
  if (!in.reason || trim(*in.reason).empty()) {
    throw refused(verb + ": --force needs --reason TEXT saying why " + asset.tag + " goes in despite its failed " +
                  join(failed) + " test");
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
    throw refused(verb + ": hostname " + hostname + " is already used by deployed asset " + other);
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

SetupRecord read_setup(Statement& q) {
  SetupRecord r;
  r.tag = q.column(0).as_text();
  r.kind = q.column(1).as_text();
  r.result = q.column(2).is_null() ? "" : q.column(2).as_text();
  r.notes = text_or_null(q.column(3));
  r.recorded_at = q.column(4).as_text();
  r.recorded_by = q.column(5).as_text();
  return r;
}

}  // namespace

std::string_view face_name(Face face) {
  return face == Face::front ? "front" : "rear";
}

std::string format_position(const Rack& rack, int lo_half) {
  return format_u_height(2 * rack.starting_unit + lo_half);
}

Rack add_rack(Database& db, const std::string& actor, const NewRack& input) {
  const std::string name = trim(input.name);
  if (name.empty() || name.find('/') != std::string::npos) {
    throw refused("rack add: the name '" + input.name + "' must be non-empty and have no '/'");
  }
  const int height = input.height_u.value_or(42);
  if (height < 1 || height > 100) {
    throw refused("rack add: --height " + std::to_string(height) + " is not between 1 and 100 units");
  }
  const int start = input.starting_unit.value_or(1);
  if (start < 0 || start > 100) {
    throw refused("rack add: --starting-unit " + std::to_string(start) + " is not between 0 and 100");
  }
  return write(db, [&] {
    const Location location = resolve_location(db, input.location);
    const auto team_id = team_id_of(db, input.team);
    Statement dup(db, "SELECT 1 FROM rack WHERE location_id = ? AND name = ?");
    dup.bind(1, location.id);
    dup.bind(2, name);
    if (dup.step()) {
      throw refused("rack add: " + location.code + " already has a rack named " + name);
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
    throw refused("unknown rack '" + code + "' (`tally rack list` shows every rack)");
  }
  std::vector<std::string> names;
  for (const auto& r : found) {
    names.push_back(r.qualified());
  }
  throw refused("rack '" + code + "' is ambiguous: " + join(names) + "; use LOCATION/NAME");
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
          {"team", v.rack.team ? Json(*v.rack.team) : Json()},
          {"used_u", format_u_height(v.used_halves)},
          {"free_u", format_u_height(total - v.used_halves)},
          {"utilization", utilization},
          {"devices", v.device_count}};
}

Json placed_device_json(const Rack& rack, const PlacedDevice& d) {
  return {{"tag", d.tag},
          {"model", d.model},
          {"hostname", d.hostname ? Json(*d.hostname) : Json()},
          {"u", d.lo_half ? Json(format_position(rack, *d.lo_half)) : Json()},
          {"units", d.lo_half ? Json(units_text(rack, d)) : Json("0U")},
          {"height", d.lo_half ? format_u_height(*d.hi_half - *d.lo_half) : std::string("0")},
          {"face", d.face ? Json(std::string(face_name(*d.face))) : Json()},
          {"depth", d.front && d.rear ? "full" : "half"},
          {"installed_at", d.installed_at}};
}

std::vector<Json> elevation_rows(const RackView& v) {
  std::vector<Json> rows;
  for (int unit = v.rack.height_u - 1; unit >= 0; --unit) {
    Json row = {{"u", v.rack.starting_unit + unit}, {"front", nullptr}, {"rear", nullptr}};
    for (const bool front : {true, false}) {
      std::vector<std::string> cells;
      for (const auto& d : v.devices) {
        if (!d.lo_half || !(front ? d.front : d.rear)) {
          continue;
        }
        // Does the device take part of this unit's two halves?
        if (*d.lo_half < 2 * unit + 2 && 2 * unit < *d.hi_half) {
          const bool top = *d.hi_half <= 2 * unit + 2;
          cells.push_back(top ? device_label(d) : "│ " + d.tag);
        }
      }
      if (!cells.empty()) {
        row[front ? "front" : "rear"] = join(cells, " / ");
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string elevation_svg(const RackView& v) {
  constexpr int unit_px = 22;
  constexpr int face_px = 300;
  constexpr int label_px = 40;
  constexpr int gap_px = 40;
  constexpr int top_px = 50;
  const int height_px = v.rack.height_u * unit_px;
  const int width = label_px + face_px + gap_px + label_px + face_px + 20;
  const int zero_u = static_cast<int>(
      std::count_if(v.devices.begin(), v.devices.end(), [](const PlacedDevice& d) { return !d.lo_half; }));
  const int total_px = top_px + height_px + 20 + 16 * zero_u;
  std::string s;
  s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
       std::to_string(total_px) + "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(total_px) +
       "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  s += "<title>" + xml_escape("Rack " + v.rack.qualified()) + "</title>\n";
  s += "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">" +
       xml_escape("Rack " + v.rack.qualified() + " (" + std::to_string(v.rack.height_u) + "U, " +
                  std::string(rack_json(v)["utilization"]) + "% used)") +
       "</text>\n";
  for (const bool front : {true, false}) {
    const int x0 = front ? label_px : label_px + face_px + gap_px + label_px;
    s += "<g class=\"face\" id=\"" + std::string(front ? "front" : "rear") + "\">\n";
    s += "<text x=\"" + std::to_string(x0) + "\" y=\"" + std::to_string(top_px - 8) + "\" font-weight=\"bold\">" +
         std::string(front ? "Front" : "Rear") + "</text>\n";
    for (int unit = 0; unit < v.rack.height_u; ++unit) {
      const int y = top_px + (v.rack.height_u - 1 - unit) * unit_px;
      s += "<text x=\"" + std::to_string(x0 - 6) + "\" y=\"" + std::to_string(y + 15) + "\" text-anchor=\"end\">" +
           std::to_string(v.rack.starting_unit + unit) + "</text>";
      s += "<rect class=\"slot\" x=\"" + std::to_string(x0) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(face_px) + "\" height=\"" + std::to_string(unit_px) +
           "\" fill=\"#f7f7f7\" stroke=\"#cccccc\" stroke-dasharray=\"3,2\"/>\n";
    }
    for (const auto& d : v.devices) {
      if (!d.lo_half || !(front ? d.front : d.rear)) {
        continue;
      }
      const int y = top_px + height_px - *d.hi_half * unit_px / 2;
      const int h = (*d.hi_half - *d.lo_half) * unit_px / 2;
      s += "<g class=\"device\" data-tag=\"" + xml_escape(d.tag) + "\"><title>" +
           xml_escape(device_label(d) + " " + units_text(v.rack, d)) + "</title>";
      s += "<rect x=\"" + std::to_string(x0 + 1) + "\" y=\"" + std::to_string(y + 1) + "\" width=\"" +
           std::to_string(face_px - 2) + "\" height=\"" + std::to_string(h - 2) +
           "\" rx=\"2\" fill=\"#dbe9f6\" stroke=\"#2b5f8a\"/>";
      s += "<text x=\"" + std::to_string(x0 + 6) + "\" y=\"" + std::to_string(y + std::min(h, unit_px) / 2 + 4) +
           "\">" + xml_escape(device_label(d)) + "</text></g>\n";
    }
    s += "</g>\n";
  }
  // 0U devices (PDUs, cable managers) take no units: listed under the rack.
  int y = top_px + height_px + 18;
  for (const auto& d : v.devices) {
    if (d.lo_half) {
      continue;
    }
    s += "<g class=\"device zero-u\"><text x=\"" + std::to_string(label_px) + "\" y=\"" + std::to_string(y) + "\">" +
         xml_escape(device_label(d)) + "</text><text x=\"" + std::to_string(label_px + face_px) + "\" y=\"" +
         std::to_string(y) + "\">" + xml_escape("0U" + (d.face ? ", " + std::string(face_name(*d.face)) : "")) +
         "</text></g>\n";
    y += 16;
  }
  s += "</svg>\n";
  return s;
}

Asset install_asset(Database& db, const std::string& actor, const Installation& in) {
  return write(db, [&] {
    const Asset asset = resolve_asset(db, in.asset);
    if (asset.rack) {
      throw refused("rack install: " + asset.tag + " is already installed in " + *asset.rack +
                    (asset.rack_u ? " at U" + *asset.rack_u : std::string(" (0U)")) + "; use `tally rack move`");
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
      throw refused("rack remove: " + asset.tag + " is not installed in a rack (it is " + asset.status + ")");
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
    const Asset after = change_asset(
        db, actor, unplaced, "uninstall", {{"status", std::string("in_stock")}, {"location_id", location_id}},
        {{"from_rack", *asset.rack}, {"from_u", asset.rack_u ? Json(*asset.rack_u) : Json()}});
    return after;
  });
}

Asset move_in_rack(Database& db, const std::string& actor, const Installation& in) {
  return write(db, [&] {
    const Asset asset = resolve_asset(db, in.asset);
    if (!asset.rack) {
      throw refused("rack move: " + asset.tag + " is not installed in a rack; use `tally rack install`");
    }
    delete_placement(db, asset);
    const Asset unplaced = asset_by_id(db, asset.id);
    const Asset after = place(db, actor, "rack move", unplaced, in, "rack-move",
                              {{"from_rack", *asset.rack}, {"from_u", asset.rack_u ? Json(*asset.rack_u) : Json()}});
    return after;
  });
}

const std::vector<std::string>& test_kinds() {
  static const std::vector<std::string> kinds = {"memory", "disk", "power", "burn-in", "network"};
  return kinds;
}

Json test_record_json(const SetupRecord& r) {
  return {{"tag", r.tag},
          {"kind", r.kind},
          {"result", r.result},
          {"notes", r.notes ? Json(*r.notes) : Json()},
          {"recorded_at", r.recorded_at},
          {"recorded_by", r.recorded_by}};
}

Json image_record_json(const SetupRecord& r) {
  return {{"tag", r.tag},
          {"image", r.kind},
          {"version", r.result.empty() ? Json() : Json(r.result)},
          {"recorded_at", r.recorded_at},
          {"recorded_by", r.recorded_by}};
}

SetupRecord record_test(Database& db, const std::string& actor, const std::string& code, const std::string& kind,
                        const std::string& result, const std::optional<std::string>& notes) {
  require_one_of("test record", "kind", kind, test_kinds());
  require_one_of("test record", "result", result, {"pass", "fail"});
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_not_final(asset);
    Statement insert(db,
                     "INSERT INTO hw_test (asset_id, kind, result, notes, recorded_at, recorded_by) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, asset.id);
    insert.bind(2, kind);
    insert.bind(3, result);
    if (notes && !trim(*notes).empty()) {
      insert.bind(4, trim(*notes));
    }
    insert.bind(5, now_timestamp());
    insert.bind(6, actor);
    insert.exec();
    const SetupRecord record = asset_tests(db, asset.id, false).front();
    append_event(db, actor, "test", "asset", asset.tag, nullptr, test_record_json(record));
    return record;
  });
}

SetupRecord record_image(Database& db, const std::string& actor, const std::string& code, const std::string& image,
                         const std::optional<std::string>& version) {
  if (trim(image).empty()) {
    throw refused("image record: --image must not be empty");
  }
  return write(db, [&] {
    const Asset asset = resolve_asset(db, code);
    check_not_final(asset);
    Statement insert(db,
                     "INSERT INTO image_record (asset_id, image, version, recorded_at, recorded_by) "
                     "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, asset.id);
    insert.bind(2, trim(image));
    if (version && !trim(*version).empty()) {
      insert.bind(3, trim(*version));
    }
    insert.bind(4, now_timestamp());
    insert.bind(5, actor);
    insert.exec();
    const SetupRecord record = asset_images(db, asset.id, true).front();
    append_event(db, actor, "image", "asset", asset.tag, nullptr, image_record_json(record));
    return record;
  });
}

std::vector<SetupRecord> asset_tests(Database& db, std::int64_t asset_id, bool latest_only) {
  const std::string sql =
      latest_only ? "SELECT a.tag, t.kind, t.result, t.notes, t.recorded_at, t.recorded_by FROM hw_test t "
                    "JOIN asset a ON a.id = t.asset_id WHERE t.asset_id = ?1 AND t.id = (SELECT max(id) FROM hw_test "
                    "WHERE asset_id = ?1 AND kind = t.kind) ORDER BY t.kind"
                  : "SELECT a.tag, t.kind, t.result, t.notes, t.recorded_at, t.recorded_by FROM hw_test t "
                    "JOIN asset a ON a.id = t.asset_id WHERE t.asset_id = ?1 ORDER BY t.id DESC";
  Statement& q = db.statement(sql);
  q.bind(1, asset_id);
  std::vector<SetupRecord> records;
  while (q.step()) {
    records.push_back(read_setup(q));
  }
  q.reset();
  return records;
}

std::vector<SetupRecord> asset_images(Database& db, std::int64_t asset_id, bool latest_only) {
  Statement& q = db.statement(
      "SELECT a.tag, i.image, i.version, NULL, i.recorded_at, i.recorded_by FROM image_record i "
      "JOIN asset a ON a.id = i.asset_id WHERE i.asset_id = ? ORDER BY i.id DESC");
  q.bind(1, asset_id);
  std::vector<SetupRecord> records;
  while (q.step()) {
    records.push_back(read_setup(q));
    if (latest_only) {
      break;
    }
  }
  q.reset();
  return records;
}

std::string checked_hostname(Database& db, const std::string& verb, const Asset& asset, const std::string& input) {
  const std::string hostname = trim(input);
  if (!valid_hostname(hostname)) {
    throw refused(verb + ": --hostname '" + input +
                  "' is not a host name (letters, digits and '-' in dot-separated labels of 1-63, at most 253)");
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
