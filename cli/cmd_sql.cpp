#include "context.hpp"
#include "sql.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

namespace tally::cli {

void setup_sql(CLI::App& app, Registry& registry) {
  struct SqlOptions {
    std::string statement;
    std::optional<std::string> file;
    bool show_keys = false;
    std::int64_t timeout_s = 30;
  };
  auto options = std::make_shared<SqlOptions>();
  CLI::App* sql = app.add_subcommand(
      "sql", "Run one read-only SQL statement (the views v_asset, v_license_compliance, v_team_rollup, ...)");
  sql->footer(
      "\nExamples:\n  tally sql \"SELECT team, count(*) AS assets FROM v_asset GROUP BY team\"\n"
      "  tally sql --file query.sql\n  tally sql - < query.sql");
  CLI::Option* statement = sql->add_option(
      "statement", options->statement,
      "One SELECT (or WITH ... SELECT, or a PRAGMA that reads); anything that writes is refused; - reads it from "
      "stdin");
  sql->add_option("--file", options->file, "Read the statement from this file instead")
      ->option_text("PATH")
      ->excludes(statement);
  sql->add_flag("--show-keys", options->show_keys,
                "Read license keys (license.license_key); without it they read as NULL");
  add_quantity(*sql, "--timeout", options->timeout_s, "Seconds the statement may run (default 30)", 1, 86400);
  registry.add(sql, [options](Context& ctx) {
    QueryOptions query;
    query.show_keys = options->show_keys;
    query.timeout = std::chrono::seconds(options->timeout_s);
    std::string text = options->statement;
    if (options->file) {
      std::ifstream in(*options->file, std::ios::binary);
      if (!in) {
        throw Error(Problem::invalid,
                    "sql: " + field_ref("file") + " " + visible_text(*options->file) + ": " + std::strerror(errno),
                    "file");
      }
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else if (text == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else if (text.empty()) {
      throw usage_error("sql: give a statement, " + field_ref("file") + " PATH, or - to read it from stdin");
    }
    // A file written on Windows ends its lines with CR LF.
    for (std::size_t at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", at)) {
      text.erase(at, 1);
    }
    check_text("the statement", text, TextKind::free_text);
    const QueryResult result = query_read_only(ctx.db_path(), text, query);
    Table table;
    for (const auto& column : result.columns) {
      table.columns.push_back({column, column});
    }
    table.rows = result.rows;
    ctx.print(table);
  });
}

}  // namespace tally::cli
