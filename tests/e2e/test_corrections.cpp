// End-to-end tests of correcting what was recorded wrong: `tally asset set`
// changes a serial, model, team, notes, cost and dates with one event (before,
// after, reason) and refuses what would break a rule, changing nothing; a
// host name names an asset wherever a tag or serial does.

#include "harness.hpp"

namespace tally::e2e {
namespace {

using json = nlohmann::json;

// The standard estate with two servers received at WH1 (the first with a
// mistyped serial), a second server model of Dell, one of HPE, a laptop model.
class Corrections : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    typo = ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "CN7XK2Q1S"})[0]["tag"];
    other = ok_json({"receive", k_po, "--line", "1", "--location", "WH1", "--serial", "SN2"})[0]["tag"];
    ok_json({"model", "add", "Dell", "PowerEdge R650", "--category", "server", "--u-height", "1"});
    ok_json({"vendor", "add", "HPE", "--manufacturer"});
    ok_json({"model", "add", "HPE", "DL360", "--category", "server", "--u-height", "1"});
    ok_json({"model", "add", "Dell", "Latitude 7440", "--category", "laptop"});
    ASSERT_FALSE(HasFailure());
  }

  json last_event(const std::string& tag) { return ok_json({"log", "--entity", "asset", "--key", tag}).back(); }

  std::string typo, other;
};

TEST_F(Corrections, AMistypedSerialIsCorrectedWithItsReason) {
  const json fixed = ok_json({"asset", "set", typo, "--serial", "CN7XK2Q1", "--reason", "typo at receiving"});
  EXPECT_EQ(fixed["serial"], "CN7XK2Q1");
  const json event = last_event(typo);
  EXPECT_EQ(event["action"], "set");
  EXPECT_EQ(event["before"], json::parse(R"({"serial":"CN7XK2Q1S"})"));
  EXPECT_EQ(event["after"], json::parse(R"({"serial":"CN7XK2Q1","reason":"typo at receiving"})"));
  EXPECT_EQ(ok_json({"asset", "show", "CN7XK2Q1"})["tag"], typo);
  const std::string err = refused({"asset", "show", "CN7XK2Q1S"});
  EXPECT_EQ(err, "tally: error: asset: no asset has tag, serial, barcode or hostname 'CN7XK2Q1S'\n");
}

TEST_F(Corrections, EveryRecordedFieldCanBeCorrectedInOneEvent) {
  const json after =
      ok_json({"asset", "set", typo, "--model", "HPE DL360", "--team", "A-2", "--notes", "left PSU replaced", "--cost",
               "8100.5", "--received", "2026-11-20", "--warranty-ends", "2029-11-19"});
  EXPECT_EQ(after["manufacturer"], "HPE");
  EXPECT_EQ(after["model"], "DL360");
  EXPECT_EQ(after["owner_team"], "A-2");
  EXPECT_EQ(after["notes"], "left PSU replaced");
  EXPECT_EQ(after["cost"], "8100.50");
  EXPECT_EQ(after["currency"], "USD");
  EXPECT_EQ(after["received_on"], "2026-11-20");
  EXPECT_EQ(after["warranty_ends"], "2029-11-19");
  const json event = last_event(typo);
  EXPECT_EQ(event["before"], json::parse(R"({"manufacturer":"Dell","model":"PowerEdge R640","owner_team":"A-3",
      "notes":null,"cost":"8450.00","received_on":"2026-11-27","warranty_ends":"2029-11-27"})"));
  EXPECT_EQ(event["after"], json::parse(R"({"manufacturer":"HPE","model":"DL360","owner_team":"A-2",
      "notes":"left PSU replaced","cost":"8100.50","received_on":"2026-11-20","warranty_ends":"2029-11-19"})"));
  // Empty values clear the optional fields.
  const json cleared = ok_json({"asset", "set", typo, "--notes", "", "--cost", "", "--warranty-ends", ""});
  EXPECT_EQ(cleared["notes"], nullptr);
  EXPECT_EQ(cleared["cost"], nullptr);
  EXPECT_EQ(cleared["currency"], nullptr);
  EXPECT_EQ(cleared["warranty_ends"], nullptr);
}

TEST_F(Corrections, RefusalsNameTheProblemAndChangeNothing) {
  EXPECT_EQ(refused({"asset", "set", typo}),
            "tally: error: asset set: nothing to change; give --hostname, --serial, --model, --team, --notes, --cost, "
            "--received, --warranty-ends or --field\n");
  EXPECT_EQ(refused({"asset", "set", typo, "--serial", "SN2"}),
            "tally: error: asset set: serial 'SN2' already exists for Dell (" + other + ")\n");
  EXPECT_EQ(refused({"asset", "set", typo, "--serial", "  "}), "tally: error: asset set: --serial must not be empty\n");
  EXPECT_EQ(refused({"asset", "set", typo, "--model", "Dell Latitude 7440"}),
            "tally: error: asset set: Dell Latitude 7440 is a laptop, but " + typo +
                " is a server; a model is corrected within its category\n");
  EXPECT_EQ(refused({"asset", "set", typo, "--model", k_optic}),
            "tally: error: asset set: FS.com SFP-10G-SR is a bulk (counted) model; it has no tagged assets\n");
  EXPECT_EQ(refused({"asset", "set", typo, "--received", "2026-02-30"}),
            "tally: error: asset set: --received '2026-02-30' is not a date like 2026-11-27\n");
  EXPECT_EQ(refused({"asset", "set", typo, "--cost", "12.345"}),
            "tally: error: asset set: --cost '12.345' is not a non-negative USD amount with at most 2 decimals\n");
  EXPECT_EQ(refused({"asset", "set", typo, "--currency", "EUR"}),
            "tally: error: asset set: --currency goes with --cost\n");
  EXPECT_EQ(refused({"asset", "set", typo, "--team", "Z-9"}).rfind("tally: error: unknown team 'Z-9'", 0), 0u);
  // A serial taken by the other manufacturer's unit is fine; the same one is not.
  const std::string hpe =
      ok_json({"asset", "add", "--model", "HPE DL360", "--serial", "HP1", "--location", "WH1"})["tag"];
  EXPECT_EQ(ok_json({"asset", "set", typo, "--serial", "HP1"})["serial"], "HP1");
  EXPECT_EQ(refused({"asset", "set", typo, "--model", "HPE DL360"}),
            "tally: error: asset set: serial 'HP1' already exists for HPE (" + hpe + ")\n");

  // Racked: its model stays; its host name must be free among deployed assets.
  ok_json({"location", "add", "DC1", "--name", "Data center"});
  ok_json({"rack", "add", "R01", "--location", "DC1"});
  ok_json({"rack", "install", other, "--rack", "DC1/R01", "--u", "1"});
  ok_json({"asset", "set", other, "--hostname", "web01.dc1"});
  EXPECT_EQ(refused({"asset", "set", other, "--model", "Dell PowerEdge R650"}),
            "tally: error: asset set: " + other +
                " is installed in rack DC1/R01; its model changes only out of the rack (the units it takes depend on "
                "it)\n");
  ok_json({"rack", "install", typo, "--rack", "DC1/R01", "--u", "2"});
  EXPECT_EQ(refused({"asset", "set", typo, "--hostname", "WEB01.dc1"}),
            "tally: error: asset set: hostname WEB01.dc1 is already used by deployed asset " + other + "\n");
}

TEST_F(Corrections, AFinalAssetIsNeverCorrected) {
  ok_json({"asset", "set-status", other, "retired"});
  ok_json({"dispose", other, "--method", "recycle", "--recycler", "GreenIT GmbH", "--certificate", "C-1", "--wipe",
           "nist-800-88-purge"});
  EXPECT_EQ(refused({"asset", "set", other, "--serial", "SN3"}),
            "tally: error: asset " + other + " is disposed, which is final: it cannot change any more\n");
}

TEST_F(Corrections, AHostNameNamesTheAssetWhereverATagDoes) {
  ok_json({"location", "add", "DC1", "--name", "Data center"});
  ok_json({"rack", "add", "R01", "--location", "DC1"});
  ok_json({"asset", "set", other, "--hostname", "web01.dc1"});
  ok_json({"rack", "install", other, "--rack", "DC1/R01", "--u", "1"});
  EXPECT_EQ(ok_json({"asset", "show", "WEB01.DC1"})["tag"], other);
  ok_json({"license", "add", "Windows Server", "--vendor", "Dell", "--seats", "2"});
  const json assigned = ok_json({"license", "assign", "LIC-00001", "--asset", "web01.dc1"});
  EXPECT_EQ(assigned["used"], 1);
  // Two assets out of service with one host name: the name is ambiguous.
  ok_json({"rack", "remove", other, "--to", "WH1"});
  ok_json({"asset", "set", typo, "--hostname", "web01.dc1"});
  EXPECT_EQ(refused({"asset", "show", "web01.dc1"}), "tally: error: asset: hostname 'web01.dc1' is ambiguous: " + typo +
                                                         " (in_stock), " + other + " (in_stock); use the tag\n");
}

// A person is shown with what they hold, edited, and offboarded: a leaver
// takes nothing new (the schema refuses it too) and is told what must come back.
TEST_F(Corrections, APersonIsShownEditedAndOffboarded) {
  ok_json({"person", "add", "ana", "--name", "Ana Lopez", "--team", "A-2"});
  ok_json({"asset", "assign", typo, "--person", "ana"});
  ok_json({"license", "add", "Visio", "--vendor", "Dell", "--seats", "5", "--expires", "2027-06-30"});
  ok_json({"license", "assign", "LIC-00001", "--person", "ana", "--qty", "2"});
  const json shown = ok_json({"person", "show", "ana"});
  EXPECT_EQ(shown, json::parse(R"({"username":"ana","name":"Ana Lopez","email":null,"team":"A-2",
      "team_name":"Inventory & Warehousing","active":true,
      "assets":[{"tag":")" + typo +
                               R"(","serial":"CN7XK2Q1S","model":"Dell PowerEdge R640","status":"deployed",
                 "location":"WH1"}],
      "seats":[{"license":"LIC-00001","product":"Visio","quantity":2,"expires_on":"2027-06-30"}],
      "checkouts":[{"tag":")" + typo +
                               R"(","model":"Dell PowerEdge R640","out_on":"2026-11-27","due_on":null,
                    "days_overdue":0}]})"));

  const json edited = ok_json({"person", "set", "ana", "--team", "IT-5", "--email", "ana@example.com"});
  EXPECT_EQ(edited["team"], "IT-5");
  EXPECT_EQ(edited["email"], "ana@example.com");
  json event = ok_json({"log", "--entity", "person", "--key", "ana"}).back();
  EXPECT_EQ(event["before"], json::parse(R"({"email":null,"team":"A-2"})"));
  EXPECT_EQ(event["after"], json::parse(R"({"email":"ana@example.com","team":"IT-5"})"));
  EXPECT_EQ(refused({"person", "set", "ana"}),
            "tally: error: person set: nothing to change; give --name, --email or --team\n");
  EXPECT_EQ(refused({"person", "set", "ana", "--email", "nope"}),
            "tally: error: person set: --email 'nope' is not an email address like ana@example.com\n");

  const Result left = sb.tally({"person", "deactivate", "ana", "--reason", "left on 2026-11-30", "--format", "json"});
  EXPECT_EQ(left.exit_code, 0) << left.err;
  EXPECT_EQ(parse_json(left)["active"], false);
  EXPECT_EQ(parse_json(left)["assets"].size(), 1u);
  EXPECT_EQ(left.err,
            "ana still holds 1 asset(s) and 1 license seat row(s): bring them back (tally asset unassign, "
            "tally license unassign)\n");
  event = ok_json({"log", "--entity", "person", "--key", "ana"}).back();
  EXPECT_EQ(event["action"], "deactivate");
  EXPECT_EQ(event["after"],
            json::parse(R"({"active":false,"reason":"left on 2026-11-30","holds_assets":1,"holds_seats":1})"));
  const std::string leaver =
      ": ana is deactivated (a leaver) and takes nothing new; activate them again first if they are back\n";
  EXPECT_EQ(refused({"asset", "assign", other, "--person", "ana"}), "tally: error: asset assign" + leaver);
  EXPECT_EQ(refused({"license", "assign", "LIC-00001", "--person", "ana"}), "tally: error: license assign" + leaver);
  EXPECT_EQ(refused({"person", "deactivate", "ana"}), "tally: error: person deactivate: ana is already deactivated\n");
  // The schema refuses it as well.
  const std::string before = sb.dump();
  const Result shell = sb.sqlite(
      "UPDATE asset SET custodian_person_id = (SELECT id FROM person WHERE username = "
      "'ana') WHERE tag = '" +
      other + "'");
  EXPECT_NE(shell.exit_code, 0);
  EXPECT_TRUE(contains(shell.err, "asset: the person is deactivated and takes no new assets")) << shell.err;
  EXPECT_EQ(sb.dump(), before);
  // What they hold comes back; they may come back too.
  ok_json({"asset", "unassign", typo});
  EXPECT_TRUE(ok_json({"person", "show", "ana"})["assets"].empty());
  EXPECT_EQ(ok_json({"person", "activate", "ana"})["active"], true);
  ok_json({"asset", "assign", other, "--person", "ana"});
}

// A seat of an expired license is refused unless forced; a renewal fixes it.
TEST_F(Corrections, AnExpiredLicenseTakesNoNewSeatUnlessForced) {
  ok_json({"license", "add", "Visio", "--vendor", "Dell", "--seats", "5", "--expires", "2026-11-26"});
  EXPECT_EQ(refused({"license", "assign", "LIC-00001", "--asset", typo}),
            "tally: error: license assign: LIC-00001 (Visio) expired on 2026-11-26; renew it first (tally license set "
            "LIC-00001 --expires DATE) or give --force to assign a seat anyway\n");
  EXPECT_EQ(ok_json({"license", "assign", "LIC-00001", "--asset", typo, "--force"})["used"], 1);
  ok_json({"license", "set", "LIC-00001", "--expires", "2026-11-27"});  // still valid today (TALLY_NOW)
  EXPECT_EQ(ok_json({"license", "assign", "LIC-00001", "--asset", other})["used"], 2);
}

}  // namespace
}  // namespace tally::e2e
