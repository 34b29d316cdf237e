#pragma once

#include "assets.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// Where received units go: a PO line and optionally a location.
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
  // is unknown.
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

}  // namespace tally
