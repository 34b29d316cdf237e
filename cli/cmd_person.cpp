#include "context.hpp"
#include "forms.hpp"
#include "people.hpp"

#include <memory>

namespace tally::cli {

void setup_person(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "person", "People: custodians of assets and holders of license seats");

  auto input = std::make_shared<NewPerson>();
  CLI::App* add = add_verb(*noun, "add", "Add a person to a team",
                           "tally person add ana.lopez --name \"Ana Lopez\" --email ana@example.com --team A-2");
  add->add_option("username", input->username, "Login name: letters, digits, '.', '_', '-'")->required();
  add->add_option("--name", input->name, "Full name")->required();
  add->add_option("--email", input->email, "Email address");
  add->add_option("--team", input->team, "Team code (or a unique team name)")->required();
  registry.add(add, [input](Context& ctx) {
    Record record;
    record.fields = person_json(add_person(ctx.db(), ctx.actor(), *input));
    ctx.print(record);
  });

  auto shown = std::make_shared<std::string>();
  CLI::App* show = add_verb(
      *noun, "show",
      "Show a person and what they hold: assets in their custody, license seats, open check-outs with due dates",
      "tally person show ana.lopez");
  show->add_option("username", *shown, "Login name")->required();
  registry.add(show, [shown](Context& ctx) { ctx.print(person_record(show_person(ctx.db(), *shown))); });

  auto edit = std::make_shared<PersonEdit>();
  CLI::App* set = add_verb(*noun, "set", "Change a person's name, email or team (one event with before and after)",
                           "tally person set ana.lopez --team IT-5 --email ana.lopez@example.com");
  set->add_option("username", edit->username, "Login name")->required();
  set->add_option("--name", edit->name, "Full name");
  set->add_option("--email", edit->email, "Email address (\"\" clears it)");
  set->add_option("--team", edit->team, "Team code (or a unique team name)");
  registry.add(set, [edit](Context& ctx) {
    Record record;
    record.fields = person_json(set_person(ctx.db(), ctx.actor(), *edit));
    ctx.print(record);
  });

  for (const bool active : {false, true}) {
    auto who = std::make_shared<std::string>();
    auto reason = std::make_shared<std::optional<std::string>>();
    CLI::App* verb =
        active ? add_verb(*noun, "activate", "Take a deactivated person back (they may hold assets and seats again)",
                          "tally person activate ana.lopez --reason \"rehired\"")
               : add_verb(*noun, "deactivate",
                          "Mark a leaver: no new assets or seats; lists what they still hold, which must come back",
                          "tally person deactivate ana.lopez --reason \"left on 2026-11-30\"");
    verb->add_option("username", *who, "Login name")->required();
    verb->add_option("--reason", *reason, "Why (kept in the history)");
    registry.add(verb, [who, reason, active](Context& ctx) {
      const PersonDetail detail = set_person_active(ctx.db(), ctx.actor(), *who, active, *reason);
      ctx.print(person_record(detail));
      if (!active && (!detail.holdings.assets.empty() || !detail.holdings.seats.empty())) {
        ctx.note(detail.person.username + " still holds " + std::to_string(detail.holdings.assets.size()) +
                 " asset(s) and " + std::to_string(detail.holdings.seats.size()) +
                 " license seat row(s): bring them back (tally asset unassign, tally license unassign)");
      }
    });
  }

  auto team = std::make_shared<std::optional<std::string>>();
  CLI::App* list = add_verb(*noun, "list", "List people, optionally of one team and the units below it",
                            "tally person list --team 1A");
  list->add_option("--team", *team, "Only this unit and its sub-units");
  registry.add(list, [team](Context& ctx) {
    const auto people = list_people(ctx.db(), *team);
    Table table;
    table.columns = person_columns();
    for (const auto& p : people) {
      table.rows.push_back(person_json(p));
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
