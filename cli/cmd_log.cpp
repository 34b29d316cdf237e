#include "context.hpp"
#include "events.hpp"

#include <memory>

namespace tally::cli {

namespace {

// "name: Old → New; kind: room → cage" for people reading the table.
std::string summarize(const Json& before, const Json& after) {
  std::string out;
  auto add = [&out](const std::string& text) { out += (out.empty() ? "" : "; ") + text; };
  if (after.is_object()) {
    for (const auto& [key, value] : after.items()) {
      if (before.is_object() && before.contains(key)) {
        add(key + ": " + cell_text(before[key]) + " \u2192 " + cell_text(value));
      } else {
        add(key + "=" + cell_text(value));
      }
    }
  } else if (before.is_object()) {
    for (const auto& [key, value] : before.items()) {
      add(key + " was " + cell_text(value));
    }
  }
  return out;
}

}  // namespace

Table event_table(const std::vector<Event>& events) {
  Table table;
  table.columns = {{"id", "id", Align::right},
                   {"at", "at"},
                   {"actor", "actor"},
                   {"action", "action"},
                   {"entity", "entity"},
                   {"key", "key"},
                   {"changes", "changes", Align::left, true, false, false},
                   {"before", "before", Align::left, false},
                   {"after", "after", Align::left, false}};
  for (const auto& e : events) {
    table.rows.push_back({{"id", e.id},
                          {"at", e.at},
                          {"actor", e.actor},
                          {"action", e.action},
                          {"entity", e.entity},
                          {"key", e.entity_key},
                          {"changes", summarize(e.before, e.after)},
                          {"before", e.before},
                          {"after", e.after}});
  }
  return table;
}

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
