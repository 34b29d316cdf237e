-- Check-outs: an asset lent to a person (a laptop, a phone) from the day it
-- went out until the day it came back. While a check-out is open the asset is
-- deployed with that person as its custodian; the due date, when there is
-- one, is a real date on or after the day it went out. A check-out is a
-- record: only its return is written to it later, once.
CREATE TABLE checkout (
  id        INTEGER PRIMARY KEY,
  asset_id  INTEGER NOT NULL REFERENCES asset(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  out_on    TEXT NOT NULL CHECK (date(out_on, '+0 days') IS out_on),
  out_by    TEXT NOT NULL CHECK (length(out_by) > 0),
  due_on    TEXT CHECK (due_on IS NULL OR (date(due_on, '+0 days') IS due_on AND due_on >= out_on)),
  note      TEXT,
  in_on     TEXT CHECK (in_on IS NULL OR (date(in_on, '+0 days') IS in_on AND in_on >= out_on)),
  in_by     TEXT,
  condition TEXT,
  CHECK ((in_on IS NULL) = (in_by IS NULL)),
  CHECK (in_on IS NOT NULL OR condition IS NULL)
) STRICT;
-- At most one open check-out per asset.
CREATE UNIQUE INDEX checkout_open ON checkout(asset_id) WHERE in_on IS NULL;
CREATE INDEX checkout_person ON checkout(person_id);

CREATE TRIGGER checkout_insert BEFORE INSERT ON checkout
BEGIN
  SELECT RAISE(ABORT, 'checkout: a check-out is never replaced')
  WHERE EXISTS (SELECT 1 FROM checkout WHERE id = new.id);
  SELECT RAISE(ABORT, 'checkout: a check-out starts open')
  WHERE new.in_on IS NOT NULL;
  SELECT RAISE(ABORT, 'checkout: the person is deactivated and takes no check-out')
  WHERE (SELECT active FROM person WHERE id = new.person_id) = 0;
  SELECT RAISE(ABORT, 'checkout: the asset must be deployed with the person as its custodian')
  WHERE NOT EXISTS (SELECT 1 FROM asset WHERE id = new.asset_id AND status = 'deployed'
                    AND custodian_person_id IS new.person_id);
END;
CREATE TRIGGER checkout_update BEFORE UPDATE ON checkout
BEGIN
  SELECT RAISE(ABORT, 'checkout: a returned check-out is a record')
  WHERE old.in_on IS NOT NULL;
  SELECT RAISE(ABORT, 'checkout: only the return of a check-out is recorded later')
  WHERE new.id IS NOT old.id OR new.asset_id IS NOT old.asset_id OR new.person_id IS NOT old.person_id
     OR new.out_on IS NOT old.out_on OR new.out_by IS NOT old.out_by OR new.due_on IS NOT old.due_on
     OR new.note IS NOT old.note;
END;
CREATE TRIGGER checkout_no_delete BEFORE DELETE ON checkout
BEGIN
  SELECT RAISE(ABORT, 'checkout: check-outs are a record; they are never deleted');
END;
-- A checked-out asset stays deployed with its borrower until it is checked in
-- (the check-out is closed first, then the asset changes).
CREATE TRIGGER asset_checked_out BEFORE UPDATE OF status, custodian_person_id ON asset
WHEN EXISTS (SELECT 1 FROM checkout c WHERE c.asset_id = new.id AND c.in_on IS NULL
             AND (new.status IS NOT 'deployed' OR new.custodian_person_id IS NOT c.person_id))
BEGIN
  SELECT RAISE(ABORT, 'asset: the asset is checked out; check it in first');
END;
