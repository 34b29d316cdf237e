#include "auth.hpp"

#include "error.hpp"
#include "reply.hpp"
#include "routes.hpp"
#include "text.hpp"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <unordered_map>

namespace tally::server {

namespace {

constexpr const char* k_cookie = "tally_session";
constexpr std::chrono::hours k_session_lifetime{8};
// Login attempts: at most this many failures in a window, per user name and per address.
constexpr int k_user_failures = 5;
constexpr int k_address_failures = 20;
constexpr std::chrono::minutes k_window{15};
// The rate limiter remembers at most this many names and addresses.
constexpr std::size_t k_limiter_entries = 10000;

std::atomic<bool> g_secure_cookies{false};

// Failed logins per key ("user:NAME", "addr:ADDRESS") in a fixed window, in a bounded table.
class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Seconds to wait before trying again, 0 when the key may try now.
  long wait_seconds(const std::string& key, int limit) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_entries.find(key);
    if (it == m_entries.end()) {
      return 0;
    }
    const auto now = Clock::now();
    if (now - it->second.start >= k_window) {
      m_entries.erase(it);
      return 0;
    }
    if (it->second.failures < limit) {
      return 0;
    }
    return std::chrono::duration_cast<std::chrono::seconds>(it->second.start + k_window - now).count() + 1;
  }

  void failed(const std::string& key) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto now = Clock::now();
    auto it = m_entries.find(key);
    if (it != m_entries.end() && now - it->second.start >= k_window) {
      m_entries.erase(it);
      it = m_entries.end();
    }
    if (it == m_entries.end()) {
      make_room(now);
      m_entries[key] = {now, 1};
    } else {
      ++it->second.failures;
    }
  }

  void succeeded(const std::string& key) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_entries.erase(key);
  }

 private:
  struct Entry {
    Clock::time_point start;
    int failures = 0;
  };

  // Drops expired entries, then the oldest one, until there is room for one more.
  void make_room(Clock::time_point now) {
    if (m_entries.size() < k_limiter_entries) {
      return;
    }
    for (auto it = m_entries.begin(); it != m_entries.end();) {
      it = now - it->second.start >= k_window ? m_entries.erase(it) : std::next(it);
    }
    while (m_entries.size() >= k_limiter_entries) {
      m_entries.erase(std::min_element(m_entries.begin(), m_entries.end(),
                                       [](const auto& a, const auto& b) { return a.second.start < b.second.start; }));
    }
  }

  std::mutex m_mutex;
  std::unordered_map<std::string, Entry> m_entries;
};

LoginLimiter& limiter() {
  static LoginLimiter instance;
  return instance;
}

// The value of cookie `name` in the request's Cookie headers.
std::optional<std::string> cookie(const httplib::Request& request, const std::string& name) {
  const std::size_t count = request.get_header_value_count("Cookie");
  for (std::size_t i = 0; i < count; ++i) {
    const std::string header = request.get_header_value("Cookie", i);
    std::size_t start = 0;
    while (start < header.size()) {
      std::size_t end = header.find(';', start);
      if (end == std::string::npos) {
        end = header.size();
      }
      const std::string pair = trim(header.substr(start, end - start));
      const std::size_t eq = pair.find('=');
      if (eq != std::string::npos && pair.substr(0, eq) == name) {
        return pair.substr(eq + 1);
      }
      start = end + 1;
    }
  }
  return std::nullopt;
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string cookie_attributes() {
  return std::string("; Path=/; HttpOnly; SameSite=Strict") + (g_secure_cookies ? "; Secure" : "");
}

Json roles_json(const Actor& actor) {
  Json roles = Json::array();
  for (Role r : actor.roles) {
    roles.push_back(role_name(r));
  }
  return roles;
}

Reply rate_limited(long seconds) {
  Reply reply = error_reply(429, "login: too many failed attempts; try again in " + std::to_string(seconds) + " s",
                            "rate_limited");
  reply.headers.push_back({"Retry-After", std::to_string(seconds)});
  return reply;
}

// POST /api/v1/login: a JSON body {"name", "password"} or the sign-in form.
Reply login(Call& call) {
  const httplib::Request& request = call.http();
  const bool form = request.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0;
  std::string name;
  std::string password;
  if (form) {
    name = request.get_param_value("name");
    password = request.get_param_value("password");
  } else {
    name = call.required_text("name");
    password = call.required_text("password");
  }
  check_text("name", name, TextKind::identifier);
  const std::string user_key = "user:" + lower(name);
  const std::string address_key = "addr:" + request.remote_addr;
  const long wait = std::max(limiter().wait_seconds(user_key, k_user_failures),
                             limiter().wait_seconds(address_key, k_address_failures));
  if (wait > 0) {
    return rate_limited(wait);
  }
  const auto actor = authenticate_password(call.db(), name, password);
  if (!actor) {
    limiter().failed(user_key);
    limiter().failed(address_key);
    return error_reply(401, "login: wrong user name or password, or the user is disabled", "unauthenticated");
  }
  limiter().succeeded(user_key);
  const Session session = create_session(call.db(), *actor, k_session_lifetime);
  Reply reply;
  reply.headers.push_back({"Set-Cookie", std::string(k_cookie) + "=" + session.id + cookie_attributes()});
  reply.headers.push_back({"Cache-Control", "no-store"});
  if (form) {
    reply.status = 303;
    reply.headers.push_back({"Location", "/api/v1/me"});
    reply.raw = " ";
    reply.content_type = "text/plain";
    return reply;
  }
  reply.body = {
      {"name", actor->name}, {"roles", roles_json(*actor)}, {"csrf", session.csrf}, {"expires_at", session.expires_at}};
  return reply;
}

Reply logout(Call& call) {
  if (const auto id = cookie(call.http(), k_cookie)) {
    end_session(call.db(), *id);
  }
  Reply reply;
  reply.headers.push_back({"Set-Cookie", std::string(k_cookie) + "=" + cookie_attributes() + "; Max-Age=0"});
  reply.body = {{"signed_out", true}};
  return reply;
}

Reply me(Call& call) {
  Reply reply;
  reply.body = {{"name", call.actor().name}, {"roles", roles_json(call.actor())}};
  return reply;
}

}  // namespace

std::optional<Credentials> authenticate(Database& db, const httplib::Request& request) {
  const std::string authorization = request.get_header_value("Authorization");
  if (!authorization.empty()) {
    const std::string scheme = "Bearer ";
    if (authorization.size() <= scheme.size() || lower(authorization.substr(0, scheme.size())) != "bearer ") {
      return std::nullopt;
    }
    auto actor = authenticate_token(db, trim(authorization.substr(scheme.size())));
    if (!actor) {
      return std::nullopt;
    }
    return Credentials{std::move(*actor), false, {}};
  }
  if (const auto id = cookie(request, k_cookie)) {
    auto found = session_actor(db, *id);
    if (!found) {
      return std::nullopt;
    }
    return Credentials{std::move(found->first), true, std::move(found->second)};
  }
  return std::nullopt;
}

void check_csrf(const Credentials& credentials, const httplib::Request& request) {
  if (!credentials.by_cookie) {
    return;
  }
  const std::string sent = request.get_header_value("X-CSRF-Token");
  if (sent.empty() || !same_secret(sent, credentials.csrf)) {
    throw forbidden(request.method + " " + request.path +
                    ": the X-CSRF-Token header is missing or wrong; send the csrf value the login answered");
  }
}

void set_secure_cookies(bool secure) {
  g_secure_cookies = secure;
}

void add_auth_routes(std::vector<Route>& routes) {
  routes.push_back({Method::post,
                    "/api/v1/login",
                    std::nullopt,
                    "Sign in: sets the session cookie and answers the CSRF token writes must send",
                    {},
                    {"name", "password"},
                    login});
  routes.push_back({Method::post, "/api/v1/logout", Capability::read, "Sign out: ends the session", {}, {}, logout});
  routes.push_back({Method::get, "/api/v1/me", Capability::read, "Who the credentials belong to", {}, {}, me});
}

}  // namespace tally::server
