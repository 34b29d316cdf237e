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

// A software license with its seat count in use.
struct License {
  std::int64_t id = 0;
  std::string product;
  std::string vendor;
  std::string type;                   // per-seat, per-device, per-core, site, subscription
  std::optional<std::int64_t> seats;  // none: unlimited (site licenses)
  std::int64_t used = 0;              // sum of the assignment quantities
  std::optional<std::string> license_key;
  std::optional<std::string> starts_on;
  std::optional<std::string> expires_on;
  std::optional<std::int64_t> days_to_expiry;  // from today(); negative once expired
  std::optional<std::string> team;             // owning team code
  std::optional<std::string> po;               // PO number
  std::optional<std::int64_t> cost_minor;
  std::optional<std::string> currency;
  bool allow_overallocation = false;

  // Seats bought minus seats used (negative when over-allocated); none for site licenses.
  std::optional<std::int64_t> free_seats() const;
  bool over_allocated() const;
};

// Seats of a license held by one asset, person or team.
struct LicenseAssignment {
  std::string kind;    // asset, person, team
  std::string target;  // the asset's tag, the person's username, the team's code
  std::int64_t quantity = 0;
  std::string assigned_at;
};

// A license with its assignments (what `license show` prints).
struct LicenseDetail {
  License license;
  std::vector<LicenseAssignment> assignments;
};

// Whether a license key is printed as it is or masked.
enum class KeyDisplay { masked, shown };

// "LIC-" and the id zero-padded to 5 digits: LIC-00042.
std::string license_code(std::int64_t id);

// A key as it may be shown without --show-keys: "XXXX-...-" and its last 4
// characters, or "XXXX" for keys of 8 characters or fewer. The history keeps
// only this form.
std::string mask_license_key(const std::string& key);

// A license as JSON (what `license add/show/list` print): money as a decimal
// string, seats and free null for site licenses, the key masked unless shown.
Json license_json(const License& license, KeyDisplay keys);

// The license types, as the schema allows them.
const std::vector<std::string>& license_types();

// What `tally license add` asks for.
struct NewLicense {
  std::string product;
  std::string vendor;
  std::string type = "per-seat";
  std::optional<std::int64_t> seats;  // required unless the type is site
  std::optional<std::string> key;
  std::optional<std::string> starts_on;  // YYYY-MM-DD
  std::optional<std::string> expires_on;
  std::optional<std::string> team;
  std::optional<std::string> po;
  std::optional<std::string> cost;      // decimal text
  std::optional<std::string> currency;  // default: the PO's, else the `currency` setting
  bool allow_overallocation = false;
};

// Adds a license with its event. Throws a refused Error for an empty product,
// an unknown vendor, team, PO or type, missing, zero or negative seats (or
// seats on a site license), a malformed date, an expiry before the start, or
// a cost that is not an exact amount of the currency.
LicenseDetail add_license(Database& db, const std::string& actor, const NewLicense& license);

// Who receives (or gives back) seats.
enum class AssigneeKind { asset, person, team };
struct Assignee {
  AssigneeKind kind = AssigneeKind::person;
  std::string key;  // asset tag/serial, username, or team code/name
};

// What `tally license assign` asks for.
struct LicenseAssignRequest {
  std::string license;  // LIC-00042
  Assignee to;
  std::int64_t quantity = 1;
  bool expired_ok = false;  // give seats of an expired license anyway (--force)
};

// Gives `quantity` seats to the assignee (adding to what it already holds),
// with its event. Throws a refused Error for an unknown license or assignee, a
// quantity below 1, a per-device license for anything but an asset, a
// disposed or returned asset, a license that has expired (unless
// expired_ok), or more seats than bought (naming bought, used and requested)
// unless the license allows over-allocation.
LicenseDetail assign_license(Database& db, const std::string& actor, const LicenseAssignRequest& request);

// Takes back every seat the assignee holds, with its event. Throws a refused
// Error for an unknown license or assignee, or an assignee that holds none.
LicenseDetail unassign_license(Database& db, const std::string& actor, const std::string& license,
                               const Assignee& from);

// What `tally license set` changes; unset fields stay as they are. An empty
// string clears starts, expires, team, key or cost.
struct LicenseChange {
  std::string license;
  std::optional<std::int64_t> seats;
  std::optional<std::string> starts_on;
  std::optional<std::string> expires_on;
  std::optional<std::string> team;
  std::optional<std::string> key;
  std::optional<std::string> cost;
  std::optional<bool> allow_overallocation;
};

// Changes a license, with its event. Throws a refused Error for an unknown
// license or team, nothing to change, zero or negative seats (or seats on a
// site license), seats below what is assigned unless over-allocation is
// allowed, a malformed date, an expiry before the start, or a bad cost.
LicenseDetail set_license(Database& db, const std::string& actor, const LicenseChange& change);

// The license with this id (LIC-00042, case-insensitive) and its
// assignments. Throws a refused Error for a malformed or unknown id.
LicenseDetail show_license(Database& db, const std::string& license);

// Which licenses `tally license list` shows; the filters combine.
struct LicenseFilter {
  std::optional<std::string> team;  // owned by the unit or a unit below it
  std::optional<std::string> vendor;
  std::optional<int> expiring_within;  // expires between today and today + N days, inclusive
  bool expired = false;                // expired before today
  bool over_allocated = false;         // more seats used than bought
  std::vector<std::string> terms;      // filter terms (see compile_filter)
};

// Licenses matching the filter, by id. Throws a refused Error for an unknown
// team or vendor, a negative number of days or a bad filter term.
std::vector<License> list_licenses(Database& db, const LicenseFilter& filter);
// The same licenses, each given to `each` as it is read; the filter is checked before the first.
void for_each_license(Database& db, const LicenseFilter& filter, const std::function<void(const License&)>& each);

// Releases every license seat an asset holds (it is being disposed of or
// returned to the vendor), with one "release" event per license giving
// `reason`. Call inside the caller's write transaction; opens none. Returns
// the number of licenses released.
int release_asset_licenses(Database& db, const std::string& actor, std::int64_t asset_id, const std::string& reason);

// The fields that `tally license list` filter terms name (see compile_filter).
const std::vector<FilterField>& license_filter_fields();

}  // namespace tally
