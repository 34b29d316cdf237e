#include "context.hpp"
#include "events.hpp"

#include <memory>

namespace tally::cli {

void setup_log(CLI::App& app, Registry& registry) {
  auto filter = std::make_shared<EventFilter>();
  CLI::App* log = app.add_subcommand("log", "Show the history of changes, oldest first (newest last)");
  log->footer(
      "\nExamples:\n  tally log --entity person --key ana.lopez\n  tally log --since 2026-11-01 --limit 20\n"
      "  tally log --until 2026-11-27T12:00:00Z --actor ana.lopez");
  log->add_option("--entity", filter->entity, "Only events of this kind of entity (team, person, location, ...)");
  log->add_option("--key", filter->entity_key, "Only events of the entity with this key (code, username, tag)");
  log->add_option("--since", filter->since, "Only events on or after this UTC date (YYYY-MM-DD)");
  log->add_option("--until", filter->until,
                  "Only events on or before this UTC date (through its end) or UTC time (YYYY-MM-DDTHH:MM:SSZ)")
      ->option_text("TIME");
  log->add_option("--actor", filter->actor,
                  "Only events by this actor (exact name; here --actor filters, as a read has no actor)")
      ->option_text("NAME");
  add_number(*log, "--limit", filter->limit, "Only the newest N events");
  registry.add(log, [filter](Context& ctx) { ctx.print(event_table(list_events(ctx.db(), *filter))); });
}

}  // namespace tally::cli
