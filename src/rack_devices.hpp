#pragma once

#include "racks.hpp"

#include <string>

// What the rack files (racks.cpp, rack_placement.cpp, rack_elevation.cpp)
// share about placed devices. Not for other files: they call racks.hpp.

namespace tally {

class Statement;

// The columns read_device reads: placement p, asset a, model m, vendor v; add a WHERE.
extern const char* const k_device_query;
// A device from a row of k_device_query.
PlacedDevice read_device(Statement& q);
// The units a device takes as people say them: "U10", "U10-U11", "U10.5 (0.5U)".
std::string units_text(const Rack& rack, const PlacedDevice& d);
// "TAG MODEL (HOSTNAME)".
std::string device_label(const PlacedDevice& d);

}  // namespace tally
