// `tally completion bash|zsh|fish` prints a small script that asks the
// hidden `tally __complete -- WORD...` for the candidates of the last word.
// `__complete` walks the same CLI11 tree that --help prints (nouns, verbs,
// options, the choices of IsMember options) and reads team, location, rack
// and PO codes from the database opened read-only, never migrated.
#include "command_tree.hpp"
#include "context.hpp"
#include "locations.hpp"
#include "teams.hpp"
#include "purchasing.hpp"
#include "racks.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace tally::cli {

namespace {

constexpr const char* k_bash_script = R"sh(# bash completion for tally, printed by `tally completion bash`.
_tally() {
  local IFS=$'\n'
  COMPREPLY=($(command "${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _tally tally
)sh";

constexpr const char* k_zsh_script = R"sh(#compdef tally
# zsh completion for tally, printed by `tally completion zsh`.
_tally() {
  local -a candidates
  candidates=(${(f)"$(command ${words[1]} __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)"})
  if (( ${#candidates} )); then
    compadd -- "${candidates[@]}"
  else
    _files
  fi
}
if [ "$funcstack[1]" = "_tally" ]; then
  _tally "$@"
else
  compdef _tally tally
fi
)sh";

constexpr const char* k_fish_script = R"sh(# fish completion for tally, printed by `tally completion fish`.
function __tally_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l candidates (command $words[1] __complete -- $words[2..-1] "$current" 2>/dev/null)
    if test (count $candidates) -gt 0
        printf '%s\n' $candidates
    else
        __fish_complete_path "$current"
    end
end
complete -c tally -f -a '(__tally_complete)'
)sh";

// Where the values of an option or positional come from.
enum class Source { none, choices, teams, locations, racks, pos };

// By the option's name, as the commands name them (`--team`, `team`,
// `--location`, `--rack`, `--po`; `--to`, `--from` and `code` where they
// are described as locations); else the choices of an IsMember check.
Source source_of(const CLI::Option& option) {
  std::string name = option.get_positional() ? option.get_name() : "";
  if (!option.get_positional() && !option.get_lnames().empty()) {
    name = option.get_lnames().front();
  }
  const bool about_location = option.get_description().find("ocation") != std::string::npos;
  if (name == "team" || name == "to-team") {
    return Source::teams;
  }
  if (name == "location" || name == "parent" ||
      ((name == "to" || name == "from" || name == "code") && about_location)) {
    return Source::locations;
  }
  if (name == "rack") {
    return Source::racks;
  }
  if (name == "po") {
    return Source::pos;
  }
  return choices(option).empty() ? Source::none : Source::choices;
}

// Codes from the database, or none when there is no readable Tally database.
std::vector<std::string> database_values(Source source, const std::string& path) {
  std::vector<std::string> values;
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) {
    return values;
  }
  try {
    const auto db = Database::open(path, OpenMode::inspect);
    switch (source) {
      case Source::teams:
        for (const auto& t : list_teams(*db)) {
          values.push_back(t.code);
        }
        break;
      case Source::locations:
        for (const auto& l : list_locations(*db)) {
          values.push_back(l.code);
        }
        break;
      case Source::racks:
        for (const auto& r : list_racks(*db, std::nullopt)) {
          values.push_back(r.rack.name);
        }
        break;
      case Source::pos:
        for (const auto& po : list_pos(*db, PoFilter{})) {
          values.push_back(po.number);
        }
        break;
      case Source::none:
      case Source::choices:
        break;
    }
  } catch (const std::exception&) {
    values.clear();  // an older, newer or foreign file: complete nothing from it
  }
  return values;
}

// The option that `word` names in the command or an enclosing one (global
// options may follow the command words), or nullptr.
const CLI::Option* find_option(const std::vector<const CLI::App*>& chain, const std::string& word) {
  const std::string name = word.substr(0, word.find('='));
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    auto options = command_options(**it);
    options.push_back((*it)->get_help_ptr());
    for (const CLI::Option* option : options) {
      if (option != nullptr && !option->get_positional() && option->check_name(name)) {
        return option;
      }
    }
  }
  return nullptr;
}

// The candidates for the last word, given the words before it.
std::vector<std::string> candidates(const CLI::App& app, const std::vector<std::string>& words, std::string db_path) {
  std::vector<const CLI::App*> chain = {&app};
  const CLI::Option* pending = nullptr;  // an option waiting for its value
  bool only_positionals = false;         // after "--"
  std::size_t positionals = 0;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string& word = words[i];
    if (pending != nullptr) {
      if (pending->check_name("--db")) {
        db_path = word;
      }
      pending = nullptr;
    } else if (!only_positionals && word == "--") {
      only_positionals = true;
    } else if (!only_positionals && word.size() > 1 && word[0] == '-') {
      const CLI::Option* option = find_option(chain, word);
      const auto equals = word.find('=');
      if (option != nullptr && takes_value(*option) && equals == std::string::npos) {
        pending = option;
      } else if (option != nullptr && option->check_name("--db") && equals != std::string::npos) {
        db_path = word.substr(equals + 1);
      }
    } else {
      const auto subs = visible_subcommands(*chain.back());
      const auto sub = std::find_if(subs.begin(), subs.end(), [&](const CLI::App* s) { return s->get_name() == word; });
      if (positionals == 0 && !only_positionals && sub != subs.end()) {
        chain.push_back(*sub);
      } else {
        ++positionals;
      }
    }
  }

  const std::string& current = words.back();
  std::vector<std::string> found;
  const auto values_of = [&](const CLI::Option& option) {
    const Source source = source_of(option);
    return source == Source::choices ? choices(option) : database_values(source, db_path);
  };
  if (pending != nullptr) {
    found = values_of(*pending);
  } else if (!only_positionals && !current.empty() && current[0] == '-') {
    for (const CLI::App* command : chain) {
      auto options = command_options(*command);
      options.push_back(command->get_help_ptr());
      for (const CLI::Option* option : options) {
        if (option != nullptr && !option->get_positional()) {
          found.push_back(option->get_lnames().empty() ? "-" + option->get_snames().front()
                                                       : "--" + option->get_lnames().front());
        }
      }
    }
  } else if (const auto subs = visible_subcommands(*chain.back()); !subs.empty() && !only_positionals) {
    for (const CLI::App* sub : subs) {
      found.push_back(sub->get_name());
    }
  } else {
    std::vector<const CLI::Option*> slots;
    for (const CLI::Option* option : command_options(*chain.back())) {
      if (option->get_positional()) {
        slots.push_back(option);
      }
    }
    if (positionals < slots.size()) {
      found = values_of(*slots[positionals]);
    } else if (!slots.empty() && repeats(*slots.back())) {
      found = values_of(*slots.back());
    }
  }

  std::vector<std::string> matching;
  for (const auto& candidate : found) {
    if (candidate.compare(0, current.size(), current) == 0) {
      matching.push_back(candidate);
    }
  }
  std::sort(matching.begin(), matching.end());
  matching.erase(std::unique(matching.begin(), matching.end()), matching.end());
  return matching;
}

}  // namespace

void setup_completion(CLI::App& app, Registry& registry) {
  auto shell = std::make_shared<std::string>();
  CLI::App* completion = app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  completion->footer(
      "\nThe installed package puts these scripts where each shell finds them. By hand:\n\n"
      "Examples:\n"
      "  source <(tally completion bash)       (in ~/.bashrc)\n"
      "  tally completion zsh > \"${fpath[1]}/_tally\"\n"
      "  tally completion fish > ~/.config/fish/completions/tally.fish");
  completion->add_option("shell", *shell, "The shell")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  registry.add(completion, [shell](Context&) {
    std::cout << (*shell == "bash" ? k_bash_script : *shell == "zsh" ? k_zsh_script : k_fish_script);
  });

  auto words = std::make_shared<std::vector<std::string>>();
  CLI::App* complete =
      app.add_subcommand("__complete", "Print the candidates for the last of the words (one per line)");
  complete->group("");
  complete->add_option("words", *words, "The command line after `tally`, the word being completed last");
  registry.add(complete, [&app, words](Context& ctx) {
    const std::vector<std::string> line = words->empty() ? std::vector<std::string>{""} : *words;
    for (const auto& candidate : candidates(app, line, ctx.db_path())) {
      std::cout << candidate << "\n";
    }
  });
}

}  // namespace tally::cli
