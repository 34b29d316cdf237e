// /api/v1/assets/{code}/tests: the HTTP face of `tally test record/list` (cli/cmd_test.cpp), over src/rack_tests.cpp.
#include "assets.hpp"
#include "forms.hpp"
#include "rack_tests.hpp"
#include "routes.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  Table table{test_columns(), {}, {}};
  for (const auto& r : asset_tests(call.db(), resolve_asset(call.db(), call.path("code")).id, false)) {
    table.rows.push_back(test_record_json(r));
  }
  return table_reply(call, table, "");
}

Reply record(Call& call) {
  const std::string kind = call.choice("kind", test_kinds());
  const std::string result = call.choice("result", {"pass", "fail"});
  const SetupRecord r = record_test(call.db(), call.actor().name, call.path("code"), kind, result, call.text("notes"));
  return record_reply(Record{test_record_json(r), {}}, 201);
}

}  // namespace

void add_test_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/assets/{code}/tests",
                    Capability::read,
                    "Every hardware test of an asset, newest first",
                    {"limit", "after"},
                    {},
                    list});
  routes.push_back({Method::post,
                    "/api/v1/assets/{code}/tests",
                    Capability::service,
                    "Record a hardware test result (a failure with no later pass blocks a rack install)",
                    {},
                    {"kind", "result", "notes"},
                    record});
}

}  // namespace tally::server
