#include "error.hpp"
#include "events.hpp"
#include "teams.hpp"
#include "unit/support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace tally {
namespace {

using OrgTest = test::DatabaseTest;

// Every unit of fixtures/infra-team-structure.md with its parent, written
// out by hand from the chart (independently of fixtures/org-chart.json).
const std::map<std::string, std::string>& chart_parents() {
  static const std::map<std::string, std::string> parents = [] {
    std::map<std::string, std::string> p;
    const std::map<std::string, std::vector<std::string>> teams = {
        {"1A", {"A-1", "A-2", "A-3", "A-4"}},
        {"1B", {"B-1", "B-2", "B-3"}},
        {"1C", {"C-1", "C-2", "C-4", "C-5"}},
        {"1D", {"D-1", "D-2", "D-3", "D-4", "D-5"}},
        {"1E", {"E-1", "E-2", "E-3", "E-4"}},
        {"1F", {"F-1", "F-2", "F-3", "F-4", "F-5", "F-6"}},
        {"1G", {"G-1", "G-2", "G-3", "G-4"}},
        {"1H", {"H-1", "H-2", "H-3", "H-4", "H-5"}},
        {"1I", {"IT-1", "IT-2", "IT-3", "IT-4", "IT-5"}},
        {"G-1", {"U-FA1", "U-FA2"}},
        {"G-2", {"U-BG1", "U-BG2"}},
        {"G-3", {"U-CM1", "U-CM2"}},
        {"G-4", {"U-EE1", "U-EE2"}},
        {"H-1", {"U-PS1", "U-PS2"}},
        {"H-2", {"U-PO1", "U-PO2"}},
        {"H-3", {"U-PP1", "U-PP2"}},
        {"H-4", {"U-UX1", "U-DR1"}},
        {"H-5", {"U-CS1", "U-CS2"}},
        {"IT-1", {"U-SD1", "U-SD2", "U-SD3"}},
        {"IT-2", {"U-NN1", "U-NN2", "U-NN3"}},
        {"IT-3", {"U-SI1", "U-SI2", "U-SI3"}},
        {"IT-4", {"U-VC1", "U-VC2", "U-VC3"}},
        {"IT-5", {"U-AP1", "U-AP2", "U-AP3"}},
    };
    for (const auto& division : {"1A", "1B", "1C", "1D", "1E", "1F", "1G", "1H", "1I"}) {
      p[division] = "";
    }
    for (const auto& [parent, children] : teams) {
      for (const auto& child : children) {
        p[child] = parent;
      }
    }
    return p;
  }();
  return parents;
}

TEST_F(OrgTest, EveryUnitOfTheChartIsLoadedWithItsParentAndKind) {
  const auto teams = list_teams(db());
  ASSERT_EQ(teams.size(), chart_parents().size());
  EXPECT_EQ(teams.size(), 82u);
  for (const auto& t : teams) {
    const auto it = chart_parents().find(t.code);
    ASSERT_NE(it, chart_parents().end()) << t.code << " is not in the chart";
    EXPECT_EQ(t.parent.value_or(""), it->second) << t.code;
    const std::string want_kind = it->second.empty() ? "division" : (t.code.rfind("U-", 0) == 0 ? "subteam" : "team");
    EXPECT_EQ(t.kind, want_kind) << t.code;
  }
}

TEST_F(OrgTest, EveryCodeInTheSeedMarkdownIsLoaded) {
  // Cross-check against the chart itself (a copy of the project's seed, kept in the repository).
  std::ifstream md(TALLY_FIXTURES_DIR "/infra-team-structure.md");
  ASSERT_TRUE(md.is_open()) << TALLY_FIXTURES_DIR "/infra-team-structure.md is missing";
  std::stringstream text;
  text << md.rdbuf();
  const std::string s = text.str();
  std::set<std::string> codes;
  const std::regex code_pattern(R"((?:^|[\s*(])(1[A-I]|IT-[1-5]|[A-H]-[1-6]|U-[A-Z]{2}\d)(?=[\s*)]))");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), code_pattern); it != std::sregex_iterator(); ++it) {
    codes.insert((*it)[1].str());
  }
  ASSERT_GE(codes.size(), 80u);
  for (const auto& code : codes) {
    EXPECT_NO_THROW(resolve_team(db(), code)) << code << " from the chart is not loaded";
  }
}

TEST_F(OrgTest, TreeOrderFollowsTheChart) {
  const auto teams = list_teams(db());
  ASSERT_GE(teams.size(), 10u);
  std::vector<std::string> head;
  for (std::size_t i = 0; i < 7; ++i) {
    head.push_back(teams[i].code + "/" + std::to_string(teams[i].depth));
  }
  EXPECT_EQ(head, (std::vector<std::string>{"1A/0", "A-1/1", "A-2/1", "A-3/1", "A-4/1", "1B/0", "B-1/1"}));
  EXPECT_EQ(teams.back().code, "U-AP3");
  EXPECT_EQ(teams.back().depth, 2);
}

TEST_F(OrgTest, NamesAndAliasesResolve) {
  EXPECT_EQ(resolve_team(db(), "a-2").code, "A-2");
  EXPECT_EQ(resolve_team(db(), "it-5").code, "IT-5");
  EXPECT_EQ(resolve_team(db(), "License Management").code, "U-AP3");
  EXPECT_EQ(resolve_team(db(), "Platform Engineering & Developer Tools").code, "1C");
  EXPECT_EQ(resolve_team(db(), "platform engineering & developer experience").code, "1C");
  EXPECT_EQ(resolve_team(db(), "Site Reliability & Monitoring (SRE Core)").code, "1F");
  EXPECT_EQ(resolve_team(db(), "Cost Management & Capacity Planning").code, "1G");
  EXPECT_EQ(resolve_team(db(), "IT Support & Corporate Services").code, "1I");
  EXPECT_EQ(resolve_team(db(), "Product, UX & Customer Support").code, "1H");
  EXPECT_EQ(resolve_team(db(), "Data Engineering").code, "D-2");
  EXPECT_EQ(resolve_team(db(), "Inventory").code, "U-AP2");
}

TEST_F(OrgTest, AmbiguousNameListsTheCandidates) {
  try {
    resolve_team(db(), "Inventory & Warehousing");
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::refused);
    EXPECT_EQ(std::string(e.what()),
              "team 'Inventory & Warehousing' is ambiguous: it names A-2 (Inventory & Warehousing), "
              "U-AP2 (Inventory & Warehousing); use the code");
  }
}

TEST_F(OrgTest, UnknownTeamSuggestsCloseOnes) {
  try {
    resolve_team(db(), "Kube");
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::refused);
    EXPECT_EQ(std::string(e.what()),
              "unknown team 'Kube'; did you mean U-FA1 (Kubecost)? (`team list` shows every code)");
  }
  EXPECT_THROW(resolve_team(db(), ""), Error);
}

TEST_F(OrgTest, ShowGivesParentChainAndChildren) {
  const TeamDetail d = show_team(db(), "U-AP2");
  ASSERT_EQ(d.ancestors.size(), 2u);
  EXPECT_EQ(d.ancestors[0].code, "1I");
  EXPECT_EQ(d.ancestors[1].code, "IT-5");
  EXPECT_TRUE(d.children.empty());
  EXPECT_EQ(d.aliases, std::vector<std::string>{"Inventory"});

  const TeamDetail it5 = show_team(db(), "IT-5");
  std::vector<std::string> children;
  for (const auto& c : it5.children) {
    children.push_back(c.code);
  }
  EXPECT_EQ(children, (std::vector<std::string>{"U-AP1", "U-AP2", "U-AP3"}));
}

TEST_F(OrgTest, LoadingAgainAddsNothing) {
  const auto events = count("event");
  WriteTransaction tx(db());
  const OrgLoadReport again = load_org_chart(db(), "tester", embedded::org_chart_json());
  tx.commit();
  EXPECT_EQ(again.teams_added, 0);
  EXPECT_EQ(again.teams_present, 82);
  EXPECT_EQ(again.aliases_added, 0);
  EXPECT_EQ(count("event"), events);
  EXPECT_EQ(count("team"), 82);
}

TEST_F(OrgTest, LoadingRecordsAnEventPerUnitAndAlias) {
  EXPECT_EQ(count("event"), 82 + count("team_alias"));
  EventFilter filter;
  filter.entity = "team";
  filter.entity_key = "U-AP2";
  const auto events = list_events(db(), filter);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].action, "create");
  EXPECT_EQ(events[0].after.dump(),
            R"({"code":"U-AP2","name":"Inventory & Warehousing","kind":"subteam","parent":"IT-5"})");
  EXPECT_EQ(events[1].action, "add-alias");
  EXPECT_EQ(events[1].after.dump(), R"({"alias":"Inventory"})");
}

TEST(OrgLoad, MalformedChartsAreRefusedNamingTheUnit) {
  test::ScopedEnv now("TALLY_NOW", "2026-11-27T09:15:00Z");
  auto db = Database::open(":memory:", OpenMode::create);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "not valid JSON"},
      {R"({"teams": []})", "expected an object with a \"divisions\" list"},
      {R"({"divisions": [{"code": "1Z"}]})", "1Z has no \"name\""},
      {R"({"divisions": [{"code": "1Z", "name": "Z", "subteams": []}]})", "1Z (division) cannot have \"subteams\""},
      {R"({"divisions": [{"code": "1Z", "name": "Z", "teams": [{"name": "no code"}]}]})",
       "a team of 1Z has no \"code\""},
      {R"({"divisions": [{"code": "1Z", "name": "Z", "aliases": [3]}]})", "1Z has an alias that is not"},
  };
  for (const auto& [json, message] : cases) {
    WriteTransaction tx(*db);
    try {
      load_org_chart(*db, "tester", json);
      FAIL() << "accepted: " << json;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::refused);
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(static_cast<int>(query_int(db->connection(), "SELECT count(*) FROM team")), 0);
}

}  // namespace
}  // namespace tally
