#pragma once

#include "json.hpp"
#include "purchasing.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// One row of the stock ledger (stock_movement) as people read it.
struct StockMovement {
  std::int64_t id = 0;
  std::string at;  // UTC timestamp
  std::string actor;
  std::string model;     // "MANUFACTURER MODEL"
  std::string location;  // location code
  std::string kind;      // receipt, issue, transfer_out, transfer_in, adjustment, return, write_off
  std::int64_t delta = 0;
  std::int64_t balance = 0;                  // on hand of the model at the location after this movement
  std::optional<std::string> team;           // issued to / returned from
  std::optional<std::string> person;         // issued to
  std::optional<std::string> asset;          // issued to (tag)
  std::optional<std::string> peer_location;  // the other side of a transfer
  std::optional<std::string> count;          // CNT-00001 for a count adjustment
  std::optional<std::string> reason;
};
Json movement_json(const StockMovement& movement);

// Where `stock issue` sends units.
enum class IssueTarget { team, person, asset };

// What `tally stock issue` asks for.
struct StockIssue {
  std::string model;
  std::int64_t quantity = 0;
  std::string from;  // location code
  IssueTarget target = IssueTarget::team;
  std::string to;  // team, username or asset tag
  std::optional<std::string> reason;
};

// Takes units out of stock at a location for a team, a person or an asset.
// Throws a refused Error for a quantity below 1, a serialized model (its
// units are assets), an unknown model, location or target, a disposed or
// returned asset, or more than is on hand (naming both numbers).
StockMovement issue_stock(Database& db, const std::string& actor, const StockIssue& issue);

// What `tally stock transfer` asks for.
struct StockTransfer {
  std::string model;
  std::int64_t quantity = 0;
  std::string from;
  std::string to;
  std::optional<std::string> reason;
};

// Moves units between two locations: a transfer_out and a transfer_in row,
// returned in that order. Refused as issue_stock, and for the same location.
std::vector<StockMovement> transfer_stock(Database& db, const std::string& actor, const StockTransfer& transfer);

// What `tally stock return` asks for.
struct StockReturn {
  std::string model;
  std::int64_t quantity = 0;
  std::string to;                        // location code
  std::optional<std::string> from_team;  // who gives the units back
  std::optional<std::string> reason;
};

// Puts units back into stock at a location. Refused for a quantity below 1,
// a serialized model, or an unknown model, location or team.
StockMovement return_stock(Database& db, const std::string& actor, const StockReturn& request);

// What `tally stock write-off` asks for.
struct StockWriteOff {
  std::string model;
  std::int64_t quantity = 0;
  std::string at;  // location code
  std::string reason;
};

// Removes lost, broken or scrapped units from stock; the reason is required.
// Refused as issue_stock.
StockMovement write_off_stock(Database& db, const std::string& actor, const StockWriteOff& request);

// On hand of one location of the tree: its own stock and, rolled up, the
// stock of everything below it.
struct StockTreeRow {
  std::string location;
  std::string name;
  std::string kind;
  int depth = 0;  // relative to the top row shown
  std::int64_t on_hand = 0;
  std::int64_t total = 0;  // on_hand here plus every location below
};

// On hand of one model under a location.
struct StockModelTotal {
  std::string model;
  std::string category;
  std::int64_t total = 0;
  std::int64_t locations = 0;            // locations holding some
  std::optional<std::string> unit_cost;  // the last unit cost (see last_unit_cost)
  std::optional<std::string> currency;
  std::optional<std::string> value;  // total x unit_cost
};

// What `tally stock show` prints.
struct StockShow {
  std::optional<std::string> model;
  std::optional<std::string> location;
  std::int64_t total = 0;
  std::vector<StockTreeRow> tree;        // with a model: the tree of locations holding it
  std::vector<StockModelTotal> models;   // without a model: each model under the location
  std::optional<std::string> unit_cost;  // with a model: its last unit cost
  std::optional<std::string> currency;
  std::optional<std::string> value;  // with a model: total x unit_cost
};

// The last unit cost of a bulk model: the unit cost and currency of its most
// recently received PO line (by receipt time, then line id); nullopt when it
// was never received on a PO.
struct UnitCost {
  std::int64_t minor = 0;
  std::string currency;
};
std::optional<UnitCost> last_unit_cost(Database& db, std::int64_t model_id);

// With a model: the locations holding it (under `location` if given) in tree
// order, each with its own and its rolled-up on-hand quantity. Without one:
// each bulk model's total at `location` and below. Throws a refused Error for
// an unknown or serialized model, an unknown location, or neither given.
StockShow show_stock(Database& db, const std::optional<std::string>& model, const std::optional<std::string>& location);

// One (model, location) of stock_level.
struct StockLevel {
  std::string model;
  std::string location;
  std::int64_t on_hand = 0;
  std::optional<std::int64_t> reorder_point;
  std::optional<std::int64_t> reorder_qty;
  bool at_or_below_reorder = false;
  std::int64_t suggested = 0;            // what to order when at or below the reorder point
  std::optional<std::string> unit_cost;  // the last unit cost (see last_unit_cost), "12.50"
  std::optional<std::string> currency;   // of unit_cost and value
  std::optional<std::string> value;      // on_hand x unit_cost
};
Json stock_level_json(const StockLevel& level);

struct StockFilter {
  std::optional<std::string> model;
  std::optional<std::string> location;  // the location and everything below it
  bool below_reorder = false;           // only pairs at or below their reorder point
};

// Stock levels by model and location: those holding stock or carrying a
// reorder point. Throws a refused Error for an unknown model or location.
std::vector<StockLevel> list_stock(Database& db, const StockFilter& filter);

// What `tally stock set-reorder` asks for.
struct ReorderSetting {
  std::string model;
  std::string location;
  std::optional<std::int64_t> point;  // none: clear the reorder point and quantity
  std::optional<std::int64_t> quantity;
};

// Sets (or clears) the reorder point and quantity of a model at a location.
// Throws a refused Error for a point below 0, a quantity below 1, a quantity
// without a point, or a serialized or unknown model or location.
StockLevel set_reorder(Database& db, const std::string& actor, const ReorderSetting& setting);

// Every (model, location) at or below its reorder point (under `location` if
// given) with the quantity to order: the reorder quantity, else enough to get
// one above the reorder point.
std::vector<StockLevel> reorder_suggestions(Database& db, const std::optional<std::string>& location);

// A drafted reorder PO and the suggestions it covers.
struct ReorderPo {
  PurchaseOrder po;
  std::vector<StockLevel> suggestions;
};

// Drafts one PO from the vendor for the team with a line per model of the
// suggestions (their quantities added up), each priced at what the last PO
// line of that model from that vendor in the PO's currency cost, else 0.
// Throws a refused Error when nothing needs ordering, or what create_po and
// add_po_line throw.
ReorderPo draft_reorder_po(Database& db, const std::string& actor, const std::optional<std::string>& location,
                           const std::string& vendor, const std::string& team);

// Which movements `tally stock history` shows.
struct StockHistoryFilter {
  std::string model;
  std::optional<std::string> location;  // the location and everything below it
  std::optional<std::string> since;     // YYYY-MM-DD, inclusive, UTC
};

// The ledger of a model, oldest first, with the balance at the movement's
// location after each row. Throws a refused Error for an unknown or
// serialized model, an unknown location or a bad date.
std::vector<StockMovement> stock_history(Database& db, const StockHistoryFilter& filter);

// A cycle count of one location (CNT-00001).
struct StockCount {
  std::int64_t id = 0;
  std::string location;
  std::string started_at;
  std::string started_by;
  std::optional<std::string> finished_at;
  bool applied = false;
};
Json stock_count_json(const StockCount& count);

// One model of a count.
struct StockCountLine {
  std::string model;
  std::int64_t expected = 0;  // on hand when the count finished (or now, while open)
  std::int64_t counted = 0;   // 0 for a model on hand that nobody counted
  bool was_counted = false;
  std::int64_t difference = 0;  // counted - expected
};

// A count with its lines, by model.
struct StockCountResult {
  StockCount count;
  std::vector<StockCountLine> lines;
};

// Starts a cycle count of the stock held at exactly this location. Throws a
// refused Error for an unknown location or a count already open there.
StockCount start_count(Database& db, const std::string& actor, const std::string& location);

// Records that `counted` units of a model were counted in the location's open
// count (replacing an earlier figure for that model). Throws a refused Error
// without an open count, for a negative figure, or a serialized model.
StockCountLine record_count(Database& db, const std::string& actor, const std::string& location,
                            const std::string& model, std::int64_t counted);

// Adds one unit to the open count for a scanned code: a GS1 string with
// AI 01, a GTIN, or a model barcode. Commits before returning.
StockCountLine scan_count(Database& db, const std::string& actor, const std::string& location, const std::string& code);

// Finishes the location's open count: expected (on hand now) against counted
// for every model counted or on hand there. With `apply`, writes an
// adjustment movement naming the count for each difference. Throws a refused
// Error when there is no open count (naming the last finished one).
StockCountResult finish_count(Database& db, const std::string& actor, const std::string& location, bool apply);

// The location's open count as finishing it now would find it, without
// finishing it. Throws a refused Error when no count is open there.
StockCountResult preview_count(Database& db, const std::string& location);

// Adds a barcode (a vendor code or another GTIN) to a model so that scans of
// it resolve to the model. Throws a refused Error for an empty code, or a
// code already naming a model. Returns the model's "MANUFACTURER MODEL".
std::string add_model_barcode(Database& db, const std::string& actor, const std::string& model,
                              const std::string& code);

// The model a scanned code names: a GS1 string's AI 01 or a GTIN (matched to
// model GTINs and barcodes), else a model barcode. Throws a refused Error for
// an unreadable or unknown code.
std::int64_t resolve_model_code(Database& db, const std::string& code);

// A (model, location) whose stock_level.on_hand differs from its ledger sum.
struct LedgerMismatch {
  std::string model;
  std::string location;
  std::int64_t on_hand = 0;
  std::int64_t ledger = 0;
};

// Every pair where the summary and the ledger disagree (empty when the
// triggers have kept them equal): what `tally doctor` will check.
std::vector<LedgerMismatch> stock_ledger_mismatches(Database& db);

}  // namespace tally
