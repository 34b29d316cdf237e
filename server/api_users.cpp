// /api/v1/users and /api/v1/tokens (admin): the HTTP face of `tally user ...` and `tally token ...`
// (cli/cmd_user.cpp, cli/cmd_token.cpp), over src/users.cpp. No answer carries a password hash; a token's
// secret appears once, in the answer that creates it.
#include "error.hpp"
#include "routes.hpp"
#include "users.hpp"

namespace tally::server {

namespace {

Reply list_users_route(Call& call) {
  Json rows = Json::array();
  for (const auto& u : list_users(call.db())) {
    rows.push_back(user_json(u));
  }
  return list_reply(call, rows, "name");
}

Reply show_user_route(Call& call) {
  Reply reply;
  reply.body = user_json(user_by_name(call.db(), call.path("name")));
  return reply;
}

Handler set_active_route(bool active) {
  return [active](Call& call) {
    set_user_active(call.db(), call.actor().name, call.path("name"), active);
    Reply reply;
    reply.body = user_json(user_by_name(call.db(), call.path("name")));
    return reply;
  };
}

Reply list_tokens_route(Call& call) {
  Json rows = Json::array();
  for (const auto& t : list_tokens(call.db(), call.query("user"))) {
    rows.push_back(token_json(t));
  }
  return list_reply(call, rows, "id");
}

Reply create_token_route(Call& call) {
  NewToken token;
  token.user = call.required_text("user");
  token.label = call.text("label").value_or("");
  token.expires_at = call.text("expires_at");
  const CreatedToken created = create_token(call.db(), call.actor().name, token);
  Reply reply;
  reply.status = 201;
  reply.headers.push_back({"Cache-Control", "no-store"});
  reply.body = {
      {"id", created.id}, {"user", token.user}, {"secret", created.secret}, {"expires_at", created.expires_at}};
  return reply;
}

Reply revoke_token_route(Call& call) {
  const std::int64_t id = call.path_number("id", 1, std::numeric_limits<std::int64_t>::max());
  revoke_token(call.db(), call.actor().name, id);
  Reply reply;
  reply.body = {{"id", id}, {"revoked", true}};
  return reply;
}

}  // namespace

void add_user_routes(std::vector<Route>& routes) {
  routes.push_back({Method::get,
                    "/api/v1/users",
                    Capability::administer,
                    "List users and their roles",
                    {"limit", "after"},
                    {},
                    list_users_route});
  routes.push_back({Method::get, "/api/v1/users/{name}", Capability::administer, "One user", {}, {}, show_user_route});
  routes.push_back({Method::post,
                    "/api/v1/users/{name}/disable",
                    Capability::administer,
                    "Disable a user: its tokens and sessions stop working",
                    {},
                    {},
                    set_active_route(false)});
  routes.push_back({Method::post,
                    "/api/v1/users/{name}/enable",
                    Capability::administer,
                    "Enable a user again",
                    {},
                    {},
                    set_active_route(true)});
  routes.push_back({Method::get,
                    "/api/v1/tokens",
                    Capability::administer,
                    "List API tokens (never their secrets)",
                    {"user", "limit", "after"},
                    {},
                    list_tokens_route});
  routes.push_back({Method::post,
                    "/api/v1/tokens",
                    Capability::administer,
                    "Create an API token; the answer is the only place its secret is shown",
                    {},
                    {"user", "label", "expires_at"},
                    create_token_route});
  routes.push_back({Method::post,
                    "/api/v1/tokens/{id}/revoke",
                    Capability::administer,
                    "Revoke an API token",
                    {},
                    {},
                    revoke_token_route});
}

}  // namespace tally::server
