#include "context.hpp"
#include "reports.hpp"

#include <memory>

namespace tally::cli {

void setup_report(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "report", "Reports across the estate");

  struct CoverageOptions {
    std::string team, location;
    int within = 30;
  };
  auto coverage_options = std::make_shared<CoverageOptions>();
  CLI::App* coverage =
      add_verb(*noun, "coverage",
               "Deployed assets with no warranty or active contract today, then assets in service whose coverage "
               "ends within DAYS (default 30): the list to take to the vendors",
               "tally report coverage --team 1A --location DC1 --within 60");
  coverage->add_option("--team", coverage_options->team, "Only assets owned by this unit or the units below it");
  coverage->add_option("--location", coverage_options->location, "Only assets at this location or below it");
  coverage->add_option("--within", coverage_options->within, "Coverage ending between today and today + DAYS")
      ->option_text("DAYS");
  registry.add(coverage, [coverage_options, coverage](Context& ctx) {
    CoverageReportFilter filter;
    filter.team = given(coverage, "--team", coverage_options->team);
    filter.location = given(coverage, "--location", coverage_options->location);
    filter.within = coverage_options->within;
    Table table;
    table.columns = {{"tag", "tag"},
                     {"serial", "serial", Align::left, false},
                     {"model", "model"},
                     {"status", "status"},
                     {"team", "team"},
                     {"location", "location"},
                     {"problem", "problem"},
                     {"covered_by", "covered by"},
                     {"covered_until", "until"},
                     {"days_left", "days left", Align::right},
                     {"sla", "sla"}};
    const auto opt = [](const auto& v) { return v ? Json(*v) : Json(); };
    for (const auto& g : coverage_report(ctx.db(), filter)) {
      table.rows.push_back({{"tag", g.tag},
                            {"serial", g.serial},
                            {"model", g.model},
                            {"status", g.status},
                            {"team", opt(g.team)},
                            {"location", opt(g.location)},
                            {"problem", g.problem},
                            {"covered_by", opt(g.covered_by)},
                            {"covered_until", opt(g.covered_until)},
                            {"days_left", opt(g.days_left)},
                            {"sla", opt(g.sla)}});
    }
    ctx.print(table);
  });
}

}  // namespace tally::cli
