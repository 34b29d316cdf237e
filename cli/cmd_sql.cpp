#include "context.hpp"
#include "query.hpp"

#include <memory>

namespace tally::cli {

void setup_sql(CLI::App& app, Registry& registry) {
  auto statement = std::make_shared<std::string>();
  CLI::App* sql = app.add_subcommand(
      "sql", "Run one read-only SQL statement (the views v_asset, v_license_compliance, v_team_rollup, ...)");
  sql->footer("\nExample:\n  tally sql \"SELECT team, count(*) AS assets FROM v_asset GROUP BY team\"");
  sql->add_option("statement", *statement, "One SELECT (or WITH ... SELECT); anything that writes is refused")
      ->required();
  registry.add(sql, [statement](Context& ctx) {
    const QueryResult result = query_read_only(ctx.db_path(), *statement);
    Table table;
    for (const auto& column : result.columns) {
      table.columns.push_back({column, column});
    }
    table.rows = result.rows;
    ctx.print(table);
  });
}

}  // namespace tally::cli
