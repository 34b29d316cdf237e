#pragma once

#include <functional>
#include <string>

namespace tally {

class Database;

// An answer a face gave to a request: its status (HTTP's) and its body.
struct StoredAnswer {
  int status = 200;
  std::string body;
};

// What run_idempotent did.
struct IdempotentResult {
  StoredAnswer answer;
  bool replayed = false;  // true: the answer stored by an earlier request with this key
};

// The longest Idempotency-Key accepted.
constexpr std::size_t k_max_idempotency_key = 200;

// Runs `act` at most once per (user, key): in one write transaction, looks the
// key up; if `user` already sent it with the same `request` (method, path and
// body), returns the stored answer without running `act`; otherwise runs `act`
// (whose own transaction nests inside this one), stores its answer and commits
// both together, so a receipt and its answer are durable together or not at
// all. Throws a refused Error (field "idempotency_key") for a key that is not
// 1..200 printable ASCII characters or that `user` sent with another request;
// what `act` throws passes through and stores nothing. Keys older than a day
// are forgotten.
IdempotentResult run_idempotent(Database& db, const std::string& user, const std::string& key,
                                const std::string& request, const std::function<StoredAnswer()>& act);

}  // namespace tally
