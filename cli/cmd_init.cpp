#include "context.hpp"
#include "init.hpp"

namespace tally::cli {

void setup_init(CLI::App& app, Registry& registry) {
  CLI::App* init = app.add_subcommand(
      "init", "Create the database (or bring an existing one up to date) and load the org chart. Safe to run again.");
  init->footer("\nExample:\n  tally --db /srv/tally/tally.db init");
  registry.add(init, [](Context& ctx) {
    const InitReport report = init_database(ctx.db_path(), ctx.actor());
    Record record;
    record.fields = {
        {"path", report.path},
        {"created", report.created},
        {"schema_version_before", report.from_version},
        {"schema_version", report.to_version},
        {"migrations_applied", report.migrations},
        {"teams_added", report.org.teams_added},
        {"teams_present", report.org.teams_present},
        {"aliases_added", report.org.aliases_added},
    };
    ctx.print(record);
  });
}

}  // namespace tally::cli
