#include "migrations.hpp"

#include "embedded.hpp"
#include "error.hpp"

#include "db.hpp"

namespace tally {

namespace {

// The four digits that start a migration's file name, or -1.
int version_of(std::string_view name) {
  if (name.size() < 6 || name[4] != '_') {
    return -1;
  }
  int v = 0;
  for (char c : name.substr(0, 4)) {
    if (c < '0' || c > '9') {
      return -1;
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

const std::vector<Migration>& builtin_migrations() {
  static const std::vector<Migration> migrations = [] {
    std::vector<Migration> list;
    for (const auto& file : embedded::migration_files()) {
      const int v = version_of(file.name);
      if (v != static_cast<int>(list.size()) + 1) {
        throw storage_error("migration " + std::string(file.name) + " is out of sequence; expected number " +
                            std::to_string(list.size() + 1));
      }
      list.push_back({v, std::string(file.name), file.text});
    }
    return list;
  }();
  return migrations;
}

int latest_version(const std::vector<Migration>& migrations) {
  return migrations.empty() ? 0 : migrations.back().version;
}

int schema_version(store::Connection& db) {
  Statement q(db, "PRAGMA user_version");
  return q.step() ? q.column(0).as_int() : 0;
}

std::vector<std::string> migrate(store::Connection& db, const std::vector<Migration>& migrations) {
  std::vector<std::string> applied;
  try {
    // Up to date: nothing to lock (so opening never waits for another writer).
    if (schema_version(db) == latest_version(migrations)) {
      return applied;
    }
    // sqlite.org's procedure for table changes ALTER cannot make (0016 rebuilds asset): foreign keys off while
    // a table is rebuilt (a PRAGMA that a transaction ignores, so set before it and checked before COMMIT), and
    // the legacy RENAME that leaves the views and triggers naming the table alone. Both restored on every path.
    const bool foreign_keys = [&] {
      Statement q(db, "PRAGMA foreign_keys");
      return q.step() && q.column(0).as_int() != 0;
    }();
    struct Pragmas {
      store::Connection& db;
      bool foreign_keys;
      ~Pragmas() {
        try {
          db.exec("PRAGMA legacy_alter_table = OFF");
          if (foreign_keys) {
            db.exec("PRAGMA foreign_keys = ON");
          }
        } catch (const store::SqlError&) {
          // A destructor does not throw; the connection reports the state on its next use.
        }
      }
    } pragmas{db, foreign_keys};
    db.exec("PRAGMA foreign_keys = OFF");
    db.exec("PRAGMA legacy_alter_table = ON");
    db.exec("BEGIN IMMEDIATE");
    // Rolls back unless committed below (a refusal leaves the file as it was).
    struct Rollback {
      store::Connection& db;
      bool armed = true;
      ~Rollback() {
        if (armed && db.in_transaction()) {
          try {
            db.exec("ROLLBACK");
          } catch (const store::SqlError&) {
            // A destructor does not throw; the connection reports the state on its next use.
          }
        }
      }
    } tx{db};
    // Read the version under the write lock, so two processes never both apply a step.
    const int current = schema_version(db);
    const int latest = latest_version(migrations);
    if (current > latest) {
      throw storage_error("the database is at schema version " + std::to_string(current) +
                          ", newer than this tally (schema version " + std::to_string(latest) + "); use a newer tally");
    }
    if (current == latest) {
      return applied;
    }
    for (const auto& m : migrations) {
      if (m.version <= current) {
        continue;
      }
      try {
        db.exec(std::string(m.sql));
      } catch (const store::SqlError& e) {
        throw storage_error("migration " + m.name + " failed: " + e.what() + "; the database is unchanged");
      }
      db.exec("PRAGMA user_version = " + std::to_string(m.version));
      applied.push_back(m.name);
    }
    {
      Statement fk(db, "PRAGMA foreign_key_check");
      if (fk.step()) {
        throw storage_error("the migrations left a row of " + fk.column(0).as_text() +
                            " pointing at a missing row; the database is unchanged");
      }
    }
    db.exec("COMMIT");
    tx.armed = false;
  } catch (const store::SqlError& e) {
    throw from_sqlite(e);
  }
  return applied;
}

}  // namespace tally
