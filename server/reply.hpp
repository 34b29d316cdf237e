#pragma once

#include "error.hpp"
#include "routes.hpp"

#include <httplib.h>

#include <string>

namespace tally::server {

// The HTTP status of a library Error: refused invalid 422, not_found 404,
// conflict 409, forbidden 403; usage 400; storage 503.
int status_of(const Error& error);

// {"error": {"message": ..., "problem": ..., "field": ...}} with the status of
// the error (and Retry-After when the database was busy).
// A message from the core in the API's words: a field as its JSON name in
// quotes ("quantity"), an operation as its words in quotes ('license list').
std::string api_text(std::string_view message);

Reply error_reply(const Error& error);
// An error answer of a given status that no library Error stands for (401, 404, 405, 413, 429, 500).
Reply error_reply(int status, const std::string& message, const std::string& problem);

// Writes a reply into httplib's response.
void send(httplib::Response& response, const Reply& reply);

}  // namespace tally::server
