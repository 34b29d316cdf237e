#pragma once

#include "encoding.hpp"
#include "money.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tally {

class Database;

// Whose column names a CSV file uses.
enum class Dialect {
  tally,    // what `tally asset list` / `tally license list --format csv` print
  snipeit,  // Snipe-IT's import and export headers
};

// Whether an import writes.
enum class ImportMode { apply, dry_run };

// What `tally import assets|licenses` asks for.
struct ImportOptions {
  std::string file;  // path of the CSV file (named in the import event); with `content`, only its name
  std::optional<std::string> content;  // the CSV itself instead of reading `file` (the HTTP face's request body)
  Dialect dialect = Dialect::tally;
  ImportMode mode = ImportMode::apply;
  bool update = false;                               // update rows matching existing records instead of refusing them
  bool create_fields = false;  // assets: an unknown column becomes a custom field (type inferred from its values)
  std::optional<std::string> team;                   // snipeit: owning team of every row whose Company is not mapped
  std::map<std::string, std::string> company_teams;  // snipeit: Company (any case) -> team
  std::map<std::string, std::string> status_map;     // snipeit: status label (lower case) -> Tally status
  std::vector<std::string> ignored_columns;          // headers (any case) that the import leaves out
  bool create_people = false;                        // snipeit: create the people rows name that Tally does not have
  // How costs write the decimal separator; nullopt: the one the file's costs settle on.
  std::optional<DecimalMark> decimal;
  // The file's character encoding (a byte order mark overrides it).
  Encoding encoding = Encoding::utf8;
  // Called every 1000 rows with rows read, bytes read and the file size.
  std::function<void(std::int64_t, std::int64_t, std::int64_t)> progress;
};

// Records of one kind that an import created, updated or left as they were.
struct ImportCount {
  std::string kind;  // asset, license, vendor, model, location
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
};

// What an import did (or, in a dry run, would do).
struct ImportReport {
  std::int64_t rows = 0;  // data rows read (the header not counted)
  std::vector<ImportCount> counts;
  bool dry_run = false;
};

// The tally dialect's asset headers: exactly `tally asset list --format csv`'s.
const std::vector<std::string>& tally_asset_headers();
// The tally dialect's license headers: exactly `tally license list --format csv`'s.
const std::vector<std::string>& tally_license_headers();

// Imports assets from a CSV file in one transaction: validates every row,
// creates (or with `update` updates) the assets with one event each and one
// `import` event for the file. Throws a refused Error listing every problem as
// "line N, column 'X': what is wrong" (nothing written), or for an unreadable
// file or a malformed CSV. A dry run validates the same way and writes nothing.
ImportReport import_assets(Database& db, const std::string& actor, const ImportOptions& options);

// The same for licenses.
ImportReport import_licenses(Database& db, const std::string& actor, const ImportOptions& options);

// Snipe-IT's value forms, exposed for tests.
// An amount such as "$1,234.56", "1234.5" or "€ 99" in minor units of `currency`.
std::optional<std::int64_t> parse_loose_amount(const std::string& text, const std::string& currency);
// A date as YYYY-MM-DD or M/D/YYYY or M/D/YY (YY 00-68 is 20YY, 69-99 is
// 19YY, as POSIX strptime's %y), each optionally followed by a time of day
// ("2023-01-23 00:00:00", "1/23/23 14:05"), returned as YYYY-MM-DD.
std::optional<std::string> parse_loose_date(const std::string& text);
// yes/no, true/false, 1/0 in any case.
std::optional<bool> parse_loose_bool(const std::string& text);
// The Tally status for a Snipe-IT status label (case-insensitive), if known:
// one of Snipe-IT's default labels, or the custom-report form "Label (meta)"
// whose label is known; `site` (lower-case label -> status) is asked first.
// An unknown label with its meta status in parentheses maps through the meta
// status (deployable, pending, archived, undeployable).
std::optional<std::string> snipeit_status(const std::string& label,
                                          const std::map<std::string, std::string>& site = {});

}  // namespace tally
