// /api/v1/licenses: the HTTP face of `tally license ...` (cli/cmd_license.cpp), over src/licenses.cpp.
// Keys are always masked here: the API has no --show-keys.
#include "error.hpp"
#include "forms.hpp"
#include "licenses.hpp"
#include "routes.hpp"
#include "text.hpp"

namespace tally::server {

namespace {

Reply list(Call& call) {
  LicenseFilter filter;
  filter.team = call.query("team");
  filter.vendor = call.query("vendor");
  if (const auto days = call.query_number("expiring_within", 0, 100000)) {
    filter.expiring_within = static_cast<int>(*days);
  }
  filter.expired = call.query_flag("expired");
  filter.over_allocated = call.query_flag("over_allocated");
  if (filter.expired && filter.expiring_within) {
    throw usage_error("query parameters expired and expiring_within exclude each other");
  }
  filter.terms = call.query_all("q");
  Json rows = Json::array();
  for (const auto& l : list_licenses(call.db(), filter)) {
    rows.push_back(license_json(l, KeyDisplay::masked));
  }
  return list_reply(call, rows, "id");
}

Reply show(Call& call) {
  return record_reply(license_record(show_license(call.db(), call.path("license")), KeyDisplay::masked));
}

Reply add(Call& call) {
  NewLicense license;
  license.product = call.required_text("product");
  license.vendor = call.required_text("vendor");
  license.type = call.text("type").value_or("per-seat");
  require_one_of("license add", "type", license.type, license_types());
  license.seats = call.number("seats");
  license.key = call.text("key");
  license.starts_on = call.text("starts_on");
  license.expires_on = call.text("expires_on");
  license.team = call.text("team");
  license.po = call.text("po");
  license.cost = call.text("cost");
  license.currency = call.text("currency");
  license.allow_overallocation = call.flag("allow_overallocation");
  return record_reply(license_record(add_license(call.db(), call.actor().name, license), KeyDisplay::masked), 201);
}

Reply set(Call& call) {
  LicenseChange change;
  change.license = call.path("license");
  change.seats = call.number("seats");
  change.starts_on = call.text("starts_on");
  change.expires_on = call.text("expires_on");
  change.team = call.text("team");
  change.key = call.text("key");
  change.cost = call.text("cost");
  const Json& body = call.body();
  if (body.contains("allow_overallocation") && !body["allow_overallocation"].is_null()) {
    change.allow_overallocation = call.flag("allow_overallocation");
  }
  return record_reply(license_record(set_license(call.db(), call.actor().name, change), KeyDisplay::masked));
}

// The one assignee of the body: asset, person or team.
Assignee assignee_of(Call& call) {
  std::vector<Assignee> given;
  if (auto v = call.text("asset")) {
    given.push_back({AssigneeKind::asset, *v});
  }
  if (auto v = call.text("person")) {
    given.push_back({AssigneeKind::person, *v});
  }
  if (auto v = call.text("team")) {
    given.push_back({AssigneeKind::team, *v});
  }
  if (given.size() != 1) {
    throw usage_error("give exactly one of the body fields asset, person and team");
  }
  return given.front();
}

Reply assign(Call& call) {
  LicenseAssignRequest request;
  request.license = call.path("license");
  request.to = assignee_of(call);
  request.quantity = call.number("quantity").value_or(1);
  request.expired_ok = call.flag("force");
  return record_reply(license_record(assign_license(call.db(), call.actor().name, request), KeyDisplay::masked));
}

Reply unassign(Call& call) {
  return record_reply(license_record(
      unassign_license(call.db(), call.actor().name, call.path("license"), assignee_of(call)), KeyDisplay::masked));
}

}  // namespace

void add_license_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/licenses",
                    Capability::read,
                    "List licenses with seats bought, used and free (keys masked)",
                    {"team", "vendor", "expiring_within", "expired", "over_allocated", "q", "limit", "after"},
                    {},
                    list});
  routes.push_back({Method::post,
                    "/api/v1/licenses",
                    Capability::licenses,
                    "Add a license (its key is never shown)",
                    {},
                    {"product", "vendor", "type", "seats", "key", "starts_on", "expires_on", "team", "po", "cost",
                     "currency", "allow_overallocation"},
                    add});
  routes.push_back(
      {Method::get, "/api/v1/licenses/{license}", Capability::read, "One license with its assignments", {}, {}, show});
  routes.push_back(
      {Method::post,
       "/api/v1/licenses/{license}/set",
       Capability::licenses,
       "Change seats, dates, owning team, key, cost (\"\" clears one) or allow_overallocation (true/false)",
       {},
       {"seats", "starts_on", "expires_on", "team", "key", "cost", "allow_overallocation"},
       set});
  routes.push_back({Method::post,
                    "/api/v1/licenses/{license}/assign",
                    Capability::licenses,
                    "Give seats to an asset, a person or a team",
                    {},
                    {"asset", "person", "team", "quantity", "force"},
                    assign});
  routes.push_back({Method::post,
                    "/api/v1/licenses/{license}/unassign",
                    Capability::licenses,
                    "Take back every seat an asset, person or team holds",
                    {},
                    {"asset", "person", "team"},
                    unassign});
}

}  // namespace tally::server
