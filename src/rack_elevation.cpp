#include "racks.hpp"

#include "rack_devices.hpp"
#include "text.hpp"

#include <algorithm>

// A rack's elevation: the unit-by-unit rows `tally rack show` prints and the SVG drawing.

namespace tally {

namespace {

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

}  // namespace

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

}  // namespace tally
