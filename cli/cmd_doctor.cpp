#include "context.hpp"
#include "doctor.hpp"
#include "error.hpp"
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
    Table table;
    table.columns = {
        {"check", "check"}, {"result", "result"}, {"table", "table"}, {"row", "row"}, {"detail", "detail"}};
    std::vector<std::string> failed;
    for (const auto& check : checks) {
      if (check.ok()) {
        table.rows.push_back({{"check", check.name},
                              {"result", "ok"},
                              {"table", nullptr},
                              {"row", nullptr},
                              {"detail", check.description}});
        continue;
      }
      if (check.failed()) {
        failed.push_back(check.name);
      }
      for (const auto& problem : check.problems) {
        table.rows.push_back({{"check", check.name},
                              {"result", check.warning ? "warning" : "failed"},
                              {"table", problem.table.empty() ? Json(nullptr) : Json(problem.table)},
                              {"row", problem.row.empty() ? Json(nullptr) : Json(problem.row)},
                              {"detail", cli_text(problem.detail)}});
      }
    }
    ctx.print(table);
    if (!failed.empty()) {
      throw refused("doctor: " + std::to_string(failed.size()) + " of " + std::to_string(checks.size()) +
                    " checks failed: " + join(failed, ", "));
    }
  });
}

}  // namespace tally::cli
