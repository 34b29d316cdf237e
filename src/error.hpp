#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace tally::store {
class SqlError;
}

namespace tally {

// What kind of failure an Error is; the values are the documented exit codes.
enum class ErrorKind {
  refused = 1,  // not found, invalid, conflict, illegal transition
  usage = 2,    // the command line itself is wrong
  storage = 3,  // cannot open, locked past the timeout, corrupt, too new
};

// Why a storage Error happened, where a caller may act on it.
enum class Cause {
  other,
  busy,  // another connection held the lock past the busy timeout: nothing was written, trying again is safe
};

// What is wrong, for a refusal: every face says it in its own way (the CLI
// exits 1 for all of them; the HTTP face answers 422, 404, 409 or 403).
enum class Problem {
  invalid,    // the input breaks a rule (a bad quantity, an illegal transition)
  not_found,  // the input names something that does not exist
  conflict,   // the input is fine but the record's state refuses it (a duplicate, a full PO line)
  forbidden,  // the actor may not do this (a role it lacks, approving its own PO)
};

// Messages from the core name inputs and next steps without knowing the face
// that shows them. `field_ref("seats")` marks an input field and
// `command_ref("license list")` an operation a user can run next (its words
// may hold field_refs and values). Each face renders a message in its own
// terms (`render_message`): the CLI says `--seats` and `tally license list`,
// the HTTP face names the JSON field. The marks are ASCII separator
// characters, which text checks refuse in every input, so user data quoted in
// a message cannot forge one.
std::string field_ref(std::string_view field);
std::string command_ref(std::string_view words);

// How one face says a field and an operation; either may be null (then the
// field is its bare name, the operation its words).
struct MessageFace {
  std::string (*field)(std::string_view field) = nullptr;
  std::string (*command)(std::string_view rendered_words) = nullptr;
};

// `message` with every mark rendered by `face`.
std::string render_message(std::string_view message, const MessageFace& face);
// `message` with fields as their bare names and operations as their words.
std::string plain_message(std::string_view message);

// The one exception type the library throws for expected failures. what() is
// the plain text; raw() keeps the marks for a face to render.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, Cause cause = Cause::other)
      : std::runtime_error(plain_message(message)), m_raw(message), m_kind(kind), m_cause(cause) {}
  // A refusal of the given problem, concerning the input `field` (a name of
  // the core's, such as "quantity" or "serial"; "" when no one field is at fault).
  Error(Problem problem, const std::string& message, std::string field = {})
      : std::runtime_error(plain_message(message)),
        m_raw(message),
        m_kind(ErrorKind::refused),
        m_problem(problem),
        m_field(std::move(field)) {}
  ErrorKind kind() const { return m_kind; }
  Cause cause() const { return m_cause; }
  Problem problem() const { return m_problem; }
  const std::string& field() const { return m_field; }
  const std::string& raw() const { return m_raw; }

 private:
  std::string m_raw;
  ErrorKind m_kind;
  Cause m_cause = Cause::other;
  Problem m_problem = Problem::invalid;
  std::string m_field;
};

// The same failure (kind, problem, field, cause) with `prefix` put before its
// message, marks kept: for a caller that adds where it happened.
Error with_prefix(const std::string& prefix, const Error& e);

// Shorthands for the three kinds.
inline Error refused(const std::string& message) {
  return Error(ErrorKind::refused, message);
}
inline Error not_found(const std::string& message, std::string field = {}) {
  return Error(Problem::not_found, message, std::move(field));
}
inline Error conflict(const std::string& message, std::string field = {}) {
  return Error(Problem::conflict, message, std::move(field));
}
inline Error forbidden(const std::string& message) {
  return Error(Problem::forbidden, message);
}
inline Error usage_error(const std::string& message) {
  return Error(ErrorKind::usage, message);
}
inline Error storage_error(const std::string& message) {
  return Error(ErrorKind::storage, message);
}

// Maps an SQLite failure to an Error: constraint and trigger failures are
// refusals (the schema said no), everything else is a storage error.
Error from_sqlite(const store::SqlError& e);

}  // namespace tally
