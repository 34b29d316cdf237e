// Unit tests of the rack drawing helpers: positions, elevation rows and SVG.

#include "models.hpp"
#include "racks.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

RackView rack_of(int height, int start, std::vector<PlacedDevice> devices) {
  RackView v;
  v.rack.name = "R1";
  v.rack.location = "DC1";
  v.rack.height_u = height;
  v.rack.starting_unit = start;
  v.devices = std::move(devices);
  return v;
}

PlacedDevice device(const std::string& tag, const std::string& model, int lo, int hi, bool front, bool rear) {
  PlacedDevice d;
  d.tag = tag;
  d.model = model;
  d.lo_half = lo;
  d.hi_half = hi;
  d.front = front;
  d.rear = rear;
  return d;
}

TEST(RackPositions, HalfUnitsParseAndFormat) {
  EXPECT_EQ(parse_half_units("10", 400), 20);
  EXPECT_EQ(parse_half_units("10.5", 400), 21);
  EXPECT_EQ(parse_half_units("10.0", 400), 20);
  EXPECT_EQ(parse_half_units("10.25", 400), std::nullopt);
  EXPECT_EQ(parse_half_units("-1", 400), std::nullopt);
  EXPECT_EQ(parse_half_units("", 400), std::nullopt);
  EXPECT_EQ(parse_half_units("201", 400), std::nullopt);
  EXPECT_EQ(parse_half_units("101", 200), std::nullopt);
  Rack r;
  r.starting_unit = 1;
  EXPECT_EQ(format_position(r, 0), "1");
  EXPECT_EQ(format_position(r, 19), "10.5");
  r.starting_unit = 0;
  EXPECT_EQ(format_position(r, 0), "0");
}

TEST(RackElevation, RowsTopToBottomWithContinuationsAndBothFaces) {
  const RackView v = rack_of(4, 1,
                             {device("T1", "Dell R740", 4, 8, true, true), device("T2", "Patch", 0, 2, true, false),
                              device("T3", "Patch", 0, 2, false, true)});
  const auto rows = elevation_rows(v);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (Json{{"u", 4}, {"front", "T1 Dell R740"}, {"rear", "T1 Dell R740"}}));
  EXPECT_EQ(rows[1], (Json{{"u", 3}, {"front", "│ T1"}, {"rear", "│ T1"}}));
  EXPECT_EQ(rows[2], (Json{{"u", 2}, {"front", nullptr}, {"rear", nullptr}}));
  EXPECT_EQ(rows[3], (Json{{"u", 1}, {"front", "T2 Patch"}, {"rear", "T3 Patch"}}));
}

TEST(RackElevation, TwoHalfUnitDevicesInOneUnitShareTheRow) {
  const RackView v = rack_of(1, 1, {device("A", "Shelf", 1, 2, true, true), device("B", "Shelf", 0, 1, true, true)});
  const auto rows = elevation_rows(v);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["front"], "A Shelf / B Shelf");
}

TEST(RackElevation, SvgEscapesTextAndDrawsEverySlot) {
  PlacedDevice d = device("T1", "Acme & Co <X>", 0, 2, true, true);
  d.hostname = "db01";
  const std::string svg = elevation_svg(rack_of(2, 1, {d}));
  EXPECT_NE(svg.find(">T1 Acme &amp; Co &lt;X&gt; (db01)</text>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("<X>"), std::string::npos);
  std::size_t slots = 0;
  for (auto at = svg.find("class=\"slot\""); at != std::string::npos; at = svg.find("class=\"slot\"", at + 1)) {
    ++slots;
  }
  EXPECT_EQ(slots, 4u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

}  // namespace
}  // namespace tally
