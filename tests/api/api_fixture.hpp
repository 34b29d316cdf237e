#pragma once

#include "api/server_process.hpp"
#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace tally::api {

// Every item of a list route, following "next" (pages of `limit`, at most 100 pages).
nlohmann::json all_items(Client& client, const std::string& path, int limit = 2);

// The standard estate (see e2e::SandboxTest) behind a real `tally serve`, with
// one user and token per role made by the real `tally user` and `tally token` commands.
class ApiTest : public e2e::SandboxTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Adds a user with these roles (comma-separated) and the password k_password; returns a new token of it.
  std::string add_user(const std::string& name, const std::string& roles);
  // (Re)starts the server with extra `tally serve` options.
  void start(const std::vector<std::string>& args = {});
  // A client with the token of `user` (one of admin, viewer, clerk, technician, buyer, approver, licman).
  Client as(const std::string& user);
  // What the server wrote to stderr so far.
  std::string server_stderr() const;

  static constexpr const char* k_password = "correct horse battery staple";

  std::unique_ptr<ServerProcess> m_server;
  std::map<std::string, std::string> m_tokens;
  std::string m_stderr_path;
};

}  // namespace tally::api
