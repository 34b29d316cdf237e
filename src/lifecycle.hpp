#pragma once

#include "assets.hpp"
#include "events.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tally {

class Database;

// The statuses an asset in `from` may move to, as the schema's
// asset_status_transition table says (empty for disposed and returned_to_vendor).
std::vector<std::string> next_statuses(Database& db, const std::string& from);

// Throws a refused Error naming the asset, its status and the statuses it may
// move to, unless `asset` may move to `to`. Also refuses any change of a
// disposed or returned asset.
void check_transition(Database& db, const Asset& asset, const std::string& to);

// Throws a refused Error if the asset is disposed or returned to the vendor.
void check_not_final(const Asset& asset);

// A value for one column of an asset row.
using ColumnValue = std::variant<std::nullptr_t, std::int64_t, std::string>;

// Updates columns of one asset (checking that it is not final, and the status
// move if `status` is among the columns), stamps updated_at, and appends one
// asset event with the changed fields before and after plus `extra` in the
// after object. Call inside a write transaction. Returns the asset after.
// `field_before` holds earlier values that `extra` changes (custom fields).
Asset change_asset(Database& db, const std::string& actor, const Asset& asset, const std::string& action,
                   const std::vector<std::pair<std::string, ColumnValue>>& columns, const Json& extra = Json::object(),
                   const Json& field_before = Json::object());

// A new asset row for a serialized model with a generated tag, status
// in_stock; records a `create`-style event with `action`. Call inside a write
// transaction. Throws a refused Error for a duplicate serial of the
// manufacturer.
struct NewAssetRow {
  std::int64_t model_id = 0;
  std::string serial;  // empty: the unit has no recorded serial (stored as NULL)
  std::optional<std::int64_t> location_id;
  std::optional<std::int64_t> owner_team_id;
  std::optional<std::int64_t> po_line_id;
  std::optional<std::int64_t> cost_minor;
  std::optional<std::string> currency;
  std::optional<std::string> received_on;
  std::optional<std::string> warranty_ends;
  std::optional<std::int64_t> replaces_asset_id;
};
Asset insert_asset(Database& db, const std::string& actor, const NewAssetRow& row, const std::string& action,
                   const Json& extra = Json::object());

// The next free asset tag (prefix setting + sequence + check digit); call
// inside a write transaction.
std::string next_asset_tag(Database& db);

// `tally asset add`: intake of a unit that arrived without a PO.
struct AssetIntake {
  std::string model;
  std::optional<std::string> serial;  // optional (issue 17): given, it must not be blank
  std::optional<std::string> team;
  std::optional<std::string> location;
  std::optional<std::string> cost;      // decimal in `currency`
  std::optional<std::string> currency;  // default: the `currency` setting
  std::optional<std::string> received;  // YYYY-MM-DD, default today
  std::vector<std::string> fields;      // custom field values, NAME=VALUE (see apply_asset_fields)
};
Asset add_asset(Database& db, const std::string& actor, const AssetIntake& intake);

// `tally asset move TAG --to LOCATION`.
Asset move_asset(Database& db, const std::string& actor, const std::string& code, const std::string& location);

// `tally asset assign TAG --person USER` (custodian) or `--team TEAM` (owner).
// A person taking an asset in_stock or in staging checks it out (see
// checkout_asset: deployed, no due date); a checked-out asset is refused
// until it is checked in.
Asset assign_asset(Database& db, const std::string& actor, const std::string& code,
                   const std::optional<std::string>& person, const std::optional<std::string>& team);

// `tally asset unassign TAG`: clears the custodian; for a checked-out asset
// this is its check-in (see checkin_asset: back in stock).
Asset unassign_asset(Database& db, const std::string& actor, const std::string& code);

// `tally asset set-status TAG STATUS`: moves that have their own workflow
// (in_repair, rma, disposed, returned_to_vendor, and leaving in_repair or rma)
// are refused with the command to use instead.
Asset set_asset_status(Database& db, const std::string& actor, const std::string& code, const std::string& status,
                       const std::optional<std::string>& reason);

// `tally asset set TAG ...`: corrects what was recorded wrong. Each given
// field is changed; an empty notes, received, warranty or cost clears it.
struct AssetEdit {
  std::string code;  // tag, serial, barcode or hostname
  std::optional<std::string> hostname;
  std::optional<std::string> serial;
  std::optional<std::string> model;  // "MANUFACTURER MODEL", same category
  std::optional<std::string> team;   // owning team
  std::optional<std::string> notes;
  std::optional<std::string> cost;      // decimal in `currency`
  std::optional<std::string> currency;  // default: the asset's, else the `currency` setting
  std::optional<std::string> received;  // YYYY-MM-DD
  std::optional<std::string> warranty;  // YYYY-MM-DD
  std::optional<std::string> reason;    // kept in the event
  std::vector<std::string> fields;      // custom field values, NAME=VALUE; NAME= clears (see apply_asset_fields)
};

// Applies `edit` in one transaction with one `set` event (the changed fields
// before and after, and the reason). Throws a refused Error, changing
// nothing, when no field is given, the asset is disposed or returned, a
// serial is taken for the manufacturer, the model is of another category or
// bulk or the asset is racked, a date or amount is malformed, or the hostname
// is taken by a deployed asset.
Asset edit_asset(Database& db, const std::string& actor, const AssetEdit& edit);

// `tally asset note TAG TEXT`.
Asset note_asset(Database& db, const std::string& actor, const std::string& code, const std::string& text);

// Every event of the asset, oldest first.
std::vector<Event> asset_history(Database& db, const std::string& code);

// The date `months` after `day`, clamped to the month's last day
// (2026-01-31 + 1 month = 2026-02-28).
std::string add_months(const std::string& day, int months);

}  // namespace tally
