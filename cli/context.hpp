#pragma once

#include "db.hpp"
#include "events.hpp"
#include "forms.hpp"
#include "render.hpp"
#include "text.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tally::cli {

// Options that every command accepts, before or after the command words.
struct GlobalOptions {
  std::string db_path = "tally.db";
  std::string actor;
  std::string format = "table";
  bool csv_raw = false;      // --csv-raw: CSV cells without the spreadsheet-formula guard
  std::string columns;       // --columns KEY,...: the columns of a table, in order; empty = the command's own
  std::string busy_timeout;  // --busy-timeout / $TALLY_BUSY_TIMEOUT: seconds; empty = the default 5
};

// A message from the core in the CLI's words: a field as its option
// ("quantity" is --qty; otherwise --name with '_' as '-'), an operation as
// the command that runs it (`tally WORDS`). Every core message the CLI
// prints goes through here.
std::string cli_text(std::string_view message);
// The CLI's option for a core field name: "quantity" -> "--qty".
std::string cli_option(std::string_view field);

// Checks the global options that CLI11 cannot: --db must be a plain path
// (usage Error for an SQLite URI "file:..."), --busy-timeout a whole number of
// seconds (refused Error otherwise).
void check_globals(const GlobalOptions& options);

// Refuses (Error, exit 1) any value on the parsed command line that is not
// UTF-8 or holds a control character other than TAB and LF, naming the option
// ("--name") or the argument ("argument NAME").
void check_command_line_text(const CLI::App& app);

// Adds an option taking a whole number from `min` to `max` (parse_quantity:
// strict, never clamped); a value that is no number or above `max` is
// refused with exit 1 naming the option, one below `min` is passed on for the
// library to refuse. `target` is an int64_t or an optional of one.
template <typename T>
CLI::Option* add_quantity(CLI::App& verb, const std::string& name, T& target, const std::string& description,
                          std::int64_t min, std::int64_t max = k_max_quantity) {
  return verb
      .add_option_function<std::string>(
          name,
          [&target, name, min, max](const std::string& text) {
            // Below `min` is left to the library's own message ("--qty 0 must be positive").
            if (const auto below = parse_bounded(text, std::numeric_limits<std::int64_t>::min(), min - 1)) {
              target = *below;
            } else {
              target = parse_quantity(name, text, min, max);
            }
          },
          description + " (" + std::to_string(min) + " to " + std::to_string(max) + ")")
      ->type_name("N");
}

// Adds an option taking a whole number (CLI11 refuses one that is not, exit 2)
// into an optional `target`, which stays nullopt unless the option is given;
// `--opt ""` gives 0, as it does for a plain number.
template <typename T>
CLI::Option* add_number(CLI::App& verb, const std::string& name, std::optional<T>& target,
                        const std::string& description) {
  return verb.add_option_function<T>(
      name, [&target](const T& value) { target = value; }, description);
}

// What a command runs with: the global options, the database (opened on first
// use), and the one place where output is printed.
class Context {
 public:
  explicit Context(GlobalOptions options);

  // The database at --db, which must exist (see OpenMode::existing).
  Database& db();
  const std::string& db_path() const { return m_options.db_path; }
  // Who is acting: --actor, $TALLY_ACTOR, $USER, or the login name.
  const std::string& actor() const { return m_actor; }
  Format format() const { return m_format; }

  // Prints data to stdout in the chosen format; a table with the --columns
  // chosen (a usage Error names an unknown one and lists the table's own).
  void print(const Table& table);
  void print(const Record& record);
  // A writer of a table printed to stdout as its rows come (see TableWriter),
  // with the format and --columns chosen; for lists that can be long.
  TableWriter table_writer(std::vector<Column> columns);
  // Prints one row of a stream at once (see render_stream_row).
  void print_row(const std::vector<Column>& columns, const Json& row, bool first);
  // Prints a message for people to stderr.
  void note(const std::string& message);

  // Scan mode: reads codes from stdin, one per line, until EOF or an empty
  // line, and calls `handle` for each at once. A code refused by the library
  // (or not UTF-8, or holding a control character) is reported on stderr with
  // its line number and skipped. A code that finds the database locked by
  // another writer past the busy timeout is tried again, without a limit (it
  // wrote nothing, so it is never stored twice); "waiting for another
  // writer..." is printed once per wait when stderr is a terminal. Other
  // errors end the session. Returns how many codes were refused.
  int scan_stdin(const std::function<void(const std::string&)>& handle);

 private:
  // Runs handle(code), again and again while the database is busy.
  void handle_waiting(const std::function<void(const std::string&)>& handle, const std::string& code);

  GlobalOptions m_options;
  std::string m_actor;
  Format m_format;
  RenderOptions m_render;
  std::vector<std::string> m_columns;  // --columns, split
  std::unique_ptr<Database> m_db;
};

using Action = std::function<void(Context&)>;

// Links each leaf subcommand to the function that runs it, so that no work
// happens inside CLI11's parse() (CLI11 runs option callbacks during parsing).
class Registry {
 public:
  void add(CLI::App* command, Action action);
  // The action of the leaf command that was parsed, or nullptr.
  const Action* selected() const;

 private:
  std::vector<std::pair<CLI::App*, Action>> m_commands;
};

// Each noun registers its subcommands (one cmd_*.cpp file per noun).
void setup_init(CLI::App& app, Registry& registry);
void setup_team(CLI::App& app, Registry& registry);
void setup_person(CLI::App& app, Registry& registry);
void setup_location(CLI::App& app, Registry& registry);
void setup_log(CLI::App& app, Registry& registry);
void setup_config(CLI::App& app, Registry& registry);
void setup_vendor(CLI::App& app, Registry& registry);
void setup_model(CLI::App& app, Registry& registry);
void setup_budget(CLI::App& app, Registry& registry);
void setup_po(CLI::App& app, Registry& registry);
void setup_receive(CLI::App& app, Registry& registry);
void setup_receipt(CLI::App& app, Registry& registry);
void setup_asset(CLI::App& app, Registry& registry);
void setup_field(CLI::App& app, Registry& registry);
void setup_license(CLI::App& app, Registry& registry);
void setup_repair(CLI::App& app, Registry& registry);
void setup_rma(CLI::App& app, Registry& registry);
void setup_dispose(CLI::App& app, Registry& registry);
void setup_audit(CLI::App& app, Registry& registry);
void setup_rack(CLI::App& app, Registry& registry);
void setup_test(CLI::App& app, Registry& registry);
void setup_image(CLI::App& app, Registry& registry);

void setup_stock(CLI::App& app, Registry& registry);
void setup_contract(CLI::App& app, Registry& registry);
void setup_report(CLI::App& app, Registry& registry);
void setup_import(CLI::App& app, Registry& registry);
void setup_label(CLI::App& app, Registry& registry);
void setup_scan(CLI::App& app, Registry& registry);
// tally serve: the HTTP face (server/).
void setup_serve(CLI::App& app, Registry& registry);
void setup_sql(CLI::App& app, Registry& registry);
// tally user ... (cmd_user.cpp) and tally token ... (cmd_token.cpp): identities for `tally serve`.
void setup_user(CLI::App& app, Registry& registry);
void setup_token(CLI::App& app, Registry& registry);
void setup_doctor(CLI::App& app, Registry& registry);
// tally node start/list/remove: dqlite cluster nodes (cmd_node.cpp).
void setup_node(CLI::App& app, Registry& registry);
// tally export and tally backup (cmd_export.cpp).
void setup_transfer(CLI::App& app, Registry& registry);
// tally completion and the hidden tally __complete (cmd_completion.cpp).
void setup_completion(CLI::App& app, Registry& registry);
// The hidden tally __manpage, which prints the man page (cmd_manual.cpp).
void setup_manual(CLI::App& app, Registry& registry);
// tally import json, a verb of `tally import` (cmd_export.cpp).
void add_import_json(CLI::App& import, Registry& registry);
// tally import models, a verb of `tally import` (cmd_model.cpp).
void add_import_models(CLI::App& import, Registry& registry);

// Adds a noun (`tally team ...`) that requires one of its verbs.
CLI::App* add_noun(CLI::App& app, const std::string& name, const std::string& description);

// Adds a verb with an example shown at the end of its --help.
CLI::App* add_verb(CLI::App& noun, const std::string& name, const std::string& description, const std::string& example);

// Adds positional filter terms (`status:in_stock -team:A-2`, see
// compile_filter) to a list verb; `fields` names them in the help.
std::shared_ptr<std::vector<std::string>> add_filter_terms(CLI::App& verb, const std::string& fields);

// The command line for CLI11 (reversed, without the program name). When it
// has a negated filter term (`-status:disposed`, which CLI11 would take for a
// short option), every filter term moves after a "--" so that all of them
// reach the verb's terms. The value of an option that takes one (`--db
// dqlite://10.0.0.1:9001/tally`, `--notes "see:ticket"`) is never taken for a
// term: `app` (built) says which options take values.
std::vector<std::string> command_line(const CLI::App& app, int argc, char** argv);

}  // namespace tally::cli
