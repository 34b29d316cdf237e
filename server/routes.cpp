#include "routes.hpp"

#include "error.hpp"
#include "static_files.hpp"
#include "text.hpp"

#include <algorithm>
#include <limits>

namespace tally::server {

namespace {

constexpr std::int64_t k_default_page = 100;
constexpr std::int64_t k_max_page = 1000;

// The value, or a usage Error naming `field` when it is not UTF-8 or holds a control character.
const std::string& checked(const std::string& field, const std::string& value) {
  if (const auto problem = text_problem(value, TextKind::free_text)) {
    throw usage_error(field + " " + *problem);
  }
  return value;
}

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  if (path.empty() || path[0] != '/') {
    return out;
  }
  for (;;) {
    const std::size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) {
      return out;
    }
    start = slash + 1;
  }
}

bool matches(const std::string& pattern, const std::string& path, std::map<std::string, std::string>& params) {
  const auto want = segments(pattern);
  const auto have = segments(path);
  if (want.size() != have.size()) {
    return false;
  }
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const std::string& w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (have[i].empty()) {
        return false;
      }
      found[w.substr(1, w.size() - 2)] = have[i];
    } else if (w != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

std::string cursor_text(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// The embedded pages: GET / and GET /static/NAME, nothing else.
Reply static_reply(const std::string& name) {
  for (const StaticFile& file : static_files()) {
    if (file.name == name) {
      Reply reply;
      reply.content_type = std::string(file.content_type);
      reply.raw = std::string(file.content);
      reply.headers.push_back({"Cache-Control", "no-cache"});
      reply.headers.push_back({"X-Content-Type-Options", "nosniff"});
      reply.headers.push_back({"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"});
      return reply;
    }
  }
  throw not_found("static: no file " + visible_text(name), "name");
}

void add_static_routes(std::vector<Route>& routes) {
  routes.push_back(
      {Method::get, "/", std::nullopt, "The sign-in page", {}, {}, [](Call&) { return static_reply("index.html"); }});
  routes.push_back(
      {Method::get, "/static/{name}", std::nullopt, "A page or asset embedded in the binary", {}, {}, [](Call& call) {
         return static_reply(call.path("name"));
       }});
  routes.push_back({Method::get, "/api/v1/openapi.json", std::nullopt, "This document", {}, {}, [](Call&) {
                      Reply reply;
                      reply.body = openapi_document();
                      return reply;
                    }});
}

}  // namespace

std::string method_name(Method method) {
  return method == Method::get ? "GET" : "POST";
}

Call::Call(const httplib::Request& request, Database& db, Actor actor, std::map<std::string, std::string> path)
    : m_request(request), m_db(db), m_actor(std::move(actor)), m_path(std::move(path)) {}

const std::string& Call::path(const std::string& name) const {
  const auto it = m_path.find(name);
  if (it == m_path.end()) {
    throw std::logic_error("route has no path parameter " + name);
  }
  return checked(name, it->second);
}

std::int64_t Call::path_number(const std::string& name, std::int64_t min, std::int64_t max) const {
  const auto value = parse_bounded(path(name), min, max);
  if (!value) {
    throw usage_error(name + ": '" + visible_text(path(name)) + "' is not a whole number from " + std::to_string(min) +
                      " to " + std::to_string(max));
  }
  return *value;
}

std::optional<std::string> Call::query(const std::string& name) const {
  if (m_request.get_param_value_count(name.c_str()) > 1) {
    throw usage_error("query parameter " + name + " is given more than once");
  }
  if (!m_request.has_param(name.c_str())) {
    return std::nullopt;
  }
  return checked("query parameter " + name, m_request.get_param_value(name.c_str()));
}

std::vector<std::string> Call::query_all(const std::string& name) const {
  std::vector<std::string> out;
  const auto [first, last] = m_request.params.equal_range(name);
  for (auto it = first; it != last; ++it) {
    out.push_back(checked("query parameter " + name, it->second));
  }
  return out;
}

std::optional<std::int64_t> Call::query_number(const std::string& name, std::int64_t min, std::int64_t max) const {
  const auto text = query(name);
  if (!text) {
    return std::nullopt;
  }
  const auto value = parse_bounded(*text, min, max);
  if (!value) {
    throw usage_error("query parameter " + name + ": '" + visible_text(*text) + "' is not a whole number from " +
                      std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

bool Call::query_flag(const std::string& name) const {
  const auto text = query(name);
  if (!text || *text == "false") {
    return false;
  }
  if (*text == "true" || text->empty()) {
    return true;
  }
  throw usage_error("query parameter " + name + ": '" + visible_text(*text) + "' is neither true nor false");
}

const Json& Call::body() {
  if (!m_body) {
    if (m_request.body.empty()) {
      m_body = Json::object();
    } else {
      Json parsed = Json::parse(m_request.body, nullptr, false);
      if (parsed.is_discarded() || !parsed.is_object()) {
        throw usage_error("body: a JSON object is expected (Content-Type: application/json)");
      }
      m_body = std::move(parsed);
    }
  }
  return *m_body;
}

std::optional<std::string> Call::text(const std::string& key) {
  const Json& b = body();
  const auto it = b.find(key);
  if (it == b.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_string()) {
    throw usage_error("body field " + key + ": a string is expected");
  }
  return it->get<std::string>();
}

std::string Call::required_text(const std::string& key) {
  auto value = text(key);
  if (!value) {
    throw usage_error("body field " + key + " is required");
  }
  return *value;
}

std::optional<std::int64_t> Call::number(const std::string& key) {
  const Json& b = body();
  const auto it = b.find(key);
  if (it == b.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_number_integer()) {
    throw usage_error("body field " + key + ": a whole number is expected");
  }
  return it->get<std::int64_t>();
}

std::optional<int> Call::int_number(const std::string& key) {
  const auto value = number(key);
  if (!value) {
    return std::nullopt;
  }
  if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
    throw usage_error("body field " + key + ": " + std::to_string(*value) + " is out of range");
  }
  return static_cast<int>(*value);
}

bool Call::flag(const std::string& key) {
  const Json& b = body();
  const auto it = b.find(key);
  if (it == b.end() || it->is_null()) {
    return false;
  }
  if (!it->is_boolean()) {
    throw usage_error("body field " + key + ": true or false is expected");
  }
  return it->get<bool>();
}

std::string Call::choice(const std::string& key, const std::vector<std::string>& allowed) {
  const std::string value = required_text(key);
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    throw usage_error("body field " + key + ": '" + visible_text(value) + "' is not one of " + join(allowed));
  }
  return value;
}

std::optional<std::string> Call::optional_choice(const std::string& key, const std::vector<std::string>& allowed) {
  if (!text(key)) {
    return std::nullopt;
  }
  return choice(key, allowed);
}

std::int64_t Call::required_number(const std::string& key) {
  const auto value = number(key);
  if (!value) {
    throw usage_error("body field " + key + " is required");
  }
  return *value;
}

std::vector<std::string> Call::texts(const std::string& key) {
  const Json& b = body();
  const auto it = b.find(key);
  if (it == b.end() || it->is_null()) {
    return {};
  }
  if (it->is_string()) {
    return {it->get<std::string>()};
  }
  std::vector<std::string> out;
  if (it->is_array()) {
    for (const Json& item : *it) {
      if (!item.is_string()) {
        throw usage_error("body field " + key + ": a list of strings is expected");
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  throw usage_error("body field " + key + ": a list of strings is expected");
}

const std::vector<Route>& routes() {
  static const std::vector<Route> table = [] {
    std::vector<Route> all;
    add_static_routes(all);
    add_auth_routes(all);
    add_asset_routes(all);
    add_po_routes(all);
    add_rack_routes(all);
    add_repair_routes(all);
    add_disposal_routes(all);
    add_license_routes(all);
    add_stock_routes(all);
    add_contract_routes(all);
    add_audit_routes(all);
    add_report_routes(all);
    add_log_routes(all);
    add_user_routes(all);
    add_scan_routes(all);
    add_label_routes(all);
    add_team_routes(all);
    add_people_routes(all);
    add_location_routes(all);
    add_vendor_routes(all);
    add_model_routes(all);
    add_budget_routes(all);
    add_test_routes(all);
    add_image_routes(all);
    add_import_routes(all);
    add_config_routes(all);
    add_doctor_routes(all);
    return all;
  }();
  return table;
}

std::optional<RouteMatch> match_route(Method method, const std::string& path) {
  for (const Route& route : routes()) {
    std::map<std::string, std::string> params;
    if (route.method == method && matches(route.pattern, path, params)) {
      return RouteMatch{&route, std::move(params)};
    }
  }
  return std::nullopt;
}

bool path_known(const std::string& path) {
  return std::any_of(routes().begin(), routes().end(), [&path](const Route& route) {
    std::map<std::string, std::string> params;
    return matches(route.pattern, path, params);
  });
}

Json openapi_document() {
  Json paths = Json::object();
  for (const Route& route : routes()) {
    if (route.pattern.rfind("/api/", 0) != 0) {
      continue;
    }
    Json operation = {{"summary", route.summary}, {"responses", Json::object()}};
    Json parameters = Json::array();
    for (const std::string& segment : segments(route.pattern)) {
      if (segment.size() > 2 && segment.front() == '{') {
        parameters.push_back({{"name", segment.substr(1, segment.size() - 2)},
                              {"in", "path"},
                              {"required", true},
                              {"schema", {{"type", "string"}}}});
      }
    }
    for (const std::string& q : route.query) {
      parameters.push_back({{"name", q}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
    }
    if (route.idempotent) {
      parameters.push_back(
          {{"name", "Idempotency-Key"}, {"in", "header"}, {"required", false}, {"schema", {{"type", "string"}}}});
    }
    if (!parameters.empty()) {
      operation["parameters"] = parameters;
    }
    if (!route.body.empty()) {
      Json properties = Json::object();
      for (const std::string& field : route.body) {
        properties[field] = Json::object();
      }
      operation["requestBody"] = {
          {"content", {{"application/json", {{"schema", {{"type", "object"}, {"properties", properties}}}}}}}};
    }
    operation["responses"]["200"] = {{"description", "the record, or a page {items, next}"}};
    operation["responses"]["default"] = {
        {"description", "an error: {\"error\": {\"message\", \"problem\", \"field\"}}"}};
    if (route.capability) {
      operation["x-tally-capability"] = capability_name(*route.capability);
      operation["security"] = Json::array({{{"bearer", Json::array()}}, {{"session", Json::array()}}});
    } else {
      operation["security"] = Json::array();
    }
    std::string method = method_name(route.method);
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
    paths[route.pattern][method] = operation;
  }
  return {{"openapi", "3.0.3"},
          {"info", {{"title", "Tally API"}, {"version", "1"}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "tally_session"}}}}}}}};
}

Reply record_reply(const Record& record, int status) {
  Reply reply;
  reply.status = status;
  reply.body = record_json(record);
  return reply;
}

Reply list_reply(Call& call, const Json& rows, const std::string& key) {
  const std::int64_t limit = call.query_number("limit", 1, k_max_page).value_or(k_default_page);
  std::size_t start = 0;
  if (key.empty()) {
    // Rows with no key of their own (report lines): the cursor is a position.
    start = static_cast<std::size_t>(call.query_number("after", 0, static_cast<std::int64_t>(rows.size())).value_or(0));
  } else if (const auto after = call.query("after")) {
    const auto it = std::find_if(rows.begin(), rows.end(),
                                 [&](const Json& row) { return row.contains(key) && cursor_text(row[key]) == *after; });
    if (it == rows.end()) {
      throw usage_error("query parameter after: '" + visible_text(*after) +
                        "' is not a cursor of this list (use the \"next\" of the previous page)");
    }
    start = static_cast<std::size_t>(it - rows.begin()) + 1;
  }
  Json items = Json::array();
  for (std::size_t i = start; i < rows.size() && items.size() < static_cast<std::size_t>(limit); ++i) {
    items.push_back(rows[i]);
  }
  const bool more = start + items.size() < rows.size();
  Reply reply;
  Json next;
  if (more) {
    next = key.empty() ? std::to_string(start + items.size()) : cursor_text(items.back()[key]);
  }
  reply.body = {{"items", items}, {"next", next}};
  return reply;
}

Reply table_reply(Call& call, const Table& table, const std::string& key) {
  return list_reply(call, json_rows(table), key);
}

}  // namespace tally::server
