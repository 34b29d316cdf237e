-- Who may do what (`tally serve`): users with roles, API tokens and web
-- sessions; and who created and who submitted each purchase order, so that
-- an approver never approves their own (src/purchasing.cpp).
--
-- Secrets are kept only as hashes: passwords as Argon2id strings (libsodium
-- crypto_pwhash_str), tokens and session ids as the hex of their BLAKE2b-256
-- hash. `tally sql` reads these columns as NULL and `tally export` leaves
-- them out (src/users.hpp, is_secret_column).

CREATE TABLE app_user (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE
                CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^A-Za-z0-9._-]*'),
  person_id     INTEGER REFERENCES person(id),
  -- NULL: no password (only tokens; or restored by `import json`, which never carries one).
  password_hash TEXT CHECK (password_hash IS NULL OR password_hash GLOB '$argon2id$*'),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
  last_login_at TEXT CHECK (last_login_at IS NULL
                            OR strftime('%Y-%m-%dT%H:%M:%SZ', last_login_at, '+0 days') IS last_login_at)
) STRICT;
CREATE INDEX app_user_person ON app_user(person_id);

CREATE TABLE app_user_role (
  -- The roles a user holds; each grants capabilities (src/users.hpp, role_grants).
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  role    TEXT NOT NULL CHECK (role IN ('viewer', 'clerk', 'technician', 'buyer', 'approver', 'license_manager',
                                        'admin')),
  PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

CREATE TABLE api_token (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES app_user(id),
  label        TEXT NOT NULL DEFAULT '',
  secret_hash  TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64 AND secret_hash NOT GLOB '*[^0-9a-f]*'),
  created_at   TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
  expires_at   TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', expires_at, '+0 days') IS expires_at
                                    AND expires_at > created_at),
  last_used_at TEXT,
  revoked_at   TEXT CHECK (revoked_at IS NULL
                           OR strftime('%Y-%m-%dT%H:%M:%SZ', revoked_at, '+0 days') IS revoked_at)
) STRICT;
CREATE INDEX api_token_user ON api_token(user_id);

CREATE TABLE web_session (
  -- A signed-in browser. Shared by every server over the file; ended by
  -- deleting the row, and rows past expires_at are swept by the next login.
  id         INTEGER PRIMARY KEY,
  id_hash    TEXT NOT NULL CHECK (length(id_hash) = 64 AND id_hash NOT GLOB '*[^0-9a-f]*'),
  user_id    INTEGER NOT NULL REFERENCES app_user(id),
  created_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
  expires_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', expires_at, '+0 days') IS expires_at
                                  AND expires_at > created_at)
) STRICT;
CREATE UNIQUE INDEX web_session_id ON web_session(id_hash);
CREATE INDEX web_session_user ON web_session(user_id);

-- The sqlite3 shell runs with foreign keys off: these hold there too.
CREATE TRIGGER app_user_no_replace BEFORE INSERT ON app_user
WHEN EXISTS (SELECT 1 FROM app_user WHERE id = new.id OR name = new.name)
BEGIN
  SELECT RAISE(ABORT, 'app_user: a user is never replaced');
END;
CREATE TRIGGER app_user_never_deleted BEFORE DELETE ON app_user
BEGIN
  -- The history names users; a leaver is disabled instead.
  SELECT RAISE(ABORT, 'app_user: a user is never deleted; disable them instead');
END;
CREATE TRIGGER app_user_name_fixed BEFORE UPDATE OF id, name ON app_user
WHEN new.id IS NOT old.id OR new.name IS NOT old.name
BEGIN
  SELECT RAISE(ABORT, 'app_user: a user keeps their id and name');
END;
CREATE TRIGGER app_user_person_exists BEFORE INSERT ON app_user
WHEN new.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person WHERE id = new.person_id)
BEGIN
  SELECT RAISE(ABORT, 'app_user: the person does not exist');
END;
CREATE TRIGGER app_user_person_exists_update BEFORE UPDATE OF person_id ON app_user
WHEN new.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person WHERE id = new.person_id)
BEGIN
  SELECT RAISE(ABORT, 'app_user: the person does not exist');
END;
CREATE TRIGGER app_user_role_user_exists BEFORE INSERT ON app_user_role
WHEN NOT EXISTS (SELECT 1 FROM app_user WHERE id = new.user_id)
BEGIN
  SELECT RAISE(ABORT, 'app_user_role: a role belongs to an existing user');
END;
CREATE TRIGGER app_user_role_user_exists_update BEFORE UPDATE ON app_user_role
WHEN NOT EXISTS (SELECT 1 FROM app_user WHERE id = new.user_id)
BEGIN
  SELECT RAISE(ABORT, 'app_user_role: a role belongs to an existing user');
END;
CREATE TRIGGER api_token_user_exists BEFORE INSERT ON api_token
WHEN NOT EXISTS (SELECT 1 FROM app_user WHERE id = new.user_id)
  OR EXISTS (SELECT 1 FROM api_token WHERE id = new.id OR secret_hash = new.secret_hash)
BEGIN
  SELECT RAISE(ABORT, 'api_token: a token belongs to an existing user and is never replaced');
END;
CREATE TRIGGER api_token_fixed BEFORE UPDATE OF id, user_id, secret_hash, created_at, expires_at, revoked_at
  ON api_token
WHEN new.id IS NOT old.id OR new.user_id IS NOT old.user_id OR new.secret_hash IS NOT old.secret_hash
  OR new.created_at IS NOT old.created_at OR new.expires_at IS NOT old.expires_at
  OR (old.revoked_at IS NOT NULL AND new.revoked_at IS NOT old.revoked_at)
BEGIN
  -- A token is revoked once and for good; a new secret is a new token.
  SELECT RAISE(ABORT, 'api_token: a token keeps its user, secret and expiry, and a revoked token stays revoked');
END;
CREATE TRIGGER api_token_never_deleted BEFORE DELETE ON api_token
BEGIN
  SELECT RAISE(ABORT, 'api_token: a token is never deleted; revoke it instead');
END;
CREATE TRIGGER web_session_user_exists BEFORE INSERT ON web_session
WHEN NOT EXISTS (SELECT 1 FROM app_user WHERE id = new.user_id)
  OR EXISTS (SELECT 1 FROM web_session WHERE id = new.id OR id_hash = new.id_hash)
BEGIN
  SELECT RAISE(ABORT, 'web_session: a session belongs to an existing user, one row per session id');
END;
CREATE TRIGGER web_session_fixed BEFORE UPDATE ON web_session
WHEN new.id IS NOT old.id OR new.id_hash IS NOT old.id_hash OR new.user_id IS NOT old.user_id
  OR new.created_at IS NOT old.created_at OR new.expires_at > old.expires_at
BEGIN
  SELECT RAISE(ABORT, 'web_session: a session keeps its id and user and is never extended');
END;

-- Who created and who (last) submitted a PO, back-filled from the history.
ALTER TABLE purchase_order ADD COLUMN created_by TEXT;
ALTER TABLE purchase_order ADD COLUMN submitted_by TEXT;
UPDATE purchase_order SET
  created_by = (SELECT e.actor FROM event e
                WHERE e.entity = 'purchase_order' AND e.entity_key = purchase_order.number COLLATE NOCASE
                  AND e.action = 'create'
                ORDER BY e.id LIMIT 1),
  submitted_by = (SELECT e.actor FROM event e
                  WHERE e.entity = 'purchase_order' AND e.entity_key = purchase_order.number COLLATE NOCASE
                    AND e.action = 'submit'
                  ORDER BY e.id DESC LIMIT 1);
CREATE TRIGGER purchase_order_created_by_fixed BEFORE UPDATE OF created_by ON purchase_order
WHEN new.created_by IS NOT old.created_by
BEGIN
  SELECT RAISE(ABORT, 'purchase_order: created_by is who created it and never changes');
END;
CREATE TRIGGER purchase_order_submitted_by_on_submit BEFORE UPDATE OF submitted_by ON purchase_order
WHEN new.submitted_by IS NOT old.submitted_by AND NOT (old.status = 'draft' AND new.status = 'submitted')
BEGIN
  -- Set by the submit itself, so an approver cannot clear it to approve their own PO.
  SELECT RAISE(ABORT, 'purchase_order: submitted_by is set by the submit itself');
END;
