#include "context.hpp"
#include "sql.hpp"

#include <memory>

namespace tally::cli {

void setup_sql(CLI::App& app, Registry& registry) {
  struct SqlOptions {
    std::string statement;
    bool show_keys = false;
    std::int64_t timeout_s = 30;
  };
  auto options = std::make_shared<SqlOptions>();
  CLI::App* sql = app.add_subcommand(
      "sql", "Run one read-only SQL statement (the views v_asset, v_license_compliance, v_team_rollup, ...)");
  sql->footer("\nExample:\n  tally sql \"SELECT team, count(*) AS assets FROM v_asset GROUP BY team\"");
  sql->add_option("statement", options->statement,
                  "One SELECT (or WITH ... SELECT, or a PRAGMA that reads); anything that writes is refused")
      ->required();
  sql->add_flag("--show-keys", options->show_keys,
                "Read license keys (license.license_key); without it they read as NULL");
  add_quantity(*sql, "--timeout", options->timeout_s, "Seconds the statement may run (default 30)", 1, 86400);
  registry.add(sql, [options](Context& ctx) {
    QueryOptions query;
    query.show_keys = options->show_keys;
    query.timeout = std::chrono::seconds(options->timeout_s);
    const QueryResult result = query_read_only(ctx.db_path(), options->statement, query);
    Table table;
    for (const auto& column : result.columns) {
      table.columns.push_back({column, column});
    }
    table.rows = result.rows;
    ctx.print(table);
  });
}

}  // namespace tally::cli
