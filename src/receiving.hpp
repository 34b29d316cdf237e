#pragma once

#include "assets.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// Where received units go: a PO line and a location (when absent, the
// `receiving.location` setting; serialized units need one or the other).
struct ReceiveTarget {
  std::string po;
  int line = 0;
  std::optional<std::string> location;
};

// One unit received: the new asset and where its line stands now.
struct ReceivedUnit {
  Asset asset;
  std::int64_t line_received = 0;  // units of the line received so far
  std::int64_t line_ordered = 0;
  std::string po_status;  // the PO's status after this unit
};

// A receiving session for one PO line: checks the PO, line and location once,
// then turns each scanned or typed code into an asset, one transaction per
// unit, so a session killed halfway keeps exactly the units it answered.
class Receiver {
 public:
  // Throws a refused Error if the PO does not exist or is not ordered (or
  // partially received), the line does not exist or is bulk, or the location
  // is unknown or neither given nor configured.
  Receiver(Database& db, std::string actor, const ReceiveTarget& target);
  ~Receiver();
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  // Receives one unit from a scanned line (a plain serial or a GS1 element
  // string whose AI 01 must match the model's GTIN). Commits before returning.
  // Throws a refused Error, writing nothing, for an unreadable code, a
  // duplicate serial, a GTIN of another model, or a line already complete.
  ReceivedUnit receive(const std::string& code);

  // The session's PO, line and prepared checks (defined in receiving.cpp,
  // shared with receive_serials and receive_bulk).
  struct State;

 private:
  std::unique_ptr<State> m_state;
};

// Receives several serials at once, all or nothing: one transaction and one
// receipt; any bad serial (or a duplicate inside the list) refuses them all.
std::vector<ReceivedUnit> receive_serials(Database& db, const std::string& actor, const ReceiveTarget& target,
                                          const std::vector<std::string>& serials);

// What receiving a bulk line did.
struct BulkReceipt {
  std::string po;
  int line = 0;
  std::string model;
  std::string location;
  std::int64_t quantity = 0;
  std::int64_t line_received = 0;
  std::int64_t line_ordered = 0;
  std::int64_t on_hand = 0;  // at the location after the receipt
  std::string po_status;
};

// Receives K units of a bulk (counted) line into stock at a location, in one
// transaction. Throws a refused Error for a serialized line, a missing
// location, a non-positive quantity, or more than is outstanding.
BulkReceipt receive_bulk(Database& db, const std::string& actor, const ReceiveTarget& target, std::int64_t quantity);

// What `tally receipt void PO LINE ...` takes back: the units of a
// serialized line by tag, serial or barcode, or a quantity of a bulk line.
struct ReceiptVoid {
  std::string po;
  int line = 0;
  std::vector<std::string> codes;        // serialized line: the units received by mistake
  std::optional<std::int64_t> quantity;  // bulk line: how many units
  std::optional<std::string> location;   // bulk line: where they are (default: the line's latest receipt)
  std::string reason;
};

// What a receipt reversal did.
struct VoidedReceipt {
  std::string po;
  int line = 0;
  std::string model;
  std::int64_t quantity = 0;
  std::int64_t line_received = 0;  // after the reversal
  std::int64_t line_ordered = 0;
  std::string po_status;  // after the reversal
  std::string reason;
  std::vector<std::string> assets;      // serialized line: the tags taken back (now returned_to_vendor)
  std::optional<std::string> location;  // bulk line: where the units were taken out of stock
  std::optional<std::int64_t> on_hand;  // bulk line: on hand there after
};

// Reverses units received by mistake, in one transaction: a receipt_reversal
// row lowers the line's received count (and so the budget's spent), each
// asset taken back ends returned_to_vendor with the reversal as its record
// (its tag is never reused), a bulk line's units leave stock by a ledger
// movement, and a PO that was received goes back to partially_received or
// ordered. Events on the PO, each asset, and the stock. Throws a refused
// Error, changing nothing, for an empty reason, an unknown PO, line or
// asset, a closed PO, a line with nothing received, an asset of another
// line or already taken back, and an asset that has moved on since it was
// received (not in stock, installed, assigned, holding license seats,
// repaired, moved), naming what to undo first; for a bulk line, a missing or
// excessive quantity or fewer units on hand than to take back.
VoidedReceipt void_receipt(Database& db, const std::string& actor, const ReceiptVoid& request);

}  // namespace tally
