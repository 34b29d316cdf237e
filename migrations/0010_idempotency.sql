-- Answers to POSTs made with an Idempotency-Key (the HTTP face's scans): the
-- key, who sent it, what was asked and what was answered, stored in the same
-- transaction as the change itself, so a request retried after a lost answer
-- gets the first answer back and changes nothing twice.
CREATE TABLE idempotency_key (
  user_name TEXT NOT NULL,
  key TEXT NOT NULL,
  request TEXT NOT NULL,        -- method, path and body of the first request
  status INTEGER NOT NULL,      -- the HTTP status it was answered with
  response TEXT NOT NULL,       -- the body it was answered with
  created_at TEXT NOT NULL,     -- UTC timestamp; rows older than a day are pruned
  PRIMARY KEY (user_name, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_key_created ON idempotency_key(created_at);

-- A key is 1..200 printable ASCII characters; the answer is a success (2xx).
CREATE TRIGGER idempotency_key_valid BEFORE INSERT ON idempotency_key
WHEN length(new.key) NOT BETWEEN 1 AND 200 OR new.key GLOB '*[^ -~]*'
 OR new.status NOT BETWEEN 200 AND 299 OR length(new.user_name) = 0
BEGIN
  SELECT RAISE(ABORT, 'idempotency_key: a key is 1 to 200 printable ASCII characters, stored with a 2xx answer');
END;
-- A stored answer never changes: a retry must get what the first request got.
CREATE TRIGGER idempotency_key_frozen BEFORE UPDATE ON idempotency_key
BEGIN
  SELECT RAISE(ABORT, 'idempotency_key: a stored answer never changes');
END;
