// End-to-end tests of the schema's guarantees against a hostile user with the
// sqlite3 shell: every way around the schema (REPLACE and UPSERT, tree
// cycles, counters, placements, seats, records of final states, the
// transition tables) is refused by the database itself, leaving the file as
// it was; where only damage can be shown (triggers dropped first), `tally
// doctor` names the table, row and rule, and no command hangs on a cycle.

#include "harness.hpp"

#include <filesystem>

namespace tally::e2e {
namespace {

using json = nlohmann::json;
using Strings = std::vector<std::string>;

// The standard estate with its PO fully received: optics in WH1-BIN, four
// servers, the first two racked in DC1-H1/R01 (U1, U3), the third holding a
// seat of a 2-seat license and lost, the fourth disposed.
class TrustTest : public SandboxTest {
 protected:
  void SetUp() override {
    SandboxTest::SetUp();
    standard_estate();
    ok_json({"receive", k_po, "--line", "2", "--location", "WH1-BIN", "--qty", "40"});
    for (const char* serial : {"SN1", "SN2", "SN3", "SN4"}) {
      tags.push_back(
          ok_json({"receive", k_po, "--line", "1", "--serial", serial, "--location", "WH1"})[0]["tag"].get<std::string>());
    }
    ok_json({"location", "add", "DC1", "--name", "Data center 1", "--kind", "site"});
    ok_json({"location", "add", "DC1-H1", "--name", "Hall 1", "--parent", "DC1"});
    ok_json({"rack", "add", "R01", "--location", "DC1-H1", "--height", "10"});
    ok_json({"rack", "install", tags[0], "--rack", "DC1-H1/R01", "--u", "1"});
    ok_json({"rack", "install", tags[1], "--rack", "DC1-H1/R01", "--u", "3"});
    ok_json({"license", "add", "Visio", "--vendor", "Dell", "--seats", "2"});
    ok_json({"license", "assign", "LIC-00001", "--asset", tags[2]});
    ok_json({"asset", "set-status", tags[3], "retired"});
    ok_json({"dispose", tags[3], "--method", "recycle", "--recycler", "GreenIT GmbH", "--certificate", "C-1", "--wipe",
             "nist-800-88-purge"});
    ok_json({"asset", "set-status", tags[2], "lost"});
    ASSERT_FALSE(HasFailure()) << "the estate could not be set up";
  }

  // Runs `sql` through the sqlite3 shell in one transaction and expects the
  // schema to refuse it with `message` (or one of several separated by '|':
  // when two triggers refuse, SQLite does not promise which fires first),
  // the file as it was (its dump unchanged).
  void shell_refused(const std::string& sql, const std::string& message) {
    SCOPED_TRACE(sql);
    const std::string before = sb.dump();
    const Result r = sb.sqlite("BEGIN; " + sql + "; COMMIT;");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(contains_one_of(r.err, message)) << "expected " << message << "\ngot: " << r.err;
    EXPECT_TRUE(sb.dump() == before) << "the change went through";
  }

  std::string one(const std::string& sql) { return lines_of(sb.sqlite(sql).out).at(0); }

  // A copy of the estate with every trigger on `tables` dropped, `sql` run,
  // and the triggers created again: only the data is wrong.
  std::string damaged(const Strings& tables, const std::string& sql) {
    const std::string copy = sb.dir().file("copy" + std::to_string(++m_copies) + ".db");
    EXPECT_EQ(run_process("sqlite3", {sb.db(), ".backup '" + copy + "'"}).exit_code, 0);
    std::string in;
    for (const auto& t : tables) {
      in += (in.empty() ? "'" : ", '") + t + "'";
    }
    std::string drop;
    std::string create;
    const Result names = run_process(
        "sqlite3", {copy, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN (" + in + ")"});
    for (const auto& name : lines_of(names.out)) {
      drop += "DROP TRIGGER " + name + ";\n";
      create += run_process("sqlite3", {copy, "SELECT sql FROM sqlite_schema WHERE name = '" + name + "'"}).out + ";\n";
    }
    const Result r = run_process("sqlite3", {copy, drop + sql + ";\n" + create});
    EXPECT_EQ(r.exit_code, 0) << sql << "\n" << r.err;
    return copy;
  }

  // `tally doctor` on `db`: exits 1 and `check` has exactly `details`
  // (table, row, detail) as its failed rows.
  void doctor_finds(const std::string& db, const std::string& check, const json& expected) {
    const Result r = run_process(tally_path(), {"--db", db, "doctor", "--format", "json"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    json rows = json::array();
    for (const auto& row : parse_json(r)) {
      if (row["check"] == check && row["result"] == "failed") {
        rows.push_back({row["table"], row["row"], row["detail"]});
      }
    }
    EXPECT_EQ(rows, expected) << r.out;
  }

  // Runs tally on `db` under a 20 s timeout: never a hang.
  Result bounded(const std::string& db, const Strings& args) {
    Strings full = {"20", tally_path(), "--db", db};
    full.insert(full.end(), args.begin(), args.end());
    const Result r = run_process("timeout", full);
    EXPECT_NE(r.exit_code, 124) << "hung: " << args.at(0) << " " << (args.size() > 1 ? args[1] : "");
    EXPECT_NE(r.exit_code, 4) << r.err;
    return r;
  }

  Strings tags;
  int m_copies = 0;
};

const char* k_event_columns = "at, actor, action, entity, entity_key, before, after";

TEST_F(TrustTest, HistoryCannotBeReplacedOrUpserted) {
  shell_refused(std::string("INSERT OR REPLACE INTO event (id, ") + k_event_columns + ") SELECT id, at, 'mallory', " +
                    "action, entity, entity_key, before, after FROM event WHERE id = 5",
                "event: the history is append-only; an event is never replaced");
  shell_refused(std::string("REPLACE INTO event (id, ") + k_event_columns +
                    ") VALUES (5, '2026-11-27T09:15:00Z', 'mallory', 'x', 'asset', 'X', NULL, NULL)",
                "an event is never replaced");
  shell_refused(std::string("INSERT INTO event (id, ") + k_event_columns +
                    ") VALUES (5, '2026-11-27T09:15:00Z', 'mallory', 'x', 'asset', 'X', NULL, NULL) "
                    "ON CONFLICT (id) DO UPDATE SET actor = 'mallory'",
                "an event is never replaced");
  shell_refused("UPDATE OR REPLACE event SET id = 1 WHERE id = 2", "event: the history is append-only");
  shell_refused("INSERT OR REPLACE INTO receipt SELECT * FROM receipt WHERE id = 1",
                "receipt: receipts are append-only; a receipt is never replaced");
  shell_refused("INSERT OR REPLACE INTO stock_movement SELECT * FROM stock_movement WHERE id = 1",
                "stock_movement: the ledger is append-only; a movement is never replaced");
  shell_refused("INSERT OR REPLACE INTO disposal (asset_id, method, disposed_on, recorded_at, recorded_by, wipe_method) "
                "SELECT asset_id, 'resell', disposed_on, recorded_at, 'mallory', wipe_method FROM disposal",
                "disposal: disposal records are permanent; a disposal is never replaced");
}

TEST_F(TrustTest, FinalAndLostAssetsCannotBeReplaced) {
  // A disposed unit back in stock by replacing its row (same id).
  shell_refused("INSERT OR REPLACE INTO asset SELECT id, tag, serial, model_id, manufacturer_id, 'in_stock', "
                "location_id, owner_team_id, custodian_person_id, po_line_id, cost_minor, currency, received_on, "
                "warranty_ends, hostname, replaces_asset_id, notes, created_at, updated_at FROM asset WHERE tag = '" +
                    tags[3] + "'",
                "UNIQUE constraint failed: asset (an asset is never replaced)|"
                "asset: the PO line already holds as many units as were ordered");
  // A lost unit deployed again by a new row with its tag (a new id).
  shell_refused("INSERT OR REPLACE INTO asset (tag, serial, model_id, manufacturer_id, status, location_id, "
                "created_at, updated_at) SELECT tag, serial || 'X', model_id, manufacturer_id, 'deployed', "
                "(SELECT id FROM location WHERE code = 'DC1'), created_at, updated_at FROM asset WHERE tag = '" +
                    tags[2] + "'",
                "an asset is never replaced");
  // Another row renamed onto the disposed unit's tag.
  shell_refused("UPDATE OR REPLACE asset SET tag = '" + tags[3] + "' WHERE tag = '" + tags[2] + "'",
                "an asset is never replaced");
  // Status by UPSERT.
  shell_refused("INSERT INTO asset (id, tag, serial, model_id, manufacturer_id, created_at, updated_at) "
                "SELECT id, tag, serial, model_id, manufacturer_id, created_at, updated_at FROM asset WHERE tag = '" +
                    tags[2] + "' ON CONFLICT (id) DO UPDATE SET status = 'deployed'",
                "an asset is never replaced");
  // A purchase order approved by replacing it.
  shell_refused("INSERT OR REPLACE INTO purchase_order (id, number, vendor_id, team_id, currency, fiscal_year, status, "
                "created_at) SELECT id, number, vendor_id, team_id, currency, fiscal_year, 'approved', created_at "
                "FROM purchase_order",
                "purchase_order: a purchase order is never replaced|"
                "purchase_order: a new purchase order starts as a draft");
}

TEST_F(TrustTest, IdentifiersHoldNoControlCharacters) {
  shell_refused("UPDATE asset SET serial = 'SN1' || char(27) || '[2J' WHERE tag = '" + tags[0] + "'",
                "asset: tag, serial and hostname hold no control characters");
  shell_refused("UPDATE asset SET hostname = 'web' || char(155) || '01' WHERE tag = '" + tags[0] + "'",
                "asset: tag, serial and hostname hold no control characters");
  shell_refused("INSERT INTO asset (tag, serial, model_id, manufacturer_id, created_at, updated_at) SELECT "
                "'AT-' || char(7), 'SN9', model_id, manufacturer_id, created_at, updated_at FROM asset LIMIT 1",
                "asset: tag, serial and hostname hold no control characters");
  shell_refused("UPDATE license SET license_key = 'K' || char(10) || 'EY'",
                "license: a license key holds no control characters");
}

TEST_F(TrustTest, StoredIdempotentAnswersHoldTheirRules) {
  const std::string row = "INSERT INTO idempotency_key VALUES ('clerk', 'key-1', 'POST /x', 201, '{}', "
                          "'2026-11-27T09:15:00Z')";
  shell_refused("INSERT INTO idempotency_key VALUES ('clerk', 'k' || char(10), 'POST /x', 201, '{}', "
                "'2026-11-27T09:15:00Z')",
                "idempotency_key: a key is 1 to 200 printable ASCII characters, stored with a 2xx answer");
  shell_refused("INSERT INTO idempotency_key VALUES ('clerk', '', 'POST /x', 201, '{}', '2026-11-27T09:15:00Z')",
                "idempotency_key: a key is 1 to 200 printable ASCII characters, stored with a 2xx answer");
  shell_refused("INSERT INTO idempotency_key VALUES ('clerk', 'key-2', 'POST /x', 422, '{}', '2026-11-27T09:15:00Z')",
                "idempotency_key: a key is 1 to 200 printable ASCII characters, stored with a 2xx answer");
  ASSERT_EQ(sb.sqlite(row).exit_code, 0);
  shell_refused("UPDATE idempotency_key SET response = '{\"tag\": \"AT-00000099\"}'",
                "idempotency_key: a stored answer never changes");
}

TEST_F(TrustTest, TransitionTablesAreFrozen) {
  shell_refused("INSERT INTO asset_status_transition VALUES ('lost', 'deployed')",
                "asset_status_transition: the legal moves change only with a migration");
  shell_refused("INSERT OR REPLACE INTO asset_status_transition VALUES ('lost', 'in_stock')",
                "asset_status_transition: the legal moves change only with a migration");
  shell_refused("DELETE FROM asset_status_transition WHERE from_status = 'in_stock'",
                "asset_status_transition: the legal moves change only with a migration");
  shell_refused("UPDATE po_status_transition SET to_status = 'received' WHERE from_status = 'draft'",
                "po_status_transition: the legal moves change only with a migration");
  shell_refused("DELETE FROM po_status_transition", "po_status_transition: the legal moves change only");
}

TEST_F(TrustTest, TreeCyclesAreRefusedOnEveryPath) {
  shell_refused("INSERT INTO location (id, code, name, kind, parent_id) VALUES "
                "(100, 'A', 'A', 'room', 101), (101, 'B', 'B', 'room', 100)",
                "location: parent would create a cycle");
  shell_refused("INSERT OR REPLACE INTO location (id, code, name, kind, parent_id) SELECT id, code, name, kind, "
                "(SELECT id FROM location WHERE code = 'DC1-H1') FROM location WHERE code = 'DC1'",
                "location: a location is never replaced|location: parent would create a cycle");
  shell_refused("UPDATE location SET parent_id = (SELECT id FROM location WHERE code = 'DC1-H1') WHERE code = 'DC1'",
                "location: parent would create a cycle");
  shell_refused("UPDATE team SET kind = 'subteam', parent_id = (SELECT id FROM team WHERE code = 'A-1') "
                "WHERE code = '1A'",
                "team: its children would no longer fit|team: parent would create a cycle");
}

TEST_F(TrustTest, CountersFollowTheirRecords) {
  shell_refused("UPDATE po_line SET received = 0 WHERE line_no = 1",
                "po_line: received must equal the sum of the line's receipts");
  shell_refused("INSERT INTO asset (tag, serial, model_id, manufacturer_id, po_line_id, created_at, updated_at) "
                "SELECT 'AT-X', 'SN5', model_id, manufacturer_id, po_line_id, created_at, updated_at FROM asset "
                "WHERE tag = '" + tags[0] + "'",
                "asset: the PO line already holds as many units as were ordered");
  shell_refused("UPDATE stock_level SET on_hand = 999", "stock_level: on_hand must equal the sum of the stock ledger");
  shell_refused("UPDATE license SET used = 0", "license: used must equal the sum of the license's assignments");
  shell_refused("INSERT INTO license (product, vendor_id, seats, created_at, used) SELECT 'Word', vendor_id, 5, "
                "created_at, 3 FROM license",
                "license: used must equal the sum of the license's assignments");
  shell_refused("INSERT OR REPLACE INTO stock_level (model_id, location_id, on_hand) SELECT model_id, location_id, "
                "999 FROM stock_level",
                "stock_level: a stock level is never replaced");
  shell_refused("INSERT INTO stock_movement (model_id, location_id, delta, kind, reason, at, actor) SELECT model_id, "
                "location_id, 9223372036854775000, 'adjustment', 'x', '2026-11-27T09:15:00Z', 'mallory' "
                "FROM stock_level",
                "stock_movement: a movement is at most 1,000,000,000 units");
}

TEST_F(TrustTest, RacksSeatsAndFinalAssetsHoldTheirRules) {
  // A full-depth server on the front only, next to another on the rear.
  shell_refused("DELETE FROM placement WHERE asset_id = (SELECT id FROM asset WHERE tag = '" + tags[1] +
                    "'); INSERT INTO placement SELECT asset_id, rack_id, lo_half, hi_half, 'front', 1, 0, "
                    "installed_at FROM placement",
                "placement: a full-depth device takes the front and the rear");
  shell_refused("UPDATE model SET u_height_halves = 4 WHERE name = 'PowerEdge R640'",
                "model: units of this model are installed in racks; its height and depth cannot change");
  shell_refused("UPDATE model SET full_depth = 0 WHERE name = 'PowerEdge R640'",
                "its height and depth cannot change");
  shell_refused("UPDATE license_assignment SET asset_id = (SELECT id FROM asset WHERE tag = '" + tags[3] + "')",
                "license_assignment: the asset is disposed or returned to the vendor");
  shell_refused("UPDATE license SET type = 'per-device'; UPDATE license_assignment SET asset_id = NULL, "
                "team_id = (SELECT id FROM team WHERE code = 'A-3')",
                "license_assignment: a per-device license can only be assigned to an asset");
  const std::string disposed = "(SELECT id FROM asset WHERE tag = '" + tags[3] + "')";
  shell_refused("INSERT INTO repair (asset_id, reason, opened_on) VALUES (" + disposed + ", 'x', '2026-11-27')",
                "repair: the asset is disposed or returned to the vendor");
  shell_refused("INSERT INTO rma (asset_id, vendor_id, reason, opened_on) VALUES (" + disposed +
                    ", 1, 'x', '2026-11-27')",
                "rma: the asset is disposed or returned to the vendor");
  shell_refused("INSERT INTO hw_test (asset_id, kind, result, recorded_at, recorded_by) VALUES (" + disposed +
                    ", 'memory', 'pass', '2026-11-27T09:15:00Z', 'mallory')",
                "hw_test: the asset is disposed or returned to the vendor");
  shell_refused("INSERT INTO asset (tag, serial, model_id, manufacturer_id, status, created_at, updated_at) "
                "SELECT 'AT-NEW', 'SN-NEW', model_id, manufacturer_id, 'disposed', created_at, updated_at FROM asset "
                "LIMIT 1",
                "asset: a new asset cannot start in_repair, in rma, disposed or returned_to_vendor");
  shell_refused("UPDATE asset SET status = 'in_repair' WHERE tag = '" + tags[2] + "'",
                "asset: illegal status transition");
  shell_refused("UPDATE asset SET status = 'in_stock' WHERE tag = '" + tags[2] +
                    "'; UPDATE asset SET status = 'in_repair' WHERE tag = '" + tags[2] + "'",
                "asset: an asset in_repair needs an open repair record first");
  shell_refused("UPDATE asset SET location_id = NULL WHERE tag = '" + tags[0] + "'",
                "asset: a deployed asset needs a location");
}

TEST_F(TrustTest, DoctorReportsCheckViolationsAndEveryGuardedRule) {
  // CHECK constraints: SQLite skips them in integrity_check on a read-only
  // connection; doctor reads the file without writing and still sees them.
  doctor_finds(damaged({}, "PRAGMA ignore_check_constraints = 1; UPDATE asset SET received_on = '2026-02-30' "
                           "WHERE tag = '" + tags[1] + "'"),
               "integrity", json::parse(R"([[null, null, "CHECK constraint failed in asset"]])"));
  doctor_finds(damaged({"po_line"}, "UPDATE po_line SET received = 0 WHERE line_no = 1"), "po_lines",
               json::array({{"po_line", "PO-2026-0001 line 1",
                             "ordered 4, received 0, receipts sum to 4, assets on the line 4"}}));
  doctor_finds(damaged({"asset_status_transition"}, "INSERT INTO asset_status_transition VALUES ('lost', 'deployed')"),
               "transitions", json::array({{"asset_status_transition", "lost -> deployed",
                                            "is not a legal move: the migrations do not define it"}}));
  doctor_finds(damaged({"asset"}, "UPDATE asset SET status = 'disposed' WHERE tag = '" + tags[2] + "'"),
               "status_records", json::array({{"asset", tags[2], "disposed without a disposal record"}}));
  doctor_finds(damaged({"placement"}, "UPDATE placement SET rear = 0 WHERE asset_id = (SELECT id FROM asset "
                                      "WHERE tag = '" + tags[0] + "')"),
               "placement_shape",
               json::array({{"placement", tags[0], "full-depth model PowerEdge R640 placed on front"}}));
  doctor_finds(damaged({"license_assignment", "asset"},
                       "UPDATE license_assignment SET asset_id = (SELECT id FROM asset WHERE tag = '" + tags[3] +
                           "')"),
               "license_assignments",
               json::array({{"license_assignment", "1", "LIC-00001 (Visio) has a seat on " + tags[3] +
                                                            ", which is disposed"}}));
  doctor_finds(damaged({"repair"}, "INSERT INTO repair (asset_id, reason, opened_on) VALUES ((SELECT id FROM asset "
                                   "WHERE tag = '" + tags[3] + "'), 'x', '2026-12-01')"),
               "records_after_final",
               json::array({{"repair", "1", "recorded for " + tags[3] + " after it was disposed on 2026-11-27"}}));
  doctor_finds(damaged({"event"}, "PRAGMA ignore_check_constraints = 1; UPDATE event SET after = '{\"broken' "
                                  "WHERE id = 3"),
               "event_json", json::array({{"event", "3", "its after is not a JSON object"}}));
  doctor_finds(damaged({"idempotency_key"},
                       "INSERT INTO idempotency_key VALUES ('clerk', '', 'POST /x', 201, '{}', "
                       "'2026-11-27T09:15:00Z'), ('clerk', 'k2', 'POST /x', 500, '{}', '2026-11-27T09:15:00Z')"),
               "idempotency_keys",
               json::array({{"idempotency_key", "clerk ", "is not 1 to 200 printable ASCII characters"},
                            {"idempotency_key", "clerk k2", "stores a 500 answer; only successes are stored"}}));
}

// Users, roles, tokens and sessions (0009_users.sql), and the approver rule,
// in a file whose triggers were dropped: doctor names each broken row.
TEST_F(TrustTest, DoctorReportsBrokenUsersAndSelfApprovedPos) {
  const Result added =
      sb.tally({"user", "add", "ana", "--role", "clerk", "--password-stdin"}, "correct horse battery\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  shell_refused("INSERT INTO app_user_role (user_id, role) VALUES (1, 'root')", "CHECK constraint failed: role IN");
  shell_refused("INSERT INTO api_token (user_id, secret_hash, created_at, expires_at) VALUES (7, printf('%064d', 1), "
                "'2026-11-27T09:15:00Z', '2026-12-27T09:15:00Z')",
                "api_token: a token belongs to an existing user");
  doctor_finds(damaged({"api_token", "web_session", "app_user_role", "app_user"},
                       "INSERT INTO api_token (user_id, secret_hash, created_at, expires_at) VALUES (7, "
                       "printf('%064d', 1), '2026-11-27T09:15:00Z', '2026-12-27T09:15:00Z'); "
                       "INSERT INTO web_session (id_hash, user_id, created_at, expires_at) VALUES (printf('%064d', 2), "
                       "8, '2026-11-27T09:15:00Z', '2026-11-28T09:15:00Z'); "
                       "INSERT INTO app_user_role VALUES (9, 'admin'); UPDATE app_user SET person_id = 99"),
               "users",
               json::array({{"api_token", "1", "belongs to user id 7, which does not exist"},
                            {"app_user", "ana", "its person (id 99) does not exist"},
                            {"app_user_role", "9/admin", "a role of user id 9, which does not exist"},
                            {"web_session", "1", "belongs to user id 8, which does not exist"}}));
  // The schema keeps who created and submitted a PO; with its triggers gone, the
  // creator is written as the approver and doctor names the PO.
  shell_refused("UPDATE purchase_order SET created_by = 'approver'", "created_by is who created it");
  doctor_finds(damaged({"purchase_order"}, "UPDATE purchase_order SET created_by = 'approver'"), "po_approvers",
               json::array({{"purchase_order", "PO-2026-0001", "approved by approver, who created it"}}));
}

TEST_F(TrustTest, ACycleInTheFileIsNamedAndHangsNoCommand) {
  const std::string db = damaged(
      {"location", "team"},
      "UPDATE location SET parent_id = (SELECT id FROM location WHERE code = 'DC1-H1') WHERE code = 'DC1'; "
      "UPDATE team SET kind = 'subteam', parent_id = (SELECT id FROM team WHERE code = 'A-1') WHERE code = '1A'");
  doctor_finds(db, "tree_cycles",
               json::array({{"location", "DC1", "is its own ancestor: its parent chain is a cycle"},
                            {"location", "DC1-H1", "is its own ancestor: its parent chain is a cycle"},
                            {"team", "1A", "is its own ancestor: its parent chain is a cycle"},
                            {"team", "A-1", "is its own ancestor: its parent chain is a cycle"},
                            {"team", "A-2", "its parent chain runs into a cycle (or is deeper than 64 levels)"},
                            {"team", "A-3", "its parent chain runs into a cycle (or is deeper than 64 levels)"},
                            {"team", "A-4", "its parent chain runs into a cycle (or is deeper than 64 levels)"},
                            {"team", "A-1", "a team under 1A (a subteam): a team hangs under a division, a sub-team "
                                            "under a team"},
                            {"team", "A-2", "a team under 1A (a subteam): a team hangs under a division, a sub-team "
                                            "under a team"},
                            {"team", "A-3", "a team under 1A (a subteam): a team hangs under a division, a sub-team "
                                            "under a team"},
                            {"team", "A-4", "a team under 1A (a subteam): a team hangs under a division, a sub-team "
                                            "under a team"}}));
  const Result show = bounded(db, {"asset", "list", "location:DC1"});
  EXPECT_EQ(show.exit_code, 3);
  EXPECT_EQ(show.err, "tally: error: asset list: term 'location:DC1': location DC1: its parent chain is a cycle or deeper than 64 levels; "
                      "`tally doctor` names it\n");
  const std::vector<Strings> commands = {
      {"location", "list"},
      {"location", "set", "DC1-H1", "--name", "Hall one"},
      {"stock", "show", "--location", "DC1"},
      {"audit", "start", "DC1"},
      {"team", "show", "A-2"},
      {"team", "list"},
      {"report", "assets", "--by", "team"},
      {"report", "coverage", "--location", "DC1"},
      {"budget", "show", "1A"},
      {"asset", "list", "team:1A"},
  };
  for (const Strings& args : commands) {
    bounded(db, args);
  }
  // Trees and roll-ups never come out silently shorter.
  for (const Strings& args : std::vector<Strings>{{"team", "list"}, {"report", "assets", "--by", "team"}}) {
    const Result r = bounded(db, args);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.err, "tally: error: 1A: its parent chain is a cycle or runs into one; `tally doctor` names it\n");
  }
  const Result locations = bounded(db, {"location", "list"});
  EXPECT_EQ(locations.exit_code, 3);
  EXPECT_EQ(locations.err,
            "tally: error: DC1: its parent chain is a cycle or runs into one; `tally doctor` names it\n");
  // Writers are not blocked by a command that hangs holding the lock.
  EXPECT_EQ(bounded(db, {"person", "add", "ana", "--name", "Ana", "--team", "A-3"}).exit_code, 0);
}

TEST_F(TrustTest, ImportJsonRefusesAnEditedExportThatBreaksARule) {
  const std::string file = sb.dir().file("export.json");
  ASSERT_EQ(sb.tally({"export", "--out", file}).exit_code, 0);
  json doc = json::parse(run_process("cat", {file}).out);
  auto& transitions = doc["tables"]["asset_status_transition"];
  transitions.push_back({{"from_status", "lost"}, {"to_status", "deployed"}});
  const std::string edited = sb.dir().file("edited.json");
  ASSERT_EQ(run_process("sh", {"-c", "cat > '" + edited + "'"}, doc.dump()).exit_code, 0);
  const std::string target = sb.dir().file("restored.db");
  const Result r = run_process(tally_path(), {"--db", target, "import", "json", edited});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "transitions: asset_status_transition lost -> deployed: is not a legal move")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST_F(TrustTest, ClockSteppingBackIsAWarningNotDamage) {
  ASSERT_EQ(sb.tally({"person", "add", "bo", "--name", "Bo", "--team", "A-3"}, "",
                     {{"TALLY_NOW", "2026-11-01T00:00:00Z"}})
                .exit_code,
            0);
  const Result r = sb.tally({"doctor", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  int warnings = 0;
  for (const auto& row : parse_json(r)) {
    if (row["result"] == "warning") {
      ++warnings;
      EXPECT_EQ(row["check"], "events_ordered");
    }
    EXPECT_NE(row["result"], "failed") << row.dump();
  }
  EXPECT_EQ(warnings, 1);
}

TEST_F(TrustTest, ImportAssetsNeverCreatesAStateNoCommandCanLeave) {
  const std::string csv = sb.dir().file("assets.csv");
  const std::string header = "serial,manufacturer,model,status,location\n";
  ASSERT_EQ(run_process("sh", {"-c", "cat > '" + csv + "'"},
                        header + "D1,Dell,PowerEdge R640,disposed,WH1\nD2,Dell,PowerEdge R640,returned_to_vendor,WH1\n"
                                 "D3,Dell,PowerEdge R640,rma,WH1\nD4,Dell,PowerEdge R640,deployed,\n")
                .exit_code,
            0);
  const std::string err = refused({"import", "assets", csv});
  EXPECT_TRUE(contains(err, "line 2, column 'status': 'disposed' cannot be imported: it needs its disposal record")) << err;
  EXPECT_TRUE(contains(err, "line 3, column 'status': 'returned_to_vendor' cannot be imported: it needs its RMA record")) << err;
  EXPECT_TRUE(contains(err, "line 4, column 'status': 'rma' cannot be imported")) << err;
  EXPECT_TRUE(contains(err, "line 5, column 'status': a deployed asset needs a location")) << err;

  // in_repair comes with the repair record it implies.
  ASSERT_EQ(run_process("sh", {"-c", "cat > '" + csv + "'"}, header + "R1,Dell,PowerEdge R640,in_repair,WH1\n").exit_code,
            0);
  const Result imported = sb.tally({"import", "assets", csv});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.err, "1 rows imported\n");
  EXPECT_EQ(one("SELECT a.status || ' ' || r.reason || ' ' || r.opened_on || ' ' || (r.closed_on IS NULL) "
                "FROM asset a JOIN repair r ON r.asset_id = a.id WHERE a.serial = 'R1'"),
            "in_repair imported as in_repair (line 2) 2026-11-27 1");
  const std::string tag = one("SELECT tag FROM asset WHERE serial = 'R1'");
  ok_json({"repair", "close", tag, "--outcome", "fixed"});
  EXPECT_EQ(one("SELECT status FROM asset WHERE serial = 'R1'"), "in_stock");
}

}  // namespace
}  // namespace tally::e2e
