// End-to-end tests of racks and server setup: installing at U
// positions (whole, half-U and 0U devices; full and half depth), removing and
// moving, elevations in the terminal, JSON and SVG, hardware tests and images,
// hostnames, and every refusal with an unchanged database.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

// DC1 (site) > DC1-H1 (room) with racks R01 (42U) and R02 (10U from U1);
// WH1 (warehouse) with its own R01 (so "R01" alone is ambiguous) and a
// starting-unit-0 rack R00. Models of every rack shape, one asset of each.
class RackTest : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    for (const Strings& args : std::vector<Strings>{
             {"location", "add", "DC1", "--name", "Data center 1", "--kind", "site"},
             {"location", "add", "DC1-H1", "--name", "Hall 1", "--parent", "DC1"},
             {"location", "add", "WH1", "--name", "Warehouse 1", "--kind", "warehouse"},
             {"vendor", "add", "Dell", "--manufacturer"},
             {"vendor", "add", "APC", "--manufacturer"},
             {"vendor", "add", "Acme", "--manufacturer"},
             {"model", "add", "Dell", "R640", "--category", "server", "--u-height", "1"},
             {"model", "add", "Dell", "R740", "--category", "server", "--u-height", "2"},
             {"model", "add", "Acme", "Patch24", "--category", "patch-panel", "--u-height", "1", "--half-depth"},
             {"model", "add", "Acme", "Shelf", "--category", "other", "--u-height", "0.5"},
             {"model", "add", "Acme", "Sled", "--category", "other", "--u-height", "1.5"},
             {"model", "add", "APC", "AP8868", "--category", "pdu", "--u-height", "0"},
             {"rack", "add", "R01", "--location", "DC1-H1", "--team", "A-3"},
             {"rack", "add", "R02", "--location", "DC1-H1", "--height", "10"},
             {"rack", "add", "R01", "--location", "WH1", "--height", "12"},
             {"rack", "add", "R00", "--location", "WH1", "--height", "4", "--starting-unit", "0"},
         }) {
      const Result r = sb.tally(args);
      ASSERT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << "\n" << r.err;
    }
  }

  // Takes in one unit of `model` at WH1; returns its tag.
  std::string add(const std::string& model, const std::string& serial) {
    const json a = ok_json({"asset", "add", "--model", model, "--serial", serial, "--location", "WH1"});
    return a.is_object() ? a.value("tag", std::string()) : std::string();
  }

  json install(const std::string& tag, const std::string& rack, const std::string& u, const Strings& extra = {}) {
    Strings args = {"rack", "install", tag, "--rack", rack};
    if (!u.empty()) {
      args.insert(args.end(), {"--u", u});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return ok_json(args);
  }

  // The first and only line of stderr, without "tally: error: ".
  static std::string message(const std::string& err) {
    const std::string prefix = "tally: error: ";
    std::string m = err.rfind(prefix, 0) == 0 ? err.substr(prefix.size()) : err;
    if (!m.empty() && m.back() == '\n') {
      m.pop_back();
    }
    return m;
  }

  std::string refusal(const Strings& args) { return message(refused(args)); }
};

TEST_F(RackTest, InstallDeploysAtTheRacksLocationAndRemoveFreesTheUnits) {
  const std::string tag = add("Dell R640", "S-1");
  const json a = install(tag, "DC1-H1/R01", "10");
  EXPECT_EQ(a["status"], "deployed");
  EXPECT_EQ(a["location"], "DC1-H1");
  EXPECT_EQ(a["rack"], "DC1-H1/R01");
  EXPECT_EQ(a["rack_u"], "10");

  const json racks = ok_json({"rack", "list", "--location", "DC1"});
  ASSERT_EQ(racks.size(), 2u);
  EXPECT_EQ(racks[0]["rack"], "DC1-H1/R01");
  EXPECT_EQ(racks[0]["used_u"], "1");
  EXPECT_EQ(racks[0]["free_u"], "41");
  EXPECT_EQ(racks[0]["utilization"], "2.4");
  EXPECT_EQ(racks[0]["devices"], 1);
  EXPECT_EQ(racks[0]["team"], "A-3");
  EXPECT_EQ(racks[1]["rack"], "DC1-H1/R02");
  EXPECT_EQ(racks[1]["devices"], 0);

  const json removed = ok_json({"rack", "remove", tag, "--to", "WH1"});
  EXPECT_EQ(removed["status"], "in_stock");
  EXPECT_EQ(removed["location"], "WH1");
  EXPECT_EQ(removed["rack"], nullptr);
  EXPECT_EQ(ok_json({"rack", "show", "DC1-H1/R01"})["used_u"], "0");

  const json history = ok_json({"asset", "history", tag});
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1]["action"], "install");
  EXPECT_EQ(history[1]["after"]["rack"], "DC1-H1/R01");
  EXPECT_EQ(history[1]["after"]["rack_u"], "10");
  EXPECT_EQ(history[1]["after"]["status"], "deployed");
  EXPECT_EQ(history[2]["action"], "uninstall");
  EXPECT_EQ(history[2]["after"]["from_rack"], "DC1-H1/R01");
  EXPECT_EQ(history[2]["after"]["status"], "in_stock");

  // Removed without --to, a unit stays at the rack's location.
  install(tag, "R02", "1");
  EXPECT_EQ(ok_json({"rack", "remove", tag})["location"], "DC1-H1");
}

TEST_F(RackTest, MoveChangesRackAndPositionInOneStep) {
  const std::string tag = add("Dell R740", "S-1");
  install(tag, "DC1-H1/R01", "20");
  const json moved = ok_json({"rack", "move", tag, "--rack", "WH1/R01", "--u", "3"});
  EXPECT_EQ(moved["status"], "deployed");
  EXPECT_EQ(moved["location"], "WH1");
  EXPECT_EQ(moved["rack"], "WH1/R01");
  EXPECT_EQ(moved["rack_u"], "3");
  EXPECT_EQ(ok_json({"rack", "show", "DC1-H1/R01"})["devices"], 0);
  EXPECT_EQ(ok_json({"rack", "show", "DC1-H1/R01"})["installed"], json::array());
  // A move within the rack may overlap the device's own old units.
  EXPECT_EQ(ok_json({"rack", "move", tag, "--rack", "WH1/R01", "--u", "4"})["rack_u"], "4");
  const json history = ok_json({"asset", "history", tag});
  EXPECT_EQ(history.back()["action"], "rack-move");
  EXPECT_EQ(history.back()["after"]["from_rack"], "WH1/R01");
  EXPECT_EQ(history.back()["after"]["from_u"], "3");
  EXPECT_EQ(history.back()["after"]["rack_u"], "4");
}

TEST_F(RackTest, HalfUZeroUAndHalfDepthDevicesShareARack) {
  const std::string patch_front = add("Acme Patch24", "P-1");
  const std::string patch_rear = add("Acme Patch24", "P-2");
  const std::string shelf = add("Acme Shelf", "SH-1");
  const std::string sled = add("Acme Sled", "SL-1");
  const std::string pdu = add("APC AP8868", "PDU-1");
  const std::string server = add("Dell R640", "S-1");

  // Two half-depth devices back to back in the same unit.
  install(patch_front, "R02", "10", {"--face", "front"});
  install(patch_rear, "R02", "10", {"--face", "rear"});
  // Half-U devices at half positions; a 1.5U sled right above the shelf.
  EXPECT_EQ(install(shelf, "R02", "1.5")["rack_u"], "1.5");
  EXPECT_EQ(install(sled, "R02", "2")["rack_u"], "2");
  // 0U: no --u, no units taken.
  const json p = install(pdu, "R02", "", {"--face", "rear"});
  EXPECT_EQ(p["rack"], "DC1-H1/R02");
  EXPECT_EQ(p["rack_u"], nullptr);
  // A full-depth server cannot share U10 with either half-depth panel.
  EXPECT_EQ(refusal({"rack", "install", server, "--rack", "R02", "--u", "10"}),
            "rack install: " + server + " at U10 would overlap " + patch_front +
                " (Acme Patch24) at U10 on the front of DC1-H1/R02");

  const json rack = ok_json({"rack", "show", "R02"});
  EXPECT_EQ(rack["used_u"], "3");  // 1 (both panels) + 0.5 + 1.5
  EXPECT_EQ(rack["free_u"], "7");
  EXPECT_EQ(rack["utilization"], "30.0");
  EXPECT_EQ(rack["devices"], 5);
  const json& rows = rack["elevation"];
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[0]["u"], 10);
  EXPECT_EQ(rows[0]["front"], patch_front + " Acme Patch24");
  EXPECT_EQ(rows[0]["rear"], patch_rear + " Acme Patch24");
  EXPECT_EQ(rows[1]["u"], 9);
  EXPECT_EQ(rows[1]["front"], nullptr);
  EXPECT_EQ(rows[1]["rear"], nullptr);
  // U3 holds the top half of the sled (2-3.5); U2 its lower part; U1 the shelf's upper half.
  EXPECT_EQ(rows[7]["u"], 3);
  EXPECT_EQ(rows[7]["front"], sled + " Acme Sled");
  EXPECT_EQ(rows[8]["front"], "│ " + sled);
  EXPECT_EQ(rows[9]["u"], 1);
  EXPECT_EQ(rows[9]["front"], shelf + " Acme Shelf");
  EXPECT_EQ(rows[9]["rear"], shelf + " Acme Shelf");
  const json& devices = rack["installed"];
  ASSERT_EQ(devices.size(), 5u);
  EXPECT_EQ(devices[0]["tag"], patch_front);
  EXPECT_EQ(devices[0]["depth"], "half");
  EXPECT_EQ(devices[0]["face"], "front");
  EXPECT_EQ(devices[2]["tag"], sled);
  EXPECT_EQ(devices[2]["units"], "U2 (1.5U)");
  EXPECT_EQ(devices[3]["tag"], shelf);
  EXPECT_EQ(devices[3]["units"], "U1.5 (0.5U)");
  EXPECT_EQ(devices[4]["tag"], pdu);
  EXPECT_EQ(devices[4]["units"], "0U");
}

TEST_F(RackTest, ElevationInTheTerminalAndAsSvgShowsEveryDevice) {
  std::vector<std::string> tags;
  const std::vector<std::pair<std::string, std::string>> plan = {
      {"Dell R740", "20"}, {"Dell R640", "10"}, {"Dell R640", "11"}, {"Acme Shelf", "30.5"}, {"Dell R740", "41"}};
  for (std::size_t i = 0; i < plan.size(); ++i) {
    tags.push_back(add(plan[i].first, "E-" + std::to_string(i)));
    install(tags.back(), "DC1-H1/R01", plan[i].second);
  }
  ok_json({"asset", "set", tags[1], "--hostname", "web01.dc1"});
  const std::string pdu = add("APC AP8868", "E-PDU");
  install(pdu, "DC1-H1/R01", "", {"--face", "rear"});

  const Result r = sb.tally({"rack", "show", "DC1-H1/R01"}, "", {{"COLUMNS", "200"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  // The rack's fields, then 42 unit rows from the top, then the devices.
  std::map<std::string, std::string> row_of;  // "U" -> the elevation line
  for (const auto& line : lines) {
    std::istringstream in(line);
    std::string first;
    in >> first;
    if (!first.empty() && std::isdigit(static_cast<unsigned char>(first[0])) && row_of.count(first) == 0) {
      row_of[first] = line;
    }
  }
  ASSERT_EQ(row_of.size(), 42u) << r.out;
  EXPECT_TRUE(contains(row_of["42"], tags[4] + " Dell R740")) << row_of["42"];
  EXPECT_TRUE(contains(row_of["41"], "│ " + tags[4])) << row_of["41"];
  EXPECT_TRUE(contains(row_of["10"], tags[1] + " Dell R640 (web01.dc1)")) << row_of["10"];
  EXPECT_TRUE(contains(row_of["30"], tags[3] + " Acme Shelf")) << row_of["30"];
  EXPECT_EQ(row_of["5"].find_first_not_of(" 5"), std::string::npos) << "U5 is empty: '" << row_of["5"] << "'";
  EXPECT_TRUE(contains(r.out, pdu + "  APC AP8868")) << r.out;

  const std::string svg = sb.dir().file("r01.svg");
  const Result s = sb.tally({"rack", "show", "DC1-H1/R01", "--svg", svg});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.err, "wrote " + svg + "\n");
  const Result lint = run_process("xmllint", {"--noout", svg});
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
  std::ifstream in(svg);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.rfind("<?xml", 0), 0u);
  EXPECT_TRUE(contains(text, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  tags.push_back(pdu);
  for (const auto& tag : tags) {
    EXPECT_TRUE(contains(text, ">" + tag + " ")) << tag;
  }
  // 42 empty-slot outlines per face, one box per device per face (full depth: both).
  std::size_t slots = 0;
  for (auto at = text.find("class=\"slot\""); at != std::string::npos; at = text.find("class=\"slot\"", at + 1)) {
    ++slots;
  }
  EXPECT_EQ(slots, 84u);
  std::size_t boxes = 0;
  for (auto at = text.find("class=\"device\""); at != std::string::npos; at = text.find("class=\"device\"", at + 1)) {
    ++boxes;
  }
  EXPECT_EQ(boxes, 10u);
  EXPECT_TRUE(contains(text, "<g class=\"device zero-u\"><text x=\"40\" y=\"992\">" + pdu + " APC AP8868</text>"));
}

TEST_F(RackTest, PositionRefusals) {
  const std::string server = add("Dell R640", "S-1");
  const std::string big = add("Dell R740", "S-2");
  const std::string patch = add("Acme Patch24", "P-1");
  const std::string pdu = add("APC AP8868", "PDU-1");
  install(server, "DC1-H1/R01", "10");

  EXPECT_EQ(
      refusal({"rack", "install", big, "--rack", "DC1-H1/R01", "--u", "9"}),
      "rack install: " + big + " at U9 would overlap " + server + " (Dell R640) at U10 on both faces of DC1-H1/R01");
  EXPECT_EQ(refusal({"rack", "install", big, "--rack", "DC1-H1/R01", "--u", "0"}),
            "rack install: U0 is below the first unit of DC1-H1/R01 (U1-U42)");
  EXPECT_EQ(refusal({"rack", "install", big, "--rack", "DC1-H1/R01", "--u", "42"}),
            "rack install: " + big + " is 2U high; from U42 it would run past the top of DC1-H1/R01 (U42)");
  EXPECT_EQ(refusal({"rack", "install", big, "--rack", "DC1-H1/R01", "--u", "12.5"}),
            "rack install: U12.5 is a half-unit position, but Dell R740 is 2U high; whole-unit devices start on "
            "a whole unit");
  EXPECT_EQ(refusal({"rack", "install", big, "--rack", "DC1-H1/R01", "--u", "ten"}),
            "rack install: --u 'ten' is not a unit number such as 10 or 10.5");
  EXPECT_EQ(refusal({"rack", "install", big, "--rack", "DC1-H1/R01"}),
            "rack install: give --u N, the lowest unit " + big + " (2U) will occupy in DC1-H1/R01");
  EXPECT_EQ(refusal({"rack", "install", patch, "--rack", "DC1-H1/R01", "--u", "20"}),
            "rack install: Acme Patch24 is half depth; say which face with --face front|rear");
  EXPECT_EQ(refusal({"rack", "install", pdu, "--rack", "DC1-H1/R01", "--u", "20"}),
            "rack install: APC AP8868 is a 0U device (PDU, cable manager); it takes no units, so give no --u");
  EXPECT_EQ(refusal({"rack", "install", big, "--rack", "R01", "--u", "20"}),
            "rack 'R01' is ambiguous: DC1-H1/R01, WH1/R01; use LOCATION/NAME");
  EXPECT_EQ(refusal({"rack", "install", big, "--rack", "R99", "--u", "20"}),
            "unknown rack 'R99' (`tally rack list` shows every rack)");
  EXPECT_EQ(refusal({"rack", "install", server, "--rack", "R02", "--u", "1"}),
            "rack install: " + server + " is already installed in DC1-H1/R01 at U10; use `tally rack move`");
  // A rack whose units start at 0 accepts U0 and stops at U3.
  EXPECT_EQ(install(big, "R00", "0")["rack_u"], "0");
  EXPECT_EQ(refusal({"rack", "move", big, "--rack", "R00", "--u", "3"}),
            "rack move: " + big + " is 2U high; from U3 it would run past the top of WH1/R00 (U3)");
  EXPECT_EQ(refusal({"rack", "move", patch, "--rack", "R00", "--u", "2", "--face", "front"}),
            "rack move: " + patch + " is not installed in a rack; use `tally rack install`");
  EXPECT_EQ(refusal({"rack", "remove", patch}),
            "rack remove: " + patch + " is not installed in a rack (it is in_stock)");
  EXPECT_EQ(sb.tally({"rack", "install", big, "--rack", "R02", "--u", "1", "--face", "side"}).exit_code, 2);
}

TEST_F(RackTest, StatusRefusals) {
  const std::string repaired = add("Dell R640", "S-1");
  const std::string lost = add("Dell R640", "S-2");
  const std::string placed = add("Dell R640", "S-3");
  ok_json({"repair", "open", repaired, "--reason", "PSU fan"});
  ok_json({"asset", "set-status", lost, "lost"});
  install(placed, "R02", "5");

  EXPECT_EQ(refusal({"rack", "install", repaired, "--rack", "R02", "--u", "1"}),
            "asset " + repaired + " is in_repair; it cannot move to deployed; it may move to: in_stock, rma, retired");
  EXPECT_EQ(refusal({"rack", "install", lost, "--rack", "R02", "--u", "1"}),
            "asset " + lost + " is lost; it cannot move to deployed; it may move to: in_stock, retired");
  // An installed asset stays deployed until it is taken out.
  const std::string out = "take it out first with `tally rack remove " + placed + "`";
  EXPECT_EQ(refusal({"asset", "set-status", placed, "in_stock"}),
            "asset " + placed + " is installed in rack DC1-H1/R02 at U5; " + out);
  EXPECT_EQ(refusal({"repair", "open", placed, "--reason", "x"}),
            "asset " + placed + " is installed in rack DC1-H1/R02 at U5; " + out);
  EXPECT_EQ(refusal({"asset", "move", placed, "--to", "WH1"}),
            "asset move: " + placed +
                " is installed in rack DC1-H1/R02; use `tally rack move`, or `tally rack "
                "remove " +
                placed + " --to WH1`");
}

TEST_F(RackTest, SchemaRefusesWhatTheLibraryRefuses) {
  const std::string a = add("Dell R640", "S-1");
  const std::string b = add("Dell R640", "S-2");
  install(a, "R02", "5");
  ok_json({"asset", "set-status", b, "deployed"});
  const std::string before = sb.dump();
  const auto shell_error = [&](const std::string& sql) {
    const Result r = sb.sqlite("PRAGMA foreign_keys=ON; " + sql);
    EXPECT_NE(r.exit_code, 0) << sql;
    return r.err;
  };
  const std::string id_b = "(SELECT id FROM asset WHERE tag = '" + b + "')";
  const std::string rack = "(SELECT id FROM rack WHERE name = 'R02')";
  EXPECT_TRUE(contains(shell_error("INSERT INTO placement VALUES (" + id_b + ", " + rack +
                                   ", 8, 10, NULL, 1, 1, '2026-11-27T09:15:00Z');"),
                       "placement: overlaps another device"));
  EXPECT_TRUE(contains(shell_error("INSERT INTO placement VALUES (" + id_b + ", " + rack +
                                   ", 20, 22, NULL, 1, 1, '2026-11-27T09:15:00Z');"),
                       "placement: device runs past the top of the rack"));
  EXPECT_TRUE(contains(shell_error("INSERT INTO placement VALUES (" + id_b + ", " + rack +
                                   ", 1, 3, NULL, 1, 1, '2026-11-27T09:15:00Z');"),
                       "placement: a half-U position needs a model of half-U height"));
  EXPECT_TRUE(contains(shell_error("INSERT INTO placement VALUES (" + id_b + ", " + rack +
                                   ", 0, 4, NULL, 1, 1, '2026-11-27T09:15:00Z');"),
                       "placement: the units taken differ from the model's height"));
  EXPECT_TRUE(contains(shell_error("UPDATE asset SET status = 'in_stock' WHERE tag = '" + a + "';"),
                       "an asset installed in a rack stays deployed"));
  EXPECT_TRUE(contains(shell_error("UPDATE placement SET lo_half = 0, hi_half = 2;"), "rows are not updated"));
  EXPECT_TRUE(contains(shell_error("UPDATE rack SET height_u = 2 WHERE name = 'R02';"),
                       "devices are installed above the new height"));
  EXPECT_EQ(sb.dump(), before);
}

TEST_F(RackTest, FailedTestBlocksInstallUntilAPassOrAForcedReason) {
  const std::string tag = add("Dell R640", "S-1");
  ok_json({"test", "record", tag, "--kind", "memory", "--result", "fail", "--notes", "DIMM B2 errors"});
  ok_json({"test", "record", tag, "--kind", "disk", "--result", "pass"});
  ok_json({"image", "record", tag, "--image", "debian-12", "--version", "2026.10"});
  ok_json({"image", "record", tag, "--image", "debian-12", "--version", "2026.11"});

  const json shown = ok_json({"asset", "show", tag});
  ASSERT_EQ(shown["tests"].size(), 2u);
  EXPECT_EQ(shown["tests"][0]["kind"], "disk");
  EXPECT_EQ(shown["tests"][0]["result"], "pass");
  EXPECT_EQ(shown["tests"][1]["kind"], "memory");
  EXPECT_EQ(shown["tests"][1]["result"], "fail");
  EXPECT_EQ(shown["tests"][1]["notes"], "DIMM B2 errors");
  ASSERT_EQ(shown["images"].size(), 1u);
  EXPECT_EQ(shown["images"][0]["version"], "2026.11");

  EXPECT_EQ(refusal({"rack", "install", tag, "--rack", "R02", "--u", "1"}),
            "rack install: " + tag +
                " failed its latest memory test with no later pass; record a passing test, "
                "or install anyway with --force --reason TEXT");
  EXPECT_EQ(refusal({"rack", "install", tag, "--rack", "R02", "--u", "1", "--force"}),
            "rack install: --force needs --reason TEXT saying why " + tag + " goes in despite its failed memory test");
  const json forced = install(tag, "R02", "1", {"--force", "--reason", "lab rack, DIMM disabled"});
  EXPECT_EQ(forced["status"], "deployed");
  const json history = ok_json({"asset", "history", tag});
  EXPECT_EQ(history.back()["after"]["forced"]["reason"], "lab rack, DIMM disabled");
  EXPECT_EQ(history.back()["after"]["forced"]["failed_tests"], json::array({"memory"}));

  // A later pass of the same kind clears the block.
  ok_json({"rack", "remove", tag});
  ok_json({"test", "record", tag, "--kind", "memory", "--result", "pass"});
  EXPECT_EQ(install(tag, "R02", "1")["status"], "deployed");
  EXPECT_EQ(ok_json({"test", "list", tag}).size(), 3u);

  EXPECT_EQ(sb.tally({"test", "record", tag, "--kind", "smoke", "--result", "pass"}).exit_code, 2);
  EXPECT_EQ(refusal({"image", "record", tag, "--image", " "}), "image record: --image must not be empty");
}

TEST_F(RackTest, HostnamesAreUniqueAmongDeployedAssets) {
  const std::string a = add("Dell R640", "S-1");
  const std::string b = add("Dell R640", "S-2");
  EXPECT_EQ(ok_json({"asset", "set", a, "--hostname", "web01"})["hostname"], "web01");
  EXPECT_EQ(ok_json({"asset", "set", b, "--hostname", "WEB01"})["hostname"], "WEB01");  // neither is deployed
  install(a, "R02", "1");
  EXPECT_EQ(refusal({"rack", "install", b, "--rack", "R02", "--u", "2"}),
            "rack install: hostname WEB01 is already used by deployed asset " + a);
  ok_json({"asset", "set", b, "--hostname", "web02"});
  install(b, "R02", "2");
  EXPECT_EQ(refusal({"asset", "set", b, "--hostname", "Web01"}),
            "asset set: hostname Web01 is already used by deployed asset " + a);
  EXPECT_EQ(refusal({"asset", "set", b, "--hostname", "-bad-.example"}),
            "asset set: --hostname '-bad-.example' is not a host name (letters, digits and '-' in dot-separated "
            "labels of 1-63, at most 253)");
}

TEST_F(RackTest, RackAddRefusals) {
  EXPECT_EQ(refusal({"rack", "add", "R01", "--location", "DC1-H1"}), "rack add: DC1-H1 already has a rack named R01");
  EXPECT_EQ(refusal({"rack", "add", "A/B", "--location", "DC1-H1"}),
            "rack add: the name 'A/B' must be non-empty and have no '/'");
  EXPECT_EQ(refusal({"rack", "add", "R09", "--location", "DC1-H1", "--height", "0"}),
            "rack add: --height 0 is not between 1 and 100 units");
  EXPECT_EQ(refusal({"rack", "add", "R09", "--location", "NOPE"}),
            "unknown location 'NOPE' (`tally location list` shows every code)");
  EXPECT_TRUE(contains(refusal({"rack", "add", "R09", "--location", "DC1-H1", "--team", "ZZ-9"}), "ZZ-9"));
  EXPECT_EQ(refusal({"rack", "show", "R01"}), "rack 'R01' is ambiguous: DC1-H1/R01, WH1/R01; use LOCATION/NAME");
}

}  // namespace
}  // namespace tally::e2e
