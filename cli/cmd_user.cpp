#include "context.hpp"
#include "error.hpp"
#include "users.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>

namespace tally::cli {

namespace {

constexpr const char* k_roles_help =
    "Roles (each also grants read: see records, reports and the log):\n"
    "  viewer           read only\n"
    "  clerk            receive, move, audit, labels, stock\n"
    "  technician       tests, images, racks, repairs, RMAs, disposal\n"
    "  buyer            vendors, models, POs (create and submit), budgets, contracts\n"
    "  approver         approve or reject POs, never one they created or submitted\n"
    "  license_manager  licenses and their assignments (also written license-manager)\n"
    "  admin            everything: users, tokens, configuration, import, sql, backup and export\n"
    "Users and roles are for `tally serve`; the command line acts with every capability as --actor, since\n"
    "whoever can run tally on the file can open it in sqlite3 anyway. The approver rule holds for it too.\n";

// One line read from the terminal with echo off.
std::string read_hidden(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  const bool terminal = tcgetattr(STDIN_FILENO, &old) == 0;
  if (terminal) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  }
  std::cerr << "\n";
  return line;
}

// The new password: the first line of stdin with --password-stdin, else asked twice on the terminal.
std::string read_password(const std::string& context, const std::string& user, bool from_stdin) {
  if (from_stdin) {
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    return line;
  }
  if (isatty(STDIN_FILENO) == 0) {
    throw usage_error(context +
                      ": stdin is not a terminal to ask for the password; pass it on stdin with "
                      "--password-stdin");
  }
  const std::string first = read_hidden("Password for " + user + ": ");
  const std::string second = read_hidden("Again: ");
  if (first != second) {
    throw Error(Problem::invalid, context + ": the two passwords differ; nothing was written", "password");
  }
  return first;
}

Record user_record(const User& user) {
  Record record;
  record.fields = user_json(user);
  return record;
}

}  // namespace

void setup_user(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "user", "Users of `tally serve`, their roles and passwords");
  noun->footer(k_roles_help);

  struct AddOptions {
    std::string name;
    std::optional<std::string> person;
    std::vector<std::string> roles;
    bool password_stdin = false;
  };
  auto add_options = std::make_shared<AddOptions>();
  CLI::App* add = add_verb(*noun, "add", "Add a user with one or more roles and a password (12 characters or more)",
                           "echo 'a long pass phrase' | tally user add ana --role clerk --person ana.lopez "
                           "--password-stdin");
  add->add_option("name", add_options->name, "Login name: letters, digits, '.', '_', '-'")->required();
  add->add_option("--role", add_options->roles, "A role (repeat for several): see the roles below")
      ->required()
      ->option_text("ROLE");
  add->add_option("--person", add_options->person, "The person (username) this user is");
  add->add_flag("--password-stdin", add_options->password_stdin,
                "Read the password from the first line of stdin (else it is asked twice on the terminal)");
  add->footer(k_roles_help);
  registry.add(add, [add_options](Context& ctx) {
    NewUser input;
    input.name = add_options->name;
    input.roles = parse_roles("user add", add_options->roles);
    input.person = add_options->person;
    input.password = read_password("user add", input.name, add_options->password_stdin);
    ctx.print(user_record(add_user(ctx.db(), ctx.actor(), input)));
  });

  CLI::App* list = add_verb(*noun, "list", "List users with their roles", "tally user list --format json");
  registry.add(list, [](Context& ctx) {
    Table table;
    table.columns = {{"name", "name"},     {"roles", "roles"},           {"person", "person"},
                     {"active", "active"}, {"created_at", "created at"}, {"last_login_at", "last login"}};
    for (const auto& user : list_users(ctx.db())) {
      table.rows.push_back(user_json(user));
    }
    ctx.print(table);
  });

  auto shown = std::make_shared<std::string>();
  CLI::App* show = add_verb(*noun, "show", "Show a user and their roles", "tally user show ana");
  show->add_option("name", *shown, "Login name")->required();
  registry.add(show, [shown](Context& ctx) { ctx.print(user_record(user_by_name(ctx.db(), *shown))); });

  for (const bool active : {false, true}) {
    auto who = std::make_shared<std::string>();
    CLI::App* verb =
        active ? add_verb(*noun, "enable", "Let a disabled user log in and use their tokens again",
                          "tally user enable ana")
               : add_verb(*noun, "disable", "Stop a user: no login, their tokens refused, their sessions ended",
                          "tally user disable ana");
    verb->add_option("name", *who, "Login name")->required();
    registry.add(verb, [who, active](Context& ctx) {
      set_user_active(ctx.db(), ctx.actor(), *who, active);
      ctx.print(user_record(user_by_name(ctx.db(), *who)));
    });
  }

  struct PasswordOptions {
    std::string name;
    bool password_stdin = false;
  };
  auto password_options = std::make_shared<PasswordOptions>();
  CLI::App* password = add_verb(*noun, "set-password", "Replace a user's password (their web sessions end)",
                                "tally user set-password ana");
  password->add_option("name", password_options->name, "Login name")->required();
  password->add_flag("--password-stdin", password_options->password_stdin,
                     "Read the password from the first line of stdin (else it is asked twice on the terminal)");
  registry.add(password, [password_options](Context& ctx) {
    // The user is looked up first, so that a typo is not answered with a prompt.
    const User user = user_by_name(ctx.db(), password_options->name);
    const std::string text = read_password("user set-password", user.name, password_options->password_stdin);
    set_password(ctx.db(), ctx.actor(), user.name, text);
    ctx.note("user set-password: the password of " + user.name + " was changed");
  });

  struct RolesOptions {
    std::string name;
    std::vector<std::string> roles;
  };
  auto roles_options = std::make_shared<RolesOptions>();
  CLI::App* roles = add_verb(*noun, "set-roles", "Replace a user's roles with the ones given",
                             "tally user set-roles ana --role clerk --role technician");
  roles->add_option("name", roles_options->name, "Login name")->required();
  roles->add_option("--role", roles_options->roles, "A role (repeat for several): see the roles below")
      ->required()
      ->option_text("ROLE");
  roles->footer(k_roles_help);
  registry.add(roles, [roles_options](Context& ctx) {
    set_roles(ctx.db(), ctx.actor(), roles_options->name, parse_roles("user set-roles", roles_options->roles));
    ctx.print(user_record(user_by_name(ctx.db(), roles_options->name)));
  });
}

}  // namespace tally::cli
