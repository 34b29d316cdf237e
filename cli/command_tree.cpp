#include "command_tree.hpp"

namespace tally::cli {

namespace {

// An option group (`add_option_group`) is an unnamed subcommand.
bool is_option_group(const CLI::App& app) {
  return app.get_name().empty();
}

}  // namespace

std::vector<const CLI::App*> visible_subcommands(const CLI::App& command) {
  return command.get_subcommands(
      [](const CLI::App* sub) { return !is_option_group(*sub) && !sub->get_group().empty(); });
}

std::vector<const CLI::Option*> command_options(const CLI::App& command) {
  const CLI::Option* help = command.get_help_ptr();
  std::vector<const CLI::Option*> options = command.get_options([help](const CLI::Option* o) { return o != help; });
  for (const CLI::App* group : command.get_subcommands([](const CLI::App* sub) { return is_option_group(*sub); })) {
    const auto more = command_options(*group);
    options.insert(options.end(), more.begin(), more.end());
  }
  return options;
}

std::string option_names(const CLI::Option& option) {
  std::string names;
  for (const auto& l : option.get_lnames()) {
    names += (names.empty() ? "--" : ", --") + l;
  }
  for (const auto& s : option.get_snames()) {
    names += (names.empty() ? "-" : ", -") + s;
  }
  return names;
}

std::string value_text(const CLI::Option& option) {
  if (!takes_value(option)) {
    return "";
  }
  if (!option.get_option_text().empty()) {
    return option.get_option_text();
  }
  const std::string type = option.get_type_name();
  return type.substr(0, type.find(":{"));
}

std::vector<std::string> choices(const CLI::Option& option) {
  // CLI11 names an IsMember check's members in the type: "TEXT:{table,csv,json}".
  const std::string type = option.get_type_name();
  const auto open = type.find(":{");
  if (open == std::string::npos) {
    return {};
  }
  const auto close = type.find('}', open);
  std::vector<std::string> members;
  std::string member;
  for (char c : type.substr(open + 2, close - open - 2)) {
    if (c == ',') {
      members.push_back(member);
      member.clear();
    } else {
      member += c;
    }
  }
  members.push_back(member);
  return members;
}

bool takes_value(const CLI::Option& option) {
  return option.get_type_size_max() > 0;
}

bool repeats(const CLI::Option& option) {
  return option.get_items_expected_max() >= CLI::detail::expected_max_vector_size;
}

}  // namespace tally::cli
