// /api/v1/import: the HTTP face of `tally import assets|licenses` (cli/cmd_import.cpp), over
// src/import_assets.cpp and src/import_licenses.cpp. The request body is the CSV file itself; the
// command's options are query parameters.
#include "error.hpp"
#include "forms.hpp"
#include "importing.hpp"
#include "routes.hpp"
#include "text.hpp"

namespace tally::server {

namespace {

// The library options from the query: dialect, dry_run, update, team, map_company (repeatable NAME=TEAM),
// file (the name the import event records, default "<noun>.csv").
ImportOptions import_options(Call& call, const std::string& noun) {
  ImportOptions options;
  options.file = call.query("file").value_or(noun + ".csv");
  options.content = call.http().body;
  const std::string dialect = call.query("dialect").value_or("tally");
  if (dialect != "tally" && dialect != "snipeit") {
    throw usage_error("query parameter dialect: '" + visible_text(dialect) + "' is not one of tally, snipeit");
  }
  options.dialect = dialect == "snipeit" ? Dialect::snipeit : Dialect::tally;
  options.mode = call.query_flag("dry_run") ? ImportMode::dry_run : ImportMode::apply;
  options.update = call.query_flag("update");
  options.team = call.query("team");
  for (const auto& map : call.query_all("map_company")) {
    const auto eq = map.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == map.size()) {
      throw usage_error("import: map_company '" + visible_text(map) + "' must be NAME=TEAM, e.g. \"Acme Corp=A-2\"");
    }
    options.company_teams[lower(map.substr(0, eq))] = map.substr(eq + 1);
  }
  return options;
}

Handler run(const std::string& noun, ImportReport (*import)(Database&, const std::string&, const ImportOptions&)) {
  return [noun, import](Call& call) {
    const ImportOptions options = import_options(call, noun);
    const ImportReport report = import(call.db(), call.actor().name, options);
    Reply reply;
    reply.status = report.dry_run ? 200 : 201;
    reply.body = {{"rows", report.rows}, {"dry_run", report.dry_run}, {"counts", json_rows(import_table(report))}};
    return reply;
  };
}

}  // namespace

void add_import_routes(std::vector<Route>& routes) {
  for (const std::string noun : {"assets", "licenses"}) {
    routes.push_back(
        {Method::post,
         "/api/v1/import/" + noun,
         Capability::administer,
         "Import " + noun + " from the CSV of the request body (text/csv), all rows or none; dialect tally or snipeit",
         {"dialect", "dry_run", "update", "team", "map_company", "file"},
         {},
         run(noun, noun == "assets" ? import_assets : import_licenses)});
  }
}

}  // namespace tally::server
