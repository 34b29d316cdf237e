// End-to-end tests of check-out and check-in (`asset checkout`, `asset
// checkin`, `report checkouts`, the check-outs of `person show`), of assign
// and unassign as check-out and check-in, and of the schema's check-out
// rules against the sqlite3 shell and `tally doctor`.

#include "harness.hpp"

namespace tally::e2e {
namespace {

using json = nlohmann::json;

// The standard estate with three servers received at WH1 (a laptop would do
// the same), a fourth taken in without a location, and ana (A-2) and bob (A-3).
class Checkouts : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    for (const char* serial : {"L1", "L2", "L3"}) {
      tags.push_back(ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", serial})[0]["tag"]
                         .get<std::string>());
    }
    nowhere = ok_json({"asset", "add", "--model", k_server, "--serial", "L4"})["tag"].get<std::string>();
    ok_json({"person", "add", "ana", "--name", "Ana Lopez", "--team", "A-2"});
    ok_json({"person", "add", "bob", "--name", "Bob Stone", "--team", "A-3"});
  }

  json last_event(const std::string& tag) const { return ok_json({"asset", "history", tag}).back(); }

  std::vector<std::string> tags;
  std::string nowhere;
};

TEST_F(Checkouts, ALaptopIsCheckedOutOverdueAndCheckedIn) {
  const std::string& tag = tags[0];
  const json out = ok_json({"asset", "checkout", tag, "--person", "ana", "--due", "2026-12-04", "--note", " travel "});
  EXPECT_EQ(out["status"], "deployed");
  EXPECT_EQ(out["custodian"], "ana");
  EXPECT_EQ(out["location"], "WH1");
  json event = last_event(tag);
  EXPECT_EQ(event["action"], "checkout");
  EXPECT_EQ(event["actor"], "tester");
  EXPECT_EQ(event["before"], json::parse(R"({"status":"in_stock","custodian":null})"));
  EXPECT_EQ(event["after"], json::parse(R"({"status":"deployed","custodian":"ana","due_on":"2026-12-04",
                                            "note":"travel"})"));
  EXPECT_EQ(sb.sqlite("SELECT out_on, out_by, due_on, note, in_on FROM checkout").out,
            "2026-11-27|tester|2026-12-04|travel|\n");

  const json row = json::parse(R"({"asset":")" + tag + R"(","serial":"L1","model":"Dell PowerEdge R640",
      "person":"ana","team":"A-2","since":"2026-11-27","due":"2026-12-04","days_overdue":0})");
  EXPECT_EQ(ok_json({"report", "checkouts"}), json::array({row}));
  EXPECT_EQ(ok_json({"report", "checkouts", "--overdue"}), json::array());
  // On its due day it is not overdue yet; six days later it is.
  EXPECT_EQ(ok_json({"report", "checkouts", "--overdue"}, {{"TALLY_TODAY", "2026-12-04"}}), json::array());
  json late = row;
  late["days_overdue"] = 6;
  EXPECT_EQ(ok_json({"report", "checkouts", "--overdue"}, {{"TALLY_TODAY", "2026-12-10"}}), json::array({late}));
  const Result csv =
      sb.tally({"report", "checkouts", "--overdue", "--format", "csv"}, "", {{"TALLY_TODAY", "2026-12-10"}});
  EXPECT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out, "asset,serial,model,person,team,since,due,days_overdue\n" + tag +
                         ",L1,Dell PowerEdge R640,ana,A-2,2026-11-27,2026-12-04,6\n");

  const json shown = ok_json({"person", "show", "ana"}, {{"TALLY_TODAY", "2026-12-10"}});
  EXPECT_EQ(shown["assets"], json::parse(R"([{"tag":")" + tag + R"(","serial":"L1","model":"Dell PowerEdge R640",
      "status":"deployed","location":"WH1"}])"));
  EXPECT_EQ(shown["checkouts"], json::parse(R"([{"tag":")" + tag + R"(","model":"Dell PowerEdge R640",
      "out_on":"2026-11-27","due_on":"2026-12-04","days_overdue":6}])"));
  const Result table = sb.tally({"person", "show", "ana", "--format", "table"}, "", {{"TALLY_TODAY", "2026-12-10"}});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(contains(table.out, "Open check-outs")) << table.out;

  const json back = ok_json({"asset", "checkin", tag, "--to", "WH1-BIN", "--condition", "scratched lid"},
                            {{"TALLY_TODAY", "2026-12-10"}});
  EXPECT_EQ(back["status"], "in_stock");
  EXPECT_EQ(back["custodian"], nullptr);
  EXPECT_EQ(back["location"], "WH1-BIN");
  event = last_event(tag);
  EXPECT_EQ(event["action"], "checkin");
  EXPECT_EQ(event["before"], json::parse(R"({"status":"deployed","custodian":"ana","location":"WH1"})"));
  EXPECT_EQ(event["after"], json::parse(R"({"status":"in_stock","custodian":null,"location":"WH1-BIN",
      "checked_out_on":"2026-11-27","due_on":"2026-12-04","condition":"scratched lid"})"));
  EXPECT_EQ(sb.sqlite("SELECT out_on, due_on, in_on, in_by, condition FROM checkout").out,
            "2026-11-27|2026-12-04|2026-12-10|tester|scratched lid\n");
  EXPECT_EQ(ok_json({"report", "checkouts"}), json::array());
  EXPECT_EQ(ok_json({"person", "show", "ana"})["checkouts"], json::array());

  // It can go out again, to someone else; the first check-out stays a record.
  EXPECT_EQ(ok_json({"asset", "checkout", tag, "--person", "bob"})["custodian"], "bob");
  EXPECT_EQ(sb.sqlite("SELECT count(*), count(in_on) FROM checkout").out, "2|1\n");
  const json again = ok_json({"report", "checkouts"});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0]["person"], "bob");
  EXPECT_EQ(again[0]["team"], "A-3");
  EXPECT_EQ(again[0]["due"], nullptr);
  // A check-in without --to keeps the location.
  EXPECT_EQ(ok_json({"asset", "checkin", tag})["location"], "WH1-BIN");
}

TEST_F(Checkouts, OverdueOnesComeFirst) {
  ok_json({"asset", "checkout", tags[0], "--person", "ana", "--due", "2026-12-20"});
  ok_json({"asset", "checkout", tags[1], "--person", "bob"});
  ok_json({"asset", "checkout", tags[2], "--person", "ana", "--due", "2026-11-28"});
  const json rows = ok_json({"report", "checkouts"}, {{"TALLY_TODAY", "2026-12-01"}});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["asset"], tags[2]);
  EXPECT_EQ(rows[0]["days_overdue"], 3);
  EXPECT_EQ(rows[1]["asset"], tags[0]);
  EXPECT_EQ(rows[1]["days_overdue"], 0);
  EXPECT_EQ(rows[2]["asset"], tags[1]);
  EXPECT_EQ(rows[2]["due"], nullptr);
  EXPECT_EQ(ok_json({"report", "checkouts", "--overdue"}, {{"TALLY_TODAY", "2026-12-01"}}).size(), 1u);
}

TEST_F(Checkouts, Refusals) {
  const std::string& tag = tags[0];
  EXPECT_EQ(refused({"asset", "checkout", tag, "--person", "ana", "--due", "2026-02-30"}),
            "tally: error: asset checkout: --due '2026-02-30' is not a date like 2026-11-27\n");
  EXPECT_EQ(refused({"asset", "checkout", tag, "--person", "ana", "--due", "2026-11-26"}),
            "tally: error: asset checkout: --due 2026-11-26 is before today (2026-11-27)\n");
  EXPECT_EQ(refused({"asset", "checkout", tag, "--person", "nobody"}),
            "tally: error: unknown person 'nobody' (`tally person list` shows them)\n");
  EXPECT_EQ(refused({"asset", "checkout", "NOSUCH", "--person", "ana"}),
            "tally: error: asset: no asset has tag, serial, barcode or hostname 'NOSUCH'\n");
  EXPECT_EQ(refused({"asset", "checkout", nowhere, "--person", "ana"}),
            "tally: error: asset checkout: " + nowhere + " has no location; give it one first with `tally asset move " +
                nowhere + " --to LOCATION`\n");
  ok_json({"repair", "open", tags[1], "--reason", "fan"});
  EXPECT_EQ(refused({"asset", "checkout", tags[1], "--person", "ana"}),
            "tally: error: asset checkout: " + tags[1] +
                " is in_repair; only an asset in_stock (or in staging) is "
                "checked out\n");
  ok_json({"person", "deactivate", "bob"});
  EXPECT_EQ(refused({"asset", "checkout", tag, "--person", "bob"}),
            "tally: error: asset checkout: bob is deactivated (a leaver) and takes nothing new; activate them again "
            "first if they are back\n");
  EXPECT_EQ(refused({"asset", "checkin", tag}), "tally: error: asset checkin: " + tag + " is not checked out\n");

  ok_json({"asset", "checkout", tag, "--person", "ana", "--due", "2026-12-04"});
  const std::string out_already =
      " is already checked out to ana (since 2026-11-27, due 2026-12-04); check it in "
      "first with `tally asset checkin " +
      tag + "`\n";
  EXPECT_EQ(refused({"asset", "checkout", tag, "--person", "ana"}),
            "tally: error: asset checkout: " + tag + out_already);
  EXPECT_EQ(refused({"asset", "assign", tag, "--person", "bob"}),
            "tally: error: asset assign: bob is deactivated (a leaver) and takes nothing new; activate them again "
            "first if they are back\n");
  ok_json({"person", "add", "cy", "--name", "Cy Young", "--team", "A-2"});
  EXPECT_EQ(refused({"asset", "assign", tag, "--person", "cy"}), "tally: error: asset assign: " + tag + out_already);
  EXPECT_EQ(refused({"asset", "checkin", tag, "--to", "NOPE"}),
            "tally: error: unknown location 'NOPE' (`tally location list` shows every code)\n");
  // The status and the custodian stay with the check-out until the check-in.
  const std::string out = "tally: error: asset " + tag +
                          " is checked out to ana; check it in first with `tally asset "
                          "checkin " +
                          tag + "`\n";
  EXPECT_EQ(refused({"asset", "set-status", tag, "in_stock"}), out);
  EXPECT_EQ(refused({"repair", "open", tag, "--reason", "fan"}), out);
}

// `asset assign --person` on an asset in stock is a check-out without a due
// date; `asset unassign` of a checked-out asset is its check-in.
TEST_F(Checkouts, AssignAndUnassignAreCheckOutAndCheckIn) {
  const std::string& tag = tags[0];
  const json assigned = ok_json({"asset", "assign", tag, "--person", "ana"});
  EXPECT_EQ(assigned["status"], "deployed");
  EXPECT_EQ(assigned["custodian"], "ana");
  EXPECT_EQ(last_event(tag)["action"], "checkout");
  EXPECT_EQ(last_event(tag)["after"], json::parse(R"({"status":"deployed","custodian":"ana","due_on":null})"));
  EXPECT_EQ(ok_json({"report", "checkouts"}).at(0)["due"], nullptr);
  const json unassigned = ok_json({"asset", "unassign", tag});
  EXPECT_EQ(unassigned["status"], "in_stock");
  EXPECT_EQ(unassigned["custodian"], nullptr);
  EXPECT_EQ(last_event(tag)["action"], "checkin");
  EXPECT_EQ(sb.sqlite("SELECT count(*), count(in_on) FROM checkout").out, "1|1\n");
  // An asset without a location cannot be deployed, so it cannot be checked out.
  EXPECT_EQ(refused({"asset", "assign", nowhere, "--person", "ana"}),
            "tally: error: asset assign: " + nowhere + " has no location; give it one first with `tally asset move " +
                nowhere + " --to LOCATION`\n");
  // A deployed asset that is not checked out (a racked server) only changes custodian.
  ok_json({"asset", "set-status", tags[1], "deployed"});
  const json custodian = ok_json({"asset", "assign", tags[1], "--person", "ana"});
  EXPECT_EQ(custodian["status"], "deployed");
  EXPECT_EQ(last_event(tags[1])["action"], "assign");
  EXPECT_EQ(ok_json({"asset", "unassign", tags[1]})["status"], "deployed");
  EXPECT_EQ(sb.sqlite("SELECT count(*) FROM checkout").out, "1\n");
}

// The rules hold in the sqlite3 shell too; doctor finds a file whose triggers
// were dropped.
TEST_F(Checkouts, TheSchemaKeepsTheRules) {
  TALLY_SKIP_ON_CLUSTER("the sqlite3 shell writes the file");
  const std::string& tag = tags[0];
  ok_json({"asset", "checkout", tag, "--person", "ana", "--due", "2026-12-04"});
  const auto shell_refused = [&](const std::string& sql, const std::string& message) {
    SCOPED_TRACE(sql);
    const std::string before = sb.dump();
    const Result r = sb.sqlite(sql);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(contains(r.err, message)) << r.err;
    EXPECT_EQ(sb.dump(), before);
  };
  const std::string asset_of = "(SELECT id FROM asset WHERE tag = '";
  shell_refused("UPDATE asset SET status = 'in_stock', custodian_person_id = NULL WHERE tag = '" + tag + "'",
                "asset: the asset is checked out; check it in first");
  shell_refused(
      "UPDATE asset SET custodian_person_id = (SELECT id FROM person WHERE username = 'bob') WHERE tag = '" + tag + "'",
      "asset: the asset is checked out; check it in first");
  shell_refused("UPDATE checkout SET due_on = '2026-12-31'",
                "checkout: only the return of a check-out is recorded later");
  shell_refused("DELETE FROM checkout", "checkout: check-outs are a record; they are never deleted");
  const std::string ana = "(SELECT id FROM person WHERE username = 'ana')";
  shell_refused("INSERT INTO checkout (asset_id, person_id, out_on, out_by) VALUES (" + asset_of + tag + "'), " + ana +
                    ", '2026-11-27', 'x')",
                "UNIQUE constraint failed: checkout.asset_id");
  shell_refused("INSERT INTO checkout (asset_id, person_id, out_on, out_by) VALUES (" + asset_of + tags[1] + "'), " +
                    ana + ", '2026-11-27', 'x')",
                "checkout: the asset must be deployed with the person as its custodian");
  // The due date is a date on or after the day out (CHECK constraints).
  const std::string lent =
      "BEGIN; UPDATE asset SET status = 'deployed', custodian_person_id = " + ana + " WHERE tag = '" + tags[1] + "'; ";
  for (const std::string due : {"2026-11-26", "2026-13-01", "soon"}) {
    shell_refused(lent + "INSERT INTO checkout (asset_id, person_id, out_on, out_by, due_on) VALUES (" + asset_of +
                      tags[1] + "'), " + ana + ", '2026-11-27', 'x', '" + due + "'); COMMIT;",
                  "CHECK constraint failed");
  }
  shell_refused(lent + "INSERT INTO checkout (asset_id, person_id, out_on, out_by, in_on, in_by) VALUES (" + asset_of +
                    tags[1] + "'), " + ana + ", '2026-11-27', 'x', '2026-11-28', 'x'); COMMIT;",
                "checkout: a check-out starts open");
  ok_json({"person", "deactivate", "bob"});
  shell_refused("BEGIN; UPDATE asset SET status = 'deployed', custodian_person_id = NULL WHERE tag = '" + tags[1] +
                    "'; INSERT INTO checkout (asset_id, person_id, out_on, out_by) VALUES (" + asset_of + tags[1] +
                    "'), (SELECT id FROM person WHERE username = 'bob'), '2026-11-27', 'x'); COMMIT;",
                "checkout: the person is deactivated and takes no check-out");
  ok_json({"asset", "checkin", tag});
  shell_refused("UPDATE checkout SET condition = 'dented'", "checkout: a returned check-out is a record");

  // Doctor: a file whose check-out triggers were dropped.
  ok_json({"asset", "checkout", tags[2], "--person", "ana", "--due", "2026-12-04"});
  const Result healthy = sb.tally({"doctor"});
  EXPECT_EQ(healthy.exit_code, 0) << healthy.out << healthy.err;
  const std::string copy = sb.dir().file("damaged.db");
  ASSERT_EQ(run_process("sqlite3", {sb.db(), ".backup '" + copy + "'"}).exit_code, 0);
  const Result broken =
      run_process("sqlite3", {copy,
                              "DROP TRIGGER asset_checked_out; DROP TRIGGER checkout_update; UPDATE asset SET status = "
                              "'in_stock', custodian_person_id = "
                              "NULL WHERE tag = '" +
                                  tags[2] +
                                  "'; PRAGMA ignore_check_constraints = 1; "
                                  "UPDATE checkout SET due_on = '2026-11-01' WHERE in_on IS NOT NULL"});
  ASSERT_EQ(broken.exit_code, 0) << broken.err;
  const Result r = run_process(tally_path(), {"--db", copy, "doctor", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  json rows = json::array();
  for (const auto& row : parse_json(r)) {
    if (row["check"] == "checkouts" && row["result"] == "failed") {
      rows.push_back({row["table"], row["row"], row["detail"]});
    }
  }
  EXPECT_EQ(rows, json::array({{"checkout", tag, "due_on '2026-11-01' is not a date on or after 2026-11-27"},
                               {"checkout", tags[2], "checked out to ana but in_stock with custodian none"}}))
      << r.out;
}

}  // namespace
}  // namespace tally::e2e
