#pragma once

#include "json.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tally {

struct FilterField;

class Database;

// One physical serialized unit.
struct Asset {
  std::int64_t id = 0;
  std::string tag;
  std::string serial;
  std::string manufacturer;
  std::string model;
  std::string category;
  std::string status;
  std::optional<std::string> location;
  std::optional<std::string> owner_team;
  std::optional<std::string> custodian;
  std::optional<std::string> po;
  std::optional<int> po_line;
  std::optional<std::int64_t> cost_minor;
  std::optional<std::string> currency;
  std::optional<std::string> received_on;
  std::optional<std::string> warranty_ends;
  std::optional<std::string> notes;        // the latest note
  std::optional<std::string> replaces;     // tag of the unit this one replaced under an RMA
  std::optional<std::string> replaced_by;  // tag of the unit that replaced this one
  std::optional<std::string> hostname;
  std::optional<std::string> rack;    // "LOCATION/RACK" while installed
  std::optional<std::string> rack_u;  // lowest unit taken ("10", "10.5"); none for a 0U device
  std::int64_t model_id = 0;
  std::int64_t manufacturer_id = 0;
};

// An asset as JSON: what `asset show`, `asset list` and receiving print. Money
// is a decimal string ("1234.56") with its currency, never a float.
Json asset_json(const Asset& asset);

// The asset a typed code names: its tag (a tag-shaped code with a wrong check
// digit is refused as a typo), else its serial or an external barcode when
// only one asset has it, else its host name (the deployed asset that has it,
// or the only asset). Throws a refused Error otherwise; one that names no
// asset is not_found (field "asset") and suggests near matches (near_matches_hint).
Asset resolve_asset(Database& db, const std::string& code);

// The asset a scanned code names (the AI 21 serial of a GS1 string first, then
// the code as typed, through parse_scan), if exactly one does; nullopt otherwise.
std::optional<Asset> asset_for_scan(Database& db, const std::string& code);

// The asset with this row id (which must exist).
Asset asset_by_id(Database& db, std::int64_t id);

// Which assets `tally asset list` shows.
struct AssetFilter {
  std::optional<std::string> status;
  std::optional<std::string> team;      // the unit and the units below it
  std::optional<std::string> location;  // the location and the locations below it
  std::optional<std::string> po;
  std::vector<std::string> terms;  // filter terms (see compile_filter), ANDed with the above
};

// Assets matching the filter, by tag. Throws a refused Error for an unknown
// status, team, location or PO, or a bad filter term.
std::vector<Asset> list_assets(Database& db, const AssetFilter& filter);
// The same assets, each given to `each` as it is read (a list of any length
// in flat memory); the filter is checked before the first.
void for_each_asset(Database& db, const AssetFilter& filter, const std::function<void(const Asset&)>& each);

// The statuses an asset can have.
const std::vector<std::string>& asset_statuses();

// The fields that `tally asset list` filter terms name (see compile_filter).
const std::vector<FilterField>& asset_filter_fields();

// The id of the purchase order with this number, for a filter term. Throws a
// refused Error (not found) when none has it.
std::int64_t purchase_order_id(Database& db, const std::string& number);

}  // namespace tally
