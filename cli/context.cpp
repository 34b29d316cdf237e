#include "context.hpp"

#include "error.hpp"

#include "db.hpp"
#include "settings.hpp"

#include <pwd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>

namespace tally::cli {

std::string cli_option(std::string_view field) {
  // Core field names whose option is spelled otherwise.
  static const std::pair<std::string_view, std::string_view> k_spelled[] = {
      {"quantity", "--qty"}, {"starts_on", "--starts"}, {"expires_on", "--expires"}, {"expires_at", "--expires"},
      {"ends_on", "--ends"}, {"period", "--per"},       {"fiscal_year", "--fy"},
  };
  for (const auto& [name, option] : k_spelled) {
    if (name == field) {
      return std::string(option);
    }
  }
  std::string option = "--";
  for (const char c : field) {
    option += c == '_' ? '-' : c;
  }
  return option;
}

std::string cli_text(std::string_view message) {
  MessageFace face;
  face.field = [](std::string_view field) { return cli_option(field); };
  face.command = [](std::string_view words) { return "tally " + std::string(words); };
  return render_message(message, face);
}

namespace {

std::string resolve_actor(const std::string& given) {
  if (!given.empty()) {
    return given;
  }
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
    return user;
  }
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  return "unknown";
}

// Tables fit the terminal; piped output is never cut.
std::size_t output_width() {
  if (isatty(STDOUT_FILENO) == 0) {
    return 0;
  }
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    return ws.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
    return static_cast<std::size_t>(std::strtoul(columns, nullptr, 10));
  }
  return 80;
}

void check_parsed_text(const CLI::App& command) {
  for (const CLI::Option* option : command.get_options()) {
    const std::string field = option->nonpositional() ? option->get_name() : "argument " + option->get_name();
    for (const std::string& value : option->results()) {
      check_text(field, value, TextKind::free_text);
    }
  }
  for (const CLI::App* sub : command.get_subcommands()) {
    check_parsed_text(*sub);
  }
}

constexpr std::int64_t k_max_busy_timeout_s = 86400;

}  // namespace

void check_globals(const GlobalOptions& options) {
  if (options.db_path.rfind("file:", 0) == 0) {
    throw usage_error("--db: '" + visible_text(options.db_path) +
                      "' looks like an SQLite URI; a plain file path is expected (for a file really named so, "
                      "write ./" +
                      visible_text(options.db_path) + ")");
  }
  if (!options.busy_timeout.empty()) {
    parse_quantity("--busy-timeout (or TALLY_BUSY_TIMEOUT)", options.busy_timeout, 0, k_max_busy_timeout_s);
  }
}

void check_command_line_text(const CLI::App& app) {
  check_parsed_text(app);
}

Context::Context(GlobalOptions options)
    : m_options(std::move(options)),
      m_actor(resolve_actor(m_options.actor)),
      m_format(parse_format(m_options.format).value_or(Format::table)) {
  m_render.width = output_width();
  m_render.csv_raw = m_options.csv_raw;
  std::string name;
  for (const char c : m_options.columns + ",") {
    if (c != ',') {
      name += c;
    } else if (!name.empty()) {
      m_columns.push_back(name);
      name.clear();
    }
  }
  if (!m_options.busy_timeout.empty()) {
    set_busy_timeout_ms(static_cast<int>(
        parse_quantity("--busy-timeout (or TALLY_BUSY_TIMEOUT)", m_options.busy_timeout, 0, k_max_busy_timeout_s) *
        1000));
  }
}

Database& Context::db() {
  if (!m_db) {
    m_db = Database::open(m_options.db_path, OpenMode::existing);
    apply_time_zone(*m_db);
  }
  return *m_db;
}

void Context::print(const Table& table) {
  std::cout << render(select_columns(table, m_columns), m_format, m_render) << std::flush;
}

TableWriter Context::table_writer(std::vector<Column> columns) {
  return TableWriter(std::cout, std::move(columns), m_columns, m_format, m_render);
}

void Context::print(const Record& record) {
  std::cout << render(record, m_format, m_render) << std::flush;
}

void Context::print_row(const std::vector<Column>& columns, const Json& row, bool first) {
  std::cout << render_stream_row(columns, row, m_format, first, m_render) << std::flush;
}

void Context::note(const std::string& message) {
  std::cerr << visible_lines(message) << "\n";
}

void Context::handle_waiting(const std::function<void(const std::string&)>& handle, const std::string& code) {
  bool told = false;
  for (;;) {
    try {
      try {
        handle(code);
        return;
      } catch (const store::SqlError& e) {
        throw from_sqlite(e);
      }
    } catch (const Error& e) {
      if (e.cause() != Cause::busy) {
        throw;
      }
      // The code wrote nothing (its transaction never began or was rolled
      // back): try it again until the other writer is done.
      if (!told && isatty(STDERR_FILENO) != 0) {
        std::cerr << "waiting for another writer\u2026" << std::endl;
        told = true;
      }
    }
  }
}

int Context::scan_stdin(const std::function<void(const std::string&)>& handle) {
  std::string line;
  int number = 0;
  int refused_count = 0;
  while (std::getline(std::cin, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty()) {
      break;
    }
    try {
      check_text("the code", line, TextKind::scan);
      handle_waiting(handle, line);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::refused) {
        throw;
      }
      ++refused_count;
      note("line " + std::to_string(number) + ": " + cli_text(e.raw()) + "; skipped");
    }
  }
  return refused_count;
}

void Registry::add(CLI::App* command, Action action) {
  m_commands.emplace_back(command, std::move(action));
}

const Action* Registry::selected() const {
  for (const auto& [command, action] : m_commands) {
    if (command->parsed()) {
      return &action;
    }
  }
  return nullptr;
}

CLI::App* add_noun(CLI::App& app, const std::string& name, const std::string& description) {
  CLI::App* noun = app.add_subcommand(name, description);
  noun->require_subcommand(1);
  return noun;
}

CLI::App* add_verb(CLI::App& noun, const std::string& name, const std::string& description,
                   const std::string& example) {
  CLI::App* verb = noun.add_subcommand(name, description);
  verb->footer("\nExample:\n  " + example);
  return verb;
}

std::shared_ptr<std::vector<std::string>> add_filter_terms(CLI::App& verb, const std::string& fields) {
  auto terms = std::make_shared<std::vector<std::string>>();
  verb.add_option("terms", *terms,
                  "Filter terms, ANDed: FIELD:VALUE, FIELD~TEXT, FIELD<DATE (<=, >, >= too), a leading - negates. "
                  "Fields: " +
                      fields)
      ->option_text("TERM ...");
  return terms;
}

namespace {

// Which arguments are the values of options (`--db URL`, `--notes TEXT`):
// each option is looked up in the command the words so far name and in the
// commands above it (global options may follow the command words); `--x=v`
// and flags take no next argument.
std::vector<bool> option_values(const CLI::App& app, const std::vector<std::string>& args) {
  std::vector<bool> value(args.size(), false);
  std::vector<const CLI::App*> chain{&app};
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      break;
    }
    if (a.size() > 1 && a[0] == '-') {
      if (a.find('=') != std::string::npos) {
        continue;
      }
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const CLI::Option* option = (*it)->get_option_no_throw(a);
        if (option != nullptr) {
          if (option->get_type_size_max() > 0 && i + 1 < args.size()) {
            value[++i] = true;
          }
          break;
        }
      }
      continue;
    }
    const auto named = chain.back()->get_subcommands([&](const CLI::App* sub) { return sub->check_name(a); });
    if (!named.empty()) {
      chain.push_back(named.front());
    }
  }
  return value;
}

}  // namespace

std::vector<std::string> command_line(const CLI::App& app, int argc, char** argv) {
  // "status:in_stock", "-status:disposed": an optional dash, a field name, an operator.
  const auto term = [](const std::string& arg, bool negated) {
    std::size_t i = negated ? 1 : 0;
    if (negated && (arg.empty() || arg[0] != '-')) {
      return false;
    }
    const std::size_t start = i;
    // Letters and '_', then digits and '.' too (custom fields: `field.ram_gb>=32`).
    while (i < arg.size() && (std::isalpha(static_cast<unsigned char>(arg[i])) || arg[i] == '_' ||
                              (i > start && (std::isdigit(static_cast<unsigned char>(arg[i])) || arg[i] == '.')))) {
      ++i;
    }
    return i > start && i < arg.size() && std::string(":~<>").find(arg[i]) != std::string::npos;
  };
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::size_t separator = static_cast<std::size_t>(std::find(args.begin(), args.end(), "--") - args.begin());
  const std::vector<bool> values = option_values(app, args);
  bool negated = false;
  for (std::size_t i = 0; i < separator; ++i) {
    negated = negated || (!values[i] && term(args[i], true));
  }
  if (!negated) {
    std::reverse(args.begin(), args.end());
    return args;
  }
  // CLI11 ends a verb's positionals at "--" once one was given, so every term
  // goes after it, in its order, followed by what was after "--" already.
  std::vector<std::string> before;
  std::vector<std::string> after;
  for (std::size_t i = 0; i < separator; ++i) {
    (!values[i] && (term(args[i], true) || term(args[i], false)) ? after : before).push_back(args[i]);
  }
  if (separator < args.size()) {
    after.insert(after.end(), args.begin() + static_cast<std::ptrdiff_t>(separator) + 1, args.end());
  }
  before.push_back("--");
  before.insert(before.end(), after.begin(), after.end());
  // CLI11 parses a vector from the back.
  std::reverse(before.begin(), before.end());
  return before;
}

}  // namespace tally::cli
