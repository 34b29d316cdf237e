-- The serial becomes optional (issue 17): Snipe-IT keeps assets by tag alone,
-- and monitors, docks and phones bought before anyone recorded serials have
-- none. NULL means "no serial"; an empty or blank string is never stored. A
-- serial that is present stays unique per manufacturer (UNIQUE treats NULLs as
-- distinct). Receiving against a PO line still requires one (src/receiving.cpp).
--
-- SQLite cannot drop NOT NULL with ALTER TABLE, so this follows sqlite.org's
-- procedure for other kinds of table schema changes: build asset_new, copy
-- every row, drop asset, rename asset_new, then recreate the indexes and
-- triggers that the drop removed (the same text as their earlier migrations).
-- The migrator runs this with foreign keys off and checks them before it
-- commits (src/migrations.cpp); the views and the other tables' triggers and
-- foreign keys name asset and keep working once the new table has its name.

CREATE TABLE asset_new (
  -- One physical serialized unit; the serial is NULL when nobody recorded it (never empty).
  id                  INTEGER PRIMARY KEY,
  tag                 TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(tag) BETWEEN 3 AND 32),
  serial              TEXT CHECK (serial IS NULL OR length(trim(serial)) > 0),
  model_id            INTEGER NOT NULL REFERENCES model(id),
  -- Copied from the model so that a serial, where present, is unique per manufacturer.
  manufacturer_id     INTEGER NOT NULL REFERENCES vendor(id),
  status              TEXT NOT NULL DEFAULT 'in_stock' CHECK (status IN (
                        'in_stock', 'staging', 'deployed', 'in_repair', 'rma', 'retired', 'lost',
                        'disposed', 'returned_to_vendor')),
  location_id         INTEGER REFERENCES location(id),
  owner_team_id       INTEGER REFERENCES team(id),
  custodian_person_id INTEGER REFERENCES person(id),
  po_line_id          INTEGER REFERENCES po_line(id),
  cost_minor          INTEGER CHECK (cost_minor >= 0),
  currency            TEXT CHECK (currency IS NULL OR (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*')),
  received_on         TEXT CHECK (received_on IS NULL OR date(received_on, '+0 days') IS received_on),
  warranty_ends       TEXT CHECK (warranty_ends IS NULL OR date(warranty_ends, '+0 days') IS warranty_ends),
  hostname            TEXT CHECK (hostname IS NULL OR length(hostname) BETWEEN 1 AND 253),
  -- The unit this one replaced under an RMA.
  replaces_asset_id   INTEGER UNIQUE REFERENCES asset(id),
  notes               TEXT,
  created_at          TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
  updated_at          TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+0 days') IS updated_at),
  CHECK ((cost_minor IS NULL) = (currency IS NULL)),
  UNIQUE (manufacturer_id, serial)
) STRICT;

INSERT INTO asset_new SELECT * FROM asset;

DROP TABLE asset;

ALTER TABLE asset_new RENAME TO asset;

-- The indexes and triggers on asset, in the order the earlier migrations made them.
CREATE INDEX asset_status ON asset(status);
CREATE INDEX asset_location ON asset(location_id);
CREATE INDEX asset_owner_team ON asset(owner_team_id);
CREATE INDEX asset_model ON asset(model_id);
CREATE INDEX asset_custodian ON asset(custodian_person_id) WHERE custodian_person_id IS NOT NULL;
CREATE INDEX asset_po_line ON asset(po_line_id) WHERE po_line_id IS NOT NULL;
CREATE INDEX asset_serial ON asset(serial);
CREATE TRIGGER asset_manufacturer_insert BEFORE INSERT ON asset
BEGIN
  SELECT RAISE(ABORT, 'asset: manufacturer_id must be the model''s manufacturer')
  WHERE new.manufacturer_id IS NOT (SELECT manufacturer_id FROM model WHERE id = new.model_id);
  SELECT RAISE(ABORT, 'asset: a bulk (non-serialized) model cannot be an asset')
  WHERE (SELECT serialized FROM model WHERE id = new.model_id) = 0;
END;
CREATE TRIGGER asset_terminal_frozen BEFORE UPDATE ON asset
WHEN old.status IN ('disposed', 'returned_to_vendor')
BEGIN
  -- A disposed or returned asset never changes again.
  SELECT RAISE(ABORT, 'asset: disposed and returned_to_vendor assets are read-only');
END;
CREATE TRIGGER asset_terminal_undeletable BEFORE DELETE ON asset
WHEN old.status IN ('disposed', 'returned_to_vendor')
BEGIN
  SELECT RAISE(ABORT, 'asset: disposed and returned_to_vendor assets are read-only');
END;
CREATE TRIGGER asset_disposed_has_record BEFORE UPDATE OF status ON asset
WHEN new.status = 'disposed' AND NOT EXISTS (SELECT 1 FROM disposal WHERE asset_id = new.id)
BEGIN
  -- Disposal is a record (method, date, wipe), not only a status: write it first.
  SELECT RAISE(ABORT, 'asset: a disposed asset needs its disposal record first');
END;
CREATE TRIGGER asset_final_holds_no_seats BEFORE UPDATE OF status ON asset
WHEN new.status IN ('disposed', 'returned_to_vendor')
 AND EXISTS (SELECT 1 FROM license_assignment WHERE asset_id = new.id)
BEGIN
  -- A unit that leaves for good gives its license seats back first.
  SELECT RAISE(ABORT, 'asset: release its license seats before it is disposed or returned');
END;
CREATE TRIGGER asset_manufacturer_update BEFORE UPDATE OF model_id, manufacturer_id ON asset
BEGIN
  SELECT RAISE(ABORT, 'asset: manufacturer_id must be the model''s manufacturer')
  WHERE new.manufacturer_id IS NOT (SELECT manufacturer_id FROM model WHERE id = new.model_id);
END;
CREATE UNIQUE INDEX asset_hostname_deployed ON asset(hostname COLLATE NOCASE)
WHERE status = 'deployed' AND hostname IS NOT NULL;
CREATE TRIGGER asset_placed_stays_deployed BEFORE UPDATE OF status ON asset
WHEN old.status = 'deployed' AND new.status IS NOT 'deployed'
 AND EXISTS (SELECT 1 FROM placement WHERE asset_id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'asset: an asset installed in a rack stays deployed; remove it from the rack first');
END;
CREATE TRIGGER asset_no_replace BEFORE INSERT ON asset
WHEN EXISTS (SELECT 1 FROM asset WHERE id = new.id OR tag = new.tag
                OR (manufacturer_id = new.manufacturer_id AND serial = new.serial)
                OR replaces_asset_id = new.replaces_asset_id)
  OR (new.status = 'deployed' AND new.hostname IS NOT NULL
      AND EXISTS (SELECT 1 FROM asset WHERE status = 'deployed' AND hostname = new.hostname COLLATE NOCASE))
BEGIN
  -- The message starts like SQLite's own, so that callers telling a taken
  -- tag or serial apart by it keep working.
  SELECT RAISE(ABORT, 'UNIQUE constraint failed: asset (an asset is never replaced)');
END;
CREATE TRIGGER asset_no_replace_update BEFORE UPDATE OF id, tag, serial, manufacturer_id, replaces_asset_id,
  hostname, status ON asset
WHEN EXISTS (SELECT 1 FROM asset WHERE id <> old.id AND (id = new.id OR tag = new.tag
                OR (manufacturer_id = new.manufacturer_id AND serial = new.serial)
                OR replaces_asset_id = new.replaces_asset_id))
  OR (new.status = 'deployed' AND new.hostname IS NOT NULL
      AND EXISTS (SELECT 1 FROM asset WHERE id <> old.id AND status = 'deployed'
                  AND hostname = new.hostname COLLATE NOCASE))
BEGIN
  SELECT RAISE(ABORT, 'UNIQUE constraint failed: asset (an asset is never replaced)');
END;
CREATE TRIGGER asset_racked_model_fixed BEFORE UPDATE OF model_id ON asset
WHEN new.model_id IS NOT old.model_id AND EXISTS (SELECT 1 FROM placement WHERE asset_id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'asset: an asset installed in a rack keeps its model; remove it from the rack first');
END;
CREATE TRIGGER asset_insert_status BEFORE INSERT ON asset
BEGIN
  -- Those statuses come with their records, which reference the asset.
  SELECT RAISE(ABORT, 'asset: a new asset cannot start in_repair, in rma, disposed or returned_to_vendor')
  WHERE new.status IN ('in_repair', 'rma', 'disposed', 'returned_to_vendor');
  SELECT RAISE(ABORT, 'asset: a deployed asset needs a location')
  WHERE new.status = 'deployed' AND new.location_id IS NULL;
END;
CREATE TRIGGER asset_status_has_record BEFORE UPDATE OF status, location_id ON asset
-- An illegal move is refused by asset_status_lifecycle, with its own message.
WHEN new.status IS old.status
  OR EXISTS (SELECT 1 FROM asset_status_transition WHERE from_status = old.status AND to_status = new.status)
BEGIN
  SELECT RAISE(ABORT, 'asset: an asset in_repair needs an open repair record first')
  WHERE new.status = 'in_repair' AND old.status IS NOT 'in_repair'
    AND NOT EXISTS (SELECT 1 FROM repair WHERE asset_id = new.id AND closed_on IS NULL);
  SELECT RAISE(ABORT, 'asset: an asset in rma needs an open RMA record first')
  WHERE new.status = 'rma' AND old.status IS NOT 'rma'
    AND NOT EXISTS (SELECT 1 FROM rma WHERE asset_id = new.id AND resolved_on IS NULL);
  SELECT RAISE(ABORT, 'asset: a returned asset needs a resolved RMA (replaced or refunded) first')
  WHERE new.status = 'returned_to_vendor' AND old.status IS NOT 'returned_to_vendor'
    AND NOT EXISTS (SELECT 1 FROM rma WHERE asset_id = new.id AND outcome IN ('replaced', 'refunded'));
  SELECT RAISE(ABORT, 'asset: close the open repair record before the asset leaves in_repair')
  WHERE old.status = 'in_repair' AND new.status IS NOT 'in_repair'
    AND EXISTS (SELECT 1 FROM repair WHERE asset_id = new.id AND closed_on IS NULL);
  SELECT RAISE(ABORT, 'asset: resolve the open RMA before the asset leaves rma')
  WHERE old.status = 'rma' AND new.status IS NOT 'rma'
    AND EXISTS (SELECT 1 FROM rma WHERE asset_id = new.id AND resolved_on IS NULL);
  SELECT RAISE(ABORT, 'asset: a deployed asset needs a location')
  WHERE new.status = 'deployed' AND new.location_id IS NULL;
END;
CREATE TRIGGER asset_identifiers_printable BEFORE INSERT ON asset
WHEN new.tag GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
  OR new.serial GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
  OR new.hostname GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
BEGIN
  SELECT RAISE(ABORT, 'asset: tag, serial and hostname hold no control characters');
END;
CREATE TRIGGER asset_identifiers_printable_update BEFORE UPDATE OF tag, serial, hostname ON asset
WHEN new.tag GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
  OR new.serial GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
  OR new.hostname GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
BEGIN
  SELECT RAISE(ABORT, 'asset: tag, serial and hostname hold no control characters');
END;
CREATE TRIGGER asset_custodian_active BEFORE UPDATE OF custodian_person_id ON asset
WHEN new.custodian_person_id IS NOT NULL AND new.custodian_person_id IS NOT old.custodian_person_id
 AND (SELECT active FROM person WHERE id = new.custodian_person_id) = 0
BEGIN
  SELECT RAISE(ABORT, 'asset: the person is deactivated and takes no new assets');
END;
CREATE TRIGGER asset_custodian_active_insert BEFORE INSERT ON asset
WHEN new.custodian_person_id IS NOT NULL AND (SELECT active FROM person WHERE id = new.custodian_person_id) = 0
BEGIN
  SELECT RAISE(ABORT, 'asset: the person is deactivated and takes no new assets');
END;
CREATE TRIGGER asset_checked_out BEFORE UPDATE OF status, custodian_person_id ON asset
WHEN EXISTS (SELECT 1 FROM checkout c WHERE c.asset_id = new.id AND c.in_on IS NULL
             AND (new.status IS NOT 'deployed' OR new.custodian_person_id IS NOT c.person_id))
BEGIN
  SELECT RAISE(ABORT, 'asset: the asset is checked out; check it in first');
END;
CREATE TRIGGER asset_po_line_units BEFORE INSERT ON asset
WHEN new.po_line_id IS NOT NULL
 AND (SELECT count(*) FROM asset a WHERE a.po_line_id = new.po_line_id
      AND NOT EXISTS (SELECT 1 FROM receipt_reversal_asset r WHERE r.asset_id = a.id))
     >= (SELECT quantity FROM po_line WHERE id = new.po_line_id)
BEGIN
  SELECT RAISE(ABORT, 'asset: the PO line already holds as many units as were ordered');
END;
CREATE TRIGGER asset_po_line_units_update BEFORE UPDATE OF po_line_id ON asset
WHEN new.po_line_id IS NOT NULL AND new.po_line_id IS NOT old.po_line_id
 AND (SELECT count(*) FROM asset a WHERE a.po_line_id = new.po_line_id
      AND NOT EXISTS (SELECT 1 FROM receipt_reversal_asset r WHERE r.asset_id = a.id))
     >= (SELECT quantity FROM po_line WHERE id = new.po_line_id)
BEGIN
  SELECT RAISE(ABORT, 'asset: the PO line already holds as many units as were ordered');
END;
CREATE TRIGGER asset_status_lifecycle BEFORE UPDATE OF status ON asset
WHEN new.status IS NOT old.status
 AND NOT EXISTS (SELECT 1 FROM asset_status_transition
                 WHERE from_status = old.status AND to_status = new.status)
 AND NOT (old.status = 'in_stock' AND new.status = 'returned_to_vendor'
          AND EXISTS (SELECT 1 FROM receipt_reversal_asset WHERE asset_id = new.id))
BEGIN
  SELECT RAISE(ABORT, 'asset: illegal status transition');
END;
