#include "assets.hpp"
#include "context.hpp"
#include "encoding.hpp"
#include "error.hpp"
#include "forms.hpp"
#include "importing.hpp"
#include "text.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>

namespace tally::cli {

namespace {

struct ImportCliOptions {
  std::string file;
  std::string dialect = "tally";
  bool dry_run = false;
  bool update = false;
  bool create_fields = false;
  std::optional<std::string> team;
  std::vector<std::string> company_maps;
  std::vector<std::string> status_maps;
  std::vector<std::string> ignored_columns;
  bool create_people = false;
  std::string decimal = "auto";
  std::string encoding = "utf-8";
};

// The library options from the command line; refuses a --map-company without '='.
ImportOptions import_options(const ImportCliOptions& cli) {
  ImportOptions options;
  options.file = cli.file;
  options.dialect = cli.dialect == "snipeit" ? Dialect::snipeit : Dialect::tally;
  options.mode = cli.dry_run ? ImportMode::dry_run : ImportMode::apply;
  options.update = cli.update;
  options.create_fields = cli.create_fields;
  options.team = cli.team;
  options.encoding = encoding_named(cli.encoding).value_or(Encoding::utf8);
  if (cli.decimal != "auto") {
    options.decimal = cli.decimal == "comma" ? DecimalMark::comma : DecimalMark::point;
  }
  for (const auto& map : cli.company_maps) {
    const auto eq = map.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == map.size()) {
      throw usage_error("import: --map-company '" + map + "' must be NAME=TEAM, e.g. \"Acme Corp=A-2\"");
    }
    options.company_teams[lower(map.substr(0, eq))] = map.substr(eq + 1);
  }
  for (const auto& map : cli.status_maps) {
    const auto eq = map.rfind('=');
    const std::string status = eq == std::string::npos ? std::string() : trim(map.substr(eq + 1));
    const auto& all = asset_statuses();
    if (eq == std::string::npos || eq == 0 || std::find(all.begin(), all.end(), status) == all.end()) {
      throw usage_error("import: --map-status '" + map +
                        "' must be LABEL=STATUS, e.g. \"Pending Diagnostics=in_repair\"; STATUS one of: " + join(all));
    }
    options.status_map[lower(trim(map.substr(0, eq)))] = status;
  }
  options.ignored_columns = cli.ignored_columns;
  options.create_people = cli.create_people;
  if (isatty(STDERR_FILENO) != 0) {
    options.progress = [](std::int64_t rows, std::int64_t bytes, std::int64_t total) {
      if (rows < 1000) {
        return;
      }
      const int percent = total > 0 ? static_cast<int>(bytes * 100 / total) : 0;
      std::cerr << "\rimport: " << rows << " rows read (" << percent << "%)" << std::flush;
    };
  }
  return options;
}

void print_report(Context& ctx, const ImportReport& report, bool progress_shown) {
  if (progress_shown && report.rows >= 1000) {
    std::cerr << "\n";
  }
  ctx.print(import_table(report));
  ctx.note(std::string(report.dry_run ? "dry run: " : "") + std::to_string(report.rows) + " rows " +
           (report.dry_run ? "checked; nothing was written" : "imported"));
}

void add_import_verb(CLI::App& noun, Registry& registry, const std::string& what,
                     ImportReport (*run)(Database&, const std::string&, const ImportOptions&)) {
  auto options = std::make_shared<ImportCliOptions>();
  CLI::App* verb = add_verb(noun, what, "Import " + what + " from a CSV file, all rows or none",
                            "tally import " + what + " " + what + ".csv --dialect snipeit --team A-2 --dry-run");
  verb->add_option("file", options->file, "CSV file (UTF-8, comma-separated, header row first)")->required();
  verb->add_option("--dialect", options->dialect,
                   "Header names: tally (what `tally " + std::string(what == "assets" ? "asset" : "license") +
                       " list --format csv` prints) or snipeit")
      ->check(CLI::IsMember({"tally", "snipeit"}));
  verb->add_flag("--dry-run", options->dry_run, "Check every row and print what would happen; write nothing");
  verb->add_flag("--update", options->update, "Update records the file names that already exist instead of refusing");
  if (what == "assets") {
    verb->add_flag("--create-fields", options->create_fields,
                   "Make each unknown column a custom field (type inferred from its values: integer, decimal, date, "
                   "boolean or text); a column named like a field's name or label is that field");
  }
  verb->add_option("--decimal", options->decimal,
                   "Decimal separator of costs: point (1,234.56), comma (1.234,56) or auto (what the file's costs "
                   "settle on)")
      ->check(CLI::IsMember({"point", "comma", "auto"}));
  verb->add_option("--encoding", options->encoding,
                   "Character encoding of the file: " + join(encoding_names()) + " (a byte order mark wins)")
      ->check(CLI::IsMember(encoding_names()));
  verb->add_option("--team", options->team, "snipeit: owning team of rows whose Company is not mapped");
  verb->add_option("--map-company", options->company_maps, "snipeit: NAME=TEAM, owning team of a Snipe-IT Company")
      ->option_text("NAME=TEAM");
  verb->add_option("--ignore-column", options->ignored_columns, "Leave out this column of the file (repeatable)")
      ->option_text("NAME");
  if (what == "assets") {
    verb->add_option("--map-status", options->status_maps,
                     "snipeit: LABEL=STATUS, the Tally status of a site-defined Snipe-IT status label (repeatable)")
        ->option_text("LABEL=STATUS");
  }
  verb->add_flag("--create-people", options->create_people,
                 "snipeit: create the people rows name (username, name, email) that Tally does not have");
  registry.add(verb, [options, run](Context& ctx) {
    const ImportOptions library_options = import_options(*options);
    print_report(ctx, run(ctx.db(), ctx.actor(), library_options), static_cast<bool>(library_options.progress));
  });
}

}  // namespace

void setup_import(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "import",
                            "Import assets and licenses from CSV (Tally's own or Snipe-IT's headers), models from "
                            "NetBox YAML, a whole export from JSON");
  add_import_verb(*noun, registry, "assets", import_assets);
  add_import_verb(*noun, registry, "licenses", import_licenses);
  add_import_models(*noun, registry);
  add_import_json(*noun, registry);
}

}  // namespace tally::cli
