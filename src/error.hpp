#pragma once

#include <stdexcept>
#include <string>
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

// The one exception type the library throws for expected failures.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, Cause cause = Cause::other)
      : std::runtime_error(message), m_kind(kind), m_cause(cause) {}
  // A refusal of the given problem, concerning the input `field` (a name of
  // the core's, such as "quantity" or "serial"; "" when no one field is at fault).
  Error(Problem problem, const std::string& message, std::string field = {})
      : std::runtime_error(message), m_kind(ErrorKind::refused), m_problem(problem), m_field(std::move(field)) {}
  ErrorKind kind() const { return m_kind; }
  Cause cause() const { return m_cause; }
  Problem problem() const { return m_problem; }
  const std::string& field() const { return m_field; }

 private:
  ErrorKind m_kind;
  Cause m_cause = Cause::other;
  Problem m_problem = Problem::invalid;
  std::string m_field;
};

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
