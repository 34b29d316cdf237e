// Security of the API against a real `tally serve`: credentials and roles on
// every route of the OpenAPI document, CSRF on cookie sessions, hostile path
// and query parameters, static-file traversal, body and time limits, login
// rate limiting, and no secret in any answer or in the server's log.

#include "api/api_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>

namespace tally::api {
namespace {

using nlohmann::json;

struct Operation {
  std::string method;  // "get" or "post"
  std::string path;    // the pattern
  std::string capability;
  std::vector<std::string> query;
};

// Every operation of the served OpenAPI document.
std::vector<Operation> operations(Client& client) {
  const Answer doc = client.get("/api/v1/openapi.json");
  EXPECT_EQ(doc.status, 200);
  std::vector<Operation> out;
  for (const auto& [path, methods] : doc.json["paths"].items()) {
    for (const auto& [method, op] : methods.items()) {
      Operation o{method, path, op.value("x-tally-capability", std::string()), {}};
      for (const auto& p : op.value("parameters", json::array())) {
        if (p["in"] == "query") {
          o.query.push_back(p["name"]);
        }
      }
      out.push_back(o);
    }
  }
  return out;
}

// The pattern with every {parameter} replaced by `value`.
std::string filled(const std::string& pattern, const std::string& value) {
  std::string path = pattern;
  for (std::size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + value.size())) {
    path.replace(open, path.find('}', open) - open + 1, value);
  }
  return path;
}

// Percent-encodes every byte that is not unreserved (RFC 3986).
std::string encoded(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Answer call(Client& client, const Operation& op, const std::string& path) {
  return op.method == "get" ? client.get(path) : client.post(path, json::object());
}

class Security : public ApiTest {
 protected:
  // The dump without the rows that reading with credentials touches (token last use, sessions).
  std::string data_dump() const {
    std::stringstream in(sb.dump());
    std::string out;
    for (std::string line; std::getline(in, line);) {
      if (line.find("INSERT INTO api_token") == std::string::npos &&
          line.find("INSERT INTO web_session") == std::string::npos &&
          line.find("INSERT INTO app_user") == std::string::npos) {
        out += line + "\n";
      }
    }
    return out;
  }
};

TEST_F(Security, EveryRouteNeedsCredentials) {
  Client anonymous = as("");
  Client forged = as("");
  forged.bearer("tly_not-a-real-token");
  Client cookie_only = as("");
  cookie_only.session("tally_session=tly_forged", "x");
  int checked = 0;
  for (const Operation& op : operations(anonymous)) {
    if (op.capability.empty()) {
      continue;  // login and the document itself
    }
    const std::string path = filled(op.path, "0");
    for (Client* client : {&anonymous, &forged, &cookie_only}) {
      const Answer a = call(*client, op, path);
      EXPECT_EQ(a.status, 401) << op.method << " " << op.path << ": " << a.body;
      EXPECT_EQ(a.json["error"]["problem"], "unauthenticated") << op.path;
    }
    ++checked;
  }
  EXPECT_GE(checked, 50);
  const Answer a = anonymous.get("/api/v1/assets");
  EXPECT_EQ(a.header("WWW-Authenticate"), "Bearer realm=\"tally\"");
}

TEST_F(Security, EveryRouteClassRefusesARoleWithoutItsCapability) {
  // A user lacking each capability (none lacks read).
  const std::map<std::string, std::string> lacking = {{"handle", "viewer"},       {"service", "clerk"},
                                                      {"purchase", "clerk"},      {"approve", "buyer"},
                                                      {"licenses", "technician"}, {"administer", "approver"}};
  std::map<std::string, Client> clients;
  for (const auto& [capability, user] : lacking) {
    clients.emplace(user, as(user));
  }
  Client anonymous = as("");
  const std::string before = data_dump();
  std::map<std::string, int> refused;
  for (const Operation& op : operations(anonymous)) {
    if (op.capability.empty() || op.capability == "read") {
      continue;
    }
    ASSERT_TRUE(lacking.count(op.capability)) << op.capability;
    Client& client = clients.at(lacking.at(op.capability));
    const Answer a = call(client, op, filled(op.path, "0"));
    EXPECT_EQ(a.status, 403) << op.method << " " << op.path << " as " << lacking.at(op.capability) << ": " << a.body;
    EXPECT_EQ(a.json["error"]["problem"], "forbidden");
    ++refused[op.capability];
  }
  for (const auto& [capability, user] : lacking) {
    EXPECT_GT(refused[capability], 0) << "no route needs " << capability;
  }
  // The viewer reads.
  Client viewer = as("viewer");
  EXPECT_EQ(viewer.get("/api/v1/assets").status, 200);
  EXPECT_EQ(data_dump(), before);
}

// The route classes of issue 19's role list: every operation of the document, by method and pattern (a
// trailing '*' stands for any rest), with the capability it must need. A route missing here fails the
// test below, so a new route cannot go without its role test.
const std::map<std::string, std::vector<std::string>>& route_classes() {
  static const std::map<std::string, std::vector<std::string>> classes = {
      {"",  // no credentials
       {"post /api/v1/login", "get /api/v1/openapi.json"}},
      {"read",  // every role
       {"post /api/v1/logout",
        "get /api/v1/me",
        "get /api/v1/assets",
        "get /api/v1/assets/{code}",
        "get /api/v1/assets/{code}/history",
        "get /api/v1/assets/{code}/tests",
        "get /api/v1/assets/{code}/images",
        "get /api/v1/audits/{audit}",
        "get /api/v1/budgets",
        "get /api/v1/contracts",
        "get /api/v1/contracts/{number}",
        "get /api/v1/disposals",
        "get /api/v1/labels.pdf",
        "get /api/v1/pos/{number}/labels.pdf",
        "get /api/v1/licenses",
        "get /api/v1/licenses/{license}",
        "get /api/v1/locations",
        "get /api/v1/log",
        "get /api/v1/models",
        "get /api/v1/people",
        "get /api/v1/people/{username}",
        "get /api/v1/pos",
        "get /api/v1/pos/{number}",
        "get /api/v1/racks",
        "get /api/v1/racks/{name}",
        "get /api/v1/racks/{location}/{name}",
        "get /api/v1/racks/{location}/{name}/elevation.svg",
        "get /api/v1/reports/*",
        "get /api/v1/rmas",
        "get /api/v1/rmas/{rma}",
        "post /api/v1/scans/photo",
        "get /api/v1/stock",
        "get /api/v1/stock/show",
        "get /api/v1/stock/history",
        "get /api/v1/stock/reorder",
        "get /api/v1/teams",
        "get /api/v1/teams/{team}",
        "get /api/v1/vendors"}},
      {"handle",  // clerk: receive, move, audit, labels, stock
       {"post /api/v1/assets",
        "post /api/v1/assets/{code}/set",
        "post /api/v1/assets/{code}/move",
        "post /api/v1/assets/{code}/assign",
        "post /api/v1/assets/{code}/unassign",
        "post /api/v1/assets/{code}/notes",
        "post /api/v1/audits",
        "post /api/v1/audits/{audit}/scans",
        "post /api/v1/audits/{audit}/finish",
        "post /api/v1/pos/{number}/lines/{line}/receive",
        "post /api/v1/pos/{number}/lines/{line}/receive-bulk",
        "post /api/v1/stock/issue",
        "post /api/v1/stock/transfer",
        "post /api/v1/stock/return",
        "post /api/v1/stock/write-off",
        "post /api/v1/stock/reorder-points",
        "post /api/v1/stock/barcodes",
        "post /api/v1/stock/counts",
        "get /api/v1/stock/counts/{location}",
        "post /api/v1/stock/counts/{location}/lines",
        "post /api/v1/stock/counts/{location}/finish"}},
      {"service",  // technician: tests, images, racks, repairs, RMAs (and status changes, disposal)
       {"post /api/v1/assets/{code}/status", "post /api/v1/assets/{code}/tests", "post /api/v1/assets/{code}/images",
        "post /api/v1/disposals", "post /api/v1/racks", "post /api/v1/racks/install", "post /api/v1/racks/move",
        "post /api/v1/racks/remove", "post /api/v1/repairs", "post /api/v1/repairs/{asset}/close", "post /api/v1/rmas",
        "post /api/v1/rmas/{rma}/ship", "post /api/v1/rmas/{rma}/resolve"}},
      {"purchase",  // buyer: vendors, models, POs, budgets (and contracts)
       {"post /api/v1/vendors", "post /api/v1/models", "post /api/v1/budgets", "post /api/v1/pos",
        "post /api/v1/pos/{number}/lines", "post /api/v1/pos/{number}/lines/{line}/remove",
        "post /api/v1/pos/{number}/submit", "post /api/v1/pos/{number}/order", "post /api/v1/pos/{number}/cancel",
        "post /api/v1/pos/{number}/close", "post /api/v1/pos/{number}/reopen", "post /api/v1/stock/reorder",
        "post /api/v1/contracts", "post /api/v1/contracts/{number}/cover", "post /api/v1/contracts/{number}/uncover",
        "post /api/v1/contracts/{number}/renew"}},
      {"approve",  // approver
       {"post /api/v1/pos/{number}/approve", "post /api/v1/pos/{number}/reject"}},
      {"licenses",  // license manager
       {"post /api/v1/licenses", "post /api/v1/licenses/{license}/set", "post /api/v1/licenses/{license}/assign",
        "post /api/v1/licenses/{license}/unassign"}},
      {"administer",  // admin: users, configuration, import (and people, locations, doctor)
       {"get /api/v1/users", "get /api/v1/users/{name}", "post /api/v1/users/{name}/disable",
        "post /api/v1/users/{name}/enable", "get /api/v1/tokens", "post /api/v1/tokens",
        "post /api/v1/tokens/{id}/revoke", "post /api/v1/people", "post /api/v1/people/{username}/set",
        "post /api/v1/people/{username}/deactivate", "post /api/v1/people/{username}/activate",
        "post /api/v1/locations", "post /api/v1/locations/{code}/set", "get /api/v1/config", "get /api/v1/config/{key}",
        "post /api/v1/config/{key}", "get /api/v1/doctor", "post /api/v1/import/assets",
        "post /api/v1/import/licenses"}},
  };
  return classes;
}

// The class of "METHOD PATTERN": the exact entry, else the longest '*' entry it starts with; "?" for none.
std::string class_of(const std::string& operation, std::set<std::string>& used) {
  std::string found = "?";
  std::size_t best = 0;
  for (const auto& [capability, entries] : route_classes()) {
    for (const std::string& entry : entries) {
      if (entry == operation) {
        used.insert(entry);
        return capability;
      }
      if (entry.back() == '*' && operation.rfind(entry.substr(0, entry.size() - 1), 0) == 0 && entry.size() > best) {
        best = entry.size();
        found = capability;
        used.insert(entry);
      }
    }
  }
  return found;
}

TEST_F(Security, EveryRouteIsInTheRouteClassTableWithItsCapability) {
  Client anonymous = as("");
  std::set<std::string> used;
  int checked = 0;
  for (const Operation& op : operations(anonymous)) {
    const std::string operation = op.method + " " + op.path;
    const std::string expected = class_of(operation, used);
    EXPECT_NE(expected, "?") << operation << " has no route class (add it to route_classes())";
    EXPECT_EQ(op.capability, expected) << operation;
    ++checked;
  }
  EXPECT_GE(checked, 110);
  for (const auto& [capability, entries] : route_classes()) {
    for (const std::string& entry : entries) {
      EXPECT_TRUE(used.count(entry)) << entry << " is no route of the document";
    }
  }
}

TEST_F(Security, ACookieSessionNeedsTheCsrfTokenOnWrites) {
  ok_json({"receive", e2e::k_po, "--line", "1", "--location", "WH1", "--serial", "SN-C1"});
  Client browser = as("");
  const Answer login = browser.post("/api/v1/login", {{"name", "clerk"}, {"password", k_password}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.header("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain HTTP: " << set_cookie;
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = login.json["csrf"];
  EXPECT_EQ(login.json["name"], "clerk");

  browser.session(cookie, "");
  EXPECT_EQ(browser.get("/api/v1/me").json["name"], "clerk");
  const std::string before = data_dump();
  const Answer no_token = browser.post("/api/v1/assets/SN-C1/move", {{"to", "WH1-BIN"}});
  EXPECT_EQ(no_token.status, 403) << no_token.body;
  EXPECT_NE(no_token.body.find("X-CSRF-Token"), std::string::npos);
  browser.session(cookie, "wrong" + csrf);
  EXPECT_EQ(browser.post("/api/v1/assets/SN-C1/move", {{"to", "WH1-BIN"}}).status, 403);
  EXPECT_EQ(data_dump(), before);
  browser.session(cookie, csrf);
  EXPECT_EQ(browser.post("/api/v1/assets/SN-C1/move", {{"to", "WH1-BIN"}}).status, 200);
  EXPECT_EQ(ok_json({"asset", "show", "SN-C1"})["location"], "WH1-BIN");
  // Signing out ends the session.
  EXPECT_EQ(browser.post("/api/v1/logout", json::object()).status, 200);
  EXPECT_EQ(browser.get("/api/v1/me").status, 401);
}

TEST_F(Security, TheSignInFormRedirectsWithTheCookie) {
  Client browser = as("");
  const Answer a = browser.post_raw("/api/v1/login", "name=viewer&password=correct+horse+battery+staple",
                                    "application/x-www-form-urlencoded");
  EXPECT_EQ(a.status, 303) << a.body;
  EXPECT_EQ(a.header("Location"), "/api/v1/me");
  EXPECT_EQ(a.header("Set-Cookie").rfind("tally_session=tly_", 0), 0u) << a.header("Set-Cookie");
}

TEST_F(Security, LoginIsRateLimitedPerUser) {
  Client client = as("");
  for (int i = 0; i < 5; ++i) {
    const Answer wrong = client.post("/api/v1/login", {{"name", "clerk"}, {"password", "not the password!"}});
    EXPECT_EQ(wrong.status, 401) << i;
  }
  const Answer limited = client.post("/api/v1/login", {{"name", "clerk"}, {"password", k_password}});
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_FALSE(limited.header("Retry-After").empty());
  EXPECT_EQ(limited.json["error"]["problem"], "rate_limited");
  // Another user from the same address still signs in (the address allows more).
  EXPECT_EQ(client.post("/api/v1/login", {{"name", "viewer"}, {"password", k_password}}).status, 200);
}

TEST_F(Security, HostileParametersAreRefusedAndChangeNothing) {
  const std::vector<std::string> hostile = {"' OR '1'='1",
                                            "x'; DROP TABLE asset; --",
                                            "\xff\xfe\xfd",
                                            "a\x01"
                                            "b",
                                            "%00",
                                            "..%2F..%2Fetc%2Fpasswd",
                                            "\xc0\xaf",
                                            "\" OR \"\"=\"",
                                            "AT-1 UNION SELECT * FROM app_user"};
  Client admin = as("admin");
  const std::string before = data_dump();
  int requests = 0;
  for (const Operation& op : operations(admin)) {
    if (op.capability.empty()) {
      continue;
    }
    const bool has_path_params = op.path.find('{') != std::string::npos;
    for (const std::string& value : hostile) {
      if (has_path_params) {
        const Answer a = call(admin, op, filled(op.path, encoded(value)));
        EXPECT_GE(a.status, 400) << op.method << " " << op.path << " with " << value << ": " << a.body;
        EXPECT_LT(a.status, 500) << op.method << " " << op.path << " with " << value << ": " << a.body;
        ++requests;
      }
      if (op.method == "get") {
        for (const std::string& q : op.query) {
          const Answer a = admin.get(filled(op.path, "0") + "?" + q + "=" + encoded(value));
          EXPECT_LT(a.status, 500) << op.path << "?" << q << "=" << value << ": " << a.body;
          if (!has_path_params && q != "limit" && q != "after") {
            // A list given a hostile filter refuses it or finds nothing; it never errs.
            EXPECT_TRUE(a.status >= 400 || (a.status == 200 && a.json["items"].empty()) || q == "all" || q == "open" ||
                        q == "by")
                << op.path << "?" << q << "=" << value << ": " << a.status << " " << a.body;
          }
          ++requests;
        }
      }
    }
  }
  EXPECT_GT(requests, 300);
  EXPECT_EQ(data_dump(), before);
  EXPECT_EQ(server_stderr().find("internal error"), std::string::npos) << server_stderr();
}

TEST_F(Security, StaticFilesCannotBeEscaped) {
  Client anonymous = as("");
  for (const char* path :
       {"/static/../tally.db", "/static/..%2ftally.db", "/static/..%2Ftally.db", "/static/%2e%2e/tally.db",
        "/static/%2e%2e%2ftally.db", "/static/....//tally.db", "/static/..\\tally.db", "/static/%252e%252e/tally.db",
        "/static/tally.db", "/static/", "/static/index.html/..", "/../tally.db", "/tally.db"}) {
    const Answer a = anonymous.get(path);
    EXPECT_EQ(a.status, 404) << path << ": " << a.body;
    EXPECT_EQ(a.body.find("SQLite format"), std::string::npos) << path;
  }
}

TEST_F(Security, AnOversizedBodyIs413) {
  start({"--body-limit", "16"});
  Client clerk = as("clerk");
  const std::string before = data_dump();
  const std::string big(17 * 1024, 'x');
  const Answer a =
      clerk.post(std::string("/api/v1/pos/") + e2e::k_po + "/lines/1/receive", {{"code", "SN-BIG"}, {"pad", big}});
  EXPECT_EQ(a.status, 413) << a.body.substr(0, 200);
  EXPECT_EQ(data_dump(), before);
  // Just under the limit is answered.
  EXPECT_EQ(clerk
                .post(std::string("/api/v1/pos/") + e2e::k_po + "/lines/1/receive",
                      {{"code", "SN-OK"}, {"location", "WH1"}, {"pad", std::string(8 * 1024, 'y')}})
                .status,
            201);
}

TEST_F(Security, ASlowClientIsCutOffWithinTheTimeout) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(m_server->port()));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string half = "GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bea";
  ASSERT_EQ(send(fd, half.data(), half.size(), 0), static_cast<ssize_t>(half.size()));
  const auto started = std::chrono::steady_clock::now();
  bool closed = false;
  while (std::chrono::steady_clock::now() - started < std::chrono::seconds(10)) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char buffer[512];
      if (recv(fd, buffer, sizeof buffer, 0) <= 0) {
        closed = true;
        break;
      }
    }
  }
  const auto waited = std::chrono::steady_clock::now() - started;
  close(fd);
  EXPECT_TRUE(closed) << "the server kept a half request open for 10 s";
  EXPECT_LT(waited, std::chrono::seconds(6));  // --timeout 2, plus slack for a loaded machine
  // And the server still answers others.
  Client viewer = as("viewer");
  EXPECT_EQ(viewer.get("/api/v1/me").status, 200);
}

TEST_F(Security, NoSecretInAnyAnswerOrTheLog) {
  ok_json({"vendor", "add", "Microsoft", "--supplier"});
  const std::string key = "ABCD-EFGH-IJKL-7Q2K";
  ok_json({"license", "add", "Visio", "--vendor", "Microsoft", "--seats", "5", "--key", key});
  Client admin = as("admin");
  Client browser = as("");
  browser.post("/api/v1/login", {{"name", "viewer"}, {"password", k_password}});
  browser.post("/api/v1/login", {{"name", "viewer"}, {"password", "wrong password here"}});
  for (const char* path : {"/api/v1/licenses", "/api/v1/licenses/LIC-00001", "/api/v1/users", "/api/v1/users/admin",
                           "/api/v1/tokens", "/api/v1/log", "/api/v1/me"}) {
    EXPECT_EQ(admin.get(path).status, 200) << path;
  }
  admin.get("/api/v1/log?limit=1000");
  const std::string seen = admin.transcript() + browser.transcript() + server_stderr();
  EXPECT_EQ(seen.find(key), std::string::npos);
  EXPECT_EQ(seen.find("$argon2"), std::string::npos);
  EXPECT_EQ(seen.find(k_password), std::string::npos);
  EXPECT_EQ(seen.find("wrong password here"), std::string::npos);
  for (const auto& [user, token] : m_tokens) {
    EXPECT_EQ(seen.find(token), std::string::npos) << user;
    EXPECT_EQ(seen.find(token.substr(4)), std::string::npos) << user;
  }
}

}  // namespace
}  // namespace tally::api
