// End-to-end tests of users, roles and API tokens (`tally user ...`, `tally
// token ...`): each command's output and each refusal with the file as it
// was, the schema's rules against the sqlite3 shell, secrets never shown by
// `tally sql` or written by `tally export`, and the approver rule on the
// command line.

#include "harness.hpp"

namespace tally::e2e {
namespace {

using json = nlohmann::json;
using Strings = std::vector<std::string>;

constexpr const char* k_password = "correct horse battery\n";

class UsersTest : public SandboxTest {
 protected:
  // `tally user add NAME --role ROLE...` with the password on stdin; must succeed.
  json add_user(const std::string& name, const Strings& roles, const Strings& more = {}) {
    Strings args = {"--format", "json", "user", "add", name, "--password-stdin"};
    for (const auto& role : roles) {
      args.insert(args.end(), {"--role", role});
    }
    args.insert(args.end(), more.begin(), more.end());
    const Result r = sb.tally(args, k_password);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return parse_json(r);
  }
  std::string one(const std::string& sql) { return lines_of(sb.sqlite(sql).out).at(0); }

  // Runs `sql` through the sqlite3 shell and expects the schema to refuse it with `message`, the file unchanged.
  void shell_refused(const std::string& sql, const std::string& message) {
    SCOPED_TRACE(sql);
    const std::string before = sb.dump();
    const Result r = sb.sqlite("BEGIN; " + sql + "; COMMIT;");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(contains(r.err, message)) << "expected " << message << "\ngot: " << r.err;
    EXPECT_TRUE(sb.dump() == before) << "the change went through";
  }
};

TEST_F(UsersTest, AddListShowAndTheHistory) {
  ok_json({"person", "add", "ana.lopez", "--name", "Ana Lopez", "--team", "A-2"});
  const json ana = add_user("ana", {"clerk", "license-manager"}, {"--person", "ana.lopez"});
  EXPECT_EQ(ana, json::parse(R"({"name":"ana","roles":["clerk","license_manager"],"person":"ana.lopez",
    "active":true,"has_password":true,"created_at":"2026-11-27T09:15:00Z","last_login_at":null})"));
  add_user("bob", {"approver"});

  const Result table = sb.tally({"user", "list"});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out,
            "NAME  ROLES                   PERSON     ACTIVE  CREATED AT            LAST LOGIN\n"
            "ana   clerk, license_manager  ana.lopez  yes     2026-11-27T09:15:00Z\n"
            "bob   approver                           yes     2026-11-27T09:15:00Z\n");
  const Result csv = sb.tally({"user", "list", "--format", "csv"});
  EXPECT_EQ(csv.out,
            "name,roles,person,active,created_at,last_login_at\n"
            "ana,clerk;license_manager,ana.lopez,true,2026-11-27T09:15:00Z,\n"
            "bob,approver,,true,2026-11-27T09:15:00Z,\n");
  EXPECT_EQ(ok_json({"user", "list"}).size(), 2U);
  const Result show = sb.tally({"user", "show", "ANA"});
  EXPECT_EQ(show.out,
            "name:           ana\n"
            "roles:          clerk, license_manager\n"
            "person:         ana.lopez\n"
            "active:         yes\n"
            "has password:   yes\n"
            "created at:     2026-11-27T09:15:00Z\n"
            "last login at:\n");

  EXPECT_EQ(ok_json({"user", "set-roles", "ana", "--role", "technician", "--role", "viewer"})["roles"],
            json::parse(R"(["viewer","technician"])"));
  EXPECT_EQ(ok_json({"user", "disable", "ana"})["active"], false);
  EXPECT_EQ(ok_json({"user", "enable", "ana"})["active"], true);
  const Result password = sb.tally({"user", "set-password", "ana", "--password-stdin"}, "another long secret\n");
  EXPECT_EQ(password.exit_code, 0) << password.err;
  EXPECT_EQ(password.out, "");
  EXPECT_EQ(password.err, "user set-password: the password of ana was changed\n");

  const json log = ok_json({"log", "--entity", "user"});
  Strings actions;
  for (const auto& event : log) {
    actions.push_back(event["action"].get<std::string>() + " " + event["key"].get<std::string>() + " by " +
                      event["actor"].get<std::string>());
  }
  EXPECT_EQ(actions, (Strings{"create ana by tester", "create bob by tester", "set ana by tester",
                              "disable ana by tester", "enable ana by tester", "set_password ana by tester"}));
  EXPECT_EQ(log[5]["after"], json::parse(R"({"password":"changed"})"));
  EXPECT_FALSE(contains(sb.sqlite("SELECT group_concat(after) FROM event").out, "argon2"));
  EXPECT_FALSE(contains(sb.sqlite("SELECT group_concat(after) FROM event").out, "long secret"));
  // The hash is Argon2id; neither password is in the file's rows.
  EXPECT_EQ(one("SELECT substr(password_hash, 1, 10) FROM app_user WHERE name = 'ana'"), "$argon2id$");
  EXPECT_FALSE(contains(sb.dump(), "correct horse"));
  EXPECT_FALSE(contains(sb.dump(), "another long secret"));
}

TEST_F(UsersTest, RefusalsNameTheFieldAndWriteNothing) {
  ok_json({"person", "add", "ana.lopez", "--name", "Ana Lopez", "--team", "A-2"});
  add_user("ana", {"clerk"});
  const std::string pass = k_password;
  EXPECT_EQ(refused({"user", "add", "bob", "--role", "root", "--password-stdin"}, 1, pass),
            "tally: error: user add: unknown role 'root'; expected one of: viewer, clerk, technician, buyer, "
            "approver, license_manager, admin\n");
  EXPECT_EQ(refused({"user", "add", "bob", "--role", "clerk", "--password-stdin"}, 1, "too short\n"),
            "tally: error: user add: the password must be at least 12 characters long (it has 9)\n");
  EXPECT_EQ(refused({"user", "add", "bob", "--role", "clerk", "--password-stdin"}, 1, "\n"),
            "tally: error: user add: the password must be at least 12 characters long (it has 0)\n");
  EXPECT_EQ(refused({"user", "add", "ANA", "--role", "clerk", "--password-stdin"}, 1, pass),
            "tally: error: user add: user 'ANA' already exists (as 'ana')\n");
  EXPECT_EQ(refused({"user", "add", "bob", "--role", "clerk", "--person", "nobody", "--password-stdin"}, 1, pass),
            "tally: error: user add: --person: unknown person 'nobody' (`tally person list` shows them)\n");
  EXPECT_EQ(refused({"user", "add", "bob smith", "--role", "clerk", "--password-stdin"}, 1, pass),
            "tally: error: user add: user name 'bob smith' must be 1-64 characters of letters, digits, '.', '_' or "
            "'-'\n");
  // No --role is a usage error; no terminal and no --password-stdin too.
  EXPECT_TRUE(contains(refused({"user", "add", "bob"}, 2), "--role is required")) << "no role";
  EXPECT_EQ(refused({"user", "add", "bob", "--role", "clerk"}, 2),
            "tally: error: user add: stdin is not a terminal to ask for the password; pass it on stdin with "
            "--password-stdin\n");
  EXPECT_EQ(refused({"user", "set-password", "nobody", "--password-stdin"}, 1, pass),
            "tally: error: user: unknown user 'nobody' (`tally user list` shows them)\n");
  EXPECT_EQ(refused({"user", "set-password", "ana", "--password-stdin"}, 1, "short\n"),
            "tally: error: user set-password: the password must be at least 12 characters long (it has 5)\n");
  EXPECT_EQ(refused({"user", "enable", "ana"}), "tally: error: user enable: ana is already enabled\n");
  EXPECT_EQ(refused({"user", "disable", "nobody"}),
            "tally: error: user disable: unknown user 'nobody' (`tally user list` shows them)\n");
  EXPECT_EQ(refused({"user", "set-roles", "ana", "--role", "clerk"}),
            "tally: error: user set-roles: ana already has exactly these roles\n");
  EXPECT_EQ(refused({"user", "set-roles", "ana", "--role", "boss"}),
            "tally: error: user set-roles: unknown role 'boss'; expected one of: viewer, clerk, technician, buyer, "
            "approver, license_manager, admin\n");
  EXPECT_EQ(refused({"user", "show", "nobody"}),
            "tally: error: user: unknown user 'nobody' (`tally user list` shows them)\n");
}

TEST_F(UsersTest, TokensAreShownOnceListedAndRevoked) {
  add_user("ana", {"clerk"});
  const Result created =
      sb.tally({"--format", "json", "token", "create", "ana", "--label", "dock scanner", "--days", "30"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.err, "token create: the secret is not shown again; keep it now (tally stores only its hash)\n");
  const json token = parse_json(created);
  EXPECT_EQ(token["id"], 1);
  EXPECT_EQ(token["user"], "ana");
  EXPECT_EQ(token["expires_at"], "2026-12-27T09:15:00Z");
  const std::string secret = token["secret"];
  EXPECT_EQ(secret.rfind("tly_", 0), 0U);
  EXPECT_EQ(secret.size(), 47U);
  // Only its hash is stored; the history has no secret.
  EXPECT_FALSE(contains(sb.dump(), secret.substr(4)));
  EXPECT_EQ(one("SELECT length(secret_hash) FROM api_token"), "64");

  const Result by_date = sb.tally({"token", "create", "ana", "--expires", "2027-01-31"});
  EXPECT_EQ(by_date.exit_code, 0) << by_date.err;
  EXPECT_TRUE(contains(by_date.out, "expires at:  2027-01-31T23:59:59Z\n")) << by_date.out;

  const Result list = sb.tally({"token", "list", "ana"});
  EXPECT_EQ(list.out,
            "ID  USER  LABEL         CREATED AT            EXPIRES AT            LAST USED  REVOKED\n"
            "1   ana   dock scanner  2026-11-27T09:15:00Z  2026-12-27T09:15:00Z             no\n"
            "2   ana                 2026-11-27T09:15:00Z  2027-01-31T23:59:59Z             no\n");
  const Result revoked = sb.tally({"token", "revoke", "1"});
  EXPECT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(revoked.err, "token revoke: token 1 is revoked\n");
  const json listed = ok_json({"token", "list"});
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_EQ(listed[0], json::parse(R"({"id":1,"user":"ana","label":"dock scanner","created_at":"2026-11-27T09:15:00Z",
    "expires_at":"2026-12-27T09:15:00Z","last_used_at":null,"revoked":true,"revoked_at":"2026-11-27T09:15:00Z"})"));
  EXPECT_FALSE(contains(sb.tally({"token", "list", "--format", "csv"}).out, "tly_"));

  EXPECT_EQ(refused({"token", "revoke", "1"}),
            "tally: error: token revoke: token 1 of ana was already revoked at 2026-11-27T09:15:00Z\n");
  EXPECT_EQ(refused({"token", "revoke", "9"}),
            "tally: error: token revoke: there is no token 9 (`tally token list` shows them)\n");
  EXPECT_EQ(refused({"token", "revoke", "one"}), "tally: error: token revoke: 'one' is not a token id (a number)\n");
  EXPECT_EQ(refused({"token", "create", "nobody"}),
            "tally: error: token create: unknown user 'nobody' (`tally user list` shows them)\n");
  EXPECT_EQ(refused({"token", "create", "ana", "--expires", "2026-11-26"}),
            "tally: error: token create: --expires 2026-11-26 is not in the future (now is 2026-11-27T09:15:00Z)\n");
  EXPECT_EQ(refused({"token", "create", "ana", "--expires", "2027-01-01", "--days", "3"}),
            "tally: error: token create: give --expires or --days, not both\n");
  EXPECT_EQ(refused({"token", "create", "ana", "--days", "0"}), "tally: error: --days: 0 is not from 1 to 3660\n");
  ok_json({"user", "disable", "ana"});
  EXPECT_EQ(refused({"token", "create", "ana"}),
            "tally: error: token create: ana is disabled; enable them first (`tally user enable`)\n");
  const json log = ok_json({"log", "--entity", "token"});
  ASSERT_EQ(log.size(), 3U);
  EXPECT_EQ(log[0]["after"],
            json::parse(R"({"user":"ana","label":"dock scanner","expires_at":"2026-12-27T09:15:00Z"})"));
  EXPECT_EQ(log[2]["action"], "revoke");
}

TEST_F(UsersTest, TheShellCannotBreakTheRules) {
  add_user("ana", {"clerk"});
  sb.tally({"token", "create", "ana"});
  shell_refused("INSERT INTO app_user_role (user_id, role) VALUES (1, 'root')", "CHECK constraint failed: role IN");
  shell_refused("UPDATE app_user_role SET role = 'superuser'", "CHECK constraint failed: role IN");
  shell_refused("INSERT INTO app_user_role (user_id, role) VALUES (99, 'admin')",
                "app_user_role: a role belongs to an existing user");
  shell_refused(
      "INSERT INTO api_token (user_id, label, secret_hash, created_at, expires_at) VALUES (99, '', "
      "printf('%064d', 7), '2026-11-27T09:15:00Z', '2027-11-27T09:15:00Z')",
      "api_token: a token belongs to an existing user");
  shell_refused(
      "INSERT INTO web_session (id_hash, user_id, created_at, expires_at) VALUES (printf('%064d', 7), 99, "
      "'2026-11-27T09:15:00Z', '2026-11-28T09:15:00Z')",
      "web_session: a session belongs to an existing user");
  shell_refused("DELETE FROM app_user", "app_user: a user is never deleted; disable them instead");
  shell_refused("UPDATE app_user SET name = 'root'", "app_user: a user keeps their id and name");
  shell_refused("UPDATE app_user SET person_id = 99", "app_user: the person does not exist");
  shell_refused("UPDATE app_user SET password_hash = 'plain text'", "CHECK constraint failed: password_hash");
  shell_refused("UPDATE api_token SET user_id = 2", "api_token: a token keeps its user");
  shell_refused("UPDATE api_token SET expires_at = '2099-01-01T00:00:00Z'", "api_token: a token keeps its user");
  shell_refused("DELETE FROM api_token", "api_token: a token is never deleted; revoke it instead");
  ASSERT_EQ(sb.tally({"token", "revoke", "1"}).exit_code, 0);
  shell_refused("UPDATE api_token SET revoked_at = NULL", "a revoked token stays revoked");
  EXPECT_EQ(sb.tally({"doctor"}).exit_code, 0);
}

TEST_F(UsersTest, SqlAndExportNeverShowSecrets) {
  add_user("ana", {"admin"});
  const Result created = sb.tally({"--format", "json", "token", "create", "ana"});
  const std::string secret = parse_json(created)["secret"];
  const std::string hash = one("SELECT secret_hash FROM api_token");
  const std::string password_hash = one("SELECT password_hash FROM app_user");

  const Result all = sb.tally({"sql", "SELECT * FROM app_user", "--format", "json"});
  EXPECT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(parse_json(all), json::parse(R"([{"id":1,"name":"ana","person_id":null,"password_hash":null,"active":1,
    "created_at":"2026-11-27T09:15:00Z","last_login_at":null}])"));
  for (const Strings& args :
       {Strings{"sql", "SELECT password_hash FROM app_user"}, Strings{"sql", "SELECT secret_hash FROM api_token"},
        Strings{"sql", "SELECT secret_hash FROM api_token", "--show-keys"},
        Strings{"sql", "SELECT hex(password_hash) || secret_hash FROM app_user, api_token"},
        Strings{"sql", "SELECT * FROM api_token"}}) {
    const Result r = sb.tally(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(contains(r.out, "argon2")) << args[1];
    EXPECT_FALSE(contains(r.out, hash)) << args[1];
  }
  // A WHERE on the hash sees NULL too: no oracle for guessing it.
  EXPECT_EQ(
      sb.tally({"sql", "SELECT count(*) AS n FROM api_token WHERE secret_hash = '" + hash + "'", "--format", "csv"})
          .out,
      "n\n0\n");

  const std::string file = sb.dir().file("export.json");
  const Result exported = sb.tally({"export", "--out", file});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const Result cat = run_process("cat", {file});
  EXPECT_FALSE(contains(cat.out, "argon2"));
  EXPECT_FALSE(contains(cat.out, password_hash));
  EXPECT_FALSE(contains(cat.out, hash));
  EXPECT_FALSE(contains(cat.out, secret.substr(4)));
  const json doc = json::parse(cat.out);
  EXPECT_FALSE(doc["tables"].contains("api_token"));
  EXPECT_FALSE(doc["tables"].contains("web_session"));
  EXPECT_EQ(doc["tables"]["app_user"][0]["password_hash"], nullptr);
  EXPECT_EQ(doc["tables"]["app_user_role"], json::parse(R"([{"user_id":1,"role":"admin"}])"));

  // Imported, the user is back without a password (set it again) and without tokens.
  Sandbox other;
  other.init();
  const Result imported = other.tally({"import", "json", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const Result shown = other.tally({"--format", "json", "user", "show", "ana"});
  EXPECT_EQ(parse_json(shown)["has_password"], false);
  EXPECT_EQ(lines_of(other.sqlite("SELECT count(*) FROM api_token").out).at(0), "0");
}

TEST_F(UsersTest, AnApproverNeverApprovesTheirOwnPo) {
  ok_json({"vendor", "add", "Dell", "--supplier"});
  ok_json({"po", "create", "--vendor", "Dell", "--team", "A-2", "--actor", "carol"});
  ok_json({"po", "add-line", "PO-2026-0001", "--description", "cables", "--qty", "2", "--unit-cost", "10.00"});
  ok_json({"po", "submit", "PO-2026-0001", "--actor", "dave"});
  EXPECT_EQ(refused({"po", "approve", "PO-2026-0001", "--actor", "carol", "--override", "--reason", "x"}),
            "tally: error: po approve: PO-2026-0001 was created by carol; an approver cannot approve a PO they "
            "created or submitted; ask another approver\n");
  EXPECT_EQ(refused({"po", "approve", "PO-2026-0001", "--actor", "dave", "--override", "--reason", "x"}),
            "tally: error: po approve: PO-2026-0001 was submitted by dave; an approver cannot approve a PO they "
            "created or submitted; ask another approver\n");
  // $TALLY_ACTOR is the actor when --actor is not given.
  const std::string before = sb.dump();
  const Result as_env =
      sb.tally({"po", "approve", "PO-2026-0001", "--override", "--reason", "x"}, "", {{"TALLY_ACTOR", "Carol"}});
  EXPECT_EQ(as_env.exit_code, 1);
  EXPECT_TRUE(contains(as_env.err, "was created by Carol")) << as_env.err;
  EXPECT_EQ(sb.dump(), before);
  const json approved =
      ok_json({"po", "approve", "PO-2026-0001", "--actor", "erin", "--override", "--reason", "no budget set"});
  EXPECT_EQ(approved["status"], "approved");
  EXPECT_EQ(one("SELECT created_by || ' ' || submitted_by FROM purchase_order"), "carol dave");
  EXPECT_EQ(sb.tally({"doctor"}).exit_code, 0);
}

}  // namespace
}  // namespace tally::e2e
