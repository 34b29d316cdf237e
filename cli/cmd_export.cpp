// tally export, tally backup and tally import json: whole-database copies.
#include "context.hpp"
#include "error.hpp"
#include "export.hpp"
#include "progress.hpp"

#include <iostream>
#include <memory>

namespace tally::cli {

namespace {

Table tables_table(const TableCounts& tables) {
  Table table;
  table.columns = {{"table", "table"}, {"rows", "rows", Align::right}};
  for (const auto& [name, rows] : tables) {
    table.rows.push_back({{"table", name}, {"rows", rows}});
  }
  return table;
}

struct CopyOptions {
  std::string out;
  bool force = false;
  bool with_keys = false;
};

}  // namespace

void setup_transfer(CLI::App& app, Registry& registry) {
  auto export_options = std::make_shared<CopyOptions>();
  CLI::App* exporter =
      app.add_subcommand("export", "Write the whole database as one JSON file (every table, every row)");
  exporter->footer(
      "\nThe file has \"format\": \"tally-export\", the schema version and \"tables\": each table's rows in\n"
      "primary-key order, each row an object keyed by column name. `tally import json` loads it into a new\n"
      "database. Read in one snapshot, so other processes may keep writing.\n\n"
      "Examples:\n  tally export --out tally-2026-11-27.json\n  tally export --out - | jq '.tables.asset | length'");
  exporter->add_option("--out", export_options->out, "File to write (\"-\" for stdout)")->required();
  exporter->add_flag("--force", export_options->force, "Replace the file if it exists");
  exporter->add_flag("--with-keys", export_options->with_keys,
                     "Write license keys (else they are null and the file says \"license_keys\": \"omitted\")");
  registry.add(exporter, [export_options](Context& ctx) {
    const TransferProgress progress = export_options->out == "-" ? nullptr : terminal_progress("export", "rows");
    ExportOptions options;
    options.overwrite = export_options->force;
    options.with_keys = export_options->with_keys;
    const ExportReport report = export_json(ctx.db(), export_options->out, options, std::cout, progress);
    end_progress(progress);
    if (export_options->out != "-") {
      ctx.print(tables_table(report.tables));
      ctx.note("exported " + std::to_string(report.rows) + " rows of " + std::to_string(report.tables.size()) +
               " tables (schema version " + std::to_string(report.schema_version) + ") to " + report.path + ", " +
               std::to_string(report.bytes) + " bytes, mode 0600; license keys " +
               (options.with_keys ? "included" : "omitted (--with-keys writes them)"));
    }
  });

  auto backup_options = std::make_shared<CopyOptions>();
  CLI::App* backup = app.add_subcommand("backup", "Copy the live database to a file with SQLite's online backup API");
  backup->footer(
      "\nA consistent copy while other tally processes keep working; written next to FILE, checked with\n"
      "PRAGMA quick_check, then renamed to FILE. The copy is a Tally database: open it with --db FILE.\n\n"
      "Example:\n  tally backup /backups/tally-2026-11-27.db");
  backup->add_option("file", backup_options->out, "Where to write the copy")->required();
  backup->add_flag("--force", backup_options->force, "Replace the file if it exists");
  registry.add(backup, [backup_options](Context& ctx) {
    const TransferProgress progress = terminal_progress("backup", "pages");
    const BackupReport report = backup_database(ctx.db(), backup_options->out, backup_options->force, progress);
    end_progress(progress);
    Record record;
    record.fields = {{"file", report.path}, {"pages", report.pages}, {"bytes", report.bytes}, {"check", report.check}};
    ctx.print(record);
  });
}

void add_import_json(CLI::App& import, Registry& registry) {
  auto file = std::make_shared<std::string>();
  CLI::App* verb = add_verb(import, "json", "Load a `tally export` file into a new database, all rows or none",
                            "tally --db restored.db import json tally-2026-11-27.json");
  verb->add_option("file", *file, "JSON file written by `tally export`")->required();
  verb->footer(
      "\nThe database (--db) must not exist or hold only what `tally init` puts there. The result is the\n"
      "exported database row for row; it is checked with every `tally doctor` check before it is kept.");
  registry.add(verb, [file](Context& ctx) {
    const TransferProgress progress = terminal_progress("import json", "bytes");
    const JsonImportReport report = import_json(ctx.db_path(), *file, progress);
    end_progress(progress);
    ctx.print(tables_table(report.tables));
    ctx.note("imported " + std::to_string(report.rows) + " rows of " + std::to_string(report.tables.size()) +
             " tables into " + report.path + (report.created ? " (new file)" : ""));
  });
}

}  // namespace tally::cli
