#include "app.hpp"

#include "command_tree.hpp"
#include "context.hpp"
#include "embedded.hpp"
#include "error.hpp"
#include "migrations.hpp"
#include "text.hpp"

#include "db.hpp"

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

const char* const k_description =
    "Tally: inventory and asset tracking for infrastructure teams, over one SQLite file.\n"
    "Receive and tag equipment, track it by owning team, keep the history of every change.";

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
  app.add_option("--columns", globals.columns,
                 "Lists and reports: only these columns, in this order, in every format (an unknown one is a usage "
                 "error that lists the command's columns)")
      ->option_text("KEY,...");
  app.add_flag("--csv-raw", globals.csv_raw,
               "CSV: write cells as they are (by default a cell starting with = + - @ TAB or CR gets a leading ')");
  app.add_option("--busy-timeout", globals.busy_timeout,
                 "Seconds a write waits for another writer before it fails (default: $TALLY_BUSY_TIMEOUT, else 5)")
      ->envname("TALLY_BUSY_TIMEOUT")
      ->option_text("SECONDS");
}

// A command of the tree and the function that builds it (one file per noun).
struct CommandSetup {
  std::vector<const char*> names;  // the top-level words it adds
  void (*setup)(CLI::App&, Registry&);
};

// Every command, in --help order.
const std::vector<CommandSetup>& command_setups() {
  static const std::vector<CommandSetup> setups = {
      {{"init"}, setup_init},
      {{"team"}, setup_team},
      {{"person"}, setup_person},
      {{"location"}, setup_location},
      {{"log"}, setup_log},
      {{"vendor"}, setup_vendor},
      {{"model"}, setup_model},
      {{"budget"}, setup_budget},
      {{"po"}, setup_po},
      {{"receive"}, setup_receive},
      {{"receipt"}, setup_receipt},
      {{"asset"}, setup_asset},
      {{"field"}, setup_field},
      {{"license"}, setup_license},
      {{"repair"}, setup_repair},
      {{"rma"}, setup_rma},
      {{"dispose", "disposal"}, setup_dispose},
      {{"audit"}, setup_audit},
      {{"rack"}, setup_rack},
      {{"test"}, setup_test},
      {{"image"}, setup_image},
      {{"stock"}, setup_stock},
      {{"contract"}, setup_contract},
      {{"report"}, setup_report},
      {{"import"}, setup_import},
      {{"label"}, setup_label},
      {{"scan"}, setup_scan},
      {{"serve"}, setup_serve},
      {{"sql"}, setup_sql},
      {{"user"}, setup_user},
      {{"token"}, setup_token},
      {{"config"}, setup_config},
      {{"doctor"}, setup_doctor},
      {{"node"}, setup_node},
      {{"export", "backup"}, setup_transfer},
      {{"completion", "__complete"}, setup_completion},
      {{"__manpage"}, setup_manual},
  };
  return setups;
}

// Which commands to build: building CLI11's whole tree is most of start-up,
// so a command line that names a command builds only that command's subtree.
// The whole tree is built for help at the top, for an unknown command, and
// for the commands that read the tree (completion, the man page); none for
// `tally --version` (an error then rebuilds the whole tree for its help).
const CommandSetup* only_command(const std::vector<std::string>& args, bool& none) {
  none = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--db" || a == "--actor" || a == "--format" || a == "--columns") {
      ++i;  // its value
      continue;
    }
    if (a == "--") {
      break;
    }
    if (!a.empty() && a[0] == '-') {
      if (a == "--help" || a == "-h") {
        return nullptr;
      }
      continue;
    }
    for (const auto& setup : command_setups()) {
      for (const char* name : setup.names) {
        if (a == name) {
          return setup.setup == setup_completion || setup.setup == setup_manual ? nullptr : &setup;
        }
      }
    }
    return nullptr;
  }
  none = true;
  return nullptr;
}

enum class Tree { whole, one, none };

// The command tree: the globals, and the commands `tree` asks for.
void build(CLI::App& app, GlobalOptions& globals, Registry& registry, Tree tree, const CommandSetup* only) {
  app.name("tally");
  app.set_version_flag("--version", "tally " + std::string(embedded::version()) + " (schema version " +
                                        std::to_string(latest_version(builtin_migrations())) + ")");
  app.require_subcommand(1);
  // Global options may also follow the command words: `tally team list --format json`.
  app.fallthrough();
  app.get_formatter()->column_width(34);
  setup_globals(app, globals);
  if (tree == Tree::one) {
    only->setup(app, registry);
  } else if (tree == Tree::whole) {
    for (const auto& setup : command_setups()) {
      setup.setup(app, registry);
    }
  }
  app.footer(
      "\nExit codes: 0 ok, 1 refused (not found, invalid, conflict), 2 usage error,\n"
      "3 storage error (missing, locked, corrupt or newer database), 4 internal error.\n"
      "Run `tally COMMAND --help` for the verbs of a command, with examples.");
}

// The top-level help of the whole tree, for usage errors.
std::string whole_help() {
  CLI::App app{k_description};
  GlobalOptions globals;
  Registry registry;
  build(app, globals, registry, Tree::whole, nullptr);
  return app.help();
}

}  // namespace

int run(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  bool none = false;
  const CommandSetup* only = only_command(args, none);
  const Tree tree = only ? Tree::one : none ? Tree::none : Tree::whole;
  CLI::App app{k_description};
  GlobalOptions globals;
  Registry registry;
  build(app, globals, registry, tree, only);

  try {
    app.parse(command_line(app, argc, argv));
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      return app.exit(e);  // --help and --version print to stdout
    }
    // The help of the command the parser got into; at the top, of the whole tree.
    const bool top = deepest(app) == &app;
    std::cerr << "tally: error: " << visible_lines(usage_message(app, e)) << "\n\n"
              << (tree != Tree::whole && top ? whole_help() : app.help());
    return static_cast<int>(ErrorKind::usage);
  } catch (const Error& e) {
    // A value that an option checks as it is parsed (add_quantity).
    std::cerr << "tally: error: " << cli_text(e.raw()) << "\n";
    return static_cast<int>(e.kind());
  }

  try {
    const Action* action = registry.selected();
    if (action == nullptr) {
      std::cerr << "tally: error: no command given\n\n" << (tree == Tree::whole ? app.help() : whole_help());
      return static_cast<int>(ErrorKind::usage);
    }
    check_globals(globals);
    check_command_line_text(app);
    Context context(globals);
    (*action)(context);
    return 0;
  } catch (const Error& e) {
    std::cerr << "tally: error: " << visible_lines(cli_text(e.raw())) << "\n";
    return static_cast<int>(e.kind());
  } catch (const store::SqlError& e) {
    const Error mapped = from_sqlite(e);
    std::cerr << "tally: error: " << visible_lines(cli_text(mapped.raw())) << "\n";
    return static_cast<int>(mapped.kind());
  } catch (const std::exception& e) {
    std::cerr << "tally: internal error: " << visible_lines(e.what())
              << "\nThis is a bug in tally; please report it.\n";
    return k_exit_internal;
  }
}

}  // namespace tally::cli
