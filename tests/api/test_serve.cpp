// `tally serve` as a process: HTTPS with a real certificate, refused TLS files,
// and SIGTERM while a request is still arriving (the request is answered and
// stored, then the server exits 0).

#include "api/api_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace tally::api {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

class Serve : public ApiTest {
 protected:
  // A self-signed certificate for 127.0.0.1 and its key, made by the openssl command; returns {cert, key}.
  std::pair<std::string, std::string> certificate(const std::string& name) {
    const std::string cert = sb.dir().file(name + ".cert.pem");
    const std::string key = sb.dir().file(name + ".key.pem");
    const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
                                "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
                                key + "' -out '" + cert + "' 2>/dev/null";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return {cert, key};
  }

  // Receives one serial into the standard PO's line 1; returns its tag.
  std::string receive_one(const std::string& serial) {
    const json rows = ok_json({"receive", e2e::k_po, "--line", "1", "--location", "WH1", "--serial", serial});
    return rows.empty() ? "" : rows[0]["tag"].get<std::string>();
  }
};

// A connected socket to 127.0.0.1:port, -1 when it cannot connect.
int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Everything the peer sends until it closes or `limit` passes.
std::string read_all(int fd, std::chrono::seconds limit) {
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) {
      continue;
    }
    char buffer[4096];
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      break;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

TEST_F(Serve, HttpsAnswersWithTheCertificateAndSecureCookies) {
  const auto [cert, key] = certificate("server");
  start({"--tls-cert", cert, "--tls-key", key});
  ASSERT_EQ(m_server->first_line(), "listening on https://127.0.0.1:" + std::to_string(m_server->port()));

  httplib::SSLClient tls("127.0.0.1", m_server->port());
  tls.set_ca_cert_path(cert.c_str());
  tls.enable_server_certificate_verification(true);
  tls.set_connection_timeout(5, 0);
  const auto me = tls.Get("/api/v1/me", {{"Authorization", "Bearer " + m_tokens.at("viewer")}});
  ASSERT_TRUE(me) << httplib::to_string(me.error());
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["name"], "viewer") << me->body;

  const auto login = tls.Post("/api/v1/login", json{{"name", "clerk"}, {"password", k_password}}.dump(),
                              "application/json");
  ASSERT_TRUE(login) << httplib::to_string(login.error());
  EXPECT_EQ(login->status, 200) << login->body;
  const std::string cookie = login->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("; HttpOnly; SameSite=Strict; Secure"), std::string::npos) << cookie;

  // A client that does not trust the certificate is refused by its own check.
  httplib::SSLClient untrusting("127.0.0.1", m_server->port());
  untrusting.enable_server_certificate_verification(true);
  untrusting.set_ca_cert_path(certificate("other").first.c_str());
  const auto refused = untrusting.Get("/api/v1/me");
  EXPECT_FALSE(refused);

  // Plain HTTP on the HTTPS port gets no HTTP answer.
  Client plain(m_server->port());
  plain.bearer(m_tokens.at("viewer"));
  EXPECT_NE(plain.get("/api/v1/me").status, 200);
  // And the server is still serving.
  const auto again = tls.Get("/api/v1/me", {{"Authorization", "Bearer " + m_tokens.at("viewer")}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(Serve, TlsFilesThatCannotServeAreRefusedBeforeListening) {
  const auto [cert, key] = certificate("one");
  const auto other = certificate("two");
  const std::string missing = sb.dir().file("missing.pem");

  const e2e::Result absent = sb.tally({"serve", "--listen", "127.0.0.1:0", "--tls-cert", missing, "--tls-key", key});
  EXPECT_EQ(absent.exit_code, 1) << absent.err;
  EXPECT_EQ(absent.out, "");
  EXPECT_EQ(absent.err, "tally: error: serve: TLS file " + missing + " does not exist\n");

  const e2e::Result mismatched =
      sb.tally({"serve", "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", other.second});
  EXPECT_EQ(mismatched.exit_code, 1) << mismatched.err;
  EXPECT_EQ(mismatched.out, "");
  EXPECT_EQ(mismatched.err,
            "tally: error: serve: the TLS certificate or key could not be loaded (PEM files, the key matching the "
            "certificate)\n");

  const e2e::Result half = sb.tally({"serve", "--listen", "127.0.0.1:0", "--tls-cert", cert});
  EXPECT_EQ(half.exit_code, 2) << half.err;
  EXPECT_EQ(half.err.rfind("tally: error: --tls-cert requires --tls-key\n", 0), 0u) << half.err;
}

TEST_F(Serve, SigtermAnswersTheRequestStillArrivingThenExitsZero) {
  const std::string tag = receive_one("SN-TERM1");
  ASSERT_FALSE(tag.empty());
  const std::string body = json{{"text", "noted while the server was stopping"}}.dump();
  const std::string head = "POST /api/v1/assets/" + tag +
                           "/notes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                           "Content-Type: application/json\r\nAuthorization: Bearer " +
                           m_tokens.at("clerk") + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  const int fd = connect_to(m_server->port());
  ASSERT_GE(fd, 0);
  const std::string first = head + body.substr(0, 10);
  ASSERT_EQ(send(fd, first.data(), first.size(), 0), static_cast<ssize_t>(first.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the worker is now reading the body

  ASSERT_EQ(kill(m_server->pid(), SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_TRUE(m_server->running()) << "the server exited with a request in flight";
  // A new connection is no longer taken.
  const int late = connect_to(m_server->port());
  EXPECT_LT(late, 0);
  if (late >= 0) {
    close(late);
  }

  const std::string rest = body.substr(10);
  ASSERT_EQ(send(fd, rest.data(), rest.size(), 0), static_cast<ssize_t>(rest.size()));
  const std::string answer = read_all(fd, std::chrono::seconds(10));
  close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("\"tag\":\"" + tag + "\""), std::string::npos) << answer;

  EXPECT_EQ(m_server->stop(), 0);
  EXPECT_NE(server_stderr().find("tally serve: stopped"), std::string::npos) << server_stderr();
  const json history = ok_json({"asset", "history", tag});
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back()["actor"], "clerk");
  EXPECT_NE(history.back().dump().find("noted while the server was stopping"), std::string::npos)
      << history.back().dump();
}

}  // namespace
}  // namespace tally::api
