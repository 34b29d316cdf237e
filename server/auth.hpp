#pragma once

#include "db.hpp"
#include "users.hpp"

#include <httplib.h>

#include <optional>
#include <string>

namespace tally::server {

// Who sent a request, and how.
struct Credentials {
  Actor actor;
  bool by_cookie = false;  // a web session (needs the CSRF token on writes), not a bearer token
  std::string csrf;        // the session's CSRF token
};

// The actor of a request: a bearer token (Authorization: Bearer tly_...) or a
// session cookie (tally_session); nullopt when it has neither or they are
// wrong, expired, revoked or of a disabled user.
std::optional<Credentials> authenticate(Database& db, const httplib::Request& request);

// Throws a forbidden Error when a request authenticated by cookie lacks the
// session's X-CSRF-Token header (bearer tokens need none: a browser never sends them by itself).
void check_csrf(const Credentials& credentials, const httplib::Request& request);

// Marks session cookies Secure (the server speaks TLS).
void set_secure_cookies(bool secure);

}  // namespace tally::server
