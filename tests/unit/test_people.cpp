#include "error.hpp"
#include "events.hpp"
#include "people.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

using PeopleTest = test::DatabaseTest;

using test::refusal;

TEST_F(PeopleTest, AddRecordsThePersonAndAnEvent) {
  const Person p = add_person(db(), "clerk", {"ana.lopez", "  Ana Lopez ", "ana@example.com", "inventory"});
  EXPECT_EQ(p.username, "ana.lopez");
  EXPECT_EQ(p.name, "Ana Lopez");
  EXPECT_EQ(p.team, "U-AP2");
  EXPECT_EQ(p.team_name, "Inventory & Warehousing");

  EventFilter filter;
  filter.entity = "person";
  const auto events = list_events(db(), filter);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor, "clerk");
  EXPECT_EQ(events[0].at, "2026-11-27T09:15:00Z");
  EXPECT_EQ(events[0].entity_key, "ana.lopez");
  EXPECT_TRUE(events[0].before.is_null());
  EXPECT_EQ(events[0].after.dump(),
            R"({"username":"ana.lopez","name":"Ana Lopez","email":"ana@example.com","team":"U-AP2","active":true})");
}

TEST_F(PeopleTest, RefusalsNameTheValueAndWriteNothing) {
  add_person(db(), "clerk", {"ana", "Ana", std::nullopt, "A-2"});
  const auto people = count("person");
  const auto events = count("event");
  EXPECT_EQ(refusal([&] {
              add_person(db(), "clerk", {"ANA", "Other Ana", std::nullopt, "A-2"});
            }),
            "person add: username 'ANA' already exists (as 'ana')");
  EXPECT_EQ(refusal([&] {
              add_person(db(), "clerk", {"bob", "Bob", std::nullopt, "Z-9"});
            }),
            "unknown team 'Z-9' (`team list` shows every code)");
  EXPECT_EQ(refusal([&] {
              add_person(db(), "clerk", {"has space", "X", std::nullopt, "A-2"});
            }),
            "person add: username 'has space' must be 1-64 characters of letters, digits, '.', '_' or '-'");
  EXPECT_EQ(refusal([&] {
              add_person(db(), "clerk", {"bob", "Bob", std::string("bob.example.com"), "A-2"});
            }),
            "person add: email 'bob.example.com' is not an email address like ana@example.com");
  EXPECT_EQ(refusal([&] {
              add_person(db(), "clerk", {"bob", "   ", std::nullopt, "A-2"});
            }),
            "person add: name must not be empty");
  EXPECT_EQ(count("person"), people);
  EXPECT_EQ(count("event"), events);
}

TEST_F(PeopleTest, ListByTeamIncludesTheUnitsBelow) {
  add_person(db(), "clerk", {"zed", "Zed", std::nullopt, "A-2"});
  add_person(db(), "clerk", {"amy", "Amy", std::nullopt, "1A"});
  add_person(db(), "clerk", {"kim", "Kim", std::nullopt, "U-AP3"});
  auto names = [](const std::vector<Person>& people) {
    std::vector<std::string> out;
    for (const auto& p : people) {
      out.push_back(p.username);
    }
    return out;
  };
  EXPECT_EQ(names(list_people(db(), std::nullopt)), (std::vector<std::string>{"amy", "kim", "zed"}));
  EXPECT_EQ(names(list_people(db(), std::string("1A"))), (std::vector<std::string>{"amy", "zed"}));
  EXPECT_EQ(names(list_people(db(), std::string("1I"))), (std::vector<std::string>{"kim"}));
  EXPECT_EQ(names(list_people(db(), std::string("IT-5"))), (std::vector<std::string>{"kim"}));
  EXPECT_TRUE(list_people(db(), std::string("A-3")).empty());
  EXPECT_THROW(list_people(db(), std::string("nope")), Error);
}

}  // namespace
}  // namespace tally
