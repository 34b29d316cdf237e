#include "context.hpp"
#include "people.hpp"

#include <memory>

namespace tally::cli {

void setup_person(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "person", "People: custodians of assets and holders of license seats");

  auto input = std::make_shared<NewPerson>();
  auto email = std::make_shared<std::string>();
  CLI::App* add = add_verb(*noun, "add", "Add a person to a team",
                           "tally person add ana.lopez --name \"Ana Lopez\" --email ana@example.com --team A-2");
  add->add_option("username", input->username, "Login name: letters, digits, '.', '_', '-'")->required();
  add->add_option("--name", input->name, "Full name")->required();
  add->add_option("--email", *email, "Email address");
  add->add_option("--team", input->team, "Team code (or a unique team name)")->required();
  registry.add(add, [input, email, add](Context& ctx) {
    NewPerson person = *input;
    if (add->count("--email") > 0) {
      person.email = *email;
    }
    Record record;
    record.fields = person_json(add_person(ctx.db(), ctx.actor(), person));
    ctx.print(record);
  });

  auto team = std::make_shared<std::string>();
  CLI::App* list = add_verb(*noun, "list", "List people, optionally of one team and the units below it",
                            "tally person list --team 1A");
  list->add_option("--team", *team, "Only this unit and its sub-units");
  registry.add(list, [team, list](Context& ctx) {
    const auto people =
        list_people(ctx.db(), list->count("--team") > 0 ? std::optional<std::string>(*team) : std::nullopt);
    Table table;
    table.columns = {{"username", "username"}, {"name", "name"},           {"email", "email"},
                     {"team", "team"},         {"team_name", "team name"}, {"active", "active"}};
    for (const auto& p : people) {
      table.rows.push_back(person_json(p));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
