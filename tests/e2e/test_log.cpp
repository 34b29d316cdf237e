// End-to-end tests of the history: what `tally log` shows and filters, who
// and when it records, and that the schema keeps it append-only.

#include "e2e/harness.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace tally::e2e {
namespace {

using nlohmann::json;

class Log : public ::testing::Test {
 protected:
  // init (110 events) and three more: a person, a location, a change.
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(sb.init());
    run_ok({"person", "add", "ana", "--name", "Ana Lopez", "--email", "ana@example.com", "--team", "A-2"});
    run_ok({"location", "add", "DC1", "--name", "Datacenter 1"});
    run_ok({"location", "set", "DC1", "--name", "Datacenter One"});
  }

  void run_ok(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
    const Result r = sb.tally(args, "", env);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  json log_json(std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"--format", "json", "log"});
    const Result r = sb.tally(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return parse_json(r);
  }

  std::string event_count() {
    const Result r = sb.sqlite("SELECT count(*) FROM event");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  Sandbox sb;
};

TEST_F(Log, JsonEntriesHaveTheDocumentedKeys) {
  const json events = log_json();
  ASSERT_TRUE(events.is_array());
  ASSERT_EQ(events.size(), 113u);
  const std::set<std::string> expected = {"id", "at", "actor", "action", "entity", "key", "before", "after"};
  std::int64_t previous_id = 0;
  for (const auto& e : events) {
    std::set<std::string> keys;
    for (const auto& [key, value] : e.items()) {
      keys.insert(key);
    }
    ASSERT_EQ(keys, expected) << e.dump();
    EXPECT_EQ(e["at"], "2026-11-27T09:15:00Z");
    EXPECT_EQ(e["actor"], "tester");
    EXPECT_GT(e["id"].get<std::int64_t>(), previous_id) << "not oldest first";
    previous_id = e["id"];
    EXPECT_TRUE(e["before"].is_null() || e["before"].is_object()) << e.dump();
    EXPECT_TRUE(e["after"].is_null() || e["after"].is_object()) << e.dump();
  }
  EXPECT_EQ(events[0]["action"], "create");
  EXPECT_EQ(events[0]["entity"], "team");
  EXPECT_EQ(events[0]["key"], "1A");
  EXPECT_EQ(events[0]["after"], json::parse(R"({"code":"1A","name":"Facilities & Physical Infrastructure",
                                                  "kind":"division","parent":null})"));

  const json& person = events[110];
  EXPECT_EQ(person["action"], "create");
  EXPECT_EQ(person["entity"], "person");
  EXPECT_EQ(person["key"], "ana");
  EXPECT_TRUE(person["before"].is_null());
  EXPECT_EQ(person["after"], json::parse(R"({"username":"ana","name":"Ana Lopez","email":"ana@example.com",
                                             "team":"A-2","active":true})"));
}

TEST_F(Log, LimitGivesTheNewestOldestFirst) {
  const json events = log_json({"--limit", "2"});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["action"], "create");
  EXPECT_EQ(events[0]["entity"], "location");
  EXPECT_EQ(events[0]["key"], "DC1");
  EXPECT_EQ(events[1]["action"], "update");
  EXPECT_EQ(events[1]["key"], "DC1");
  EXPECT_EQ(events[1]["before"], json::parse(R"({"name":"Datacenter 1"})"));
  EXPECT_EQ(events[1]["after"], json::parse(R"({"name":"Datacenter One"})"));
  EXPECT_EQ(events[1]["id"].get<int>(), events[0]["id"].get<int>() + 1);

  const json all = log_json();
  EXPECT_EQ(events[0], all[all.size() - 2]);
  EXPECT_EQ(events[1], all[all.size() - 1]);
  EXPECT_EQ(log_json({"--limit", "1000"}), all);
}

TEST_F(Log, FilterByEntityAndKey) {
  const json ana = log_json({"--entity", "person", "--key", "ana"});
  ASSERT_EQ(ana.size(), 1u);
  EXPECT_EQ(ana[0]["key"], "ana");
  EXPECT_EQ(ana[0]["entity"], "person");

  EXPECT_EQ(log_json({"--entity", "person", "--key", "ANA"}), ana);
  EXPECT_EQ(log_json({"--entity", "person", "--key", "bob"}), json::array());
  EXPECT_EQ(log_json({"--entity", "location"}).size(), 2u);
  EXPECT_EQ(log_json({"--entity", "team"}).size(), 110u);
  EXPECT_EQ(log_json({"--entity", "vendor"}), json::array());

  // 1C is created, then gets its two aliases.
  const json c = log_json({"--entity", "team", "--key", "1C"});
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0]["action"], "create");
  EXPECT_EQ(c[1]["action"], "add-alias");
  EXPECT_EQ(c[1]["after"], json::parse(R"({"alias":"Platform Engineering & Developer Tools"})"));
}

TEST_F(Log, SinceFiltersByUtcDate) {
  EXPECT_EQ(log_json({"--since", "2026-11-28"}), json::array());
  EXPECT_EQ(log_json({"--since", "2026-11-27"}).size(), 113u);

  run_ok({"person", "add", "bo", "--name", "Bo", "--team", "B-1"}, {{"TALLY_NOW", "2026-11-28T00:00:00Z"}});
  const json later = log_json({"--since", "2026-11-28"});
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0]["key"], "bo");
  EXPECT_EQ(later[0]["at"], "2026-11-28T00:00:00Z");
  EXPECT_EQ(log_json({"--since", "2026-11-29"}), json::array());
}

TEST_F(Log, ActorComesFromTheOptionOrTheEnvironment) {
  run_ok({"--actor", "alice", "person", "add", "al", "--name", "Al", "--team", "1A"});
  run_ok({"person", "add", "bb", "--name", "Bb", "--team", "1A"}, {{"TALLY_ACTOR", "bob"}});
  run_ok({"person", "add", "cc", "--name", "Cc", "--team", "1A", "--actor", "carol"});
  run_ok({"--actor", "dave", "person", "add", "dd", "--name", "Dd", "--team", "1A"}, {{"TALLY_ACTOR", "bob"}});
  const json events = log_json({"--limit", "4"});
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0]["key"], "al");
  EXPECT_EQ(events[0]["actor"], "alice");
  EXPECT_EQ(events[1]["key"], "bb");
  EXPECT_EQ(events[1]["actor"], "bob");
  EXPECT_EQ(events[2]["key"], "cc");
  EXPECT_EQ(events[2]["actor"], "carol");
  EXPECT_EQ(events[3]["key"], "dd");
  EXPECT_EQ(events[3]["actor"], "dave");  // --actor wins over TALLY_ACTOR
}

TEST_F(Log, BadSinceIsRefused) {
  for (const std::string since : {"2026-02-30", "2026-11-27T00:00:00Z", "yesterday"}) {
    const Result r = sb.tally({"log", "--since", since});
    EXPECT_EQ(r.exit_code, 1) << since;
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(contains(r.err, "--since '" + since + "' is not a date")) << r.err;
  }
}

TEST_F(Log, UnknownEntityIsRefused) {
  const Result r = sb.tally({"log", "--entity", "nosuch"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(r.err, "unknown entity kind 'nosuch'")) << r.err;
  EXPECT_TRUE(contains(r.err, "person")) << r.err;  // lists the valid kinds
}

TEST_F(Log, LimitBelowOneIsRefused) {
  const Result r = sb.tally({"log", "--limit", "0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "--limit must be at least 1, got 0")) << r.err;
}

TEST_F(Log, HistoryIsAppendOnly) {
  const std::string count = event_count();
  ASSERT_EQ(count, "113\n");
  const std::string dump = sb.dump();

  const Result update = sb.sqlite("UPDATE event SET actor='x'");
  EXPECT_NE(update.exit_code, 0);
  EXPECT_TRUE(contains(update.err, "append-only")) << update.err;

  const Result del = sb.sqlite("DELETE FROM event");
  EXPECT_NE(del.exit_code, 0);
  EXPECT_TRUE(contains(del.err, "append-only")) << del.err;

  const Result one = sb.sqlite("DELETE FROM event WHERE id = (SELECT max(id) FROM event)");
  EXPECT_NE(one.exit_code, 0);
  EXPECT_TRUE(contains(one.err, "append-only")) << one.err;

  EXPECT_EQ(event_count(), count);
  EXPECT_EQ(sb.dump(), dump);
}

TEST_F(Log, TableOutputSummarisesChanges) {
  const Result r = sb.tally({"log", "--limit", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto header_end = r.out.find('\n');
  ASSERT_NE(header_end, std::string::npos);
  const std::string header = r.out.substr(0, header_end);
  for (const char* column : {"ID", "AT", "ACTOR", "ACTION", "ENTITY", "KEY", "CHANGES"}) {
    EXPECT_TRUE(contains(header, column)) << header;
  }
  EXPECT_FALSE(contains(header, "BEFORE")) << header;
  EXPECT_FALSE(contains(header, "AFTER")) << header;
  EXPECT_TRUE(contains(r.out, "code=DC1; name=Datacenter 1; kind=site; parent=\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "name: Datacenter 1 \u2192 Datacenter One\n")) << r.out;
}

TEST_F(Log, CsvHasBeforeAndAfterButNoSummary) {
  const Result r = sb.tally({"--format", "csv", "log", "--limit", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "id,at,actor,action,entity,key,before,after\n"
            "113,2026-11-27T09:15:00Z,tester,update,location,DC1,"
            "\"{\"\"name\"\":\"\"Datacenter 1\"\"}\",\"{\"\"name\"\":\"\"Datacenter One\"\"}\"\n");
}

}  // namespace
}  // namespace tally::e2e
