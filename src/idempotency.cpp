#include "idempotency.hpp"

#include "clock.hpp"
#include "db.hpp"
#include "error.hpp"

#include <algorithm>
#include <chrono>

namespace tally {

namespace {

// The UTC timestamp one day before now (now_timestamp(), so $TALLY_NOW counts).
std::string a_day_ago() {
  return format_timestamp(*parse_timestamp(now_timestamp()) - std::chrono::hours(24));
}

void check_key(const std::string& key) {
  const bool printable = std::all_of(key.begin(), key.end(), [](char c) { return c >= ' ' && c <= '~'; });
  if (key.empty() || key.size() > k_max_idempotency_key || !printable) {
    throw Error(Problem::invalid,
                "Idempotency-Key: a key is 1 to " + std::to_string(k_max_idempotency_key) +
                    " printable ASCII characters (a UUID, say)",
                "idempotency_key");
  }
}

}  // namespace

IdempotentResult run_idempotent(Database& db, const std::string& user, const std::string& key,
                                const std::string& request, const std::function<StoredAnswer()>& act) {
  check_key(key);
  return write(db, [&] {
    Statement& find =
        db.statement("SELECT request, status, response FROM idempotency_key WHERE user_name = ? AND key = ?");
    find.bind(1, user);
    find.bind(2, key);
    if (find.step()) {
      if (find.column(0).as_text() != request) {
        throw Error(Problem::invalid,
                    "Idempotency-Key '" + key +
                        "' was already used for another request; a retry must repeat the request exactly, a new "
                        "request needs a new key",
                    "idempotency_key");
      }
      IdempotentResult replay{{find.column(1).as_int(), find.column(2).as_text()}, true};
      find.reset();
      return replay;
    }
    find.reset();
    IdempotentResult result{act(), false};
    Statement& prune = db.statement("DELETE FROM idempotency_key WHERE created_at < ?");
    prune.bind(1, a_day_ago());
    prune.exec();
    Statement& store = db.statement(
        "INSERT INTO idempotency_key (user_name, key, request, status, response, created_at) VALUES (?, ?, ?, ?, ?, "
        "?)");
    store.bind(1, user);
    store.bind(2, key);
    store.bind(3, request);
    store.bind(4, result.answer.status);
    store.bind(5, result.answer.body);
    store.bind(6, now_timestamp());
    store.exec();
    return result;
  });
}

}  // namespace tally
