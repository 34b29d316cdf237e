// Receiving through the API against a real `tally serve`: Idempotency-Key
// makes a retried scan receive nothing twice, eight clients scanning into one
// line never overfill it, and the approver rule holds through the server.

#include "api/api_fixture.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

namespace tally::api {
namespace {

using nlohmann::json;

class Scans : public ApiTest {
 protected:
  std::string scan_path(const std::string& po, int line) const {
    return "/api/v1/pos/" + po + "/lines/" + std::to_string(line) + "/receive";
  }
  // How many assets came in on `po`.
  std::size_t received_on(const std::string& po) { return ok_json({"asset", "list", "--po", po}).size(); }
};

TEST_F(Scans, TheSameKeyTwiceReceivesOneUnit) {
  Client clerk = as("clerk");
  const httplib::Headers key = {{"Idempotency-Key", "3f6c7d0e-scan-1"}};
  const json body = {{"code", "SN-I1"}, {"location", "WH1"}};
  const Answer first = clerk.post(scan_path(e2e::k_po, 1), body, key);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_TRUE(first.header("Idempotent-Replayed").empty());
  const Answer retry = clerk.post(scan_path(e2e::k_po, 1), body, key);
  EXPECT_EQ(retry.status, 201) << retry.body;
  EXPECT_EQ(retry.json, first.json);
  EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(received_on(e2e::k_po), 1u);
  EXPECT_EQ(ok_json({"po", "show", e2e::k_po})["lines"][0]["received"], 1);

  // The same key with another body is refused and receives nothing.
  const std::string before = sb.dump();
  const Answer reused = clerk.post(scan_path(e2e::k_po, 1), {{"code", "SN-I2"}, {"location", "WH1"}}, key);
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(reused.json["error"]["field"], "idempotency_key");
  EXPECT_EQ(received_on(e2e::k_po), 1u);
  // Another user's identical key is another request.
  Client clerk2 = as("admin");
  EXPECT_EQ(clerk2.post(scan_path(e2e::k_po, 1), {{"code", "SN-I3"}, {"location", "WH1"}}, key).status, 201);
  EXPECT_EQ(received_on(e2e::k_po), 2u);
  // A refused scan stores no answer: after fixing the cause, the key works.
  const httplib::Headers key2 = {{"Idempotency-Key", "scan-2"}};
  const Answer duplicate = clerk.post(scan_path(e2e::k_po, 1), {{"code", "SN-I1"}, {"location", "WH1"}}, key2);
  EXPECT_EQ(duplicate.status, 422) << duplicate.body;
  EXPECT_NE(duplicate.json["error"]["message"].get<std::string>().find("serial 'SN-I1' already exists"),
            std::string::npos)
      << duplicate.body;
  EXPECT_EQ(clerk.post(scan_path(e2e::k_po, 1), {{"code", "SN-I4"}, {"location", "WH1"}}, key2).status, 201);
  EXPECT_EQ(received_on(e2e::k_po), 3u);
  // A key that is not printable ASCII.
  EXPECT_EQ(clerk
                .post(scan_path(e2e::k_po, 1), {{"code", "SN-I5"}, {"location", "WH1"}},
                      {{"Idempotency-Key", std::string(201, 'k')}})
                .status,
            422);
  (void)before;
}

TEST_F(Scans, EightClientsScanningIntoOneLineStoreEachAnsweredUnitOnce) {
  constexpr int k_ordered = 40;
  constexpr int k_clients = 8;
  constexpr int k_per_client = 8;  // 64 attempts for 40 places
  ok_json({"budget", "set", "A-3", "2026", "1000000.00"});
  const json po = ok_json({"po", "create", "--vendor", "Dell", "--team", "A-3"});
  const std::string number = po["number"];
  ok_json(
      {"po", "add-line", number, "--model", e2e::k_server, "--qty", std::to_string(k_ordered), "--unit-cost", "1.00"});
  ok_json({"po", "submit", number});
  ok_json({"po", "approve", number}, {{"TALLY_ACTOR", "someone-else"}});
  ok_json({"po", "order", number});

  std::mutex m;
  std::set<std::string> answered;  // serials answered 2xx
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (int c = 0; c < k_clients; ++c) {
    threads.emplace_back([&, c] {
      Client clerk = as("clerk");
      for (int i = 0; i < k_per_client && std::chrono::steady_clock::now() < deadline; ++i) {
        const std::string serial = "C" + std::to_string(c) + "-" + std::to_string(i);
        const Answer a = clerk.post(scan_path(number, 1), {{"code", serial}, {"location", "WH1"}},
                                    {{"Idempotency-Key", "k-" + serial}});
        std::lock_guard<std::mutex> lock(m);
        if (a.status == 201) {
          answered.insert(serial);
        } else if (a.status != 409 && a.status != 422) {
          ++other;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(answered.size(), static_cast<std::size_t>(k_ordered));
  const json stored = ok_json({"asset", "list", "--po", number});
  std::set<std::string> serials;
  for (const auto& a : stored) {
    serials.insert(a["serial"]);
  }
  EXPECT_EQ(stored.size(), answered.size());
  EXPECT_EQ(serials, answered);
  const json shown = ok_json({"po", "show", number});
  EXPECT_EQ(shown["lines"][0]["received"], k_ordered);
  EXPECT_EQ(shown["status"], "received");
}

TEST_F(Scans, AnApproverNeverApprovesTheirOwnPo) {
  m_tokens["alice"] = add_user("alice", "buyer,approver");
  Client buyer_approver = as("alice");
  const Answer created = buyer_approver.post("/api/v1/pos", {{"vendor", "Dell"}, {"team", "A-3"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string number = created.json["number"];
  ASSERT_EQ(
      buyer_approver
          .post("/api/v1/pos/" + number + "/lines", {{"model", e2e::k_server}, {"quantity", 1}, {"unit_cost", "10.00"}})
          .status,
      201);
  ASSERT_EQ(buyer_approver.post("/api/v1/pos/" + number + "/submit", json::object()).status, 200);
  const std::string before = sb.dump();
  const Answer own = buyer_approver.post("/api/v1/pos/" + number + "/approve", json::object());
  EXPECT_EQ(own.status, 403) << own.body;
  EXPECT_EQ(own.json["error"]["problem"], "forbidden");
  EXPECT_NE(own.json["error"]["message"].get<std::string>().find("ask another approver"), std::string::npos)
      << own.body;
  EXPECT_EQ(sb.dump(), before);
  Client approver = as("approver");
  const Answer approved = approver.post("/api/v1/pos/" + number + "/approve", json::object());
  EXPECT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json["status"], "approved");
  EXPECT_EQ(ok_json({"log", "--entity", "purchase_order", "--key", number}).back()["actor"], "approver");
}

}  // namespace
}  // namespace tally::api
