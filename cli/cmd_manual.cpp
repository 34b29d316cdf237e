// `tally __manpage`: the man page, in roff (man(7) macros), written from the
// same CLI11 tree that --help prints. The build runs it to make tally.1, so
// the page cannot drift from the commands.
#include "command_tree.hpp"
#include "context.hpp"
#include "embedded.hpp"
#include "error.hpp"

#include <iostream>
#include <sstream>

namespace tally::cli {

namespace {

// Text for a roff line: backslashes escaped; in code, hyphens are minus signs
// (`\-`) so that a copied option still works.
enum class Style { prose, code };

std::string escape(const std::string& text, Style style) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-' && style == Style::code) {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

// One or more lines of text; a line starting with '.' or '\'' would be a
// request, so it is protected with `\&`.
void text_lines(std::ostream& out, const std::string& text, Style style) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const std::string escaped = escape(line, style);
    if (!escaped.empty() && (escaped[0] == '.' || escaped[0] == '\'')) {
      out << "\\&";
    }
    out << escaped << "\n";
  }
}

std::string bold(const std::string& code) {
  return "\\fB" + escape(code, Style::code) + "\\fR";
}

std::string italic(const std::string& code) {
  return "\\fI" + escape(code, Style::code) + "\\fR";
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \n");
  if (first == std::string::npos) {
    return "";
  }
  return s.substr(first, s.find_last_not_of(" \n") - first + 1);
}

// An option or positional as a .TP item: the names, then what it is.
void option_item(std::ostream& out, const CLI::Option& option) {
  out << ".TP\n";
  if (option.get_positional()) {
    out << italic(option.get_name()) << (repeats(option) ? " ..." : "") << "\n";
  } else {
    out << bold(option_names(option));
    std::string value = italic(value_text(option));
    // A long list of choices may break after each '|' (\: is a break point).
    for (auto at = value.find('|'); at != std::string::npos; at = value.find('|', at + 3)) {
      value.insert(at + 1, "\\:");
    }
    if (!value_text(option).empty()) {
      out << " " << value;
    }
    out << "\n";
  }
  std::string description = option.get_description();
  if (option.get_required()) {
    description += " (required)";
  }
  if (!option.get_envname().empty()) {
    description += " (environment: " + option.get_envname() + ")";
  }
  if (const auto members = choices(option); !members.empty()) {
    std::string list;
    for (const auto& m : members) {
      list += (list.empty() ? "" : ", ") + m;
    }
    description += ". One of: " + list;
  }
  text_lines(out, description, Style::prose);
}

// A footer (examples, notes) as paragraphs: "Example:" and "Examples:" start
// a block of command lines shown as typed; other paragraphs are filled.
void footer(std::ostream& out, const std::string& text) {
  std::istringstream lines(trim(text));
  std::string line;
  bool in_examples = false;
  out << ".PP\n";
  while (std::getline(lines, line)) {
    const std::string trimmed = trim(line);
    const bool heading = trimmed.rfind("Example:", 0) == 0 || trimmed.rfind("Examples:", 0) == 0;
    if (heading) {
      if (in_examples) {
        out << ".fi\n.RE\n";
      }
      out << ".PP\n" << trimmed.substr(0, trimmed.find(':') + 1) << "\n.RS\n.nf\n";
      in_examples = true;
      const std::string rest = trim(trimmed.substr(trimmed.find(':') + 1));
      if (!rest.empty()) {
        text_lines(out, rest, Style::code);
      }
    } else if (trimmed.empty()) {
      if (in_examples) {
        out << ".fi\n.RE\n";
        in_examples = false;
      }
      out << ".PP\n";
    } else {
      text_lines(out, trimmed, in_examples ? Style::code : Style::prose);
    }
  }
  if (in_examples) {
    out << ".fi\n.RE\n";
  }
}

// "tally team show TEAM [OPTIONS]": the command words and its positionals.
std::string synopsis(const std::string& path, const CLI::App& command) {
  std::string line = bold(path);
  bool has_options = false;
  for (const CLI::Option* option : command_options(command)) {
    if (!option->get_positional()) {
      has_options = true;
      continue;
    }
    const std::string word = italic(option->get_name()) + (repeats(*option) ? " ..." : "");
    line += " " + (option->get_required() ? word : "[" + word + "]");
  }
  if (has_options) {
    line += " [" + italic("OPTIONS") + "]";
  }
  return line;
}

// A leaf command: synopsis, description, options, footer.
void leaf(std::ostream& out, const std::string& path, const CLI::App& command) {
  out << ".SS \"" << escape(path, Style::code) << "\"\n";
  out << synopsis(path, command) << "\n.PP\n";
  text_lines(out, command.get_description(), Style::prose);
  const auto options = command_options(command);
  if (!options.empty()) {
    out << ".PP\n";
  }
  for (const CLI::Option* option : options) {
    option_item(out, *option);
  }
  if (!trim(command.get_footer()).empty()) {
    footer(out, command.get_footer());
  }
}

// Every verb that takes filter terms, with the fields it knows.
void filter_terms(std::ostream& out, const CLI::App& app) {
  std::string syntax;
  std::vector<std::pair<std::string, std::string>> verbs;
  for (const CLI::App* noun : visible_subcommands(app)) {
    for (const CLI::App* verb : visible_subcommands(*noun)) {
      for (const CLI::Option* option : command_options(*verb)) {
        if (option->get_positional() && option->get_name() == "terms") {
          const std::string& d = option->get_description();
          const auto fields = d.find(" Fields: ");
          syntax = d.substr(0, fields);
          verbs.emplace_back("tally " + noun->get_name() + " " + verb->get_name(),
                             fields == std::string::npos ? "" : d.substr(fields + 9));
        }
      }
    }
  }
  out << ".SH \"FILTER TERMS\"\n";
  if (!syntax.empty() && syntax.back() == '.') {
    syntax.pop_back();
  }
  text_lines(out, "The list verbs below take positional filter terms. " + syntax + ".", Style::prose);
  out << ".PP\nA negated term may come anywhere on the command line; Tally moves every term after a\n"
         "\\fB\\-\\-\\fR so that the option parser does not read it as an option.\n";
  for (const auto& [path, fields] : verbs) {
    out << ".TP\n" << bold(path) << "\n";
    text_lines(out, "Fields: " + fields, Style::prose);
  }
  out << ".PP\nExample:\n.RS\n.nf\n"
      << escape("tally asset list status:in_stock -team:A-2 model~R640", Style::code) << "\n.fi\n.RE\n";
}

void exit_status(std::ostream& out) {
  // The values of ErrorKind (src/error.hpp) and the internal-error code of app.cpp.
  const std::vector<std::pair<int, std::string>> codes = {
      {0, "Success."},
      {static_cast<int>(ErrorKind::refused),
       "Refused: not found, invalid, conflict or an illegal transition; nothing was changed."},
      {static_cast<int>(ErrorKind::usage), "Usage error: the command line itself is wrong."},
      {static_cast<int>(ErrorKind::storage),
       "Storage error: the database is missing, locked past the busy timeout, corrupt, not a Tally database, "
       "or newer than this tally."},
      {4, "Internal error: a bug in tally; please report it."},
  };
  out << ".SH \"EXIT STATUS\"\n";
  for (const auto& [code, meaning] : codes) {
    out << ".TP\n" << bold(std::to_string(code)) << "\n";
    text_lines(out, meaning, Style::prose);
  }
}

void environment(std::ostream& out, const CLI::App& app) {
  out << ".SH ENVIRONMENT\n";
  for (const CLI::Option* option : command_options(app)) {
    if (!option->get_envname().empty()) {
      out << ".TP\n" << bold(option->get_envname()) << "\n";
      text_lines(out, "Default for " + option_names(*option) + ": " + option->get_description() + ".", Style::prose);
    }
  }
  // Read with getenv by src/clock.cpp, src/heap.cpp and cli/context.cpp.
  const std::vector<std::pair<std::string, std::string>> others = {
      {"TALLY_NOW",
       "A fixed UTC time like 2026-11-27T09:15:00Z used for every timestamp written (for tests and reproducible "
       "scripts)."},
      {"TALLY_TODAY", "A fixed date like 2026-11-27 used as today (expiry, warranty and coverage checks)."},
      {"TALLY_HUGE_HEAP",
       "0 keeps the heap in ordinary 4 KiB pages; by default its first 2 MiB are asked for as one transparent huge "
       "page, which makes a short command start faster."},
      {"USER", "Who is acting when neither --actor nor TALLY_ACTOR is set (then the login name)."},
      {"COLUMNS", "The width tables fit on a terminal whose size cannot be read; piped output is never cut."},
  };
  for (const auto& [name, meaning] : others) {
    out << ".TP\n" << bold(name) << "\n";
    text_lines(out, meaning, Style::prose);
  }
}

void files(std::ostream& out) {
  out << ".SH FILES\n"
         ".TP\n"
      << italic("./tally.db") << "\n"
      << "The database when neither \\fB\\-\\-db\\fR nor \\fBTALLY_DB\\fR is given. `tally init` creates it; every\n"
         "other command refuses (exit 3) when it does not exist.\n"
         ".TP\n"
      << italic("DATABASE-wal") << ", " << italic("DATABASE-shm") << "\n"
      << "SQLite's write-ahead log and shared-memory index beside the database; they are part of it while\n"
         "tally runs (copy a live database with \\fBtally backup\\fR, not cp).\n";
}

std::string man_page(const CLI::App& app) {
  std::ostringstream out;
  const std::string version(embedded::version());
  std::string summary = app.get_description().substr(0, app.get_description().find('\n'));
  if (summary.rfind("Tally: ", 0) == 0) {
    summary = summary.substr(7);
  }
  if (!summary.empty() && summary.back() == '.') {
    summary.pop_back();
  }
  out << ".TH TALLY 1 \"\" \"tally " << version
      << "\" \"User Commands\"\n"
      // Left-adjusted, no hyphenation: option names and codes stay whole.
      << ".ad l\n.nh\n"
      << ".SH NAME\ntally \\- " << escape(summary, Style::prose) << "\n"
      << ".SH SYNOPSIS\n"
      << bold("tally") << " [" << italic("GLOBAL OPTIONS") << "] " << italic("COMMAND") << " [" << italic("VERB")
      << "] [" << italic("ARGUMENTS") << "] [" << italic("OPTIONS") << "]\n"
      << ".br\n"
      << bold("tally --help") << "\n.br\n"
      << bold("tally COMMAND --help") << "\n"
      << ".SH DESCRIPTION\n";
  text_lines(out, app.get_description(), Style::prose);
  out << ".PP\nGlobal options may also follow the command words, as in\n"
      << bold("tally team list --format json") << ".\n";

  out << ".SH \"GLOBAL OPTIONS\"\n";
  out << ".TP\n" << bold(option_names(*app.get_help_ptr())) << "\n";
  text_lines(out, app.get_help_ptr()->get_description(), Style::prose);
  for (const CLI::Option* option : command_options(app)) {
    option_item(out, *option);
  }

  out << ".SH COMMANDS\n";
  for (const CLI::App* noun : visible_subcommands(app)) {
    const std::string noun_path = "tally " + noun->get_name();
    const auto verbs = visible_subcommands(*noun);
    if (verbs.empty()) {
      leaf(out, noun_path, *noun);
      continue;
    }
    out << ".SS \"" << escape(noun_path, Style::code) << "\"\n";
    text_lines(out, noun->get_description(), Style::prose);
    for (const CLI::App* verb : verbs) {
      leaf(out, noun_path + " " + verb->get_name(), *verb);
    }
  }
  filter_terms(out, app);
  exit_status(out);
  environment(out, app);
  files(out);
  out << ".SH \"SEE ALSO\"\n\\fBsqlite3\\fR(1)\n";
  return out.str();
}

}  // namespace

void setup_manual(CLI::App& app, Registry& registry) {
  CLI::App* manual = app.add_subcommand("__manpage", "Print the man page (roff); the build makes tally.1 with it");
  manual->group("");
  registry.add(manual, [&app](Context&) { std::cout << man_page(app); });
}

}  // namespace tally::cli
