#pragma once

#include "assets.hpp"
#include "render.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// What `tally asset checkout` asks for besides the asset.
struct CheckoutTerms {
  std::string person;              // username of the borrower
  std::optional<std::string> due;  // YYYY-MM-DD, today or later
  std::optional<std::string> note;
};

// `tally asset checkout CODE --person USER`: lends one asset in stock (or in
// staging) to a person: status deployed, the person its custodian, an open
// check-out record with the due date; one `checkout` event. Throws a refused
// Error, changing nothing, for an unknown asset or person, a deactivated
// person, a malformed or past due date, an asset already checked out, not in
// stock, installed in a rack or without a location.
// `verb` starts the messages (`asset assign` checks out through here too).
Asset checkout_asset(Database& db, const std::string& actor, const std::string& code, const CheckoutTerms& terms,
                     const std::string& verb = "asset checkout");

// What `tally asset checkin` asks for besides the asset.
struct CheckinTerms {
  std::optional<std::string> to;  // location code to put it back at
  std::optional<std::string> condition;
};

// `tally asset checkin CODE`: closes the asset's open check-out (today, with
// the condition), puts the asset back in stock without a custodian, at `to`
// when given; one `checkin` event. Throws a refused Error, changing nothing,
// for an unknown asset or location or an asset that is not checked out.
// `verb` starts the messages (`asset unassign` checks in through here too).
Asset checkin_asset(Database& db, const std::string& actor, const std::string& code, const CheckinTerms& terms,
                    const std::string& verb = "asset checkin");

// One open check-out.
struct OpenCheckout {
  std::string tag, serial, model;
  std::string person, person_name, team;
  std::string out_on;
  std::optional<std::string> due_on;
  std::optional<std::string> note;
  std::int64_t days_overdue = 0;  // days past due_on as of today(); 0 when not overdue
};

// Open check-outs, overdue ones first (most days overdue first), then by due
// date (none last) and tag; only overdue ones with `overdue_only`; only one
// person's with `person_id`.
std::vector<OpenCheckout> open_checkouts(Database& db, bool overdue_only,
                                         std::optional<std::int64_t> person_id = std::nullopt);

// `tally report checkouts [--overdue]`: the open check-outs of
// open_checkouts as a table: asset, serial, model, person, team, since, due,
// days overdue (0 when not overdue).
Table checkout_report(Database& db, bool overdue_only);

// Whether the asset has an open check-out.
bool is_checked_out(Database& db, std::int64_t asset_id);

}  // namespace tally
