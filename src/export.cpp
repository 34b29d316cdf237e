#include "export.hpp"

#include "store/sqlite_file.hpp"

#include "clock.hpp"
#include "db.hpp"
#include "doctor.hpp"
#include "embedded.hpp"
#include "error.hpp"
#include "json.hpp"
#include "migrations.hpp"
#include "teams.hpp"
#include "users.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <thread>

namespace tally {

namespace {

namespace fs = std::filesystem;

constexpr int k_export_format_version = 1;
constexpr std::int64_t k_progress_every = 10000;

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

// Every table of the schema (not SQLite's own), by name.
std::vector<std::string> table_names(store::Connection& db) {
  std::vector<std::string> names;
  Statement q(db,
              "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
              "ORDER BY name");
  while (q.step()) {
    names.push_back(q.column(0).as_text());
  }
  return names;
}

// The tables `tally export` writes and `import json` expects: all but the credentials (users.hpp).
std::vector<std::string> exported_tables(store::Connection& db) {
  std::vector<std::string> names = table_names(db);
  names.erase(std::remove_if(names.begin(), names.end(), is_credential_table), names.end());
  return names;
}

struct TableShape {
  std::vector<std::string> columns;  // in declaration order
  std::string order_by;              // the primary key, else rowid
};

TableShape table_shape(store::Connection& db, const std::string& table) {
  TableShape shape;
  std::map<int, std::string> key;
  Statement q(db, "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid");
  q.bind(1, table);
  while (q.step()) {
    shape.columns.push_back(q.column(0).as_text());
    if (q.column(1).as_int() > 0) {
      key[q.column(1).as_int()] = q.column(0).as_text();
    }
  }
  // Rowid tables in rowid order, so that a load gives the same order (and
  // `.dump` output); WITHOUT ROWID tables in primary-key order.
  Statement without_rowid(db, "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?");
  without_rowid.bind(1, table);
  if (!without_rowid.step() || without_rowid.column(0).as_int() == 0) {
    shape.order_by = "rowid";
    return shape;
  }
  for (const auto& [position, column] : key) {
    shape.order_by += (shape.order_by.empty() ? "" : ", ") + quoted(column);
  }
  return shape;
}

std::int64_t row_count(store::Connection& db, const std::string& table) {
  return query_int(db, "SELECT count(*) FROM " + quoted(table));
}

std::map<std::string, std::int64_t> row_counts(store::Connection& db) {
  std::map<std::string, std::int64_t> counts;
  for (const auto& table : table_names(db)) {
    counts[table] = row_count(db, table);
  }
  return counts;
}

// Removes the "<path>.partial-<pid>" files of runs that were killed (their
// process is gone), with the journal SQLite may have left beside them.
void remove_stale_partials(const std::string& path) {
  const fs::path target(path);
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string prefix = target.filename().string() + ".partial-";
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) {
      continue;
    }
    std::string pid_text = name.substr(prefix.size());
    for (const std::string companion : {"-journal", "-wal", "-shm"}) {
      if (pid_text.size() > companion.size() &&
          pid_text.compare(pid_text.size() - companion.size(), companion.size(), companion) == 0) {
        pid_text.resize(pid_text.size() - companion.size());
      }
    }
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos || pid_text.size() > 9) {
      continue;
    }
    const auto pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove(it->path(), ignored);
    }
  }
}

// A file next to `path` that becomes `path` by rename once it is complete;
// removed if it never does. Created empty with mode 0600 (owner only: an
// export or backup holds every row, license keys included when asked for),
// after removing what killed runs left (see remove_stale_partials).
class PartialFile {
 public:
  explicit PartialFile(const std::string& path)
      : m_path(path), m_partial(path + ".partial-" + std::to_string(::getpid())) {
    remove_stale_partials(path);
    const int fd = ::open(m_partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      throw refused("cannot create '" + m_partial + "'; check the directory's permissions");
    }
    ::fchmod(fd, 0600);
    ::close(fd);
  }
  ~PartialFile() {
    if (!m_done) {
      std::error_code ec;
      fs::remove(m_partial, ec);
      fs::remove(m_partial + "-journal", ec);
    }
  }
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;

  const std::string& partial() const { return m_partial; }
  void finish() {
    fs::rename(m_partial, m_path);
    m_done = true;
  }

 private:
  std::string m_path;
  std::string m_partial;
  bool m_done = false;
};

// True when `target` is the live database file or one of its companions
// (-wal, -shm, -journal): by file identity (device and inode, so a hard link
// or a symbolic link counts), and by name for a companion not there yet.
bool is_database_file(const std::string& target, const std::string& db_path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string companion = db_path + suffix;
    if (fs::exists(target, ec) && fs::exists(companion, ec) && fs::equivalent(target, companion, ec)) {
      return true;
    }
    const fs::path a = fs::weakly_canonical(target, ec);
    const fs::path b = fs::weakly_canonical(companion, ec);
    if (!ec && a == b) {
      return true;
    }
  }
  return false;
}

// Refuses a target that exists (unless overwriting), whose directory does
// not, or that is the database being copied.
void check_target(const std::string& noun, const std::string& path, bool overwrite, const std::string& db_path) {
  std::error_code ec;
  if (db_path != ":memory:" && is_database_file(path, db_path)) {
    throw refused(noun + ": '" + path + "' is the database being copied (" + db_path +
                  " or its -wal/-shm file); write the copy to another file");
  }
  if (fs::is_directory(path, ec)) {
    throw refused(noun + ": '" + path + "' is a directory; give a file name");
  }
  if (fs::exists(path, ec) && !overwrite) {
    throw refused(noun + ": '" + path + "' already exists; choose a new name or add " + field_ref("force") +
                  " to replace it");
  }
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    throw refused(noun + ": the directory '" + parent.string() + "' does not exist; create it first");
  }
}

Json value_json(const Field& column, const std::string& table, std::int64_t row) {
  switch (column.type()) {
    case store::Type::integer:
      return column.as_int64();
    case store::Type::real:
      return column.as_double();
    case store::Type::text:
      return column.as_text();
    case store::Type::null:
      return nullptr;
    default:
      throw refused("export: table " + table + " row " + std::to_string(row) + ", column \"" + column.name() +
                    "\" holds a BLOB, which Tally never writes; check the database with `" + command_ref("doctor") +
                    "`");
  }
}

void write_export(store::Connection& db, std::ostream& out, int version, bool with_keys, ExportReport& report,
                  const TransferProgress& progress) {
  const std::vector<std::string> tables = exported_tables(db);
  std::int64_t total = 0;
  for (const auto& table : tables) {
    total += row_count(db, table);
  }
  out << "{\n  \"format\": " << Json(k_export_format).dump() << ",\n  \"format_version\": " << k_export_format_version
      << ",\n  \"schema_version\": " << version << ",\n  \"exported_at\": " << Json(now_timestamp()).dump()
      << ",\n  \"license_keys\": " << Json(with_keys ? "included" : "omitted").dump() << ",\n  \"tables\": {";
  bool first_table = true;
  for (const auto& table : tables) {
    const TableShape shape = table_shape(db, table);
    out << (first_table ? "\n" : ",\n") << "    " << Json(table).dump() << ": [";
    first_table = false;
    Statement q(db, "SELECT * FROM " + quoted(table) + " ORDER BY " + shape.order_by);
    std::int64_t rows = 0;
    while (q.step()) {
      ++rows;
      Json row = Json::object();
      for (int i = 0; i < q.column_count(); ++i) {
        const std::string& column = shape.columns[static_cast<std::size_t>(i)];
        const bool hidden_key =
            (!with_keys && table == "license" && column == "license_key") || is_secret_column(table, column);
        row[column] = hidden_key ? Json() : value_json(q.column(i), table, rows);
      }
      try {
        out << (rows == 1 ? "\n      " : ",\n      ") << row.dump();
      } catch (const nlohmann::json::type_error& e) {
        throw refused("export: table " + table + " row " + std::to_string(rows) + " holds text that is not UTF-8 (" +
                      e.what() + "); fix the row, then export again");
      }
      if (++report.rows % k_progress_every == 0 && progress) {
        progress(report.rows, total);
      }
    }
    out << (rows == 0 ? "]" : "\n    ]");
    report.tables.emplace_back(table, rows);
  }
  out << "\n  }\n}\n";
}

}  // namespace

ExportReport export_json(Database& db, const std::string& path, const ExportOptions& options,
                         std::ostream& standard_output, const TransferProgress& progress) {
  ExportReport report;
  report.path = path;
  read(db, [&] {
    report.schema_version = schema_version(db.connection());
    if (path == "-") {
      write_export(db.connection(), standard_output, report.schema_version, options.with_keys, report, progress);
      standard_output.flush();
      return;
    }
    check_target("export", path, options.overwrite, db.path());
    PartialFile file(path);
    {
      std::ofstream out(file.partial(), std::ios::binary | std::ios::trunc);  // keeps the mode 0600
      if (!out) {
        throw refused("export: cannot write '" + file.partial() + "'; check the directory's permissions");
      }
      write_export(db.connection(), out, report.schema_version, options.with_keys, report, progress);
      out.flush();
      if (!out) {
        throw storage_error("export: writing '" + file.partial() + "' failed (disk full?); nothing was exported");
      }
    }
    report.bytes = static_cast<std::int64_t>(fs::file_size(file.partial()));
    file.finish();
  });
  return report;
}

namespace {

using ParseEvent = nlohmann::detail::parse_event_t;

// The state of one `import json`: reads the document through the parser's
// callback so that each row is inserted and dropped as soon as it is parsed
// (memory does not grow with the file).
class JsonLoader {
 public:
  JsonLoader(store::Connection& db, int version, JsonImportReport& report, const TransferProgress& progress,
             std::ifstream& in, std::int64_t size)
      : m_db(db), m_version(version), m_report(report), m_progress(progress), m_in(in), m_size(size) {
    for (const auto& table : exported_tables(db)) {
      m_tables[table] = table_shape(db, table);
    }
  }

  bool on_event(int depth, ParseEvent event, Json& parsed) {
    if (depth == 0) {
      if (event == ParseEvent::value || event == ParseEvent::array_start) {
        throw refused(prefix() + "the file is not a Tally export (its top level is not an object)");
      }
      return true;
    }
    if (depth == 1) {
      return on_top_level(event, parsed);
    }
    if (!m_in_tables) {
      return true;  // inside a top-level value other than "tables": refused at its end
    }
    if (depth == 2) {
      // Returning false for a key would skip its value without callbacks, so
      // only the array's end is dropped (its rows are already stored).
      if (event == ParseEvent::key) {
        start_table(parsed.get<std::string>());
        return true;
      }
      if (event == ParseEvent::array_start) {
        return true;
      }
      if (event == ParseEvent::array_end) {
        return false;
      }
      throw refused(prefix() + "table " + m_table + " must be an array of rows");
    }
    if (depth == 3) {
      if (event == ParseEvent::object_start) {
        ++m_row;
        return true;
      }
      if (event == ParseEvent::object_end) {
        insert(parsed);
        return false;
      }
      throw refused(prefix() + "table " + m_table + " row " + std::to_string(m_row + 1) +
                    " must be an object of column: value");
    }
    return true;
  }

  // After the whole file: every table of the schema was in it.
  void finish() {
    if (!m_saw_tables) {
      throw refused(prefix() + "the file has no \"tables\"; is it the output of `" + command_ref("export") + "`?");
    }
    for (const auto& [table, shape] : m_tables) {
      if (m_seen.count(table) == 0) {
        throw refused(prefix() + "table " + table + " is missing from the file; export again with this version");
      }
    }
  }

 private:
  std::string prefix() const { return "import json: "; }

  bool on_top_level(ParseEvent event, Json& parsed) {
    if (event == ParseEvent::key) {
      m_key = parsed.get<std::string>();
      static const std::set<std::string> known = {"format",      "format_version", "schema_version",
                                                  "exported_at", "license_keys",   "tables"};
      if (known.count(m_key) == 0) {
        throw refused(prefix() + "unknown top-level key \"" + m_key + "\"; expected " +
                      "format, format_version, schema_version, exported_at, license_keys and tables");
      }
      if (m_key == "tables") {
        check_header();
      }
      return true;
    }
    if (m_key == "tables") {
      if (event == ParseEvent::object_start) {
        m_in_tables = true;
        m_saw_tables = true;
        return true;
      }
      if (event == ParseEvent::object_end) {
        m_in_tables = false;
        return false;
      }
      throw refused(prefix() + "\"tables\" must be an object of table name: rows");
    }
    if (event != ParseEvent::value) {
      if (event == ParseEvent::object_end || event == ParseEvent::array_end) {
        throw refused(prefix() + "\"" + m_key + "\" must be a single value");
      }
      return true;
    }
    m_header[m_key] = parsed;
    return true;
  }

  void check_header() {
    const auto format = m_header.find("format");
    if (format == m_header.end() || format->second != k_export_format) {
      throw refused(prefix() + "the file is not a Tally export: \"format\": \"" + k_export_format +
                    "\" must come before \"tables\"");
    }
    const auto format_version = m_header.find("format_version");
    if (format_version == m_header.end() || format_version->second != k_export_format_version) {
      throw refused(prefix() + "\"format_version\" must be " + std::to_string(k_export_format_version) +
                    " (before \"tables\"); this file says " +
                    (format_version == m_header.end() ? "nothing" : format_version->second.dump()));
    }
    const auto version = m_header.find("schema_version");
    if (version == m_header.end() || !version->second.is_number_integer()) {
      throw refused(prefix() + "\"schema_version\" must be a number before \"tables\"");
    }
    if (version->second.get<std::int64_t>() != m_version) {
      throw refused(prefix() + "the file is an export of schema version " + version->second.dump() +
                    " and this tally has schema version " + std::to_string(m_version) +
                    "; export it with the same version of tally, or open it with a tally of that version");
    }
    m_report.schema_version = m_version;
  }

  void start_table(const std::string& table) {
    const auto found = m_tables.find(table);
    if (found == m_tables.end()) {
      throw refused(prefix() + "unknown table \"" + table + "\"; this schema (version " + std::to_string(m_version) +
                    ") has no such table");
    }
    if (!m_seen.insert(table).second) {
      throw refused(prefix() + "table " + table + " appears twice in the file");
    }
    m_table = table;
    m_row = 0;
    m_shape = &found->second;
    m_index.clear();
    std::string columns;
    std::string values;
    for (std::size_t i = 0; i < m_shape->columns.size(); ++i) {
      m_index[m_shape->columns[i]] = static_cast<int>(i) + 1;
      columns += (i == 0 ? "" : ", ") + quoted(m_shape->columns[i]);
      values += i == 0 ? "?" : ", ?";
    }
    m_insert = std::make_unique<Statement>(
        m_db, "INSERT INTO " + quoted(table) + " (" + columns + ") VALUES (" + values + ")");
    m_report.tables.emplace_back(table, 0);
  }

  std::string where() const { return prefix() + "table " + m_table + " row " + std::to_string(m_row); }

  void insert(const Json& row) {
    Statement& q = *m_insert;
    q.reset();
    q.clear_bindings();
    for (const auto& item : row.items()) {
      const auto index = m_index.find(item.key());
      if (index == m_index.end()) {
        throw refused(where() + ": unknown column \"" + item.key() + "\"");
      }
      const Json& value = item.value();
      if (value.is_null()) {
        q.bind(index->second);
      } else if (value.is_number_unsigned()) {
        const auto number = value.get<std::uint64_t>();
        if (number > static_cast<std::uint64_t>(INT64_MAX)) {
          throw refused(where() + ", column \"" + item.key() + "\": " + value.dump() + " is too large");
        }
        q.bind(index->second, static_cast<std::int64_t>(number));
      } else if (value.is_number_integer()) {
        q.bind(index->second, value.get<std::int64_t>());
      } else if (value.is_number_float()) {
        q.bind(index->second, value.get<double>());
      } else if (value.is_string()) {
        q.bind(index->second, value.get_ref<const std::string&>());
      } else {
        throw refused(where() + ", column \"" + item.key() + "\": " + value.type_name() +
                      " is not a value Tally stores; expected a number, a string or null");
      }
    }
    if (row.size() != m_shape->columns.size()) {
      for (const auto& column : m_shape->columns) {
        if (!row.contains(column)) {
          throw refused(where() + ": column \"" + column + "\" is missing");
        }
      }
    }
    try {
      q.exec();
    } catch (const store::SqlError& e) {
      throw refused(where() + ": " + e.what());
    }
    ++m_report.tables.back().second;
    ++m_report.rows;
    if (m_progress && m_report.rows % k_progress_every == 0) {
      m_progress(static_cast<std::int64_t>(m_in.tellg()), m_size);
    }
  }

  store::Connection& m_db;
  int m_version;
  JsonImportReport& m_report;
  const TransferProgress& m_progress;
  std::ifstream& m_in;
  std::int64_t m_size;

  std::map<std::string, TableShape> m_tables;
  std::set<std::string> m_seen;
  std::map<std::string, Json> m_header;
  std::string m_key;
  bool m_in_tables = false;
  bool m_saw_tables = false;

  std::string m_table;
  const TableShape* m_shape = nullptr;
  std::map<std::string, int> m_index;
  std::unique_ptr<Statement> m_insert;
  std::int64_t m_row = 0;
};

// The row counts of a database with no data in it: freshly migrated, and
// after `tally init` loaded the org chart.
std::vector<std::map<std::string, std::int64_t>> empty_counts() {
  auto fresh = Database::open(":memory:", OpenMode::create);
  std::vector<std::map<std::string, std::int64_t>> counts = {row_counts(fresh->connection())};
  write(*fresh, [&] { load_org_chart(*fresh, "tally", embedded::org_chart_json()); });
  counts.push_back(row_counts(fresh->connection()));
  return counts;
}

// Refuses a database that holds anything `tally init` did not put there.
void check_empty(store::Connection& db, const std::string& path) {
  const auto counts = row_counts(db);
  static const auto empty = empty_counts();
  if (counts == empty[0] || counts == empty[1]) {
    return;
  }
  std::string held;
  for (const auto& [table, rows] : counts) {
    const auto initial = empty[1].find(table);
    if (initial == empty[1].end() || rows != initial->second) {
      held += (held.empty() ? "" : ", ") + table + " " + std::to_string(rows) + " rows";
    }
  }
  throw refused("import json: the database '" + path + "' is not empty (" + held +
                "); import into a new file: " + command_ref(field_ref("db") + " NEW.db import json FILE"));
}

void load_json(Database& db, const std::string& file, JsonImportReport& report, const TransferProgress& progress) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  std::ifstream in(file, std::ios::binary);
  if (ec || !in || fs::is_directory(file, ec)) {
    throw refused("import json: cannot read '" + file + "'; give the path of a file written by `" +
                  command_ref("export") + "`");
  }
  store::Connection& sql = db.connection();
  write(db, [&] {
    check_empty(sql, db.path());
    // Rows go in exactly as exported: triggers would add derived rows (stock
    // levels) or refuse historic ones (append-only events), so they are dropped
    // for the load and created again before the checks; foreign keys are
    // checked at the end, when every table is in.
    std::vector<std::string> triggers;
    {
      Statement q(sql, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name");
      std::vector<std::string> names;
      while (q.step()) {
        names.push_back(q.column(0).as_text());
        triggers.push_back(q.column(1).as_text());
      }
      for (const auto& name : names) {
        sql.exec("DROP TRIGGER " + quoted(name));
      }
    }
    sql.exec("PRAGMA defer_foreign_keys = ON");
    for (const auto& table : table_names(sql)) {
      sql.exec("DELETE FROM " + quoted(table));
    }
    JsonLoader loader(sql, schema_version(sql), report, progress, in, static_cast<std::int64_t>(size));
    try {
      // What is left of the document: the header (every row was dropped).
      const Json header = Json::parse(
          in, [&loader](int depth, ParseEvent event, Json& parsed) { return loader.on_event(depth, event, parsed); });
      static_cast<void>(header);
    } catch (const nlohmann::json::parse_error& e) {
      throw refused("import json: '" + file + "' is not valid JSON at byte " + std::to_string(e.byte) + ": " +
                    e.what());
    }
    loader.finish();
    for (const auto& trigger : triggers) {
      sql.exec(trigger);
    }
    std::string failed;
    for (const auto& check : run_doctor_checks(db)) {
      if (check.failed()) {
        const DoctorProblem& p = check.problems.front();
        failed += "\n  " + check.name + ": " + (p.table.empty() ? "" : p.table + " ") +
                  (p.row.empty() ? "" : p.row + ": ") + p.detail +
                  (check.problems.size() > 1 ? " (and " + std::to_string(check.problems.size() - 1) + " more)" : "");
      }
    }
    if (!failed.empty()) {
      throw refused("import json: the rows break checks of `" + command_ref("doctor") +
                    "`; nothing was imported:" + failed);
    }
  });
}

}  // namespace

JsonImportReport import_json(const std::string& db_path, const std::string& file, const TransferProgress& progress) {
  std::error_code ec;
  // A cluster's database is written in place (one transaction, all or nothing).
  if (is_cluster_address(db_path) || fs::exists(db_path, ec)) {
    auto db = Database::open(db_path, OpenMode::create);
    return import_json(*db, file, progress);
  }
  // A new database is built in a temporary file and renamed into place, so a
  // killed import leaves no half-made database at `db_path` (and its
  // temporary file is removed by the next run).
  remove_stale_partials(db_path);
  const std::string partial = db_path + ".partial-" + std::to_string(::getpid());
  const auto remove_partial = [&] {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      fs::remove(partial + suffix, ec);
    }
  };
  remove_partial();
  try {
    JsonImportReport report;
    {
      auto db = Database::open(partial, OpenMode::create);
      report = import_json(*db, file, progress);
    }
    if (fs::exists(db_path, ec)) {
      throw refused("import json: '" + db_path + "' was created by another process meanwhile; nothing was imported");
    }
    fs::rename(partial, db_path);
    report.path = db_path;
    report.created = true;
    return report;
  } catch (...) {
    remove_partial();
    throw;
  }
}

JsonImportReport import_json(Database& db, const std::string& file, const TransferProgress& progress) {
  JsonImportReport report;
  report.path = db.path();
  load_json(db, file, report, progress);
  return report;
}

BackupReport backup_database(Database& db, const std::string& path, bool overwrite, const TransferProgress& progress) {
  BackupReport report;
  report.path = path;
  check_target("backup", path, overwrite, db.path());
  try {
    PartialFile file(path);
    {
      db.connection().copy_to_file(file.partial(), [&](std::int64_t done, std::int64_t total) {
        report.pages = total;
        if (progress) {
          progress(done, total);
        }
      });
      const auto copy = store::open_sqlite_file(file.partial(), store::FileAccess::read_write);
      report.check = query_text(*copy, "PRAGMA quick_check");
      if (report.check != "ok") {
        throw storage_error("backup: the copy failed its check (" + report.check + "); nothing was written to '" +
                            path + "'. Run `" + command_ref("doctor") + "` on the database");
      }
    }
    report.bytes = static_cast<std::int64_t>(fs::file_size(file.partial()));
    if (overwrite) {
      std::error_code ec;
      for (const char* suffix : {"-wal", "-shm"}) {
        fs::remove(path + suffix, ec);
      }
    }
    file.finish();
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
  return report;
}

}  // namespace tally
