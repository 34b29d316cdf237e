#include "error.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace tally {

Error from_sqlite(const SQLite::Exception& e) {
  const int code = e.getErrorCode();
  switch (code) {
    case SQLITE_CONSTRAINT:
      return refused(std::string("refused by the database schema: ") + e.what());
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error(ErrorKind::storage,
                   std::string("the database is locked by another process past the busy timeout (") + e.what() +
                           "); try again, or wait longer with --busy-timeout SECONDS",
                           Cause::busy);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return storage_error(std::string("the database file is corrupt or not a SQLite database (") + e.what() + ")");
    case SQLITE_READONLY:
      return storage_error(std::string("the database is read-only (") + e.what() + ")");
    case SQLITE_FULL:
      return storage_error(std::string("the disk is full (") + e.what() + ")");
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
      return storage_error(std::string("cannot access the database file (") + e.what() + ")");
    default:
      return storage_error(std::string("database error: ") + e.what());
  }
}

}  // namespace tally
