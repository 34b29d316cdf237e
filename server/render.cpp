#include "reply.hpp"

namespace tally::server {

namespace {

std::string problem_name(Problem problem) {
  switch (problem) {
    case Problem::invalid:
      return "invalid";
    case Problem::not_found:
      return "not_found";
    case Problem::conflict:
      return "conflict";
    case Problem::forbidden:
      return "forbidden";
  }
  return "invalid";
}

}  // namespace

int status_of(const Error& error) {
  switch (error.kind()) {
    case ErrorKind::usage:
      return 400;
    case ErrorKind::storage:
      return 503;
    case ErrorKind::refused:
      break;
  }
  switch (error.problem()) {
    case Problem::invalid:
      return 422;
    case Problem::not_found:
      return 404;
    case Problem::conflict:
      return 409;
    case Problem::forbidden:
      return 403;
  }
  return 422;
}

std::string api_text(std::string_view message) {
  MessageFace face;
  face.field = [](std::string_view field) { return "\"" + std::string(field) + "\""; };
  face.command = [](std::string_view words) { return "'" + std::string(words) + "'"; };
  return render_message(message, face);
}

Reply error_reply(const Error& error) {
  std::string problem = "invalid";
  if (error.kind() == ErrorKind::usage) {
    problem = "usage";
  } else if (error.kind() == ErrorKind::storage) {
    problem = error.cause() == Cause::busy ? "busy" : "storage";
  } else {
    problem = problem_name(error.problem());
  }
  Reply reply;
  reply.status = status_of(error);
  reply.body = {{"error",
                 {{"message", api_text(error.raw())},
                  {"problem", problem},
                  {"field", error.field().empty() ? Json() : Json(error.field())}}}};
  if (error.kind() == ErrorKind::storage) {
    reply.headers.push_back({"Retry-After", "1"});
  }
  return reply;
}

Reply error_reply(int status, const std::string& message, const std::string& problem) {
  Reply reply;
  reply.status = status;
  reply.body = {{"error", {{"message", message}, {"problem", problem}, {"field", Json()}}}};
  return reply;
}

void send(httplib::Response& response, const Reply& reply) {
  response.status = reply.status;
  for (const auto& [name, value] : reply.headers) {
    response.set_header(name.c_str(), value);
  }
  if (!reply.raw.empty()) {
    response.set_content(reply.raw, reply.content_type.c_str());
    return;
  }
  // Replace, never throw, on text that is not UTF-8 (the core refuses it at the door anyway).
  response.set_content(reply.body.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n",
                       reply.content_type.c_str());
}

}  // namespace tally::server
