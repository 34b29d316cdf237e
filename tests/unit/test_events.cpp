#include "error.hpp"
#include "events.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>
#include "db.hpp"

namespace tally {
namespace {

class EventTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    m_base = count("event");
    WriteTransaction tx(db());
    append_event(db(), "a", "create", "vendor", "Dell", nullptr, {{"name", "Dell"}});
    {
      test::ScopedEnv later("TALLY_NOW", "2026-11-28T00:00:00Z");
      append_event(db(), "b", "update", "vendor", "Dell", {{"url", nullptr}}, {{"url", "https://dell.com"}});
      append_event(db(), "b", "create", "vendor", "HPE", nullptr, {{"name", "HPE"}});
    }
    tx.commit();
  }
  std::int64_t m_base = 0;
};

TEST_F(EventTest, FiltersCombineAndKeepOldestFirst) {
  EventFilter vendor;
  vendor.entity = "vendor";
  const auto all = list_events(db(), vendor);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].entity_key, "Dell");
  EXPECT_EQ(all[2].entity_key, "HPE");
  EXPECT_EQ(all[1].before.dump(), R"({"url":null})");

  EventFilter dell = vendor;
  dell.entity_key = "dell";
  EXPECT_EQ(list_events(db(), dell).size(), 2u);

  EventFilter since;
  since.since = "2026-11-28";
  const auto recent = list_events(db(), since);
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].actor, "b");

  EventFilter last_two;
  last_two.limit = 2;
  const auto tail = list_events(db(), last_two);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].action, "update");
  EXPECT_EQ(tail[1].entity_key, "HPE");
  EXPECT_EQ(tail[1].id, m_base + 3);
}

TEST_F(EventTest, BadFiltersAreRefused) {
  EventFilter bad_entity;
  bad_entity.entity = "spaceship";
  EXPECT_THROW(list_events(db(), bad_entity), Error);
  EventFilter bad_date;
  bad_date.since = "2026-02-30";
  EXPECT_THROW(list_events(db(), bad_date), Error);
  EventFilter bad_limit;
  bad_limit.limit = 0;
  EXPECT_THROW(list_events(db(), bad_limit), Error);
}

TEST_F(EventTest, TheHistoryIsAppendOnly) {
  EXPECT_THROW(db().exec("UPDATE event SET actor = 'mallory'"), store::SqlError);
  EXPECT_THROW(db().exec("DELETE FROM event"), store::SqlError);
  EXPECT_THROW(db().exec("INSERT INTO event (at, actor, action, entity, entity_key, after) "
                         "VALUES ('2026-11-27T09:15:00Z', 'a', 'x', 'y', 'k', '[1]')"),
               store::SqlError)
      << "before/after must be JSON objects";
  EXPECT_EQ(count("event"), m_base + 3);
}

}  // namespace
}  // namespace tally
