#include "api/api_fixture.hpp"

#include <fstream>
#include <sstream>

namespace tally::api {

nlohmann::json all_items(Client& client, const std::string& path, int limit) {
  nlohmann::json items = nlohmann::json::array();
  std::string after;
  for (int page = 0; page < 100; ++page) {
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    const Answer a =
        client.get(path + sep + "limit=" + std::to_string(limit) + (after.empty() ? "" : "&after=" + after));
    EXPECT_EQ(a.status, 200) << path << ": " << a.body;
    if (a.status != 200) {
      return items;
    }
    for (const auto& item : a.json["items"]) {
      items.push_back(item);
    }
    if (a.json["next"].is_null()) {
      return items;
    }
    after = a.json["next"].get<std::string>();
  }
  ADD_FAILURE() << path << ": more than 100 pages";
  return items;
}

void ApiTest::SetUp() {
  e2e::SandboxTest::SetUp();
  standard_estate();
  ASSERT_FALSE(HasFailure());
  for (const auto& [name, roles] : std::vector<std::pair<std::string, std::string>>{{"admin", "admin"},
                                                                                    {"viewer", "viewer"},
                                                                                    {"clerk", "clerk"},
                                                                                    {"technician", "technician"},
                                                                                    {"buyer", "buyer"},
                                                                                    {"approver", "approver"},
                                                                                    {"licman", "license_manager"}}) {
    m_tokens[name] = add_user(name, roles);
    ASSERT_FALSE(m_tokens[name].empty()) << name;
  }
  m_stderr_path = sb.dir().file("serve.err");
  start();
}

void ApiTest::TearDown() {
  m_server.reset();
}

std::string ApiTest::add_user(const std::string& name, const std::string& roles) {
  std::vector<std::string> args = {"user", "add", name, "--password-stdin"};
  std::stringstream split(roles);
  for (std::string role; std::getline(split, role, ',');) {
    args.push_back("--role");
    args.push_back(role);
  }
  const e2e::Result added = sb.tally(args, std::string(k_password) + "\n");
  EXPECT_EQ(added.exit_code, 0) << added.err;
  const e2e::Result token = sb.tally({"token", "create", name, "--label", "api tests", "--format", "json"});
  EXPECT_EQ(token.exit_code, 0) << token.err;
  const nlohmann::json created = e2e::parse_json(token);
  return created.is_object() && created.contains("secret") ? created["secret"].get<std::string>() : "";
}

void ApiTest::start(const std::vector<std::string>& args) {
  m_server.reset();
  std::vector<std::string> all = {"--timeout", "2"};
  all.insert(all.end(), args.begin(), args.end());
  m_server = std::make_unique<ServerProcess>(sb.db(), m_stderr_path, all);
  ASSERT_GT(m_server->port(), 0) << "first line: " << m_server->first_line() << "\nstderr: " << server_stderr();
}

Client ApiTest::as(const std::string& user) {
  Client client(m_server->port());
  if (!user.empty()) {
    client.bearer(m_tokens.at(user));
  }
  return client;
}

std::string ApiTest::server_stderr() const {
  std::ifstream in(m_stderr_path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace tally::api
