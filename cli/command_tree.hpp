#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

// Reading the CLI11 command tree that --help prints, for the man page
// (cmd_manual.cpp) and shell completion (cmd_completion.cpp).
namespace tally::cli {

class Registry;

// tally completion and the hidden tally __complete (cmd_completion.cpp).
void setup_completion(CLI::App& app, Registry& registry);
// The hidden tally __manpage, which prints the man page (cmd_manual.cpp).
void setup_manual(CLI::App& app, Registry& registry);

// The commands a user can type below `command`, in the order --help lists
// them: no option groups, no hidden commands (an empty help group).
std::vector<const CLI::App*> visible_subcommands(const CLI::App& command);

// The options of `command` itself and of its option groups, in --help order,
// without --help.
std::vector<const CLI::Option*> command_options(const CLI::App& command);

// "--team, -t": every name of a non-positional option.
std::string option_names(const CLI::Option& option);

// The placeholder of an option's value ("PATH", "TEXT"; without an IsMember
// check's members), empty for a flag.
std::string value_text(const CLI::Option& option);

// The members of the option's IsMember check, in order, or none.
std::vector<std::string> choices(const CLI::Option& option);

// True when the option takes a value (it is not a flag).
bool takes_value(const CLI::Option& option);

// True when the positional takes any number of words (`tag ...`).
bool repeats(const CLI::Option& option);

}  // namespace tally::cli
