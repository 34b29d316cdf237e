#pragma once

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// A return to the vendor (RMA-00001).
struct Rma {
  std::int64_t id = 0;
  std::string tag;
  std::string serial;
  std::string model;  // "MANUFACTURER MODEL"
  std::string vendor;
  std::optional<std::string> vendor_rma;
  std::string reason;
  std::string opened_on;
  std::optional<std::string> shipped_on;
  std::optional<std::string> tracking;
  std::optional<std::string> resolved_on;
  std::optional<std::string> outcome;      // repaired, replaced, refunded, rejected
  std::optional<std::string> replacement;  // tag of the replacement unit
  std::optional<std::int64_t> refund_minor;
  std::optional<std::string> refund_currency;
  std::int64_t days_open = 0;  // to the resolution, or to today while open
};
Json rma_json(const Rma& rma);

// Opens an RMA: the asset goes to rma. Refused when the asset cannot move to
// rma, is installed in a rack or assigned to a person (the message says
// which), or the vendor is unknown. An open repair of the asset is closed as
// `escalated`.
Rma open_rma(Database& db, const std::string& actor, const std::string& code, const std::string& vendor,
             const std::string& reason, const std::optional<std::string>& vendor_rma);

// Records the shipment of an open RMA (date defaults to today).
Rma ship_rma(Database& db, const std::string& actor, const std::string& rma, const std::optional<std::string>& tracking,
             const std::optional<std::string>& date);

// What `tally rma resolve` asks for.
struct RmaResolution {
  std::string rma;
  std::string outcome;
  std::optional<std::string> replacement_serial;  // required for `replaced`
  std::optional<std::string> refund;              // amount, for `refunded`
  std::optional<std::string> date;                // default today
};

// Resolves an open RMA. repaired/rejected: the asset is back in_stock.
// replaced: the asset becomes returned_to_vendor and a new asset with the
// replacement serial takes its model, owner, location and warranty end,
// linked to it. refunded: the asset becomes returned_to_vendor. License seats
// of a returned asset are released in the same transaction.
Rma resolve_rma(Database& db, const std::string& actor, const RmaResolution& resolution);

// The RMA with this id.
Rma show_rma(Database& db, const std::string& rma);

struct RmaFilter {
  bool open_only = false;
  std::optional<std::string> vendor;
  std::optional<int> older_than_days;
};
// RMAs by id.
std::vector<Rma> list_rmas(Database& db, const RmaFilter& filter);

}  // namespace tally
