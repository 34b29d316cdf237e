#pragma once

#include <stdexcept>
#include <string>

namespace SQLite {
class Exception;
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

// The one exception type the library throws for expected failures.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, Cause cause = Cause::other)
      : std::runtime_error(message), m_kind(kind), m_cause(cause) {}
  ErrorKind kind() const { return m_kind; }
  Cause cause() const { return m_cause; }

 private:
  ErrorKind m_kind;
  Cause m_cause;
};

// Shorthands for the three kinds.
inline Error refused(const std::string& message) {
  return Error(ErrorKind::refused, message);
}
inline Error usage_error(const std::string& message) {
  return Error(ErrorKind::usage, message);
}
inline Error storage_error(const std::string& message) {
  return Error(ErrorKind::storage, message);
}

// Maps an SQLite failure to an Error: constraint and trigger failures are
// refusals (the schema said no), everything else is a storage error.
Error from_sqlite(const SQLite::Exception& e);

}  // namespace tally
