#include "error.hpp"
#include "events.hpp"
#include "people.hpp"
#include "purchasing.hpp"
#include "store/store.hpp"
#include "unit/checks.hpp"
#include "unit/support.hpp"
#include "users.hpp"
#include "vendors.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace tally {
namespace {

using test::refusal;

constexpr const char* k_password = "correct horse battery";

class UsersTest : public test::DatabaseTest {
 protected:
  User add(const std::string& name, std::vector<Role> roles, const std::string& password = k_password) {
    return add_user(db(), "root", NewUser{name, std::move(roles), std::nullopt, password});
  }
  std::string column(const std::string& sql) { return query_text(db().connection(), sql); }

  // The refusal's problem and message.
  static std::pair<Problem, std::string> problem_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::refused);
      return {e.problem(), e.what()};
    }
    ADD_FAILURE() << "expected a refusal";
    return {Problem::invalid, ""};
  }
};

TEST(Roles, ParseAndName) {
  EXPECT_EQ(parse_role("license_manager"), Role::license_manager);
  EXPECT_EQ(parse_role("license-manager"), Role::license_manager);
  EXPECT_EQ(parse_role("Admin"), Role::admin);
  EXPECT_EQ(parse_role("root"), std::nullopt);
  EXPECT_EQ(parse_role(""), std::nullopt);
  for (const Role r : all_roles()) {
    EXPECT_EQ(parse_role(role_name(r)), r);
  }
  EXPECT_EQ(role_name(Role::license_manager), "license_manager");
}

// Every role against every capability, asserted as one table.
TEST(Roles, MayTable) {
  // Columns: read handle service purchase approve licenses administer.
  const std::map<Role, std::string> expected = {
      {Role::viewer, "1000000"}, {Role::clerk, "1100000"},    {Role::technician, "1010000"},
      {Role::buyer, "1001000"},  {Role::approver, "1000100"}, {Role::license_manager, "1000010"},
      {Role::admin, "1111111"},
  };
  for (const Role r : all_roles()) {
    std::string row;
    const Actor actor{"u", {r}, false, 1};
    for (const Capability c : all_capabilities()) {
      EXPECT_EQ(may(actor, c), role_grants(r, c));
      row += may(actor, c) ? '1' : '0';
    }
    EXPECT_EQ(row, expected.at(r)) << role_name(r);
  }
  EXPECT_EQ(all_capabilities().size(), 7U);
  // Two roles grant the union; no role grants nothing; the local actor grants everything.
  const Actor both{"u", {Role::clerk, Role::technician}, false, 1};
  EXPECT_TRUE(may(both, Capability::handle));
  EXPECT_TRUE(may(both, Capability::service));
  EXPECT_FALSE(may(both, Capability::purchase));
  const Actor none{"u", {}, false, 1};
  EXPECT_FALSE(may(none, Capability::read));
  for (const Capability c : all_capabilities()) {
    EXPECT_TRUE(may(local_actor("ana"), c));
  }
}

TEST(Roles, RequireSaysWhoAndWhat) {
  const Actor clerk{"bob", {Role::clerk, Role::viewer}, false, 2};
  try {
    require(clerk, Capability::approve, "po approve");
    FAIL() << "expected forbidden";
  } catch (const Error& e) {
    EXPECT_EQ(e.problem(), Problem::forbidden);
    EXPECT_STREQ(e.what(), "po approve: bob is viewer, clerk; this needs the approver role");
  }
  EXPECT_NO_THROW(require(clerk, Capability::handle, "receive"));
  EXPECT_NO_THROW(require(local_actor("ana"), Capability::administer, "user add"));
}

TEST_F(UsersTest, PasswordRoundTrip) {
  const User u = add("ana", {Role::clerk, Role::viewer, Role::clerk});
  EXPECT_EQ(u.name, "ana");
  EXPECT_EQ(u.roles, (std::vector<Role>{Role::viewer, Role::clerk}));
  EXPECT_TRUE(u.active);
  EXPECT_EQ(u.created_at, "2026-11-27T09:15:00Z");
  EXPECT_EQ(u.last_login_at, std::nullopt);
  // Stored as an Argon2id string, never as the password.
  const std::string hash = column("SELECT password_hash FROM app_user WHERE name = 'ana'");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0U) << hash;
  EXPECT_EQ(hash.find(k_password), std::string::npos);

  const auto actor = authenticate_password(db(), "ana", k_password);
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->name, "ana");
  EXPECT_EQ(actor->roles, (std::vector<Role>{Role::viewer, Role::clerk}));
  EXPECT_FALSE(actor->local);
  EXPECT_EQ(actor->user_id, u.id);
  EXPECT_EQ(user_by_name(db(), "ANA").last_login_at, "2026-11-27T09:15:00Z");
  // Name case does not matter; the stored name is the actor's.
  EXPECT_EQ(authenticate_password(db(), "Ana", k_password)->name, "ana");
}

TEST_F(UsersTest, WrongPasswordUnknownUserDisabledUser) {
  add("ana", {Role::viewer});
  EXPECT_EQ(authenticate_password(db(), "ana", "correct horse battery!"), std::nullopt);
  EXPECT_EQ(authenticate_password(db(), "ana", ""), std::nullopt);
  EXPECT_EQ(authenticate_password(db(), "nobody", k_password), std::nullopt);
  EXPECT_EQ(authenticate_password(db(), "bad name;", k_password), std::nullopt);
  EXPECT_EQ(user_by_name(db(), "ana").last_login_at, std::nullopt);

  set_user_active(db(), "root", "ana", false);
  EXPECT_FALSE(user_by_name(db(), "ana").active);
  EXPECT_EQ(authenticate_password(db(), "ana", k_password), std::nullopt);
  EXPECT_EQ(problem_of([&] { set_user_active(db(), "root", "ana", false); }),
            std::make_pair(Problem::conflict, std::string("user disable: ana is already disabled")));
  set_user_active(db(), "root", "ana", true);
  EXPECT_TRUE(authenticate_password(db(), "ana", k_password));
}

TEST_F(UsersTest, AnUnknownUserCostsWhatAKnownOneDoes) {
  add("ana", {Role::viewer});
  using clock = std::chrono::steady_clock;
  const auto time = [&](const std::string& name) {
    const auto start = clock::now();
    EXPECT_EQ(authenticate_password(db(), name, "not the password at all"), std::nullopt);
    return std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - start).count();
  };
  time("nobody");  // the dummy hash is made on first use
  const auto known = time("ana");
  const auto unknown = time("nobody");
  // Both run one Argon2id verification (tens of milliseconds); a lookup alone takes microseconds.
  EXPECT_GT(unknown, known / 4) << "known " << known << " us, unknown " << unknown << " us";
  EXPECT_GT(unknown, 5000);
}

TEST_F(UsersTest, AddRefusals) {
  add("ana", {Role::viewer});
  EXPECT_EQ(problem_of([&] { add("ANA", {Role::viewer}); }),
            std::make_pair(Problem::conflict, std::string("user add: user 'ANA' already exists (as 'ana')")));
  EXPECT_EQ(problem_of([&] { add("bob", {Role::viewer}, "short pass"); }),
            std::make_pair(Problem::invalid,
                           std::string("user add: the password must be at least 12 characters long (it has 10)")));
  // Characters, not bytes: eleven two-byte letters are still too short.
  EXPECT_EQ(problem_of([&] { add("bob", {Role::viewer}, "ééééééééééé"); }).second,
            "user add: the password must be at least 12 characters long (it has 11)");
  EXPECT_EQ(problem_of([&] { add("bob", {}); }).second,
            "user add: give at least one role (viewer, clerk, technician, buyer, approver, license_manager, "
            "admin)");
  EXPECT_EQ(problem_of([&] { add("bob smith", {Role::viewer}); }).second,
            "user add: user name 'bob smith' must be 1-64 characters of letters, digits, '.', '_' or '-'");
  const auto unknown_person = problem_of([&] {
    add_user(db(), "root", NewUser{"bob", {Role::viewer}, std::string("nobody"), k_password});
  });
  EXPECT_EQ(unknown_person.first, Problem::not_found);
  EXPECT_EQ(unknown_person.second, "user add: person: unknown person 'nobody' (`person list` shows them)");
  EXPECT_EQ(problem_of([&] {
              parse_roles("user add", {"clerk", "root"});
            }).second,
            "user add: unknown role 'root'; expected one of: viewer, clerk, technician, buyer, approver, "
            "license_manager, admin");
  EXPECT_EQ(count("app_user"), 1);
  EXPECT_EQ(count("app_user_role"), 1);
}

TEST_F(UsersTest, PersonRolesAndEvents) {
  add_person(db(), "root", NewPerson{"ana.lopez", "Ana Lopez", std::nullopt, "A-2"});
  const User u = add_user(db(), "root", NewUser{"ana", {Role::clerk}, std::string("ana.lopez"), k_password});
  EXPECT_EQ(u.person, "ana.lopez");
  set_roles(db(), "root", "ana", {Role::approver, Role::buyer});
  EXPECT_EQ(user_by_name(db(), "ana").roles, (std::vector<Role>{Role::buyer, Role::approver}));
  EXPECT_EQ(problem_of([&] {
              set_roles(db(), "root", "ana", {Role::buyer, Role::approver});
            }).first,
            Problem::conflict);
  set_password(db(), "root", "ana", "a new password of mine");
  EXPECT_EQ(authenticate_password(db(), "ana", k_password), std::nullopt);
  EXPECT_TRUE(authenticate_password(db(), "ana", "a new password of mine"));
  EXPECT_EQ(problem_of([&] { set_password(db(), "root", "nobody", "a new password of mine"); }),
            std::make_pair(Problem::not_found,
                           std::string("user set-password: unknown user 'nobody' (`user list` shows them)")));

  EventFilter filter;
  filter.entity = "user";
  const auto events = list_events(db(), filter);
  ASSERT_EQ(events.size(), 3U);
  EXPECT_EQ(events[0].action, "create");
  EXPECT_EQ(events[0].actor, "root");
  EXPECT_EQ(events[0].after.dump(), R"({"name":"ana","roles":["clerk"],"person":"ana.lopez","active":true})");
  EXPECT_EQ(events[1].action, "set");
  EXPECT_EQ(events[1].before.dump(), R"({"roles":["clerk"]})");
  EXPECT_EQ(events[1].after.dump(), R"({"roles":["buyer","approver"]})");
  EXPECT_EQ(events[2].action, "set_password");
  EXPECT_EQ(events[2].after.dump(), R"({"password":"changed"})");
  // No hash or password in any event.
  EXPECT_EQ(query_int(db().connection(),
                      "SELECT count(*) FROM event WHERE coalesce(after, '') LIKE '%argon%' OR "
                      "coalesce(after, '') LIKE '%horse%' OR coalesce(after, '') LIKE '%mine%'"),
            0);
  const auto users = list_users(db());
  ASSERT_EQ(users.size(), 1U);
  EXPECT_EQ(users[0].name, "ana");
}

TEST_F(UsersTest, TokenRoundTripExpiryAndRevocation) {
  add("ana", {Role::clerk});
  const CreatedToken t = create_token(db(), "root", NewToken{"ana", "scanner", std::nullopt, std::nullopt});
  EXPECT_EQ(t.id, 1);
  EXPECT_EQ(t.expires_at, "2027-02-25T09:15:00Z");  // 90 days
  EXPECT_EQ(t.secret.rfind("tly_", 0), 0U);
  EXPECT_EQ(t.secret.size(), 4U + 43U);
  // Stored only as its hash.
  EXPECT_EQ(query_int(db().connection(), "SELECT count(*) FROM api_token WHERE secret_hash = '" + t.secret + "'"), 0);
  EXPECT_EQ(column("SELECT length(secret_hash) FROM api_token"), "64");

  const auto actor = authenticate_token(db(), t.secret);
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->name, "ana");
  EXPECT_EQ(actor->roles, std::vector<Role>{Role::clerk});
  EXPECT_EQ(list_tokens(db(), std::nullopt).at(0).last_used_at, "2026-11-27T09:15:00Z");
  // A wrong, truncated or foreign secret finds nothing.
  std::string wrong = t.secret;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(authenticate_token(db(), wrong), std::nullopt);
  EXPECT_EQ(authenticate_token(db(), t.secret.substr(0, 20)), std::nullopt);
  EXPECT_EQ(authenticate_token(db(), ""), std::nullopt);
  EXPECT_EQ(authenticate_token(db(), "tly_" + std::string(43, '!')), std::nullopt);

  // Expired: the last second before, then the expiry itself.
  {
    test::ScopedEnv later("TALLY_NOW", "2027-02-25T09:14:59Z");
    EXPECT_TRUE(authenticate_token(db(), t.secret));
  }
  {
    test::ScopedEnv later("TALLY_NOW", "2027-02-25T09:15:00Z");
    EXPECT_EQ(authenticate_token(db(), t.secret), std::nullopt);
  }
  // A disabled user's token does nothing until they are enabled again.
  set_user_active(db(), "root", "ana", false);
  EXPECT_EQ(authenticate_token(db(), t.secret), std::nullopt);
  EXPECT_EQ(problem_of([&] {
              create_token(db(), "root", NewToken{"ana", "", std::nullopt, std::nullopt});
            }).first,
            Problem::conflict);
  set_user_active(db(), "root", "ana", true);
  EXPECT_TRUE(authenticate_token(db(), t.secret));

  revoke_token(db(), "root", t.id);
  EXPECT_EQ(authenticate_token(db(), t.secret), std::nullopt);
  EXPECT_EQ(problem_of([&] { revoke_token(db(), "root", t.id); }),
            std::make_pair(Problem::conflict,
                           std::string("token revoke: token 1 of ana was already revoked at 2026-11-27T09:15:00Z")));
  EXPECT_EQ(
      problem_of([&] { revoke_token(db(), "root", 99); }),
      std::make_pair(Problem::not_found, std::string("token revoke: there is no token 99 (`token list` shows them)")));
  const auto listed = list_tokens(db(), std::string("ana"));
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_TRUE(listed[0].revoked);
  EXPECT_EQ(listed[0].label, "scanner");
}

TEST_F(UsersTest, TokenExpiryChoices) {
  add("ana", {Role::clerk});
  EXPECT_EQ(create_token(db(), "r", NewToken{"ana", "", std::string("2027-01-31"), std::nullopt}).expires_at,
            "2027-01-31T23:59:59Z");
  EXPECT_EQ(create_token(db(), "r", NewToken{"ana", "", std::string("2026-11-27T10:00:00Z"), std::nullopt}).expires_at,
            "2026-11-27T10:00:00Z");
  EXPECT_EQ(create_token(db(), "r", NewToken{"ana", "", std::nullopt, 7}).expires_at, "2026-12-04T09:15:00Z");
  EXPECT_EQ(problem_of([&] {
              create_token(db(), "r", NewToken{"ana", "", std::string("2026-11-26"), std::nullopt});
            }).second,
            "token create: expires_at 2026-11-26 is not in the future (now is 2026-11-27T09:15:00Z)");
  EXPECT_EQ(problem_of([&] {
              create_token(db(), "r", NewToken{"ana", "", std::string("soon"), std::nullopt});
            }).second,
            "token create: expires_at 'soon' is not a date like 2027-03-01 or a UTC time like 2027-03-01T12:00:00Z");
  EXPECT_EQ(problem_of([&] {
              create_token(db(), "r", NewToken{"ana", "", std::string("2027-01-01"), 3});
            }).second,
            "token create: give expires_at or days, not both");
  EXPECT_EQ(problem_of([&] {
              create_token(db(), "r", NewToken{"nobody", "", std::nullopt, std::nullopt});
            }).first,
            Problem::not_found);
  EXPECT_EQ(count("api_token"), 3);
}

TEST_F(UsersTest, SessionsExpireEndAndFollowTheUser) {
  const User u = add("ana", {Role::approver});
  const Actor actor = *authenticate_password(db(), "ana", k_password);
  const Session s = create_session(db(), actor, std::chrono::hours{8});
  EXPECT_EQ(s.expires_at, "2026-11-27T17:15:00Z");
  EXPECT_EQ(s.id.rfind("tly_", 0), 0U);
  EXPECT_FALSE(s.csrf.empty());
  EXPECT_NE(s.csrf, s.id);
  const auto found = session_actor(db(), s.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first.name, "ana");
  EXPECT_EQ(found->first.user_id, u.id);
  EXPECT_EQ(found->second, s.csrf);
  // Two sessions of one user differ in id and CSRF token.
  const Session other = create_session(db(), actor, std::chrono::hours{1});
  EXPECT_NE(other.id, s.id);
  EXPECT_NE(other.csrf, s.csrf);
  {
    test::ScopedEnv later("TALLY_NOW", "2026-11-27T17:14:59Z");
    EXPECT_TRUE(session_actor(db(), s.id));
    EXPECT_EQ(session_actor(db(), other.id), std::nullopt);  // one hour only
  }
  {
    test::ScopedEnv later("TALLY_NOW", "2026-11-27T17:15:00Z");
    EXPECT_EQ(session_actor(db(), s.id), std::nullopt);
    // The next login sweeps both expired rows.
    create_session(db(), actor, std::chrono::hours{1});
    EXPECT_EQ(count("web_session"), 1);
  }
  const Session third = create_session(db(), actor, std::chrono::minutes{5});
  end_session(db(), third.id);
  EXPECT_EQ(session_actor(db(), third.id), std::nullopt);
  end_session(db(), third.id);  // twice: nothing
  end_session(db(), "garbage");

  const Session fourth = create_session(db(), actor, std::chrono::minutes{5});
  set_password(db(), "root", "ana", "another password here");
  EXPECT_EQ(session_actor(db(), fourth.id), std::nullopt);  // a new password ends sessions
  const Session fifth = create_session(db(), actor, std::chrono::minutes{5});
  set_user_active(db(), "root", "ana", false);
  EXPECT_EQ(session_actor(db(), fifth.id), std::nullopt);
  EXPECT_EQ(problem_of([&] { create_session(db(), actor, std::chrono::minutes{5}); }).first, Problem::invalid);
  EXPECT_EQ(problem_of([&] { create_session(db(), local_actor("root"), std::chrono::minutes{5}); }).second,
            "session: only an authenticated user has a web session");
}

TEST_F(UsersTest, SecretColumns) {
  EXPECT_TRUE(is_secret_column("app_user", "password_hash"));
  EXPECT_TRUE(is_secret_column("API_TOKEN", "secret_hash"));
  EXPECT_TRUE(is_secret_column("web_session", "id_hash"));
  EXPECT_FALSE(is_secret_column("app_user", "name"));
  EXPECT_TRUE(is_credential_table("api_token"));
  EXPECT_FALSE(is_credential_table("app_user"));
}

// The approver rule, in the core for every face.
class ApproverRuleTest : public test::DatabaseTest {
 protected:
  void SetUp() override {
    test::DatabaseTest::SetUp();
    test::seed_vendors(db(), {"Dell"});
    NewPurchaseOrder po;
    po.vendor = "Dell";
    po.team = "A-2";
    m_po = create_po(db(), "carol", po).number;
    add_po_line(db(), "carol", {m_po, std::nullopt, std::string("cables"), 2, "10.00", std::nullopt});
  }
  PurchaseOrder move(const std::string& actor, PoAction action) {
    PoTransitionRequest r;
    r.po = m_po;
    r.action = action;
    r.override_budget = action == PoAction::approve;
    r.reason = "no budget in the test";
    return transition_po(db(), actor, r);
  }
  std::string m_po;
};

TEST_F(ApproverRuleTest, CreatorSubmitterAndAThirdUser) {
  move("dave", PoAction::submit);
  EXPECT_EQ(query_text(db().connection(), "SELECT created_by || '/' || submitted_by FROM purchase_order"),
            "carol/dave");
  for (const auto& [who, did] : std::vector<std::pair<std::string, std::string>>{
           {"carol", "created"}, {"CAROL", "created"}, {"dave", "submitted"}}) {
    try {
      move(who, PoAction::approve);
      ADD_FAILURE() << who << " approved";
    } catch (const Error& e) {
      EXPECT_EQ(e.problem(), Problem::forbidden);
      EXPECT_EQ(std::string(e.what()), "po approve: " + m_po + " was " + did + " by " + who +
                                           "; an approver cannot approve a PO they created or submitted; ask "
                                           "another approver");
    }
  }
  EXPECT_EQ(show_po(db(), m_po).status, "submitted");
  EXPECT_EQ(move("erin", PoAction::approve).status, "approved");
}

TEST_F(ApproverRuleTest, TheCreatorMayRejectAndTheResubmitterIsRecorded) {
  move("carol", PoAction::submit);
  // Reject is allowed to anyone who may approve (README: it spends nothing).
  PoTransitionRequest reject;
  reject.po = m_po;
  reject.action = PoAction::reject;
  reject.reason = "wrong vendor";
  EXPECT_EQ(transition_po(db(), "carol", reject).status, "draft");
  move("dave", PoAction::submit);
  EXPECT_EQ(query_text(db().connection(), "SELECT submitted_by FROM purchase_order"), "dave");
  EXPECT_THROW(move("dave", PoAction::approve), Error);
  EXPECT_THROW(move("carol", PoAction::approve), Error);
  EXPECT_EQ(move("erin", PoAction::approve).status, "approved");
}

TEST_F(ApproverRuleTest, TheSchemaKeepsWhoCreatedAndSubmitted) {
  move("dave", PoAction::submit);
  EXPECT_THROW(db().exec("UPDATE purchase_order SET submitted_by = 'x'"), store::SqlError);
  EXPECT_THROW(db().exec("UPDATE purchase_order SET created_by = 'x'"), store::SqlError);
  EXPECT_THROW(db().exec("UPDATE purchase_order SET created_by = NULL"), store::SqlError);
}

}  // namespace
}  // namespace tally
