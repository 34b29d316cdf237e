#pragma once

#include "json.hpp"

#include <date/date.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// A support, maintenance, lease (...) contract with a vendor. Its number is
// unique per vendor; starts_on is the start of the first term and ends_on the
// end of the latest, since a renewal always continues from the current end.
struct Contract {
  std::int64_t id = 0;
  std::string number;
  std::string vendor;
  std::string kind;  // support, maintenance, warranty-extension, lease, subscription, other
  std::string starts_on;
  std::string ends_on;
  std::int64_t notice_days = 0;
  bool auto_renew = false;
  std::optional<std::string> sla;
  std::optional<std::int64_t> cost_minor;
  std::optional<std::string> currency;
  std::optional<std::string> period;  // month, year, once
  std::optional<std::string> team;    // owning team code
  std::optional<std::string> po;      // PO number
  std::optional<std::string> notes;
  std::int64_t assets = 0;  // assets it covers

  // Relative to today(): active, ended or future; days to the end (negative
  // once ended); the last day to give notice (ends_on - notice_days), and
  // whether that day has passed while the contract still runs.
  std::string status;
  std::int64_t days_to_end = 0;
  std::string notice_by;
  bool notice_overdue = false;
};

// One term of a contract: the first, then one per renewal.
struct ContractTerm {
  std::string starts_on;
  std::string ends_on;
  std::optional<std::int64_t> cost_minor;
  std::string recorded_at;
};

// An asset a contract covers.
struct CoveredAsset {
  std::string tag;
  std::string serial;
  std::string model;  // "MANUFACTURER MODEL"
  std::string status;
};

// A contract with its terms and the assets it covers (`contract show`).
struct ContractDetail {
  Contract contract;
  std::vector<ContractTerm> terms;
  std::vector<CoveredAsset> covered;
};

// A contract as JSON: money as a decimal string, derived fields included.
Json contract_json(const Contract& contract);
// A term as JSON, its cost in the contract's currency.
Json contract_term_json(const ContractTerm& term, const std::optional<std::string>& currency);

// The contract kinds and cost periods, as the schema allows them.
const std::vector<std::string>& contract_kinds();
const std::vector<std::string>& contract_periods();

// How a command names a contract: its number, and the vendor when the same
// number exists for several vendors.
struct ContractRef {
  std::string number;
  std::optional<std::string> vendor;
};

// What `tally contract add` asks for.
struct NewContract {
  std::string number;
  std::string vendor;
  std::string kind;
  std::string starts_on;  // YYYY-MM-DD
  std::string ends_on;
  std::int64_t notice_days = 0;
  bool auto_renew = false;
  std::optional<std::string> sla;
  std::optional<std::string> cost;      // decimal text; needs period
  std::optional<std::string> period;    // month, year, once
  std::optional<std::string> currency;  // default: the PO's, else the `currency` setting
  std::optional<std::string> team;
  std::optional<std::string> po;
  std::optional<std::string> notes;
};

// Adds a contract and its first term, with its event. Throws a refused Error
// for an empty number, an unknown vendor, kind, period, team or PO, a
// malformed date, an end before the start, negative notice days, a cost
// without a period (or the reverse) or not exact in the currency, or a number
// the vendor already has.
ContractDetail add_contract(Database& db, const std::string& actor, const NewContract& contract);

// The contract a reference names, with its terms and covered assets. Throws a
// refused Error for an unknown number, or a number several vendors have
// without --vendor (listing them).
ContractDetail show_contract(Database& db, const ContractRef& ref);

// Which contracts `tally contract list` shows; the filters combine.
struct ContractFilter {
  std::optional<std::string> vendor;
  std::optional<std::string> team;       // owned by the unit or a unit below it
  std::optional<int> ending_within;      // ends between today and today + N days
  std::optional<int> notice_due_within;  // still running, notice_by by today + N days (overdue ones too)
};

// Contracts matching the filter, by end date, vendor and number. Throws a
// refused Error for an unknown vendor or team, or a negative number of days.
std::vector<Contract> list_contracts(Database& db, const ContractFilter& filter);

// What covering did to one asset.
struct CoverResult {
  std::string contract;  // number
  std::string vendor;
  std::string tag;
  std::string result;  // covered, already covered, skipped (disposed), skipped (returned_to_vendor)
};

// Puts the assets (tags, serials or barcodes) under the contract, all or
// nothing, with one "cover" event per newly covered asset. An asset already
// covered is reported, not refused. Throws a refused Error for an unknown
// contract or asset, a contract that has ended (before today), a disposed or
// returned asset, or no assets.
std::vector<CoverResult> cover_assets(Database& db, const std::string& actor, const ContractRef& ref,
                                      const std::vector<std::string>& codes);

// Puts every asset received on the PO under the contract, in one transaction;
// disposed and returned units are skipped and reported. Throws a refused Error
// for an unknown contract or PO, a contract that has ended, or a PO with no
// assets.
std::vector<CoverResult> cover_po_assets(Database& db, const std::string& actor, const ContractRef& ref,
                                         const std::string& po);

// Puts every device installed in the rack (NAME or LOCATION/NAME; 0U devices
// too) under the contract, all or nothing as cover_assets. Throws a refused
// Error for an unknown or empty rack, and as cover_assets.
std::vector<CoverResult> cover_rack_assets(Database& db, const std::string& actor, const ContractRef& ref,
                                           const std::string& rack);

// Takes the assets out of the contract, all or nothing, with one "uncover"
// event each. Throws a refused Error for an unknown contract or asset, or an
// asset the contract does not cover.
ContractDetail uncover_assets(Database& db, const std::string& actor, const ContractRef& ref,
                              const std::vector<std::string>& codes);

// What `tally contract renew` asks for.
struct ContractRenewal {
  ContractRef contract;
  std::string ends_on;
  std::optional<std::string> cost;  // the new cost per period; default the current one
};

// Renews a contract: a new term from the day after the current end to
// `ends_on`, the contract's end (and cost) updated, with a "renew" event. The
// old terms stay. Throws a refused Error for an unknown contract, a malformed
// date, an end date not after the current one, or a bad cost (or a cost on a
// contract that has no cost period).
ContractDetail renew_contract(Database& db, const std::string& actor, const ContractRenewal& renewal);

// One thing that covers an asset on a date: its warranty or a contract.
struct CoverageSource {
  std::string source;                   // warranty, contract
  std::optional<std::string> contract;  // number
  std::optional<std::string> vendor;
  std::optional<std::string> kind;  // contract kind
  std::optional<std::string> sla;
  std::string ends_on;
};

// An asset's coverage on a date: every source, the latest-ending first.
struct Coverage {
  std::string on;  // the date asked about
  std::vector<CoverageSource> sources;
  bool covered() const { return !sources.empty(); }
  // "warranty" or "contract NUMBER (VENDOR)" of the latest-ending source.
  std::optional<std::string> covered_by() const;
  std::optional<std::string> covered_until() const;
  std::optional<std::string> sla() const;
};

// The coverage of an asset on `day`: its warranty (received_on to
// warranty_ends, inclusive; none when they are the same day, a model with no
// warranty months) and every contract covering it whose dates include
// the day; the latest-ending first (a contract before the warranty on a tie).
Coverage coverage_on(Database& db, std::int64_t asset_id, date::year_month_day day);

// covered, covered_by, covered_until and coverage_sla: what `asset show`,
// `repair open` and `rma open` add to their output.
Json coverage_summary_json(const Coverage& coverage);
// One source as a row: source, contract, vendor, kind, sla, ends_on.
Json coverage_source_json(const CoverageSource& source);

}  // namespace tally
