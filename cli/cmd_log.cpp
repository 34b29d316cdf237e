#include "context.hpp"
#include "events.hpp"

#include <memory>

namespace tally::cli {

void setup_log(CLI::App& app, Registry& registry) {
  struct LogOptions {
    std::string entity, key, since;
    int limit = 0;
  };
  auto options = std::make_shared<LogOptions>();
  CLI::App* log = app.add_subcommand("log", "Show the history of changes, oldest first (newest last)");
  log->footer("\nExamples:\n  tally log --entity person --key ana.lopez\n  tally log --since 2026-11-01 --limit 20");
  log->add_option("--entity", options->entity, "Only events of this kind of entity (team, person, location, ...)");
  log->add_option("--key", options->key, "Only events of the entity with this key (code, username, tag)");
  log->add_option("--since", options->since, "Only events on or after this UTC date (YYYY-MM-DD)");
  log->add_option("--limit", options->limit, "Only the newest N events");
  registry.add(log, [options, log](Context& ctx) {
    EventFilter filter;
    if (log->count("--entity") > 0) {
      filter.entity = options->entity;
    }
    if (log->count("--key") > 0) {
      filter.entity_key = options->key;
    }
    if (log->count("--since") > 0) {
      filter.since = options->since;
    }
    if (log->count("--limit") > 0) {
      filter.limit = options->limit;
    }
    ctx.print(event_table(list_events(ctx.db(), filter)));
  });
}

}  // namespace tally::cli
