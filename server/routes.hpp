#pragma once

#include "db.hpp"
#include "json.hpp"
#include "render.hpp"
#include "users.hpp"

#include <httplib.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tally::server {

// The HTTP methods the API answers.
enum class Method { get, post };

// "GET" or "POST".
std::string method_name(Method method);

// One request as a handler sees it: the authenticated actor, the database of
// this worker thread, the path's parameters and the query and body, each
// value checked as text before a handler reads it.
class Call {
 public:
  Call(const httplib::Request& request, Database& db, Actor actor, std::map<std::string, std::string> path);

  Database& db() { return m_db; }
  const Actor& actor() const { return m_actor; }
  const httplib::Request& http() const { return m_request; }

  // The path parameter `name` ("{code}" in the pattern).
  const std::string& path(const std::string& name) const;
  // The path parameter `name` as a whole number from min to max; usage Error otherwise.
  std::int64_t path_number(const std::string& name, std::int64_t min, std::int64_t max) const;
  // The query parameter `name`, nullopt when absent; a usage Error when given twice.
  std::optional<std::string> query(const std::string& name) const;
  // Every value of a repeatable query parameter.
  std::vector<std::string> query_all(const std::string& name) const;
  // The query parameter as a whole number, nullopt when absent; usage Error otherwise.
  std::optional<std::int64_t> query_number(const std::string& name, std::int64_t min, std::int64_t max) const;
  // The query parameter as a flag: absent, "true" or "false" (usage Error otherwise).
  bool query_flag(const std::string& name) const;

  // The body as a JSON object ({} for an empty body); a usage Error otherwise.
  const Json& body();
  // A string field of the body, nullopt when absent or null; a usage Error for another type.
  std::optional<std::string> text(const std::string& key);
  // A string field that must be there (usage Error naming it).
  std::string required_text(const std::string& key);
  // A whole-number field, nullopt when absent or null.
  std::optional<std::int64_t> number(const std::string& key);
  // A whole-number field that fits an int (as CLI11 parses an int option), nullopt when absent.
  std::optional<int> int_number(const std::string& key);
  // A boolean field, false when absent.
  bool flag(const std::string& key);
  // A string field that must be one of `allowed` (a usage Error otherwise, as CLI11's check is).
  std::string choice(const std::string& key, const std::vector<std::string>& allowed);
  // The same for a field that may be absent (nullopt then).
  std::optional<std::string> optional_choice(const std::string& key, const std::vector<std::string>& allowed);
  // A whole-number field that must be there (usage Error naming it); its range is the core's to check.
  std::int64_t required_number(const std::string& key);
  // A field that is a list of strings (a single string counts as a list of one).
  std::vector<std::string> texts(const std::string& key);

 private:
  const httplib::Request& m_request;
  Database& m_db;
  Actor m_actor;
  std::map<std::string, std::string> m_path;
  std::optional<Json> m_body;
};

// What a handler answers: a status, a JSON body and extra headers.
struct Reply {
  int status = 200;
  Json body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "application/json";
  std::string raw;  // when not empty, sent as is instead of body (the static pages)
};

using Handler = std::function<Reply(Call&)>;

// One route of the API: the single table the server dispatches on and the
// OpenAPI document is generated from.
struct Route {
  Method method = Method::get;
  std::string pattern;                   // "/api/v1/assets/{code}"
  std::optional<Capability> capability;  // nullopt: answered without credentials (login, openapi)
  std::string summary;
  std::vector<std::string> query;  // the query parameters it reads (documented)
  std::vector<std::string> body;   // the body fields it reads (documented)
  Handler handler;
  bool idempotent = false;  // honours an Idempotency-Key header
};

// Every route, in documentation order.
const std::vector<Route>& routes();

// The route for a method and a (decoded) path, with the path's parameters.
struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};
std::optional<RouteMatch> match_route(Method method, const std::string& path);
// True when some route has this path under another method (405, not 404).
bool path_known(const std::string& path);

// The OpenAPI 3.0 document of routes().
Json openapi_document();

// A record as the CLI's --format json prints it.
Reply record_reply(const Record& record, int status = 200);
// A list page: `rows` (every match, in the core's order) cut at ?limit=N
// (default 100, at most 1000) after ?after=CURSOR, the cursor being the value
// of `key` of the last row returned: {"items": [...], "next": CURSOR|null}.
Reply list_reply(Call& call, const Json& rows, const std::string& key);
// list_reply over a table's JSON rows (json_rows).
Reply table_reply(Call& call, const Table& table, const std::string& key);

// Each noun adds its routes (one api_<noun>.cpp per noun).
void add_auth_routes(std::vector<Route>& routes);
void add_asset_routes(std::vector<Route>& routes);
void add_po_routes(std::vector<Route>& routes);
void add_rack_routes(std::vector<Route>& routes);
void add_repair_routes(std::vector<Route>& routes);
void add_disposal_routes(std::vector<Route>& routes);
void add_license_routes(std::vector<Route>& routes);
void add_stock_routes(std::vector<Route>& routes);
void add_contract_routes(std::vector<Route>& routes);
void add_audit_routes(std::vector<Route>& routes);
void add_report_routes(std::vector<Route>& routes);
void add_log_routes(std::vector<Route>& routes);
void add_user_routes(std::vector<Route>& routes);
void add_scan_routes(std::vector<Route>& routes);
void add_label_routes(std::vector<Route>& routes);
void add_team_routes(std::vector<Route>& routes);
void add_people_routes(std::vector<Route>& routes);
void add_location_routes(std::vector<Route>& routes);
void add_vendor_routes(std::vector<Route>& routes);
void add_model_routes(std::vector<Route>& routes);
void add_budget_routes(std::vector<Route>& routes);
void add_test_routes(std::vector<Route>& routes);
void add_image_routes(std::vector<Route>& routes);
void add_import_routes(std::vector<Route>& routes);
void add_config_routes(std::vector<Route>& routes);
void add_doctor_routes(std::vector<Route>& routes);

}  // namespace tally::server
