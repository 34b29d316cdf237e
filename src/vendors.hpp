#pragma once

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// A supplier, a manufacturer, or both.
struct Vendor {
  std::int64_t id = 0;
  std::string name;
  bool supplier = true;
  bool manufacturer = false;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> url;
};

// A vendor as JSON (what `vendor add`/`vendor list` print and the history keeps).
Json vendor_json(const Vendor& vendor);

// What `tally vendor add` asks for. With neither role given, a vendor is both.
struct NewVendor {
  std::string name;
  bool supplier = false;
  bool manufacturer = false;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> url;
};

// Adds a vendor with its event. Throws a refused Error for an empty or
// duplicate name (case-insensitive) or a malformed email.
Vendor add_vendor(Database& db, const std::string& actor, const NewVendor& vendor);
// add_vendor inside the caller's write transaction.
Vendor insert_vendor(Database& db, const std::string& actor, const NewVendor& vendor);

// Every vendor, by name.
std::vector<Vendor> list_vendors(Database& db);

// The vendor with this name (case-insensitive). Throws a refused Error naming
// it, with close names, if there is none.
Vendor resolve_vendor(Database& db, const std::string& name);

}  // namespace tally
