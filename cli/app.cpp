#include "app.hpp"

#include "command_tree.hpp"
#include "context.hpp"
#include "embedded.hpp"
#include "error.hpp"
#include "migrations.hpp"
#include "text.hpp"

#include <SQLiteCpp/Exception.h>

#include <iostream>

namespace tally::cli {

namespace {

constexpr int k_exit_internal = 4;

// The subcommand the parser got deepest into, for usage text after an error.
const CLI::App* deepest(const CLI::App& app) {
  const CLI::App* current = &app;
  for (;;) {
    const auto parsed = current->get_subcommands();
    if (parsed.empty()) {
      return current;
    }
    current = parsed.front();
  }
}

// CLI11 reports `tally bogus` as a missing subcommand; name the unknown word.
std::string usage_message(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App* current = deepest(app);
  const auto rest = app.remaining(true);
  const bool takes_verbs = !current->get_subcommands([](const CLI::App*) { return true; }).empty();
  if (takes_verbs && !rest.empty() && rest.front().rfind("-", 0) != 0) {
    return "unknown command '" + rest.front() + "'";
  }
  return e.what();
}

void setup_globals(CLI::App& app, GlobalOptions& globals) {
  app.add_option("--db", globals.db_path, "Database file (default: $TALLY_DB, else ./tally.db)")
      ->envname("TALLY_DB")
      ->option_text("PATH");
  app.add_option("--actor", globals.actor, "Who is acting, for the history (default: $TALLY_ACTOR, else $USER)")
      ->envname("TALLY_ACTOR")
      ->option_text("NAME");
  app.add_option("--format", globals.format, "Output format: table (for people), csv or json (for scripts)")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->option_text("table|csv|json");
  app.add_flag("--csv-raw", globals.csv_raw,
               "CSV: write cells as they are (by default a cell starting with = + - @ TAB or CR gets a leading ')");
  app.add_option("--busy-timeout", globals.busy_timeout,
                 "Seconds a write waits for another writer before it fails (default: $TALLY_BUSY_TIMEOUT, else 5)")
      ->envname("TALLY_BUSY_TIMEOUT")
      ->option_text("SECONDS");
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{
      "Tally: inventory and asset tracking for infrastructure teams, over one SQLite file.\n"
      "Receive and tag equipment, track it by owning team, keep the history of every change."};
  app.name("tally");
  app.set_version_flag("--version", "tally " + std::string(embedded::version()) + " (schema version " +
                                        std::to_string(latest_version(builtin_migrations())) + ")");
  app.require_subcommand(1);
  // Global options may also follow the command words: `tally team list --format json`.
  app.fallthrough();
  app.get_formatter()->column_width(34);

  GlobalOptions globals;
  Registry registry;
  setup_globals(app, globals);
  setup_init(app, registry);
  setup_team(app, registry);
  setup_person(app, registry);
  setup_location(app, registry);
  setup_log(app, registry);
  setup_vendor(app, registry);
  setup_model(app, registry);
  setup_budget(app, registry);
  setup_po(app, registry);
  setup_receive(app, registry);
  setup_asset(app, registry);
  setup_license(app, registry);
  setup_repair(app, registry);
  setup_rma(app, registry);
  setup_dispose(app, registry);
  setup_audit(app, registry);
  setup_rack(app, registry);
  setup_test(app, registry);
  setup_image(app, registry);
  setup_stock(app, registry);
  setup_contract(app, registry);
  setup_report(app, registry);
  setup_import(app, registry);
  setup_label(app, registry);
  setup_scan(app, registry);
  setup_sql(app, registry);
  setup_config(app, registry);
  setup_doctor(app, registry);
  setup_transfer(app, registry);
  setup_completion(app, registry);
  setup_manual(app, registry);
  app.footer(
      "\nExit codes: 0 ok, 1 refused (not found, invalid, conflict), 2 usage error,\n"
      "3 storage error (missing, locked, corrupt or newer database), 4 internal error.\n"
      "Run `tally COMMAND --help` for the verbs of a command, with examples.");

  try {
    app.parse(command_line(argc, argv));
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      return app.exit(e);  // --help and --version print to stdout
    }
    std::cerr << "tally: error: " << visible_lines(usage_message(app, e)) << "\n\n" << app.help();
    return static_cast<int>(ErrorKind::usage);
  } catch (const Error& e) {
    // A value that an option checks as it is parsed (add_quantity).
    std::cerr << "tally: error: " << e.what() << "\n";
    return static_cast<int>(e.kind());
  }

  try {
    const Action* action = registry.selected();
    if (action == nullptr) {
      std::cerr << "tally: error: no command given\n\n" << app.help();
      return static_cast<int>(ErrorKind::usage);
    }
    check_globals(globals);
    check_command_line_text(app);
    Context context(globals);
    (*action)(context);
    return 0;
  } catch (const Error& e) {
    std::cerr << "tally: error: " << visible_lines(e.what()) << "\n";
    return static_cast<int>(e.kind());
  } catch (const SQLite::Exception& e) {
    const Error mapped = from_sqlite(e);
    std::cerr << "tally: error: " << visible_lines(mapped.what()) << "\n";
    return static_cast<int>(mapped.kind());
  } catch (const std::exception& e) {
    std::cerr << "tally: internal error: " << visible_lines(e.what()) << "\nThis is a bug in tally; please report it.\n";
    return k_exit_internal;
  }
}

}  // namespace tally::cli
