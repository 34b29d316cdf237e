#pragma once

#include "json.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tally {

class Database;
struct DoctorProblem;

// What a user is for; each role grants capabilities (role_grants).
enum class Role { viewer, clerk, technician, buyer, approver, license_manager, admin };

// What a role lets an actor do. A route or command needs one capability.
enum class Capability {
  read,        // every role: see records, reports, log
  handle,      // clerk: receive, move, audit, labels, stock
  service,     // technician: tests, images, racks, repairs, RMAs, disposal
  purchase,    // buyer: vendors, models, POs (create/submit), budgets, contracts
  approve,     // approver: approve/reject POs (never their own: see below)
  licenses,    // license manager: licenses and assignments
  administer,  // admin: users, tokens, configuration, import, sql, backup/export
};

// The role named "viewer", ..., "license_manager" (or "license-manager"), "admin"; nullopt otherwise.
std::optional<Role> parse_role(const std::string&);
// The role's name as stored and shown ("license_manager").
std::string role_name(Role);
// Every role, in the order of the enum.
const std::vector<Role>& all_roles();
// Every capability, in the order of the enum.
const std::vector<Capability>& all_capabilities();
// The capability's name ("read", "handle", ...).
std::string capability_name(Capability);
// The role that grants the capability (besides admin): read -> viewer, handle -> clerk, ...
Role role_for(Capability);
// admin grants everything; every role grants read; each other role its own capability.
bool role_grants(Role, Capability);
// Every role name or throws Error(invalid, "<context>: unknown role 'x'; expected one of: ...", "role").
std::vector<Role> parse_roles(const std::string& context, const std::vector<std::string>& names);

// Who acts. The CLI's actor is a local shell user of the file (`local`, every capability: whoever can run the
// binary on the file can open it in sqlite3 anyway); the server's actor is an authenticated user.
struct Actor {
  std::string name;  // written as the event actor
  std::vector<Role> roles;
  bool local = false;
  std::optional<std::int64_t> user_id;
};
// The actor of a shell user of the file: every capability, no user row.
Actor local_actor(const std::string& name);
// True when the actor is local or one of its roles grants the capability.
bool may(const Actor&, Capability);
// Throws forbidden("<what>: <name> is <roles>; this needs the <capability> role") when the actor may not.
void require(const Actor&, Capability, const std::string& what);

// A user of `tally serve` (a row of app_user with its roles).
struct User {
  std::int64_t id;
  std::string name;
  std::vector<Role> roles;
  std::optional<std::string> person;  // the person's username
  bool active;
  std::string created_at;
  std::optional<std::string> last_login_at;
  bool has_password = true;  // false after `import json` (which carries no hashes) until set-password
};
// What `tally user add` asks for.
struct NewUser {
  std::string name;
  std::vector<Role> roles;
  std::optional<std::string> person;
  std::string password;
};
// The shortest password accepted, in characters.
constexpr std::size_t k_min_password_length = 12;

// Adds a user with a hashed password and records the event. Throws a refused Error for a malformed or taken
// name (conflict), no role, an unknown person (not_found), or a password shorter than 12 characters.
User add_user(Database&, const std::string& actor, const NewUser&);
// Every user, by name.
std::vector<User> list_users(Database&);
// The user with this name (case-insensitive). Throws not_found(..., "user").
User user_by_name(Database&, const std::string& name);
// Disables (no login, no token, sessions ended) or enables a user. Throws conflict if already so.
void set_user_active(Database&, const std::string& actor, const std::string& name, bool active);
// Replaces the password (and ends the user's web sessions). Throws for a short password or an unknown user.
void set_password(Database&, const std::string& actor, const std::string& name, const std::string& password);
// Replaces the user's roles (at least one). Throws for no role or an unknown user; conflict if unchanged.
void set_roles(Database&, const std::string& actor, const std::string& name, const std::vector<Role>&);
// nullopt for an unknown or disabled user or a wrong password; the same time spent either way.
std::optional<Actor> authenticate_password(Database&, const std::string& name, const std::string& password);

// What `tally token create` asks for: an expiry as a date (YYYY-MM-DD: the end of that day, UTC) or a UTC
// timestamp (YYYY-MM-DDTHH:MM:SSZ), or a number of days from now; neither: 90 days.
struct NewToken {
  std::string user;
  std::string label;
  std::optional<std::string> expires_at;  // ISO-8601 UTC
  std::optional<std::int64_t> days;
};
// How long a token lives when no expiry is given.
constexpr std::int64_t k_default_token_days = 90;
// A new token: its secret is shown once and never stored.
struct CreatedToken {
  std::int64_t id;
  std::string secret;
  std::string expires_at;
};
// A token as listed (never its secret).
struct TokenInfo {
  std::int64_t id;
  std::string user;
  std::string label;
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> last_used_at;
  bool revoked;
  std::optional<std::string> revoked_at;
};
// Creates an API token for an active user and records the event (without the secret). Throws for an unknown
// or disabled user, a bad or past expiry, both an expiry and days, or a bad label.
CreatedToken create_token(Database&, const std::string& actor, const NewToken&);
// Every token (or one user's), by id. Throws not_found for an unknown user.
std::vector<TokenInfo> list_tokens(Database&, const std::optional<std::string>& user);
// Revokes a token for good. Throws not_found(..., "token") or conflict when already revoked.
void revoke_token(Database&, const std::string& actor, std::int64_t id);
// The token's user as an actor; expired/revoked/disabled/unknown: nullopt. Notes the use (once a minute).
std::optional<Actor> authenticate_token(Database&, const std::string& secret);

// Web sessions, stored in the database so every server over the file (or the cluster) shares them.
struct Session {
  std::string id;    // random, shown once (the cookie)
  std::string csrf;  // derived from the id: the same for the life of the session
  std::string expires_at;
};
// How long a session may be asked to live, at most.
constexpr std::chrono::seconds k_max_session_lifetime{30 * 24 * 3600};
// A new session of an authenticated (not local) actor. Sweeps expired sessions. Throws Error(invalid) for a
// local actor, a disabled user, or a lifetime outside 1 s .. 30 days.
Session create_session(Database&, const Actor&, std::chrono::seconds lifetime);
// The session's actor and CSRF token; nullopt for an unknown, ended or expired session or a disabled user.
std::optional<std::pair<Actor, std::string /*csrf*/>> session_actor(Database&, const std::string& id);
// Ends a session (nothing if there is none).
void end_session(Database&, const std::string& id);

// A user as JSON (what `user list/show` print and `tally serve` answers): name, roles, person, active,
// has_password, created_at, last_login_at.
Json user_json(const User&);
// A token as JSON (never its secret): id, user, label, created_at, expires_at, last_used_at, revoked, revoked_at.
Json token_json(const TokenInfo&);

// True for the tables that hold credentials only (api_token, web_session): `tally export` leaves them out.
bool is_credential_table(const std::string& table);
// True for a column that holds a secret's hash: `tally sql` reads it as NULL, `tally export` writes null.
bool is_secret_column(const std::string& table, const std::string& column);

// `tally doctor` checks for files whose triggers were bypassed (src/doctor.cpp runs them):
// every role, token and session belongs to a user, every user's person exists, roles are in the set.
std::vector<DoctorProblem> doctor_user_problems(Database&);
// Every approved PO was approved by someone other than who created and who submitted it.
std::vector<DoctorProblem> doctor_approver_problems(Database&);

}  // namespace tally
