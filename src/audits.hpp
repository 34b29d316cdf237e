#pragma once

#include "json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// A physical audit (stocktake) of a location and everything below it (AUD-00001).
struct Audit {
  std::int64_t id = 0;
  std::string location;
  std::string started_at;
  std::string started_by;
  std::optional<std::string> finished_at;
  bool applied = false;
  std::int64_t scans = 0;
};
Json audit_json(const Audit& audit);

// Starts an audit of a location. Throws a refused Error for an unknown location.
Audit start_audit(Database& db, const std::string& actor, const std::string& location);

// The answer to one scanned code.
struct AuditScan {
  std::string code;
  std::optional<std::string> tag;       // the asset the code names, if any
  std::optional<std::string> location;  // where the asset is recorded
  bool expected = false;                // recorded at the audited location or below it
  bool repeated = false;                // scanned before in this audit
  // For an unknown code shaped like a tag with a wrong check digit: that it
  // looks mistyped, and the existing tags one typing mistake away.
  std::optional<std::string> hint;
};
// The scan as JSON; "hint" is there only when the scan has one.
Json audit_scan_json(const AuditScan& scan);

// Records one scanned code (a tag, serial, external barcode or GS1 string with
// AI 21) with who and when. Unknown codes are kept, not dropped; a repeat is
// noted, not an error. Throws a refused Error for an unknown or finished audit
// or an empty code.
AuditScan scan_audit(Database& db, const std::string& actor, const std::string& audit, const std::string& code);

// One line of an audit's outcome.
struct AuditFinding {
  std::string outcome;  // found, missing, unexpected, unknown
  std::optional<std::string> tag;
  std::optional<std::string> code;      // the scanned code (unknown codes)
  std::optional<std::string> location;  // where the asset was recorded
  std::optional<std::string> status;
  std::optional<std::string> note;  // what --apply did or could not do
};

struct AuditResult {
  Audit audit;
  std::vector<AuditFinding> found, missing, unexpected, unknown;
};

// Finishes an audit and sorts every asset into found (expected here and
// scanned), missing (expected here or below, not scanned), unexpected (scanned
// here, recorded elsewhere) and unknown codes; the result is kept for `show`.
// With `apply`, unexpected assets are moved here and missing ones marked lost
// (where their status allows it), each with an event naming the audit.
// Throws a refused Error for an unknown or already finished audit.
AuditResult finish_audit(Database& db, const std::string& actor, const std::string& audit, bool apply);

// A finished audit's result as it was recorded, or the scans so far of an open one.
AuditResult show_audit(Database& db, const std::string& audit);

}  // namespace tally
