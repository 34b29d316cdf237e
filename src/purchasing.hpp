#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// One line of a purchase order, with what has arrived against it.
struct PoLine {
  std::int64_t id = 0;
  int line_no = 0;
  std::optional<std::int64_t> model_id;
  std::optional<std::string> model;  // "MANUFACTURER MODEL"
  std::optional<std::string> description;
  bool bulk = false;  // a counted (non-serialized) model
  std::int64_t quantity = 0;
  std::int64_t received = 0;
  std::int64_t unit_cost_minor = 0;
  std::int64_t outstanding() const { return quantity - received; }
};

// A purchase order with its lines.
struct PurchaseOrder {
  std::int64_t id = 0;
  std::string number;
  std::string vendor;
  std::string team;  // requesting team code
  std::string currency;
  int fiscal_year = 0;
  std::string status;
  std::string created_at;
  std::optional<std::string> override_reason;
  std::vector<PoLine> lines;

  std::int64_t total_minor() const;
  std::int64_t received_minor() const;
};

// What `tally po create` asks for.
struct NewPurchaseOrder {
  std::string vendor;
  std::string team;
  std::optional<std::string> number;    // generated PO-YYYY-NNNN when absent
  std::optional<std::string> currency;  // the `currency` setting when absent
  std::optional<int> fiscal_year;       // the year of today when absent
};

// Creates a draft PO with its event. Throws a refused Error for an unknown
// vendor or team, a bad currency or year, or a number already used.
PurchaseOrder create_po(Database& db, const std::string& actor, const NewPurchaseOrder& po);

// What `tally po add-line` asks for: a model or a description.
struct NewPoLine {
  std::string po;
  std::optional<std::string> model;
  std::optional<std::string> description;
  std::int64_t quantity = 0;
  std::string unit_cost;                // decimal text in the PO's currency
  std::optional<std::string> currency;  // must equal the PO's when given
};

// Adds a line to a draft PO. Throws a refused Error unless the PO is a draft,
// the quantity is positive, the amount is exact in the PO's currency, and the
// currency (if given) is the PO's.
PoLine add_po_line(Database& db, const std::string& actor, const NewPoLine& line);

// Creates a draft PO with these lines (their `po` is ignored) in one
// transaction, with the events of create_po and add_po_line. Throws what
// they throw; a refusal writes nothing.
PurchaseOrder create_po_with_lines(Database& db, const std::string& actor, const NewPurchaseOrder& po,
                                   const std::vector<NewPoLine>& lines);

// Removes a line of a draft PO. Throws a refused Error unless the PO is a
// draft and has that line.
void remove_po_line(Database& db, const std::string& actor, const std::string& po, int line_no);

// The status changes people ask for.
enum class PoAction { submit, approve, order, cancel, close, reopen, reject };

struct PoTransitionRequest {
  std::string po;
  PoAction action = PoAction::submit;
  std::optional<std::string> reason;
  bool override_budget = false;  // approve: accept a budget overrun (needs a reason)
};

// Moves a PO to the next state of draft -> submitted -> approved -> ordered
// (then receiving), cancel before the first receipt, close once received;
// reopen a closed PO that still has units outstanding (back to partially
// received), reject a submitted one (back to draft); both need a reason.
// Approval checks every budget on the team's path up the org chart for the
// PO's fiscal year. Throws a refused Error for a move from the wrong state
// (naming the state and the allowed moves), an empty PO at submit, or a
// budget overrun without override and reason.
PurchaseOrder transition_po(Database& db, const std::string& actor, const PoTransitionRequest& request);

// The PO with this number (case-insensitive), with its lines.
PurchaseOrder show_po(Database& db, const std::string& number);

// Which POs `tally po list` shows.
struct PoFilter {
  std::optional<std::string> status;
  std::optional<std::string> team;  // the unit and the units below it
  std::optional<std::string> vendor;
};

// POs matching the filter, by number, each with its lines.
std::vector<PurchaseOrder> list_pos(Database& db, const PoFilter& filter);

// The statuses a PO can have, in lifecycle order.
const std::vector<std::string>& po_statuses();

}  // namespace tally
