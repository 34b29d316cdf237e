// End-to-end tests of the org chart (`team`), people (`person`) and the
// location tree (`location`): output in every format, lookups, and refusals
// (exit 1, a message naming the bad value, nothing written).

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

// A freshly initialised database for each test.
class Inventory : public SandboxTest {
 protected:
  json add_person(const std::string& username, const std::string& team) {
    return ok_json({"person", "add", username, "--name", "Name of " + username, "--team", team});
  }

  json add_location(const std::string& code, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"location", "add", code, "--name", "Location " + code};
    args.insert(args.end(), extra.begin(), extra.end());
    return ok_json(args);
  }

  std::vector<std::string> usernames(const json& people) {
    std::vector<std::string> names;
    for (const auto& p : people) {
      names.push_back(p["username"].get<std::string>());
    }
    return names;
  }
};

// ---------------------------------------------------------------- teams

TEST_F(Inventory, TeamListJsonHasTheWholeChart) {
  const json teams = ok_json({"team", "list"});
  ASSERT_TRUE(teams.is_array());
  ASSERT_EQ(teams.size(), 82u);
  EXPECT_EQ(teams[0], json::parse(R"({"code":"1A","name":"Facilities & Physical Infrastructure",
                                      "kind":"division","parent":null})"));
  EXPECT_EQ(teams[1], json::parse(R"({"code":"A-1","name":"Buying & Vendor Management",
                                      "kind":"team","parent":"1A"})"));

  std::map<std::string, json> by_code;
  std::map<std::string, int> kinds;
  for (const auto& t : teams) {
    ASSERT_EQ(t.size(), 4u) << t.dump();
    by_code[t["code"].get<std::string>()] = t;
    ++kinds[t["kind"].get<std::string>()];
  }
  EXPECT_EQ(by_code.size(), 82u) << "codes are not unique";
  EXPECT_EQ(by_code.at("U-AP2"), json::parse(R"({"code":"U-AP2","name":"Inventory & Warehousing",
                                                  "kind":"subteam","parent":"IT-5"})"));
  EXPECT_EQ(by_code.at("IT-5"), json::parse(R"({"code":"IT-5","name":"Asset & Procurement",
                                                 "kind":"team","parent":"1I"})"));
  EXPECT_EQ(by_code.at("1I"), json::parse(R"({"code":"1I","name":"Corporate IT & End-User Services",
                                               "kind":"division","parent":null})"));
  EXPECT_EQ(by_code.at("A-2"), json::parse(R"({"code":"A-2","name":"Inventory & Warehousing",
                                                "kind":"team","parent":"1A"})"));
  EXPECT_EQ(by_code.at("U-AP3")["parent"], "IT-5");
  EXPECT_EQ(by_code.at("1C")["name"], "Platform Engineering & Developer Experience");

  // Every parent exists, appears before its children, and has the kind above.
  std::set<std::string> seen;
  for (const auto& t : teams) {
    const std::string kind = t["kind"];
    if (kind == "division") {
      EXPECT_TRUE(t["parent"].is_null()) << t.dump();
    } else {
      ASSERT_TRUE(t["parent"].is_string()) << t.dump();
      const std::string parent = t["parent"];
      EXPECT_EQ(seen.count(parent), 1u) << t.dump();
      EXPECT_EQ(by_code.at(parent)["kind"], kind == "team" ? "division" : "team") << t.dump();
    }
    seen.insert(t["code"].get<std::string>());
  }
  EXPECT_EQ(kinds["division"] + kinds["team"] + kinds["subteam"], 82);
  EXPECT_GT(kinds["subteam"], 0);
}

TEST_F(Inventory, TeamListTableIsATree) {
  const Result r = sb.tally({"team", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 83u);
  EXPECT_EQ(lines[0].rfind("CODE         NAME ", 0), 0u) << lines[0];
  EXPECT_TRUE(contains(lines[0], " KIND")) << lines[0];
  EXPECT_FALSE(contains(lines[0], "PARENT")) << lines[0];
  EXPECT_EQ(lines[1].rfind("1A           Facilities & Physical Infrastructure ", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("\u251c\u2500 A-1       Buying & Vendor Management ", 0), 0u) << lines[2];
  EXPECT_EQ(lines[5].rfind("\u2514\u2500 A-4 ", 0), 0u) << lines[5];
}

TEST_F(Inventory, TeamListCsv) {
  const Result r = sb.tally({"--format", "csv", "team", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 83u);
  EXPECT_EQ(lines[0], "code,name,kind,parent");
  EXPECT_EQ(lines[1], "1A,Facilities & Physical Infrastructure,division,");
  EXPECT_EQ(lines[2], "A-1,Buying & Vendor Management,team,1A");
  EXPECT_TRUE(contains(r.out, "\nU-AP2,Inventory & Warehousing,subteam,IT-5\n")) << r.out;
  // A name with a comma is quoted.
  EXPECT_TRUE(contains(r.out, "\nB-3,\"Network, Edge & Service Connectivity\",team,1B\n")) << r.out;
}

TEST_F(Inventory, TeamShowByCode) {
  const json t = ok_json({"team", "show", "U-AP2"});
  EXPECT_EQ(t["code"], "U-AP2");
  EXPECT_EQ(t["name"], "Inventory & Warehousing");
  EXPECT_EQ(t["kind"], "subteam");
  EXPECT_EQ(t["parent"], "IT-5");
  EXPECT_EQ(t["path"], "1I > IT-5 > U-AP2");
  EXPECT_EQ(t["aliases"], json::array({"Inventory"}));
  EXPECT_EQ(t["people"], 0);
  ASSERT_EQ(t["ancestors"].size(), 2u);
  EXPECT_EQ(t["ancestors"][0]["code"], "1I");
  EXPECT_EQ(t["ancestors"][1]["code"], "IT-5");
  EXPECT_EQ(t["children"], json::array());
}

TEST_F(Inventory, TeamShowDivisionListsItsChildren) {
  const json t = ok_json({"team", "show", "1A"});
  EXPECT_EQ(t["code"], "1A");
  EXPECT_TRUE(t["parent"].is_null());
  EXPECT_EQ(t["path"], "1A");
  EXPECT_EQ(t["ancestors"], json::array());
  std::vector<std::string> children;
  for (const auto& c : t["children"]) {
    children.push_back(c["code"]);
    EXPECT_EQ(c["parent"], "1A");
  }
  EXPECT_EQ(children, (std::vector<std::string>{"A-1", "A-2", "A-3", "A-4"}));
}

TEST_F(Inventory, TeamShowByLowerCaseCode) {
  const json t = ok_json({"team", "show", "u-ap3"});
  EXPECT_EQ(t["code"], "U-AP3");
  EXPECT_EQ(t["name"], "License Management");
}

TEST_F(Inventory, TeamShowByUniqueName) {
  EXPECT_EQ(ok_json({"team", "show", "License Management"})["code"], "U-AP3");
  EXPECT_EQ(ok_json({"team", "show", "license management"})["code"], "U-AP3");
}

TEST_F(Inventory, TeamShowByAlias) {
  const json t = ok_json({"team", "show", "Platform Engineering & Developer Tools"});
  EXPECT_EQ(t["code"], "1C");
  EXPECT_EQ(t["name"], "Platform Engineering & Developer Experience");
  EXPECT_EQ(t["aliases"],
            json::array({"Platform Engineering & Developer Tools", "C - Platform Engineering & Developer Tools"}));
}

TEST_F(Inventory, TeamShowAmbiguousNameListsTheCandidates) {
  const std::string err = refused({"team", "show", "Inventory & Warehousing"});
  EXPECT_TRUE(contains(err, "'Inventory & Warehousing' is ambiguous")) << err;
  EXPECT_TRUE(contains(err, "A-2 (Inventory & Warehousing)")) << err;
  EXPECT_TRUE(contains(err, "U-AP2 (Inventory & Warehousing)")) << err;
}

TEST_F(Inventory, TeamShowUnknownTeam) {
  const std::string err = refused({"team", "show", "ZZ-9"});
  EXPECT_TRUE(contains(err, "unknown team 'ZZ-9'")) << err;
}

// ---------------------------------------------------------------- people

TEST_F(Inventory, PersonAdd) {
  const json p =
      ok_json({"person", "add", "ana.lopez", "--name", "Ana Lopez", "--email", "ana@example.com", "--team", "A-2"});
  EXPECT_EQ(p, json::parse(R"({"username":"ana.lopez","name":"Ana Lopez","email":"ana@example.com",
                              "team":"A-2","team_name":"Inventory & Warehousing","active":true})"));
  const json listed = ok_json({"person", "list"});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0], p);
  EXPECT_EQ(ok_json({"team", "show", "A-2"})["people"], 1);
}

TEST_F(Inventory, PersonAddWithoutEmailAndByTeamNameOrAlias) {
  EXPECT_EQ(ok_json({"person", "add", "bo", "--name", "  Bo Berg ", "--team", "License Management"}),
            json::parse(R"({"username":"bo","name":"Bo Berg","email":null,
                            "team":"U-AP3","team_name":"License Management","active":true})"));
  EXPECT_EQ(add_person("cy", "Inventory")["team"], "U-AP2");  // an alias of U-AP2
  EXPECT_EQ(add_person("di", "it-5")["team"], "IT-5");
}

TEST_F(Inventory, PersonListByTeamIncludesTheUnitsBelow) {
  add_person("ana", "A-2");
  add_person("abe", "1A");
  add_person("bo", "IT-5");
  add_person("cy", "U-AP2");
  add_person("dee", "B-1");
  EXPECT_EQ(usernames(ok_json({"person", "list", "--team", "1A"})), (std::vector<std::string>{"abe", "ana"}));
  EXPECT_EQ(usernames(ok_json({"person", "list", "--team", "IT-5"})), (std::vector<std::string>{"bo", "cy"}));
  EXPECT_EQ(usernames(ok_json({"person", "list", "--team", "U-AP2"})), (std::vector<std::string>{"cy"}));
  EXPECT_EQ(usernames(ok_json({"person", "list", "--team", "1I"})), (std::vector<std::string>{"bo", "cy"}));
  EXPECT_EQ(ok_json({"person", "list", "--team", "A-1"}), json::array());
  EXPECT_EQ(usernames(ok_json({"person", "list"})), (std::vector<std::string>{"abe", "ana", "bo", "cy", "dee"}));
}

TEST_F(Inventory, PersonListUnknownTeam) {
  const std::string err = refused({"person", "list", "--team", "NOPE-7"});
  EXPECT_TRUE(contains(err, "unknown team 'NOPE-7'")) << err;
}

TEST_F(Inventory, PersonListCsv) {
  add_person("ana", "A-2");
  const Result r = sb.tally({"--format", "csv", "person", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "username,name,email,team,team_name,active\nana,Name of ana,,A-2,Inventory & Warehousing,true\n");
}

TEST_F(Inventory, PersonAddDuplicateIsRefused) {
  add_person("ana.lopez", "A-2");
  std::string err = refused({"person", "add", "ana.lopez", "--name", "Other Ana", "--team", "B-1"});
  EXPECT_TRUE(contains(err, "username 'ana.lopez' already exists")) << err;
  err = refused({"person", "add", "Ana.Lopez", "--name", "Other Ana", "--team", "B-1"});
  EXPECT_TRUE(contains(err, "username 'Ana.Lopez' already exists (as 'ana.lopez')")) << err;
}

TEST_F(Inventory, PersonAddUnknownTeamIsRefused) {
  const std::string err = refused({"person", "add", "ana", "--name", "Ana", "--team", "NOPE-7"});
  EXPECT_TRUE(contains(err, "unknown team 'NOPE-7'")) << err;
}

TEST_F(Inventory, PersonAddAmbiguousTeamIsRefused) {
  const std::string err = refused({"person", "add", "ana", "--name", "Ana", "--team", "Inventory & Warehousing"});
  EXPECT_TRUE(contains(err, "A-2")) << err;
  EXPECT_TRUE(contains(err, "U-AP2")) << err;
}

TEST_F(Inventory, PersonAddBadUsernameIsRefused) {
  std::string err = refused({"person", "add", "has space", "--name", "Ana", "--team", "A-2"});
  EXPECT_TRUE(contains(err, "username 'has space' must be")) << err;
  err = refused({"person", "add", "semi;colon", "--name", "Ana", "--team", "A-2"});
  EXPECT_TRUE(contains(err, "username 'semi;colon' must be")) << err;
  err = refused({"person", "add", std::string(65, 'a'), "--name", "Ana", "--team", "A-2"});
  EXPECT_TRUE(contains(err, "1-64 characters")) << err;
}

TEST_F(Inventory, PersonAddBadEmailIsRefused) {
  for (const std::string email : {"ana.example.com", "a@b@c", "@example.com", "ana@", "ana lopez@example.com"}) {
    const std::string err = refused({"person", "add", "ana", "--name", "Ana", "--email", email, "--team", "A-2"});
    EXPECT_TRUE(contains(err, "--email '" + email + "' is not an email address")) << err;
  }
}

TEST_F(Inventory, PersonAddEmptyNameIsRefused) {
  const std::string err = refused({"person", "add", "ana", "--name", "   ", "--team", "A-2"});
  EXPECT_TRUE(contains(err, "--name must not be empty")) << err;
}

// ---------------------------------------------------------------- locations

TEST_F(Inventory, LocationAddDefaultsKindsAndPaths) {
  EXPECT_EQ(add_location("DC1"),
            json::parse(R"({"code":"DC1","name":"Location DC1","kind":"site","parent":null,"path":"DC1"})"));
  EXPECT_EQ(add_location("DC1-H1", {"--parent", "DC1"}),
            json::parse(R"({"code":"DC1-H1","name":"Location DC1-H1","kind":"room","parent":"DC1",
                            "path":"DC1/DC1-H1"})"));
  EXPECT_EQ(add_location("DC1-H1-C1", {"--parent", "dc1-h1", "--kind", "cage"}),
            json::parse(R"({"code":"DC1-H1-C1","name":"Location DC1-H1-C1","kind":"cage","parent":"DC1-H1",
                            "path":"DC1/DC1-H1/DC1-H1-C1"})"));
  EXPECT_EQ(add_location("WH", {"--kind", "warehouse"})["kind"], "warehouse");
}

TEST_F(Inventory, LocationListIsATree) {
  add_location("DC1");
  add_location("WH", {"--kind", "warehouse"});
  add_location("DC1-H2", {"--parent", "DC1"});
  add_location("DC1-H1", {"--parent", "DC1"});
  add_location("DC1-H1-C1", {"--parent", "DC1-H1", "--kind", "cage"});

  const json list = ok_json({"location", "list"});
  std::vector<std::string> paths;
  for (const auto& l : list) {
    paths.push_back(l["path"]);
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"DC1", "DC1/DC1-H1", "DC1/DC1-H1/DC1-H1-C1", "DC1/DC1-H2", "WH"}));
  EXPECT_EQ(list[2], json::parse(R"({"code":"DC1-H1-C1","name":"Location DC1-H1-C1","kind":"cage",
                                     "parent":"DC1-H1","path":"DC1/DC1-H1/DC1-H1-C1"})"));

  const Result table = sb.tally({"location", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  const auto lines = lines_of(table.out);
  ASSERT_EQ(lines.size(), 6u) << table.out;
  EXPECT_EQ(lines[0].rfind("CODE ", 0), 0u) << lines[0];
  EXPECT_FALSE(contains(lines[0], "PARENT")) << lines[0];
  EXPECT_EQ(lines[1].rfind("DC1 ", 0), 0u) << table.out;
  EXPECT_EQ(lines[2].rfind("\u251c\u2500 DC1-H1 ", 0), 0u) << table.out;
  EXPECT_EQ(lines[3].rfind("\u2502  \u2514\u2500 DC1-H1-C1 ", 0), 0u) << table.out;
  EXPECT_EQ(lines[4].rfind("\u2514\u2500 DC1-H2 ", 0), 0u) << table.out;
  EXPECT_EQ(lines[5].rfind("WH ", 0), 0u) << table.out;

  const Result csv = sb.tally({"--format", "csv", "location", "list"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(lines_of(csv.out)[0], "code,name,kind,parent,path");
  EXPECT_EQ(lines_of(csv.out)[1], "DC1,Location DC1,site,,DC1");
}

TEST_F(Inventory, LocationListEmpty) {
  EXPECT_EQ(ok_json({"location", "list"}), json::array());
}

TEST_F(Inventory, LocationAddMissingParentIsRefused) {
  const std::string err = refused({"location", "add", "X", "--name", "x", "--parent", "NOWHERE"});
  EXPECT_TRUE(contains(err, "parent location 'NOWHERE' does not exist")) << err;
}

TEST_F(Inventory, LocationAddDuplicateCodeIsRefused) {
  add_location("DC1");
  std::string err = refused({"location", "add", "DC1", "--name", "Again"});
  EXPECT_TRUE(contains(err, "code 'DC1' already exists")) << err;
  err = refused({"location", "add", "dc1", "--name", "Again"});
  EXPECT_TRUE(contains(err, "code 'dc1' already exists")) << err;
}

TEST_F(Inventory, LocationAddAsItsOwnParentIsRefused) {
  const std::string err = refused({"location", "add", "X", "--name", "x", "--parent", "X"});
  EXPECT_TRUE(contains(err, "'X' cannot be its own parent")) << err;
}

TEST_F(Inventory, LocationAddBadCodeIsRefused) {
  const std::string err = refused({"location", "add", "a/b", "--name", "x"});
  EXPECT_TRUE(contains(err, "code 'a/b' must be")) << err;
}

TEST_F(Inventory, LocationSetCycleIsRefused) {
  add_location("A");
  add_location("B", {"--parent", "A"});
  add_location("C", {"--parent", "B"});
  std::string err = refused({"location", "set", "A", "--parent", "C"});
  EXPECT_TRUE(contains(err, "moving 'A' under 'C' (A/B/C) would create a cycle")) << err;
  err = refused({"location", "set", "B", "--parent", "B"});
  EXPECT_TRUE(contains(err, "moving 'B' under 'B'")) << err;
  EXPECT_TRUE(contains(err, "cycle")) << err;
}

TEST_F(Inventory, LocationSetUnknownIsRefused) {
  add_location("A");
  std::string err = refused({"location", "set", "NOPE", "--name", "x"});
  EXPECT_TRUE(contains(err, "unknown location 'NOPE'")) << err;
  err = refused({"location", "set", "A", "--parent", "NOWHERE"});
  EXPECT_TRUE(contains(err, "parent location 'NOWHERE' does not exist")) << err;
  err = refused({"location", "set", "A"});
  EXPECT_TRUE(contains(err, "nothing to change")) << err;
}

TEST_F(Inventory, LocationSetRenamesAndMoves) {
  add_location("DC1");
  add_location("WH", {"--kind", "warehouse"});
  add_location("H1", {"--parent", "DC1"});
  add_location("C1", {"--parent", "H1", "--kind", "cage"});

  EXPECT_EQ(ok_json({"location", "set", "H1", "--name", "Hall One", "--parent", "WH"}),
            json::parse(R"({"code":"H1","name":"Hall One","kind":"room","parent":"WH","path":"WH/H1"})"));
  // The subtree moved along.
  const json list = ok_json({"location", "list"});
  std::vector<std::string> paths;
  for (const auto& l : list) {
    paths.push_back(l["path"]);
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"DC1", "WH", "WH/H1", "WH/H1/C1"}));

  // A rename alone keeps the parent; an empty --parent makes a root.
  EXPECT_EQ(ok_json({"location", "set", "h1", "--name", "Hall 1"})["path"], "WH/H1");
  EXPECT_EQ(ok_json({"location", "set", "H1", "--parent", ""}),
            json::parse(R"({"code":"H1","name":"Hall 1","kind":"room","parent":null,"path":"H1"})"));
  EXPECT_EQ(ok_json({"location", "set", "H1", "--kind", "building"})["kind"], "building");

  const json events = ok_json({"log", "--entity", "location", "--key", "H1"});
  ASSERT_EQ(events.size(), 5u) << events.dump(2);
  EXPECT_EQ(events[0]["action"], "create");
  EXPECT_TRUE(events[0]["before"].is_null());
  EXPECT_EQ(events[0]["after"], json::parse(R"({"code":"H1","name":"Location H1","kind":"room","parent":"DC1"})"));
  EXPECT_EQ(events[1]["action"], "update");
  EXPECT_EQ(events[1]["entity"], "location");
  EXPECT_EQ(events[1]["key"], "H1");
  EXPECT_EQ(events[1]["before"], json::parse(R"({"name":"Location H1","parent":"DC1"})"));
  EXPECT_EQ(events[1]["after"], json::parse(R"({"name":"Hall One","parent":"WH"})"));
  EXPECT_EQ(events[2]["before"], json::parse(R"({"name":"Hall One"})"));
  EXPECT_EQ(events[2]["after"], json::parse(R"({"name":"Hall 1"})"));
  EXPECT_EQ(events[3]["before"], json::parse(R"({"parent":"WH"})"));
  EXPECT_EQ(events[3]["after"], json::parse(R"({"parent":null})"));
  EXPECT_EQ(events[4]["before"], json::parse(R"({"kind":"room"})"));
  EXPECT_EQ(events[4]["after"], json::parse(R"({"kind":"building"})"));
}

TEST_F(Inventory, LocationSetWithoutAChangeRecordsNoEvent) {
  add_location("DC1");
  const json same = ok_json({"location", "set", "DC1", "--name", "Location DC1"});
  EXPECT_EQ(same["name"], "Location DC1");
  EXPECT_EQ(ok_json({"log", "--entity", "location", "--key", "DC1"}).size(), 1u);
}

}  // namespace
}  // namespace tally::e2e
