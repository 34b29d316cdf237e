#include "error.hpp"
#include "events.hpp"
#include "idempotency.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

class IdempotencyTest : public test::DatabaseTest {
 protected:
  // An act that writes one event and answers its running count.
  StoredAnswer act() {
    ++m_runs;
    WriteTransaction tx(db());
    append_event(db(), "clerk", "create", "vendor", "V" + std::to_string(m_runs), nullptr, {{"n", m_runs}});
    tx.commit();
    return {201, "{\"run\": " + std::to_string(m_runs) + "}"};
  }
  IdempotentResult run(const std::string& user, const std::string& key, const std::string& request) {
    return run_idempotent(db(), user, key, request, [this] { return act(); });
  }
  int m_runs = 0;
};

TEST_F(IdempotencyTest, ARepeatedRequestGetsTheFirstAnswerWithoutRunningAgain) {
  const auto events = count("event");
  const IdempotentResult first = run("clerk", "k1", "POST /x\n{}");
  EXPECT_FALSE(first.replayed);
  EXPECT_EQ(first.answer.status, 201);
  EXPECT_EQ(first.answer.body, "{\"run\": 1}");
  const IdempotentResult again = run("clerk", "k1", "POST /x\n{}");
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.answer.body, "{\"run\": 1}");
  EXPECT_EQ(m_runs, 1);
  EXPECT_EQ(count("event"), events + 1);
  EXPECT_EQ(count("idempotency_key"), 1);
  // Keys belong to a user.
  EXPECT_FALSE(run("buyer", "k1", "POST /x\n{}").replayed);
  EXPECT_EQ(m_runs, 2);
}

TEST_F(IdempotencyTest, AKeyReusedForAnotherRequestIsRefused) {
  run("clerk", "k1", "POST /x\n{\"code\": \"A\"}");
  try {
    run("clerk", "k1", "POST /x\n{\"code\": \"B\"}");
    FAIL() << "no refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::refused);
    EXPECT_EQ(e.problem(), Problem::invalid);
    EXPECT_EQ(e.field(), "idempotency_key");
    EXPECT_EQ(std::string(e.what()),
              "Idempotency-Key 'k1' was already used for another request; a retry must repeat the request exactly, a "
              "new request needs a new key");
  }
  EXPECT_EQ(m_runs, 1);
}

TEST_F(IdempotencyTest, ARefusedActStoresNothingAndTheKeyStaysFree) {
  const auto events = count("event");
  EXPECT_THROW(run_idempotent(db(), "clerk", "k1", "POST /x\n{}",
                              [this]() -> StoredAnswer {
                                act();
                                throw conflict("no more room", "code");
                              }),
               Error);
  EXPECT_EQ(count("event"), events);
  EXPECT_EQ(count("idempotency_key"), 0);
  EXPECT_FALSE(run("clerk", "k1", "POST /x\n{}").replayed);
  EXPECT_EQ(count("event"), events + 1);
}

TEST_F(IdempotencyTest, KeysMustBePrintableAndShort) {
  for (const std::string& key : {std::string(), std::string(201, 'k'), std::string("k\n"), std::string("\xc3\xa9")}) {
    try {
      run("clerk", key, "POST /x\n{}");
      ADD_FAILURE() << "accepted '" << key << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), "idempotency_key");
      EXPECT_EQ(std::string(e.what()), "Idempotency-Key: a key is 1 to 200 printable ASCII characters (a UUID, say)");
    }
  }
  EXPECT_FALSE(run("clerk", std::string(200, 'k'), "POST /x\n{}").replayed);
  EXPECT_EQ(m_runs, 1);
}

TEST_F(IdempotencyTest, KeysOlderThanADayAreForgotten) {
  run("clerk", "old", "POST /x\n{}");
  {
    test::ScopedEnv later("TALLY_NOW", "2026-11-28T09:15:01Z");
    EXPECT_FALSE(run("clerk", "new", "POST /x\n{}").replayed);
    EXPECT_EQ(count("idempotency_key"), 1);
    EXPECT_FALSE(run("clerk", "old", "POST /x\n{}").replayed);
  }
  EXPECT_EQ(m_runs, 3);
}

}  // namespace
}  // namespace tally
