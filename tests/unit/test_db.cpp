#include "locations.hpp"
#include "support.hpp"

namespace tally::test {
namespace {

class WriteTransactionTest : public DatabaseTest {
 protected:
  bool in_transaction() { return db().in_transaction(); }
  std::int64_t locations_named(const std::string& code) {
    Statement q(db().connection(), "SELECT count(*) FROM location WHERE code = ?");
    q.bind(1, code);
    q.step();
    return q.column(0).as_int64();
  }
};

TEST_F(WriteTransactionTest, OutermostCommitsAndRollsBack) {
  {
    WriteTransaction tx(db());
    EXPECT_TRUE(in_transaction());
    add_location(db(), "t", {"A", "A", std::nullopt, std::nullopt});
  }
  EXPECT_FALSE(in_transaction());
  EXPECT_EQ(locations_named("A"), 0);
  WriteTransaction tx(db());
  add_location(db(), "t", {"B", "B", std::nullopt, std::nullopt});
  tx.commit();
  EXPECT_FALSE(in_transaction());
  EXPECT_EQ(locations_named("B"), 1);
}

TEST_F(WriteTransactionTest, CommandsInsideAnOuterTransactionCommitWithIt) {
  const auto events = count("event");
  WriteTransaction outer(db());
  add_location(db(), "t", {"A", "A", std::nullopt, std::nullopt});
  add_location(db(), "t", {"B", "B", std::nullopt, std::string("A")});
  EXPECT_TRUE(in_transaction());  // the commands released their savepoints, not the outer transaction
  EXPECT_EQ(count("location"), 2);
  outer.commit();
  EXPECT_FALSE(in_transaction());
  EXPECT_EQ(count("location"), 2);
  EXPECT_EQ(count("event"), events + 2);
}

TEST_F(WriteTransactionTest, ARefusalInsideUndoesOnlyItsOwnCommand) {
  const auto events = count("event");
  WriteTransaction outer(db());
  add_location(db(), "t", {"A", "A", std::nullopt, std::nullopt});
  EXPECT_EQ(refusal([&] {
              add_location(db(), "t", {"X", "X", std::nullopt, std::string("NOPE")});
            }),
            "location add: parent location 'NOPE' does not exist; add it first or check `location list`");
  // A command that wrote before it refused: its rows go, the earlier command's stay.
  EXPECT_THROW(
      {
        WriteTransaction tx(db());
        add_location(db(), "t", {"C", "C", std::nullopt, std::nullopt});
        EXPECT_EQ(locations_named("C"), 1);
        throw refused("refused after writing");
      },
      Error);
  EXPECT_TRUE(in_transaction());
  EXPECT_EQ(locations_named("C"), 0);
  add_location(db(), "t", {"B", "B", std::nullopt, std::nullopt});
  outer.commit();
  EXPECT_EQ(locations_named("A"), 1);
  EXPECT_EQ(locations_named("B"), 1);
  EXPECT_EQ(locations_named("C"), 0);
  EXPECT_EQ(locations_named("X"), 0);
  EXPECT_EQ(count("location"), 2);
  EXPECT_EQ(count("event"), events + 2);
}

TEST_F(WriteTransactionTest, NestedTwiceUndoesTheInnermostOnly) {
  WriteTransaction outer(db());
  {
    WriteTransaction middle(db());
    add_location(db(), "t", {"A", "A", std::nullopt, std::nullopt});
    {
      WriteTransaction inner(db());
      add_location(db(), "t", {"B", "B", std::nullopt, std::nullopt});
    }  // not committed
    EXPECT_EQ(locations_named("B"), 0);
    middle.commit();
  }
  outer.commit();
  EXPECT_EQ(locations_named("A"), 1);
  EXPECT_EQ(locations_named("B"), 0);
}

TEST_F(WriteTransactionTest, AnOuterRollbackDiscardsTheCommandsInside) {
  const auto events = count("event");
  {
    WriteTransaction outer(db());
    add_location(db(), "t", {"A", "A", std::nullopt, std::nullopt});
    EXPECT_EQ(locations_named("A"), 1);
  }
  EXPECT_FALSE(in_transaction());
  EXPECT_EQ(count("location"), 0);
  EXPECT_EQ(count("event"), events);
}

}  // namespace
}  // namespace tally::test
