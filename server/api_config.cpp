// /api/v1/config (admin): the HTTP face of `tally config get/list/set` (cli/cmd_config.cpp), over src/settings.cpp.
#include "forms.hpp"
#include "routes.hpp"
#include "settings.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  Json rows = Json::array();
  for (const auto& s : list_settings(call.db())) {
    rows.push_back(setting_json(s));
  }
  return list_reply(call, rows, "key");
}

Reply get(Call& call) {
  const std::string& key = call.path("key");
  for (const auto& s : list_settings(call.db())) {
    if (s.key == key) {
      return record_reply(Record{setting_json(s), {}});
    }
  }
  get_setting(call.db(), key);  // throws the unknown-key refusal
  throw std::logic_error("config get: " + key + " is neither listed nor refused");
}

Reply set(Call& call) {
  return record_reply(Record{
      setting_json(set_setting(call.db(), call.actor().name, call.path("key"), call.required_text("value"))), {}});
}

}  // namespace

void add_config_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/config",
                    Capability::administer,
                    "Every setting with its value",
                    {"limit", "after"},
                    {},
                    list});
  routes.push_back({Method::get, "/api/v1/config/{key}", Capability::administer, "One setting", {}, {}, get});
  routes.push_back({Method::post, "/api/v1/config/{key}", Capability::administer, "Set a value", {}, {"value"}, set});
}

}  // namespace tally::server
