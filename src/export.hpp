#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace tally {

class Database;

// Rows written or read per table, by table name.
using TableCounts = std::vector<std::pair<std::string, std::int64_t>>;

// Called now and then during a long copy: rows (or pages) done, and the total
// when it is known (else 0).
using TransferProgress = std::function<void(std::int64_t done, std::int64_t total)>;

// "tally-export": the value of the top-level "format" key of an export.
constexpr const char* k_export_format = "tally-export";

// What `tally export` wrote.
struct ExportReport {
  std::string path;
  int schema_version = 0;
  TableCounts tables;
  std::int64_t rows = 0;
  std::int64_t bytes = 0;
};

// How `tally export` writes.
struct ExportOptions {
  bool overwrite = false;  // replace an existing file (--force)
  bool with_keys = false;  // write license.license_key (--with-keys); else null
};

// Writes every table of `db` (rows in primary-key order, each row an object
// keyed by column name) to `path` as one JSON document, read in one read
// transaction so it is a consistent snapshot; the header says
// "license_keys": "included" or "omitted" (then every key is null). Written
// to a temporary file of mode 0600 and renamed, so `path` is either the whole
// export or untouched; temporary files of killed runs are removed first.
// `path` "-" writes to `standard_output` instead (the CLI passes its stdout).
// Throws a refused Error if `path` exists and `overwrite` is false, is the
// database itself (or its -wal/-shm), or a value cannot be written as JSON
// (text that is not UTF-8).
ExportReport export_json(Database& db, const std::string& path, const ExportOptions& options,
                         std::ostream& standard_output, const TransferProgress& progress);

// What `tally import json` read.
struct JsonImportReport {
  std::string path;
  bool created = false;  // the database file did not exist before
  int schema_version = 0;
  TableCounts tables;
  std::int64_t rows = 0;
};

// Loads an export into the database at `db_path`, which must not exist or
// hold nothing but what `tally init` puts there; the result is a copy of the
// exported database, row for row (no event is added for the import). One
// transaction: the file is checked as it is read (known tables and columns,
// value types, the schema's constraints), then with every `tally doctor`
// check; any failure refuses the whole file, names the table, row and column,
// and leaves the database as it was (a file this call created is removed).
JsonImportReport import_json(const std::string& db_path, const std::string& file, const TransferProgress& progress);

// import_json into an open database (no file is created or removed).
JsonImportReport import_json(Database& db, const std::string& file, const TransferProgress& progress);

// What `tally backup` wrote.
struct BackupReport {
  std::string path;
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
  std::string check;  // "ok": PRAGMA quick_check on the copy
};

// Copies the live database with SQLite's online backup API inside one read
// transaction (a consistent snapshot while other processes keep writing),
// into a temporary file (mode 0600) next to `path` that is checked
// (quick_check) and then renamed. Refuses an existing `path` unless
// `overwrite`, and always a `path` that is the database itself or its
// -wal/-shm file (by file identity: device and inode).
BackupReport backup_database(Database& db, const std::string& path, bool overwrite, const TransferProgress& progress);

}  // namespace tally
