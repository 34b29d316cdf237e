#include "checkouts.hpp"
#include "context.hpp"
#include "reports.hpp"

#include <memory>

namespace tally::cli {

void setup_report(CLI::App& app, Registry& registry) {
  CLI::App* noun = add_noun(app, "report", "Reports across the estate");

  auto coverage_filter = std::make_shared<CoverageReportFilter>();
  CLI::App* coverage =
      add_verb(*noun, "coverage",
               "Deployed assets with no warranty or active contract today, then assets in service whose coverage "
               "ends within DAYS (default 30): the list to take to the vendors",
               "tally report coverage --team 1A --location DC1 --within 60");
  coverage->add_option("--team", coverage_filter->team, "Only assets owned by this unit or the units below it");
  coverage->add_option("--location", coverage_filter->location, "Only assets at this location or below it");
  coverage->add_option("--within", coverage_filter->within, "Coverage ending between today and today + DAYS")
      ->option_text("DAYS");
  registry.add(coverage, [coverage_filter](Context& ctx) {
    const CoverageReportFilter& filter = *coverage_filter;
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

  struct AssetsOptions {
    std::string by = "team";
    bool all = false;
  };
  auto assets_options = std::make_shared<AssetsOptions>();
  CLI::App* assets =
      add_verb(*noun, "assets",
               "Assets counted per group with their total cost per currency; --by team rolls up the "
               "org chart (a division's row includes its teams and sub-teams); --by location rolls up the "
               "location tree (a row's count and cost include every location below it; `here` counts only "
               "the location itself)",
               "tally report assets --by team   (or division, status, location, model, category, vendor, field.NAME)");
  // The library refuses another value, naming what --by takes (field.NAME is open-ended).
  assets->add_option("--by", assets_options->by,
                     "team (default), division, status, location, model, category, vendor, or field.NAME (the "
                     "values of a custom field)");
  assets->add_flag("--all", assets_options->all, "Include disposed and returned_to_vendor assets");
  registry.add(assets, [assets_options](Context& ctx) {
    ctx.print(asset_report(ctx.db(), assets_options->by, assets_options->all));
  });

  auto licenses_by = std::make_shared<std::string>("team");
  CLI::App* licenses = add_verb(*noun, "licenses",
                                "Licenses per owning unit, rolled up the org chart: seats bought, used, free, "
                                "over-allocated, cost, expiring within 30/60/90 days, expired",
                                "tally report licenses --by division");
  licenses
      ->add_option("--by", *licenses_by,
                   "team (default: the tree) or division (the top units, each with "
                   "everything below it)")
      ->check(CLI::IsMember({"team", "division"}));
  registry.add(licenses, [licenses_by](Context& ctx) {
    ctx.print(license_report(ctx.db(), *licenses_by == "division" ? LicenseGrouping::division : LicenseGrouping::team));
  });

  CLI::App* stock = add_verb(*noun, "stock",
                             "Bulk stock at its value: per model, on hand, the last unit cost (of its most recently "
                             "received PO line) and the value (on hand x last unit cost)",
                             "tally report stock --format csv");
  registry.add(stock, [](Context& ctx) { ctx.print(stock_value_report(ctx.db())); });

  auto team_status_all = std::make_shared<bool>(false);
  CLI::App* team_status =
      add_verb(*noun, "team-status",
               "Assets per owning team and status: one row per unit that owns assets directly (not rolled up), a "
               "count per status and the total",
               "tally report team-status");
  team_status->add_flag("--all", *team_status_all, "Include disposed and returned_to_vendor assets");
  registry.add(team_status,
               [team_status_all](Context& ctx) { ctx.print(team_status_report(ctx.db(), *team_status_all)); });

  struct SpendOptions {
    std::string by = "team";
    SpendFilter filter;
  };
  auto spend_options = std::make_shared<SpendOptions>();
  CLI::App* spend = add_verb(*noun, "spend",
                             "PO money of a fiscal year: ordered, received, outstanding, and by team against budget; "
                             "or what was received in a period (--from/--to, --quarter), by team, vendor or month",
                             "tally report spend --by vendor --fy 2026   (or --by month --quarter 2026Q3)");
  spend->add_option("--by", spend_options->by, "team (default), vendor or month (of receipt)")
      ->check(CLI::IsMember({"team", "vendor", "month"}));
  add_number(*spend, "--fy", spend_options->filter.fiscal_year, "Fiscal year of the POs (default: the year of today)")
      ->option_text("YEAR");
  spend->add_option("--from", spend_options->filter.from, "Count units received on or after this date, YYYY-MM-DD")
      ->option_text("DATE");
  spend->add_option("--to", spend_options->filter.to, "Count units received on or before this date, YYYY-MM-DD")
      ->option_text("DATE");
  spend->add_option("--quarter", spend_options->filter.quarter, "Count units received in a quarter, e.g. 2026Q3")
      ->option_text("YYYYQN");
  registry.add(spend, [spend_options](Context& ctx) {
    const std::string& by = spend_options->by;
    const SpendGrouping grouping = by == "vendor"  ? SpendGrouping::vendor
                                   : by == "month" ? SpendGrouping::month
                                                   : SpendGrouping::team;
    ctx.print(spend_report(ctx.db(), grouping, spend_options->filter));
  });

  CLI::App* rma =
      add_verb(*noun, "rma", "Open RMAs per vendor by age: 0-7, 8-30, 31-90 and over 90 days", "tally report rma");
  registry.add(rma, [](Context& ctx) { ctx.print(rma_report(ctx.db())); });

  auto warranty_within = std::make_shared<int>(90);
  CLI::App* warranty = add_verb(*noun, "warranty", "Assets in service whose warranty ends within DAYS (default 90)",
                                "tally report warranty --within 30");
  warranty->add_option("--within", *warranty_within, "Warranty ending between today and today + DAYS")
      ->option_text("DAYS");
  registry.add(warranty, [warranty_within](Context& ctx) { ctx.print(warranty_report(ctx.db(), *warranty_within)); });

  auto checkouts_overdue = std::make_shared<bool>(false);
  CLI::App* checkouts = add_verb(
      *noun, "checkouts", "Open check-outs: asset, person, team, since, due date and days overdue, overdue ones first",
      "tally report checkouts --overdue");
  checkouts->add_flag("--overdue", *checkouts_overdue, "Only check-outs past their due date");
  registry.add(checkouts,
               [checkouts_overdue](Context& ctx) { ctx.print(checkout_report(ctx.db(), *checkouts_overdue)); });

  CLI::App* racks = add_verb(*noun, "racks", "Rack utilization per site: units used and free, devices installed",
                             "tally report racks");
  registry.add(racks, [](Context& ctx) { ctx.print(rack_report(ctx.db())); });
}

}  // namespace tally::cli
