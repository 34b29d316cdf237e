#pragma once

#include "json.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// How and when assets leave for good.
struct DisposalRequest {
  std::string method;                      // recycle, destroy, resell, donate
  std::optional<std::string> date;         // default today
  std::optional<std::string> recipient;    // recycler or buyer
  std::optional<std::string> certificate;  // certificate of destruction/recycling
  std::optional<std::string> wipe;         // data wipe method; required for models that store data
};

// One disposal record.
struct Disposal {
  std::string tag;
  std::string serial;
  std::string model;  // "MANUFACTURER MODEL"
  std::optional<std::string> owner_team;
  std::string method;
  std::string disposed_on;
  std::optional<std::string> recipient;
  std::optional<std::string> certificate;
  std::optional<std::string> wipe_method;
  std::string recorded_at;
  std::string recorded_by;
};
Json disposal_json(const Disposal& disposal);

// Disposes of the assets named by `codes`, all or nothing, in one
// transaction: writes each disposal record, releases license seats, and moves
// each asset to `disposed`. Throws a refused Error listing every refusal
// ("AT-...: reason", one per line) when any asset cannot be disposed: final,
// installed in a rack, assigned to a person, in repair or RMA, a status that
// cannot move to disposed, a data-bearing model without a wipe, a duplicate.
std::vector<Disposal> dispose_assets(Database& db, const std::string& actor, const std::vector<std::string>& codes,
                                     const DisposalRequest& request);

// Throws a refused Error (naming the field) for a request no asset could be
// disposed under: an unknown method, a malformed date, an empty wipe method.
void check_disposal_request(const DisposalRequest& request);

// Disposes of one asset (resolved as resolve_asset does) under `request`, as
// dispose_assets does for each. A problem of the asset is refused with the
// bare reason ("it is assigned to ana; unassign it first"), meant to follow
// the code it was given as; the resolver's refusals come as they are. For a
// batch, call it inside one write() (see cli/bulk.hpp).
Disposal dispose_asset(Database& db, const std::string& actor, const std::string& code, const DisposalRequest& request);

// The disposal log an auditor asks for, oldest first; `since` is inclusive.
std::vector<Disposal> list_disposals(Database& db, const std::optional<std::string>& since);

}  // namespace tally
