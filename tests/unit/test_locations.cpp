#include "error.hpp"
#include "events.hpp"
#include "locations.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>
#include "db.hpp"

namespace tally {
namespace {

using LocationTest = test::DatabaseTest;

using test::refusal;

TEST_F(LocationTest, KindsDefaultAndPathsFollowTheTree) {
  const Location dc = add_location(db(), "t", {"DC1", "Data center 1", std::nullopt, std::nullopt});
  EXPECT_EQ(dc.kind, "site");
  EXPECT_EQ(dc.path, "DC1");
  const Location hall = add_location(db(), "t", {"DC1-H1", "Hall 1", std::nullopt, std::string("dc1")});
  EXPECT_EQ(hall.kind, "room");
  EXPECT_EQ(hall.parent, std::optional<std::string>("DC1"));
  EXPECT_EQ(hall.path, "DC1/DC1-H1");
  add_location(db(), "t", {"R12", "Row 12", std::string("row"), std::string("DC1-H1")});
  add_location(db(), "t", {"WH", "Warehouse", std::string("warehouse"), std::nullopt});
  add_location(db(), "t", {"BIN-3", "Bin 3", std::string("bin"), std::string("WH")});

  std::vector<std::string> got;
  for (const auto& l : list_locations(db())) {
    got.push_back(l.path + ":" + std::to_string(l.depth));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"DC1:0", "DC1/DC1-H1:1", "DC1/DC1-H1/R12:2", "WH:0", "WH/BIN-3:1"}));
}

TEST_F(LocationTest, RefusalsNameTheValueAndWriteNothing) {
  add_location(db(), "t", {"DC1", "DC 1", std::nullopt, std::nullopt});
  const auto locations = count("location");
  const auto events = count("event");
  EXPECT_EQ(refusal([&] {
              add_location(db(), "t", {"X", "X", std::nullopt, std::string("NOPE")});
            }),
            "location add: parent location 'NOPE' does not exist; add it first or check `location list`");
  EXPECT_EQ(refusal([&] {
              add_location(db(), "t", {"dc1", "Again", std::nullopt, std::nullopt});
            }),
            "location add: code 'dc1' already exists (DC1, DC 1)");
  EXPECT_EQ(refusal([&] {
              add_location(db(), "t", {"X", "X", std::nullopt, std::string("X")});
            }),
            "location add: 'X' cannot be its own parent (that would be a cycle)");
  EXPECT_EQ(refusal([&] {
              add_location(db(), "t", {"X", "X", std::string("moon"), std::nullopt});
            }),
            "location add: unknown kind 'moon'; expected one of: site, building, room, warehouse, cage, row, bin");
  EXPECT_EQ(refusal([&] {
              add_location(db(), "t", {"a b", "X", std::nullopt, std::nullopt});
            }),
            "location add: code 'a b' must be 1-64 characters of letters, digits, '.', '_' or '-'");
  EXPECT_EQ(count("location"), locations);
  EXPECT_EQ(count("event"), events);
}

TEST_F(LocationTest, ReparentingIntoItsOwnSubtreeIsACycle) {
  add_location(db(), "t", {"A", "A", std::nullopt, std::nullopt});
  add_location(db(), "t", {"B", "B", std::nullopt, std::string("A")});
  add_location(db(), "t", {"C", "C", std::nullopt, std::string("B")});
  const auto events = count("event");
  EXPECT_EQ(refusal([&] {
              set_location(db(), "t", {"A", std::nullopt, std::nullopt, std::string("C")});
            }),
            "location set: moving 'A' under 'C' (A/B/C) would create a cycle in the location tree");
  EXPECT_EQ(refusal([&] {
              set_location(db(), "t", {"A", std::nullopt, std::nullopt, std::string("A")});
            }),
            "location set: moving 'A' under 'A' (A) would create a cycle in the location tree");
  EXPECT_EQ(count("event"), events);
  // The schema refuses the same cycle when written directly.
  EXPECT_THROW(db().exec("UPDATE location SET parent_id = (SELECT id FROM location WHERE code = 'C') "
                         "WHERE code = 'A'"),
               store::SqlError);
}

TEST_F(LocationTest, SetRecordsOnlyTheChangedFields) {
  add_location(db(), "t", {"A", "A", std::nullopt, std::nullopt});
  add_location(db(), "t", {"B", "B", std::nullopt, std::nullopt});
  add_location(db(), "t", {"C", "Cee", std::nullopt, std::string("A")});
  const Location moved = set_location(db(), "mover", {"C", std::nullopt, std::nullopt, std::string("B")});
  EXPECT_EQ(moved.path, "B/C");
  const Location renamed = set_location(db(), "mover", {"C", std::string("Sea"), std::string("cage"), std::nullopt});
  EXPECT_EQ(renamed.path, "B/C") << "an unchanged parent stays";
  const Location root = set_location(db(), "mover", {"C", std::nullopt, std::nullopt, std::string("")});
  EXPECT_EQ(root.path, "C");

  EventFilter filter;
  filter.entity = "location";
  filter.entity_key = "C";
  const auto events = list_events(db(), filter);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[1].action, "update");
  EXPECT_EQ(events[1].before.dump(), R"({"parent":"A"})");
  EXPECT_EQ(events[1].after.dump(), R"({"parent":"B"})");
  EXPECT_EQ(events[2].before.dump(), R"({"name":"Cee","kind":"room"})");
  EXPECT_EQ(events[2].after.dump(), R"({"name":"Sea","kind":"cage"})");
  EXPECT_EQ(events[3].after.dump(), R"({"parent":null})");
  EXPECT_EQ(refusal([&] {
              set_location(db(), "t", {"C", std::nullopt, std::nullopt, std::nullopt});
            }),
            "location set: nothing to change; give name, kind or parent");
  EXPECT_EQ(refusal([&] {
              set_location(db(), "t", {"Q", std::string("x"), std::nullopt, std::nullopt});
            }),
            "unknown location 'Q' (`location list` shows every code)");
}

}  // namespace
}  // namespace tally
