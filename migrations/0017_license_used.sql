-- Seats in use per license, kept by triggers on license_assignment as
-- po_line.received is kept by its receipts, so that license lists, their
-- used/free filters and --over-allocated read one column instead of summing
-- every assignment of every license (issue 21). A guard refuses any other
-- value, so the count cannot drift from the assignments it stands for.
ALTER TABLE license ADD COLUMN used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0);
UPDATE license SET used = (SELECT coalesce(sum(quantity), 0) FROM license_assignment WHERE license_id = license.id);
-- The licenses over their seats, in id order (what --over-allocated lists).
CREATE INDEX license_over_allocated ON license(id) WHERE used > seats;

CREATE TRIGGER license_used_assign AFTER INSERT ON license_assignment
BEGIN
  UPDATE license SET used = used + new.quantity WHERE id = new.license_id;
END;
CREATE TRIGGER license_used_release AFTER DELETE ON license_assignment
BEGIN
  UPDATE license SET used = used - old.quantity WHERE id = old.license_id;
END;
CREATE TRIGGER license_used_change AFTER UPDATE OF license_id, quantity ON license_assignment
BEGIN
  -- One statement for both licenses, so that each row's guard sees its final count.
  UPDATE license SET used = used - CASE WHEN id = old.license_id THEN old.quantity ELSE 0 END
                                 + CASE WHEN id = new.license_id THEN new.quantity ELSE 0 END
  WHERE id IN (old.license_id, new.license_id);
END;
CREATE TRIGGER license_used_is_assignments BEFORE UPDATE OF id, used ON license
WHEN new.used IS NOT (SELECT coalesce(sum(quantity), 0) FROM license_assignment WHERE license_id = new.id)
BEGIN
  -- used is derived: kept by license_used_assign, _release and _change.
  SELECT RAISE(ABORT, 'license: used must equal the sum of the license''s assignments');
END;
CREATE TRIGGER license_used_starts_as_assignments BEFORE INSERT ON license
WHEN new.used IS NOT (SELECT coalesce(sum(quantity), 0) FROM license_assignment WHERE license_id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'license: used must equal the sum of the license''s assignments');
END;
