#include "users.hpp"

#include "clock.hpp"
#include "db.hpp"
#include "doctor.hpp"
#include "error.hpp"
#include "events.hpp"
#include "people.hpp"
#include "text.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <mutex>

namespace tally {

namespace {

constexpr std::array<const char*, 7> k_role_names = {"viewer",   "clerk",           "technician", "buyer",
                                                     "approver", "license_manager", "admin"};
constexpr std::array<const char*, 7> k_capability_names = {"read",    "handle",   "service",   "purchase",
                                                           "approve", "licenses", "administer"};
constexpr const char* k_secret_prefix = "tly_";
constexpr std::size_t k_secret_bytes = 32;
constexpr std::size_t k_max_password_bytes = 1024;
constexpr std::size_t k_max_label_length = 200;
// A token's use is noted at most this often (a write per request would serialize readers).
constexpr std::chrono::seconds k_last_used_granularity{60};

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      throw storage_error("users: libsodium could not be initialised");
    }
  });
}

date::sys_seconds now_seconds() {
  return *parse_timestamp(now_timestamp());
}

// The hex of the BLAKE2b-256 hash of the bytes: how tokens and session ids are stored.
std::string secret_hash(const std::vector<unsigned char>& bytes) {
  std::array<unsigned char, 32> hash{};
  crypto_generichash(hash.data(), hash.size(), bytes.data(), bytes.size(), nullptr, 0);
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
  return std::string(hex.data(), 64);
}

// 32 random bytes and their "tly_" + base64url text.
std::pair<std::vector<unsigned char>, std::string> new_secret() {
  ensure_sodium();
  std::vector<unsigned char> bytes(k_secret_bytes);
  randombytes_buf(bytes.data(), bytes.size());
  std::vector<char> text(sodium_base64_ENCODED_LEN(k_secret_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return {bytes, k_secret_prefix + std::string(text.data())};
}

// The 32 bytes of a "tly_..." secret; nullopt for anything else.
std::optional<std::vector<unsigned char>> secret_bytes(const std::string& secret) {
  ensure_sodium();
  const std::string prefix = k_secret_prefix;
  if (secret.size() != prefix.size() + 43 || secret.compare(0, prefix.size(), prefix) != 0) {
    return std::nullopt;
  }
  std::vector<unsigned char> bytes(k_secret_bytes);
  std::size_t length = 0;
  const std::string body = secret.substr(prefix.size());
  if (sodium_base642bin(bytes.data(), bytes.size(), body.data(), body.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      length != k_secret_bytes) {
    return std::nullopt;
  }
  return bytes;
}

// True when the two hex hashes are equal, in time independent of where they differ.
bool same_hash(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// A session's CSRF token: keyed BLAKE2b of a fixed text under the session's bytes (never stored).
std::string csrf_of(const std::vector<unsigned char>& session) {
  static const std::string k_context = "tally csrf v1";
  std::array<unsigned char, 32> mac{};
  crypto_generichash(mac.data(), mac.size(), reinterpret_cast<const unsigned char*>(k_context.data()), k_context.size(),
                     session.data(), session.size());
  std::vector<char> text(sodium_base64_ENCODED_LEN(mac.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(text.data(), text.size(), mac.data(), mac.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(text.data());
}

// Refuses a password shorter than 12 characters, longer than 1024 bytes, not UTF-8, or holding a control
// character; the message never holds the password.
void check_password(const std::string& context, const std::string& password) {
  if (invalid_utf8_offset(password)) {
    throw Error(Problem::invalid, context + ": the password is not valid UTF-8", "password");
  }
  if (text_problem(password, TextKind::identifier)) {
    throw Error(Problem::invalid, context + ": the password holds a control character", "password");
  }
  std::size_t characters = 0;
  for (const char c : password) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++characters;
    }
  }
  if (characters < k_min_password_length) {
    throw Error(Problem::invalid,
                context + ": the password must be at least " + std::to_string(k_min_password_length) +
                    " characters long (it has " + std::to_string(characters) + ")",
                "password");
  }
  if (password.size() > k_max_password_bytes) {
    throw Error(Problem::invalid,
                context + ": the password must be at most " + std::to_string(k_max_password_bytes) + " bytes long",
                "password");
  }
}

// The Argon2id string of the password (interactive limits).
std::string hash_password(const std::string& password) {
  ensure_sodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw storage_error("users: out of memory while hashing the password");
  }
  return std::string(out.data());
}

// A hash no password matches, verified against for unknown users so that they cost as much as known ones.
const std::string& dummy_hash() {
  static const std::string hash = [] {
    const auto secret = new_secret();
    return hash_password(secret.second);
  }();
  return hash;
}

bool verify_password(const std::string& hash, const std::string& password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void check_name(const std::string& context, const std::string& name) {
  check_text("user name", name, TextKind::identifier);
  if (!is_key_text(name, 64)) {
    throw Error(Problem::invalid,
                context + ": user name '" + name + "' must be 1-64 characters of letters, digits, '.', '_' or '-'",
                "user");
  }
}

std::vector<Role> normalized(std::vector<Role> roles) {
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  return roles;
}

void check_roles(const std::string& context, const std::vector<Role>& roles) {
  if (roles.empty()) {
    throw Error(Problem::invalid,
                context + ": give at least one " + field_ref("role") + " (" +
                    join(std::vector<std::string>(k_role_names.begin(), k_role_names.end())) + ")",
                "role");
  }
}

Json roles_json(const std::vector<Role>& roles) {
  Json out = Json::array();
  for (const Role r : roles) {
    out.push_back(role_name(r));
  }
  return out;
}

std::vector<Role> roles_of(Database& db, std::int64_t user_id) {
  Statement& q = db.statement("SELECT role FROM app_user_role WHERE user_id = ?");
  q.bind(1, user_id);
  std::vector<Role> roles;
  while (q.step()) {
    if (const auto role = parse_role(q.column(0).as_text())) {
      roles.push_back(*role);
    }
  }
  q.reset();
  return normalized(roles);
}

void write_roles(Database& db, std::int64_t user_id, const std::vector<Role>& roles) {
  Statement clear(db, "DELETE FROM app_user_role WHERE user_id = ?");
  clear.bind(1, user_id);
  clear.exec();
  Statement insert(db, "INSERT INTO app_user_role (user_id, role) VALUES (?, ?)");
  for (const Role r : roles) {
    insert.bind(1, user_id);
    insert.bind(2, role_name(r));
    insert.exec();
    insert.reset();
  }
}

constexpr const char* k_user_query =
    "SELECT u.id, u.name, p.username, u.active, u.created_at, u.last_login_at, u.password_hash IS NOT NULL "
    "FROM app_user u LEFT JOIN person p ON p.id = u.person_id ";

User read_user(Database& db, Statement& q) {
  User u{q.column(0).as_int64(),    q.column(1).as_text(),     {},
         text_or_null(q.column(2)), q.column(3).as_int() != 0, q.column(4).as_text(),
         text_or_null(q.column(5)), q.column(6).as_int() != 0};
  u.roles = roles_of(db, u.id);
  return u;
}

std::optional<User> find_user(Database& db, const std::string& name) {
  Statement q(db, std::string(k_user_query) + "WHERE u.name = ?");
  q.bind(1, name);
  if (!q.step()) {
    return std::nullopt;
  }
  return read_user(db, q);
}

User require_user(Database& db, const std::string& context, const std::string& name) {
  auto user = find_user(db, name);
  if (!user) {
    throw not_found(
        context + ": unknown user '" + visible_text(name) + "' (`" + command_ref("user list") + "` shows them)",
        "user");
  }
  return *user;
}

Json user_event_fields(const User& u) {
  return {{"name", u.name},
          {"roles", roles_json(u.roles)},
          {"person", u.person ? Json(*u.person) : Json()},
          {"active", u.active}};
}

Actor actor_of(const User& u) {
  return Actor{u.name, u.roles, false, u.id};
}

void end_sessions_of(Database& db, std::int64_t user_id) {
  Statement q(db, "DELETE FROM web_session WHERE user_id = ?");
  q.bind(1, user_id);
  q.exec();
}

}  // namespace

std::optional<Role> parse_role(const std::string& text) {
  std::string name = lower(trim(text));
  std::replace(name.begin(), name.end(), '-', '_');
  for (std::size_t i = 0; i < k_role_names.size(); ++i) {
    if (name == k_role_names[i]) {
      return static_cast<Role>(i);
    }
  }
  return std::nullopt;
}

std::string role_name(Role role) {
  return k_role_names.at(static_cast<std::size_t>(role));
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = {Role::viewer,   Role::clerk,           Role::technician, Role::buyer,
                                          Role::approver, Role::license_manager, Role::admin};
  return roles;
}

const std::vector<Capability>& all_capabilities() {
  static const std::vector<Capability> capabilities = {Capability::read,      Capability::handle,  Capability::service,
                                                       Capability::purchase,  Capability::approve, Capability::licenses,
                                                       Capability::administer};
  return capabilities;
}

std::string capability_name(Capability capability) {
  return k_capability_names.at(static_cast<std::size_t>(capability));
}

Role role_for(Capability capability) {
  switch (capability) {
    case Capability::read:
      return Role::viewer;
    case Capability::handle:
      return Role::clerk;
    case Capability::service:
      return Role::technician;
    case Capability::purchase:
      return Role::buyer;
    case Capability::approve:
      return Role::approver;
    case Capability::licenses:
      return Role::license_manager;
    case Capability::administer:
      return Role::admin;
  }
  return Role::admin;
}

bool role_grants(Role role, Capability capability) {
  return role == Role::admin || capability == Capability::read || role_for(capability) == role;
}

std::vector<Role> parse_roles(const std::string& context, const std::vector<std::string>& names) {
  std::vector<Role> roles;
  for (const auto& name : names) {
    const auto role = parse_role(name);
    if (!role) {
      throw Error(Problem::invalid,
                  context + ": unknown role '" + visible_text(name) +
                      "'; expected one of: " + join(std::vector<std::string>(k_role_names.begin(), k_role_names.end())),
                  "role");
    }
    roles.push_back(*role);
  }
  return normalized(roles);
}

Actor local_actor(const std::string& name) {
  return Actor{name, {Role::admin}, true, std::nullopt};
}

bool may(const Actor& actor, Capability capability) {
  return actor.local || std::any_of(actor.roles.begin(), actor.roles.end(),
                                    [capability](Role r) { return role_grants(r, capability); });
}

void require(const Actor& actor, Capability capability, const std::string& what) {
  if (may(actor, capability)) {
    return;
  }
  std::vector<std::string> names;
  for (const Role r : normalized(actor.roles)) {
    names.push_back(role_name(r));
  }
  const std::string is = names.empty() ? "has no role" : "is " + join(names);
  throw forbidden(what + ": " + actor.name + " " + is + "; this needs the " + role_name(role_for(capability)) +
                  " role");
}

User add_user(Database& db, const std::string& actor, const NewUser& input) {
  const std::string context = "user add";
  check_name(context, input.name);
  const std::vector<Role> roles = normalized(input.roles);
  check_roles(context, roles);
  check_password(context, input.password);
  return write(db, [&] {
    if (const auto existing = find_user(db, input.name)) {
      throw conflict(context + ": user '" + input.name + "' already exists (as '" + existing->name + "')", "user");
    }
    std::optional<std::int64_t> person_id;
    if (input.person) {
      try {
        person_id = resolve_person(db, *input.person).id;
      } catch (const Error& e) {
        throw with_prefix(context + ": " + field_ref("person") + ": ", e);
      }
    }
    const std::string hash = hash_password(input.password);
    Statement insert(db, "INSERT INTO app_user (name, person_id, password_hash, created_at) VALUES (?, ?, ?, ?)");
    insert.bind(1, input.name);
    if (person_id) {
      insert.bind(2, *person_id);
    }
    insert.bind(3, hash);
    insert.bind(4, now_timestamp());
    insert.exec();
    const std::int64_t id = db.last_insert_rowid();
    write_roles(db, id, roles);
    const User user = require_user(db, context, input.name);
    append_event(db, actor, "create", "user", user.name, nullptr, user_event_fields(user));
    return user;
  });
}

std::vector<User> list_users(Database& db) {
  try {
    Statement q(db, std::string(k_user_query) + "ORDER BY u.name");
    std::vector<User> users;
    while (q.step()) {
      users.push_back(read_user(db, q));
    }
    return users;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

User user_by_name(Database& db, const std::string& name) {
  try {
    return require_user(db, "user", name);
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

void set_user_active(Database& db, const std::string& actor, const std::string& name, bool active) {
  const std::string context = active ? "user enable" : "user disable";
  write(db, [&] {
    const User user = require_user(db, context, name);
    if (user.active == active) {
      throw conflict(context + ": " + user.name + " is already " + (active ? "enabled" : "disabled"), "user");
    }
    Statement update(db, "UPDATE app_user SET active = ? WHERE id = ?");
    update.bind(1, active ? 1 : 0);
    update.bind(2, user.id);
    update.exec();
    if (!active) {
      end_sessions_of(db, user.id);
    }
    append_event(db, actor, active ? "enable" : "disable", "user", user.name, {{"active", !active}},
                 {{"active", active}});
  });
}

void set_password(Database& db, const std::string& actor, const std::string& name, const std::string& password) {
  const std::string context = "user set-password";
  check_password(context, password);
  write(db, [&] {
    const User user = require_user(db, context, name);
    const std::string hash = hash_password(password);
    Statement update(db, "UPDATE app_user SET password_hash = ? WHERE id = ?");
    update.bind(1, hash);
    update.bind(2, user.id);
    update.exec();
    end_sessions_of(db, user.id);
    // The event says that the password changed, never what to.
    append_event(db, actor, "set_password", "user", user.name, nullptr, {{"password", "changed"}});
  });
}

void set_roles(Database& db, const std::string& actor, const std::string& name, const std::vector<Role>& given) {
  const std::string context = "user set-roles";
  const std::vector<Role> roles = normalized(given);
  check_roles(context, roles);
  write(db, [&] {
    const User user = require_user(db, context, name);
    if (user.roles == roles) {
      throw conflict(context + ": " + user.name + " already has exactly these roles", "role");
    }
    write_roles(db, user.id, roles);
    append_event(db, actor, "set", "user", user.name, {{"roles", roles_json(user.roles)}},
                 {{"roles", roles_json(roles)}});
  });
}

std::optional<Actor> authenticate_password(Database& db, const std::string& name, const std::string& password) {
  try {
    std::optional<User> user;
    std::string hash;
    if (is_key_text(name, 64)) {
      Statement q(db, "SELECT password_hash FROM app_user WHERE name = ? AND password_hash IS NOT NULL");
      q.bind(1, name);
      if (q.step()) {
        hash = q.column(0).as_text();
        user = find_user(db, name);
      }
    }
    // Every path runs one verification: an unknown name costs what a known one does.
    const bool verified = verify_password(user ? hash : dummy_hash(), password.substr(0, k_max_password_bytes)) &&
                          password.size() <= k_max_password_bytes;
    if (!user || !verified || !user->active) {
      return std::nullopt;
    }
    write(db, [&] {
      Statement update(db, "UPDATE app_user SET last_login_at = ? WHERE id = ?");
      update.bind(1, now_timestamp());
      update.bind(2, user->id);
      update.exec();
    });
    return actor_of(*user);
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

CreatedToken create_token(Database& db, const std::string& actor, const NewToken& input) {
  const std::string context = "token create";
  if (input.expires_at && input.days) {
    throw Error(Problem::invalid,
                context + ": give " + field_ref("expires_at") + " or " + field_ref("days") + ", not both",
                "expires_at");
  }
  const std::string label = trim(input.label);
  check_text(field_ref("label"), label, TextKind::free_text);
  if (label.size() > k_max_label_length) {
    throw Error(
        Problem::invalid,
        context + ": " + field_ref("label") + " must be at most " + std::to_string(k_max_label_length) + " characters",
        "label");
  }
  const date::sys_seconds now = now_seconds();
  date::sys_seconds expires = now + date::days{k_default_token_days};
  if (input.days) {
    check_bounded(field_ref("days"), *input.days, 1, 3660);
    expires = now + date::days{*input.days};
  } else if (input.expires_at) {
    const std::string text = trim(*input.expires_at);
    if (const auto day = parse_date(text)) {
      expires = date::sys_days{*day} + date::days{1} - std::chrono::seconds{1};
    } else if (const auto at = parse_timestamp(text)) {
      expires = *at;
    } else {
      throw Error(Problem::invalid,
                  context + ": " + field_ref("expires_at") + " '" + visible_text(text) +
                      "' is not a date like 2027-03-01 or a UTC time like 2027-03-01T12:00:00Z",
                  "expires_at");
    }
    if (expires <= now) {
      throw Error(Problem::invalid,
                  context + ": " + field_ref("expires_at") + " " + text + " is not in the future (now is " +
                      format_timestamp(now) + ")",
                  "expires_at");
    }
    if (expires > now + date::days{3660}) {
      throw Error(Problem::invalid,
                  context + ": " + field_ref("expires_at") + " " + text + " is more than ten years away", "expires_at");
    }
  }
  return write(db, [&] {
    const User user = require_user(db, context, input.user);
    if (!user.active) {
      throw conflict(
          context + ": " + user.name + " is disabled; enable them first (`" + command_ref("user enable") + "`)",
          "user");
    }
    const auto [bytes, secret] = new_secret();
    const std::string expires_at = format_timestamp(expires);
    Statement insert(db,
                     "INSERT INTO api_token (user_id, label, secret_hash, created_at, expires_at) "
                     "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, user.id);
    insert.bind(2, label);
    insert.bind(3, secret_hash(bytes));
    insert.bind(4, format_timestamp(now));
    insert.bind(5, expires_at);
    insert.exec();
    const std::int64_t id = db.last_insert_rowid();
    append_event(db, actor, "create", "token", std::to_string(id), nullptr,
                 {{"user", user.name}, {"label", label}, {"expires_at", expires_at}});
    return CreatedToken{id, secret, expires_at};
  });
}

std::vector<TokenInfo> list_tokens(Database& db, const std::optional<std::string>& user) {
  try {
    std::optional<User> owner;
    if (user) {
      owner = require_user(db, "token list", *user);
    }
    Statement q(db,
                "SELECT t.id, u.name, t.label, t.created_at, t.expires_at, t.last_used_at, t.revoked_at "
                "FROM api_token t JOIN app_user u ON u.id = t.user_id "
                "WHERE ?1 IS NULL OR t.user_id = ?1 ORDER BY t.id");
    if (owner) {
      q.bind(1, owner->id);
    }
    std::vector<TokenInfo> tokens;
    while (q.step()) {
      tokens.push_back(TokenInfo{q.column(0).as_int64(), q.column(1).as_text(), q.column(2).as_text(),
                                 q.column(3).as_text(), text_or_null(q.column(4)), text_or_null(q.column(5)),
                                 !q.column(6).is_null(), text_or_null(q.column(6))});
    }
    return tokens;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

void revoke_token(Database& db, const std::string& actor, std::int64_t id) {
  const std::string context = "token revoke";
  write(db, [&] {
    Statement q(db,
                "SELECT u.name, t.revoked_at FROM api_token t JOIN app_user u ON u.id = t.user_id "
                "WHERE t.id = ?");
    q.bind(1, id);
    if (!q.step()) {
      throw not_found(
          context + ": there is no token " + std::to_string(id) + " (`" + command_ref("token list") + "` shows them)",
          "token");
    }
    const std::string user = q.column(0).as_text();
    if (!q.column(1).is_null()) {
      throw conflict(context + ": token " + std::to_string(id) + " of " + user + " was already revoked at " +
                         q.column(1).as_text(),
                     "token");
    }
    const std::string now = now_timestamp();
    Statement update(db, "UPDATE api_token SET revoked_at = ? WHERE id = ?");
    update.bind(1, now);
    update.bind(2, id);
    update.exec();
    append_event(db, actor, "revoke", "token", std::to_string(id), {{"revoked", false}},
                 {{"revoked", true}, {"user", user}});
  });
}

std::optional<Actor> authenticate_token(Database& db, const std::string& secret) {
  const auto bytes = secret_bytes(secret);
  if (!bytes) {
    return std::nullopt;
  }
  const std::string hash = secret_hash(*bytes);
  try {
    Statement& q = db.statement(
        "SELECT t.id, t.secret_hash, t.expires_at, t.revoked_at IS NOT NULL, t.last_used_at, u.name "
        "FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.secret_hash = ?");
    q.bind(1, hash);
    if (!q.step()) {
      q.reset();
      return std::nullopt;
    }
    const std::int64_t id = q.column(0).as_int64();
    const bool equal = same_hash(q.column(1).as_text(), hash);
    const std::string expires_at = q.column(2).as_text();
    const bool revoked = q.column(3).as_int() != 0;
    const std::optional<std::string> last_used = text_or_null(q.column(4));
    const std::string name = q.column(5).as_text();
    q.reset();
    const date::sys_seconds now = now_seconds();
    if (!equal || revoked || expires_at <= format_timestamp(now)) {
      return std::nullopt;
    }
    const User user = require_user(db, "token", name);
    if (!user.active) {
      return std::nullopt;
    }
    const std::string stale = format_timestamp(now - k_last_used_granularity);
    if (!last_used || *last_used <= stale) {
      write(db, [&] {
        Statement update(db, "UPDATE api_token SET last_used_at = ? WHERE id = ?");
        update.bind(1, format_timestamp(now));
        update.bind(2, id);
        update.exec();
      });
    }
    return actor_of(user);
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

Session create_session(Database& db, const Actor& actor, std::chrono::seconds lifetime) {
  const std::string context = "session";
  if (actor.local || !actor.user_id) {
    throw Error(Problem::invalid, context + ": only an authenticated user has a web session", "user");
  }
  if (lifetime < std::chrono::seconds{1} || lifetime > k_max_session_lifetime) {
    throw Error(Problem::invalid, context + ": a session lives from 1 second to 30 days", "lifetime");
  }
  return write(db, [&] {
    Statement active(db, "SELECT active FROM app_user WHERE id = ?");
    active.bind(1, *actor.user_id);
    if (!active.step() || active.column(0).as_int() == 0) {
      throw Error(Problem::invalid, context + ": " + actor.name + " is not an enabled user", "user");
    }
    const date::sys_seconds now = now_seconds();
    Statement sweep(db, "DELETE FROM web_session WHERE expires_at <= ?");
    sweep.bind(1, format_timestamp(now));
    sweep.exec();
    const auto [bytes, id] = new_secret();
    const std::string expires_at = format_timestamp(now + lifetime);
    Statement insert(db, "INSERT INTO web_session (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)");
    insert.bind(1, secret_hash(bytes));
    insert.bind(2, *actor.user_id);
    insert.bind(3, format_timestamp(now));
    insert.bind(4, expires_at);
    insert.exec();
    return Session{id, csrf_of(bytes), expires_at};
  });
}

std::optional<std::pair<Actor, std::string>> session_actor(Database& db, const std::string& id) {
  const auto bytes = secret_bytes(id);
  if (!bytes) {
    return std::nullopt;
  }
  const std::string hash = secret_hash(*bytes);
  try {
    Statement& q = db.statement(
        "SELECT s.id_hash, s.expires_at, u.name FROM web_session s JOIN app_user u ON u.id = s.user_id "
        "WHERE s.id_hash = ? AND u.active = 1");
    q.bind(1, hash);
    if (!q.step()) {
      q.reset();
      return std::nullopt;
    }
    const bool equal = same_hash(q.column(0).as_text(), hash);
    const std::string expires_at = q.column(1).as_text();
    const std::string name = q.column(2).as_text();
    q.reset();
    if (!equal || expires_at <= now_timestamp()) {
      return std::nullopt;
    }
    return std::make_pair(actor_of(require_user(db, "session", name)), csrf_of(*bytes));
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
}

void end_session(Database& db, const std::string& id) {
  const auto bytes = secret_bytes(id);
  if (!bytes) {
    return;
  }
  write(db, [&] {
    Statement q(db, "DELETE FROM web_session WHERE id_hash = ?");
    q.bind(1, secret_hash(*bytes));
    q.exec();
  });
}

Json user_json(const User& u) {
  return {{"name", u.name},
          {"roles", roles_json(u.roles)},
          {"person", u.person ? Json(*u.person) : Json()},
          {"active", u.active},
          {"has_password", u.has_password},
          {"created_at", u.created_at},
          {"last_login_at", u.last_login_at ? Json(*u.last_login_at) : Json()}};
}

Json token_json(const TokenInfo& t) {
  const auto text = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(); };
  return {{"id", t.id},
          {"user", t.user},
          {"label", t.label},
          {"created_at", t.created_at},
          {"expires_at", text(t.expires_at)},
          {"last_used_at", text(t.last_used_at)},
          {"revoked", t.revoked},
          {"revoked_at", text(t.revoked_at)}};
}

bool is_credential_table(const std::string& table) {
  return table == "api_token" || table == "web_session";
}

bool is_secret_column(const std::string& table, const std::string& column) {
  const std::string t = lower(table);
  const std::string c = lower(column);
  return (t == "app_user" && c == "password_hash") || (t == "api_token" && c == "secret_hash") ||
         (t == "web_session" && c == "id_hash");
}

std::vector<DoctorProblem> doctor_user_problems(Database& db) {
  Statement q(
      db,
      "SELECT 'app_user_role', r.user_id || '/' || r.role, 'a role of user id ' || r.user_id || ', which does not "
      "exist' "
      "  FROM app_user_role r WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = r.user_id) "
      "UNION ALL SELECT 'app_user_role', r.user_id || '/' || r.role, 'role ''' || r.role || ''' is not one of "
      "viewer, clerk, technician, buyer, approver, license_manager, admin' FROM app_user_role r "
      "  WHERE r.role NOT IN ('viewer', 'clerk', 'technician', 'buyer', 'approver', 'license_manager', 'admin') "
      "UNION ALL SELECT 'app_user', u.name, 'its person (id ' || u.person_id || ') does not exist' FROM app_user u "
      "  WHERE u.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = u.person_id) "
      "UNION ALL SELECT 'app_user', u.name, 'has no role' FROM app_user u "
      "  WHERE NOT EXISTS (SELECT 1 FROM app_user_role r WHERE r.user_id = u.id) "
      "UNION ALL SELECT 'api_token', t.id, 'belongs to user id ' || t.user_id || ', which does not exist' "
      "  FROM api_token t WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = t.user_id) "
      "UNION ALL SELECT 'web_session', s.id, 'belongs to user id ' || s.user_id || ', which does not exist' "
      "  FROM web_session s WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = s.user_id) "
      "UNION ALL SELECT 'web_session', min(s.id), 'more than one row for one session id' FROM web_session s "
      "  GROUP BY s.id_hash HAVING count(*) > 1 "
      "ORDER BY 1, 2");
  std::vector<DoctorProblem> problems;
  while (q.step()) {
    problems.push_back({q.column(0).as_text(), q.column(1).as_text(), q.column(2).as_text()});
  }
  return problems;
}

std::vector<DoctorProblem> doctor_approver_problems(Database& db) {
  Statement q(db,
              "SELECT po.number, e.actor, CASE WHEN lower(e.actor) = lower(po.created_by) THEN 'created' "
              "ELSE 'submitted' END FROM purchase_order po JOIN event e ON e.entity = 'purchase_order' "
              "AND e.entity_key = po.number AND e.action = 'approve' "
              "WHERE e.id = (SELECT max(id) FROM event WHERE entity = 'purchase_order' "
              "              AND entity_key = po.number AND action = 'approve') "
              "  AND (lower(e.actor) = lower(po.created_by) OR lower(e.actor) = lower(po.submitted_by)) "
              "ORDER BY po.number");
  std::vector<DoctorProblem> problems;
  while (q.step()) {
    problems.push_back({"purchase_order", q.column(0).as_text(),
                        "approved by " + q.column(1).as_text() + ", who " + q.column(2).as_text() + " it"});
  }
  return problems;
}

}  // namespace tally
