#include "context.hpp"
#include "doctor.hpp"
#include "error.hpp"
#include "forms.hpp"
#include "text.hpp"

namespace tally::cli {

void setup_doctor(CLI::App& app, Registry& registry) {
  CLI::App* doctor = app.add_subcommand(
      "doctor", "Check a database: integrity, foreign keys, schema version, triggers and Tally's invariants");
  doctor->footer(
      "\nNever writes to the database and never migrates it. Prints one row per passing check and one per\n"
      "offending row of a failing check (or a warning); exits 1 if any check failed (warnings do not "
      "count).\n\nExamples:\n  tally doctor\n"
      "  tally --db copy.db doctor --format json");
  registry.add(doctor, [](Context& ctx) {
    const std::vector<DoctorCheck> checks = run_doctor(ctx.db_path());
    ctx.print(doctor_table(checks, [](std::string_view detail) { return cli_text(detail); }));
    refuse_failed_checks(checks);
  });
}

}  // namespace tally::cli
