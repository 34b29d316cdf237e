#include "error.hpp"

#include "store/store.hpp"

namespace tally {

Error from_sqlite(const store::SqlError& e) {
  const int code = e.code();
  switch (code) {
    case store::code::constraint:
      return refused(std::string("refused by the database schema: ") + e.what());
    case store::code::busy:
    case store::code::locked:
      return Error(ErrorKind::storage,
                   std::string("the database is locked by another process past the busy timeout (") + e.what() +
                       "); try again, or wait longer with --busy-timeout SECONDS",
                   Cause::busy);
    case store::code::corrupt:
    case store::code::notadb:
      return storage_error(std::string("the database file is corrupt or not a SQLite database (") + e.what() + ")");
    case store::code::readonly:
      return storage_error(std::string("the database is read-only (") + e.what() + ")");
    case store::code::full:
      return storage_error(std::string("the disk is full (") + e.what() + ")");
    case store::code::cantopen:
    case store::code::ioerr:
    case store::code::perm:
      return storage_error(std::string("cannot access the database file (") + e.what() + ")");
    default:
      return storage_error(std::string("database error: ") + e.what());
  }
}

}  // namespace tally
