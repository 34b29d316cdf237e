-- Tally schema v1: the whole domain of PRODUCT.md.
--
-- Conventions (kept by every later migration):
--   * every table is STRICT; keys are INTEGER PRIMARY KEY, human keys are UNIQUE;
--   * money is an INTEGER of minor units plus an ISO 4217 code, never REAL;
--   * dates are TEXT 'YYYY-MM-DD', timestamps TEXT 'YYYY-MM-DDTHH:MM:SSZ' (UTC),
--     both checked so that only canonical values are stored;
--   * every enumerated column has a CHECK; what a CHECK cannot say is a trigger.
-- Comments inside CREATE statements are kept by SQLite and so appear in
-- schema/schema.sql; comments between statements (like this one) are not.

-- Marks the file as a Tally database ("TALY"); see k_application_id in src/db.hpp.
PRAGMA application_id = 1413565529;

CREATE TABLE setting (
  -- Key/value configuration set with `tally config set` (e.g. tag.prefix).
  key   TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
  value TEXT NOT NULL
) STRICT;

CREATE TABLE sequence (
  -- Named counters for generated keys (asset tags, PO numbers per year).
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL CHECK (value >= 0)
) STRICT;

CREATE TABLE team (
  -- The org chart: divisions (1A..1I), teams (A-2, IT-5) and sub-teams (U-AP2).
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE COLLATE NOCASE
            CHECK (length(code) BETWEEN 1 AND 16 AND code NOT GLOB '*[^A-Za-z0-9-]*'),
  name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
  kind      TEXT NOT NULL CHECK (kind IN ('division', 'team', 'subteam')),
  parent_id INTEGER REFERENCES team(id) ON DELETE RESTRICT,
  CHECK ((kind = 'division') = (parent_id IS NULL))
) STRICT;
CREATE INDEX team_parent ON team(parent_id);

CREATE TRIGGER team_parent_kind_insert BEFORE INSERT ON team
WHEN new.parent_id IS NOT NULL
BEGIN
  -- A team hangs under a division, a sub-team under a team.
  SELECT RAISE(ABORT, 'team: parent kind does not fit (team under division, subteam under team)')
  WHERE (SELECT kind FROM team WHERE id = new.parent_id)
        IS NOT (CASE new.kind WHEN 'team' THEN 'division' WHEN 'subteam' THEN 'team' END);
END;

CREATE TRIGGER team_parent_kind_update BEFORE UPDATE OF kind, parent_id ON team
WHEN new.parent_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'team: parent kind does not fit (team under division, subteam under team)')
  WHERE (SELECT kind FROM team WHERE id = new.parent_id)
        IS NOT (CASE new.kind WHEN 'team' THEN 'division' WHEN 'subteam' THEN 'team' END);
END;

CREATE TABLE team_alias (
  -- Other names the chart uses for a team ("Platform Engineering & Developer Tools").
  alias   TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(trim(alias)) > 0),
  team_id INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE
) STRICT;

CREATE TABLE person (
  -- Custodians of assets and holders of license seats.
  id       INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE
           CHECK (length(username) BETWEEN 1 AND 64 AND username NOT GLOB '*[^A-Za-z0-9._-]*'),
  name     TEXT NOT NULL CHECK (length(trim(name)) > 0),
  email    TEXT CHECK (email IS NULL OR email GLOB '?*@?*'),
  team_id  INTEGER NOT NULL REFERENCES team(id),
  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX person_team ON person(team_id);

CREATE TABLE location (
  -- A tree: site > building > room > cage/row > bin; warehouses too.
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE COLLATE NOCASE
            CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^A-Za-z0-9._-]*'),
  name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
  kind      TEXT NOT NULL CHECK (kind IN ('site', 'building', 'room', 'warehouse', 'cage', 'row', 'bin')),
  parent_id INTEGER REFERENCES location(id) ON DELETE RESTRICT,
  CHECK (parent_id IS NOT id)
) STRICT;
CREATE INDEX location_parent ON location(parent_id);

CREATE TRIGGER location_no_cycle BEFORE UPDATE OF parent_id ON location
WHEN new.parent_id IS NOT NULL
BEGIN
  -- Moving a location under itself or one of its descendants would make a cycle.
  SELECT RAISE(ABORT, 'location: parent would create a cycle')
  WHERE EXISTS (
    WITH RECURSIVE up(id) AS (
      SELECT new.parent_id
      UNION
      SELECT l.parent_id FROM location l JOIN up ON l.id = up.id WHERE l.parent_id IS NOT NULL)
    SELECT 1 FROM up WHERE id = new.id);
END;

CREATE TABLE vendor (
  -- Suppliers and manufacturers (one vendor can be both).
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
  is_supplier     INTEGER NOT NULL DEFAULT 1 CHECK (is_supplier IN (0, 1)),
  is_manufacturer INTEGER NOT NULL DEFAULT 0 CHECK (is_manufacturer IN (0, 1)),
  email           TEXT CHECK (email IS NULL OR email GLOB '?*@?*'),
  phone           TEXT,
  url             TEXT
) STRICT;

CREATE TABLE model (
  -- A product: serialized (tagged one by one) or bulk (counted stock).
  id              INTEGER PRIMARY KEY,
  manufacturer_id INTEGER NOT NULL REFERENCES vendor(id),
  name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
  part_number     TEXT,
  gtin            TEXT UNIQUE
                  CHECK (gtin IS NULL OR (length(gtin) IN (8, 12, 13, 14) AND gtin NOT GLOB '*[^0-9]*')),
  category        TEXT NOT NULL CHECK (category IN (
                    'server', 'switch', 'router', 'firewall', 'storage', 'pdu', 'patch-panel',
                    'laptop', 'desktop', 'monitor', 'phone', 'optic', 'cable', 'component', 'other')),
  -- Rack height in half units: 0 = 0U, 1 = 0.5U, 2 = 1U, 4 = 2U.
  u_height_halves INTEGER NOT NULL DEFAULT 0 CHECK (u_height_halves BETWEEN 0 AND 200),
  full_depth      INTEGER NOT NULL DEFAULT 1 CHECK (full_depth IN (0, 1)),
  serialized      INTEGER NOT NULL DEFAULT 1 CHECK (serialized IN (0, 1)),
  stores_data     INTEGER NOT NULL DEFAULT 0 CHECK (stores_data IN (0, 1)),
  warranty_months INTEGER NOT NULL DEFAULT 0 CHECK (warranty_months BETWEEN 0 AND 240),
  UNIQUE (manufacturer_id, name)
) STRICT;

CREATE TABLE budget (
  -- A team's budget for one fiscal year.
  team_id      INTEGER NOT NULL REFERENCES team(id),
  fiscal_year  INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2999),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency     TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  PRIMARY KEY (team_id, fiscal_year)
) STRICT;

CREATE TABLE purchase_order (
  -- A PO belongs to a requesting team; approval is checked against its budget.
  id              INTEGER PRIMARY KEY,
  number          TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(number)) > 0),
  vendor_id       INTEGER NOT NULL REFERENCES vendor(id),
  team_id         INTEGER NOT NULL REFERENCES team(id),
  currency        TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  fiscal_year     INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2999),
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN (
                    'draft', 'submitted', 'approved', 'ordered', 'partially_received',
                    'received', 'closed', 'cancelled')),
  created_at      TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
  override_reason TEXT,
  notes           TEXT
) STRICT;
CREATE INDEX purchase_order_team ON purchase_order(team_id, fiscal_year);
CREATE INDEX purchase_order_vendor ON purchase_order(vendor_id);

CREATE TABLE po_status_transition (
  -- The legal moves of a purchase order; the trigger below enforces them.
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  PRIMARY KEY (from_status, to_status)
) STRICT, WITHOUT ROWID;

INSERT INTO po_status_transition (from_status, to_status) VALUES
  ('draft', 'submitted'), ('draft', 'cancelled'),
  ('submitted', 'approved'), ('submitted', 'cancelled'),
  ('approved', 'ordered'), ('approved', 'cancelled'),
  ('ordered', 'partially_received'), ('ordered', 'received'), ('ordered', 'cancelled'),
  ('partially_received', 'received'), ('partially_received', 'closed'),
  ('received', 'closed');

CREATE TRIGGER purchase_order_status BEFORE UPDATE OF status ON purchase_order
WHEN new.status IS NOT old.status
 AND NOT EXISTS (SELECT 1 FROM po_status_transition
                 WHERE from_status = old.status AND to_status = new.status)
BEGIN
  SELECT RAISE(ABORT, 'purchase_order: illegal status transition');
END;

CREATE TABLE po_line (
  -- What was ordered: a model or a free description, a quantity, a unit cost.
  id              INTEGER PRIMARY KEY,
  po_id           INTEGER NOT NULL REFERENCES purchase_order(id) ON DELETE CASCADE,
  line_no         INTEGER NOT NULL CHECK (line_no >= 1),
  model_id        INTEGER REFERENCES model(id),
  description     TEXT,
  quantity        INTEGER NOT NULL CHECK (quantity > 0),
  unit_cost_minor INTEGER NOT NULL CHECK (unit_cost_minor >= 0),
  -- Units received so far: the sum of the line's receipts, kept by the
  -- trigger on receipt so that receiving never re-adds the whole history.
  received        INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0),
  CHECK (received <= quantity),
  CHECK (model_id IS NOT NULL OR length(trim(description)) > 0),
  UNIQUE (po_id, line_no)
) STRICT;

CREATE TABLE receipt (
  -- Units of a PO line that arrived: when, by whom, where.
  id          INTEGER PRIMARY KEY,
  po_line_id  INTEGER NOT NULL REFERENCES po_line(id),
  quantity    INTEGER NOT NULL CHECK (quantity > 0),
  received_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '+0 days') IS received_at),
  received_by TEXT NOT NULL,
  location_id INTEGER REFERENCES location(id)
) STRICT;
CREATE INDEX receipt_line ON receipt(po_line_id);

CREATE TRIGGER receipt_not_over BEFORE INSERT ON receipt
BEGIN
  -- Never receive more than was ordered on the line.
  SELECT RAISE(ABORT, 'receipt: more than ordered on the line')
  WHERE new.quantity + (SELECT received FROM po_line WHERE id = new.po_line_id)
        > (SELECT quantity FROM po_line WHERE id = new.po_line_id);
END;

CREATE TRIGGER receipt_count AFTER INSERT ON receipt
BEGIN
  UPDATE po_line SET received = received + new.quantity WHERE id = new.po_line_id;
END;

CREATE TRIGGER receipt_no_update BEFORE UPDATE ON receipt
BEGIN
  -- Receipts are a record of what arrived; corrections are new records.
  SELECT RAISE(ABORT, 'receipt: receipts are append-only');
END;

CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt
BEGIN
  SELECT RAISE(ABORT, 'receipt: receipts are append-only');
END;

CREATE TABLE asset_status_transition (
  -- The legal lifecycle moves of an asset, read by the library and the trigger alike.
  from_status TEXT NOT NULL CHECK (from_status IN (
                'in_stock', 'staging', 'deployed', 'in_repair', 'rma', 'retired', 'lost')),
  to_status   TEXT NOT NULL CHECK (to_status IN (
                'in_stock', 'staging', 'deployed', 'in_repair', 'rma', 'retired', 'lost',
                'disposed', 'returned_to_vendor')),
  PRIMARY KEY (from_status, to_status),
  CHECK (from_status <> to_status)
) STRICT, WITHOUT ROWID;

INSERT INTO asset_status_transition (from_status, to_status) VALUES
  ('in_stock', 'staging'), ('in_stock', 'deployed'), ('in_stock', 'in_repair'),
  ('in_stock', 'rma'), ('in_stock', 'retired'), ('in_stock', 'lost'), ('in_stock', 'disposed'),
  ('staging', 'in_stock'), ('staging', 'deployed'), ('staging', 'in_repair'),
  ('staging', 'rma'), ('staging', 'lost'),
  ('deployed', 'in_stock'), ('deployed', 'staging'), ('deployed', 'in_repair'),
  ('deployed', 'retired'), ('deployed', 'lost'),
  ('in_repair', 'in_stock'), ('in_repair', 'rma'), ('in_repair', 'retired'),
  ('rma', 'in_stock'), ('rma', 'returned_to_vendor'),
  ('retired', 'in_stock'), ('retired', 'disposed'), ('retired', 'lost'),
  ('lost', 'in_stock'), ('lost', 'retired');

CREATE TABLE asset (
  -- One physical serialized unit.
  id                  INTEGER PRIMARY KEY,
  tag                 TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(tag) BETWEEN 3 AND 32),
  serial              TEXT NOT NULL CHECK (length(trim(serial)) > 0),
  model_id            INTEGER NOT NULL REFERENCES model(id),
  -- Copied from the model so that a serial is unique per manufacturer.
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

CREATE TRIGGER asset_status_lifecycle BEFORE UPDATE OF status ON asset
WHEN new.status IS NOT old.status
 AND NOT EXISTS (SELECT 1 FROM asset_status_transition
                 WHERE from_status = old.status AND to_status = new.status)
BEGIN
  SELECT RAISE(ABORT, 'asset: illegal status transition');
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

CREATE TABLE asset_barcode (
  -- External barcodes found on a unit (vendor labels, old tags from other tools).
  id        INTEGER PRIMARY KEY,
  asset_id  INTEGER NOT NULL REFERENCES asset(id),
  code      TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  symbology TEXT
) STRICT;
CREATE INDEX asset_barcode_asset ON asset_barcode(asset_id);

CREATE TABLE rack (
  -- A rack in a location; name unique within that location.
  id            INTEGER PRIMARY KEY,
  location_id   INTEGER NOT NULL REFERENCES location(id),
  name          TEXT NOT NULL CHECK (length(trim(name)) > 0 AND name NOT GLOB '*/*'),
  height_u      INTEGER NOT NULL DEFAULT 42 CHECK (height_u BETWEEN 1 AND 100),
  starting_unit INTEGER NOT NULL DEFAULT 1 CHECK (starting_unit BETWEEN 0 AND 100),
  team_id       INTEGER REFERENCES team(id),
  UNIQUE (location_id, name)
) STRICT;

CREATE TABLE placement (
  -- Where an asset sits in a rack. Positions are in half units from the rack's
  -- starting unit: U10 of a rack starting at 1 is lo_half 18. A 0U device has
  -- no position. A full-depth device occupies both faces.
  asset_id    INTEGER PRIMARY KEY REFERENCES asset(id),
  rack_id     INTEGER NOT NULL REFERENCES rack(id),
  lo_half     INTEGER CHECK (lo_half >= 0),
  hi_half     INTEGER,
  face        TEXT CHECK (face IS NULL OR face IN ('front', 'rear')),
  front       INTEGER NOT NULL CHECK (front IN (0, 1)),
  rear        INTEGER NOT NULL CHECK (rear IN (0, 1)),
  installed_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', installed_at, '+0 days') IS installed_at),
  CHECK ((lo_half IS NULL) = (hi_half IS NULL)),
  CHECK (hi_half IS NULL OR hi_half > lo_half),
  CHECK (lo_half IS NULL OR front + rear >= 1)
) STRICT;
CREATE INDEX placement_rack ON placement(rack_id, lo_half);

CREATE TRIGGER placement_fits BEFORE INSERT ON placement
WHEN new.lo_half IS NOT NULL
BEGIN
  -- Nothing past the top of the rack, and no two devices in the same half unit and face.
  SELECT RAISE(ABORT, 'placement: device runs past the top of the rack')
  WHERE new.hi_half > 2 * (SELECT height_u FROM rack WHERE id = new.rack_id);
  SELECT RAISE(ABORT, 'placement: overlaps another device')
  WHERE EXISTS (SELECT 1 FROM placement p
                WHERE p.rack_id = new.rack_id AND p.lo_half IS NOT NULL
                  AND p.lo_half < new.hi_half AND new.lo_half < p.hi_half
                  AND ((p.front AND new.front) OR (p.rear AND new.rear)));
END;

CREATE TRIGGER placement_fits_update BEFORE UPDATE ON placement
WHEN new.lo_half IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'placement: device runs past the top of the rack')
  WHERE new.hi_half > 2 * (SELECT height_u FROM rack WHERE id = new.rack_id);
  SELECT RAISE(ABORT, 'placement: overlaps another device')
  WHERE EXISTS (SELECT 1 FROM placement p
                WHERE p.rack_id = new.rack_id AND p.asset_id <> new.asset_id AND p.lo_half IS NOT NULL
                  AND p.lo_half < new.hi_half AND new.lo_half < p.hi_half
                  AND ((p.front AND new.front) OR (p.rear AND new.rear)));
END;

CREATE TABLE hw_test (
  -- A-3's hardware test results.
  id          INTEGER PRIMARY KEY,
  asset_id    INTEGER NOT NULL REFERENCES asset(id),
  kind        TEXT NOT NULL CHECK (kind IN ('memory', 'disk', 'power', 'burn-in', 'network')),
  result      TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
  notes       TEXT,
  recorded_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at, '+0 days') IS recorded_at),
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX hw_test_asset ON hw_test(asset_id);

CREATE TABLE image_record (
  -- OS images and firmware loaded onto an asset.
  id          INTEGER PRIMARY KEY,
  asset_id    INTEGER NOT NULL REFERENCES asset(id),
  image       TEXT NOT NULL CHECK (length(trim(image)) > 0),
  version     TEXT,
  recorded_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at, '+0 days') IS recorded_at),
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX image_record_asset ON image_record(asset_id);

CREATE TABLE repair (
  -- In-house repair of an asset.
  id        INTEGER PRIMARY KEY,
  asset_id  INTEGER NOT NULL REFERENCES asset(id),
  reason    TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  opened_on TEXT NOT NULL CHECK (date(opened_on, '+0 days') IS opened_on),
  closed_on TEXT CHECK (closed_on IS NULL OR date(closed_on, '+0 days') IS closed_on),
  -- escalated: the repair became an RMA.
  outcome   TEXT CHECK (outcome IS NULL OR outcome IN ('fixed', 'unrepairable', 'escalated')),
  notes     TEXT,
  CHECK ((closed_on IS NULL) = (outcome IS NULL)),
  CHECK (closed_on IS NULL OR closed_on >= opened_on)
) STRICT;
CREATE INDEX repair_asset ON repair(asset_id);
CREATE UNIQUE INDEX repair_one_open ON repair(asset_id) WHERE closed_on IS NULL;

CREATE TABLE rma (
  -- A return to the vendor under warranty or contract.
  id                   INTEGER PRIMARY KEY,
  asset_id             INTEGER NOT NULL REFERENCES asset(id),
  vendor_id            INTEGER NOT NULL REFERENCES vendor(id),
  vendor_rma           TEXT,
  reason               TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  opened_on            TEXT NOT NULL CHECK (date(opened_on, '+0 days') IS opened_on),
  shipped_on           TEXT CHECK (shipped_on IS NULL OR date(shipped_on, '+0 days') IS shipped_on),
  tracking             TEXT,
  resolved_on          TEXT CHECK (resolved_on IS NULL OR date(resolved_on, '+0 days') IS resolved_on),
  outcome              TEXT CHECK (outcome IS NULL OR outcome IN ('repaired', 'replaced', 'refunded', 'rejected')),
  replacement_asset_id INTEGER UNIQUE REFERENCES asset(id),
  refund_minor         INTEGER CHECK (refund_minor >= 0),
  refund_currency      TEXT CHECK (refund_currency IS NULL OR (length(refund_currency) = 3 AND refund_currency NOT GLOB '*[^A-Z]*')),
  CHECK ((resolved_on IS NULL) = (outcome IS NULL)),
  CHECK (shipped_on IS NULL OR shipped_on >= opened_on),
  CHECK (resolved_on IS NULL OR resolved_on >= opened_on),
  CHECK ((replacement_asset_id IS NOT NULL) <= (outcome IS 'replaced')),
  CHECK ((refund_minor IS NULL) = (refund_currency IS NULL))
) STRICT;
CREATE INDEX rma_asset ON rma(asset_id);
CREATE INDEX rma_vendor ON rma(vendor_id);
CREATE UNIQUE INDEX rma_one_open ON rma(asset_id) WHERE resolved_on IS NULL;

CREATE TABLE disposal (
  -- The record of an asset leaving for good.
  id          INTEGER PRIMARY KEY,
  asset_id    INTEGER NOT NULL UNIQUE REFERENCES asset(id),
  method      TEXT NOT NULL CHECK (method IN ('recycle', 'destroy', 'resell', 'donate')),
  disposed_on TEXT NOT NULL CHECK (date(disposed_on, '+0 days') IS disposed_on),
  recipient   TEXT,
  certificate TEXT,
  wipe_method TEXT CHECK (wipe_method IS NULL OR length(trim(wipe_method)) > 0),
  recorded_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at, '+0 days') IS recorded_at),
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX disposal_date ON disposal(disposed_on);

CREATE TRIGGER disposal_wipe_required BEFORE INSERT ON disposal
WHEN new.wipe_method IS NULL
BEGIN
  -- Anything that stores data needs a data wipe attestation.
  SELECT RAISE(ABORT, 'disposal: the model stores data; a wipe method is required')
  WHERE (SELECT m.stores_data FROM asset a JOIN model m ON m.id = a.model_id WHERE a.id = new.asset_id) = 1;
END;

CREATE TRIGGER disposal_frozen_update BEFORE UPDATE ON disposal
BEGIN
  SELECT RAISE(ABORT, 'disposal: disposal records are permanent');
END;

CREATE TRIGGER disposal_frozen_delete BEFORE DELETE ON disposal
BEGIN
  SELECT RAISE(ABORT, 'disposal: disposal records are permanent');
END;

CREATE TABLE license (
  -- A software license; seats NULL means unlimited (site licenses).
  id                   INTEGER PRIMARY KEY,
  product              TEXT NOT NULL CHECK (length(trim(product)) > 0),
  vendor_id            INTEGER NOT NULL REFERENCES vendor(id),
  type                 TEXT NOT NULL DEFAULT 'per-seat' CHECK (type IN (
                         'per-seat', 'per-device', 'per-core', 'site', 'subscription')),
  seats                INTEGER CHECK (seats > 0),
  license_key          TEXT,
  starts_on            TEXT CHECK (starts_on IS NULL OR date(starts_on, '+0 days') IS starts_on),
  expires_on           TEXT CHECK (expires_on IS NULL OR date(expires_on, '+0 days') IS expires_on),
  po_id                INTEGER REFERENCES purchase_order(id),
  cost_minor           INTEGER CHECK (cost_minor >= 0),
  currency             TEXT CHECK (currency IS NULL OR (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*')),
  owner_team_id        INTEGER REFERENCES team(id),
  allow_overallocation INTEGER NOT NULL DEFAULT 0 CHECK (allow_overallocation IN (0, 1)),
  notes                TEXT,
  created_at           TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
  CHECK ((type = 'site') = (seats IS NULL)),
  CHECK (expires_on IS NULL OR starts_on IS NULL OR expires_on >= starts_on),
  CHECK ((cost_minor IS NULL) = (currency IS NULL))
) STRICT;
CREATE INDEX license_team ON license(owner_team_id);
CREATE INDEX license_vendor ON license(vendor_id);
CREATE INDEX license_expiry ON license(expires_on) WHERE expires_on IS NOT NULL;

CREATE TABLE license_assignment (
  -- Seats of a license given to exactly one asset, person or team.
  id          INTEGER PRIMARY KEY,
  license_id  INTEGER NOT NULL REFERENCES license(id),
  asset_id    INTEGER REFERENCES asset(id),
  person_id   INTEGER REFERENCES person(id),
  team_id     INTEGER REFERENCES team(id),
  quantity    INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
  assigned_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', assigned_at, '+0 days') IS assigned_at),
  CHECK ((asset_id IS NOT NULL) + (person_id IS NOT NULL) + (team_id IS NOT NULL) = 1),
  UNIQUE (license_id, asset_id),
  UNIQUE (license_id, person_id),
  UNIQUE (license_id, team_id)
) STRICT;
CREATE INDEX license_assignment_asset ON license_assignment(asset_id) WHERE asset_id IS NOT NULL;
CREATE INDEX license_assignment_person ON license_assignment(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX license_assignment_team ON license_assignment(team_id) WHERE team_id IS NOT NULL;

CREATE TRIGGER license_assignment_rules BEFORE INSERT ON license_assignment
BEGIN
  -- Per-device licenses go to assets only; retired-for-good assets take no seats;
  -- seats are never over-allocated unless the license allows it.
  SELECT RAISE(ABORT, 'license_assignment: a per-device license can only be assigned to an asset')
  WHERE new.asset_id IS NULL AND (SELECT type FROM license WHERE id = new.license_id) = 'per-device';
  SELECT RAISE(ABORT, 'license_assignment: the asset is disposed or returned to the vendor')
  WHERE new.asset_id IS NOT NULL
    AND (SELECT status FROM asset WHERE id = new.asset_id) IN ('disposed', 'returned_to_vendor');
  SELECT RAISE(ABORT, 'license_assignment: more seats than bought')
  WHERE (SELECT allow_overallocation = 0 AND seats IS NOT NULL FROM license WHERE id = new.license_id)
    AND new.quantity + (SELECT coalesce(sum(quantity), 0) FROM license_assignment WHERE license_id = new.license_id)
        > (SELECT seats FROM license WHERE id = new.license_id);
END;

CREATE TRIGGER license_assignment_quantity BEFORE UPDATE OF quantity ON license_assignment
WHEN new.quantity > old.quantity
BEGIN
  SELECT RAISE(ABORT, 'license_assignment: more seats than bought')
  WHERE (SELECT allow_overallocation = 0 AND seats IS NOT NULL FROM license WHERE id = new.license_id)
    AND new.quantity - old.quantity
        + (SELECT coalesce(sum(quantity), 0) FROM license_assignment WHERE license_id = new.license_id)
        > (SELECT seats FROM license WHERE id = new.license_id);
END;

CREATE TRIGGER license_seats_not_below_use BEFORE UPDATE OF seats, allow_overallocation ON license
WHEN new.allow_overallocation = 0 AND new.seats IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'license: fewer seats than assigned')
  WHERE (SELECT coalesce(sum(quantity), 0) FROM license_assignment WHERE license_id = new.id) > new.seats;
END;

CREATE TABLE stock_level (
  -- On-hand quantity of a bulk model at a location, kept equal to the sum of
  -- its movements by the trigger on stock_movement; never below zero.
  model_id      INTEGER NOT NULL REFERENCES model(id),
  location_id   INTEGER NOT NULL REFERENCES location(id),
  on_hand       INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reorder_point INTEGER CHECK (reorder_point >= 0),
  reorder_qty   INTEGER CHECK (reorder_qty > 0),
  PRIMARY KEY (model_id, location_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX stock_level_location ON stock_level(location_id);

CREATE TABLE stock_count (
  -- A cycle count of a location.
  id          INTEGER PRIMARY KEY,
  location_id INTEGER NOT NULL REFERENCES location(id),
  started_at  TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', started_at, '+0 days') IS started_at),
  started_by  TEXT NOT NULL,
  finished_at TEXT CHECK (finished_at IS NULL OR (strftime('%Y-%m-%dT%H:%M:%SZ', finished_at, '+0 days') IS finished_at)),
  applied     INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1)),
  CHECK (applied = 0 OR finished_at IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX stock_count_one_open ON stock_count(location_id) WHERE finished_at IS NULL;

CREATE TABLE stock_count_line (
  count_id INTEGER NOT NULL REFERENCES stock_count(id),
  model_id INTEGER NOT NULL REFERENCES model(id),
  counted  INTEGER NOT NULL CHECK (counted >= 0),
  PRIMARY KEY (count_id, model_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE stock_movement (
  -- The stock ledger: one row per change of a bulk model's quantity at a location.
  id          INTEGER PRIMARY KEY,
  model_id    INTEGER NOT NULL REFERENCES model(id),
  location_id INTEGER NOT NULL REFERENCES location(id),
  delta       INTEGER NOT NULL CHECK (delta <> 0),
  kind        TEXT NOT NULL CHECK (kind IN (
                'receipt', 'issue', 'transfer_out', 'transfer_in', 'adjustment', 'return', 'write_off')),
  receipt_id  INTEGER REFERENCES receipt(id),
  count_id    INTEGER REFERENCES stock_count(id),
  to_team_id   INTEGER REFERENCES team(id),
  to_person_id INTEGER REFERENCES person(id),
  to_asset_id  INTEGER REFERENCES asset(id),
  -- The other side of a transfer.
  peer_location_id INTEGER REFERENCES location(id),
  reason      TEXT,
  at          TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
  actor       TEXT NOT NULL,
  CHECK ((kind IN ('receipt', 'transfer_in', 'return')) <= (delta > 0)),
  CHECK ((kind IN ('issue', 'transfer_out', 'write_off')) <= (delta < 0)),
  CHECK ((kind IN ('transfer_out', 'transfer_in')) = (peer_location_id IS NOT NULL)),
  CHECK (peer_location_id IS NOT location_id)
) STRICT;
CREATE INDEX stock_movement_model_location ON stock_movement(model_id, location_id, id);

CREATE TRIGGER stock_movement_apply AFTER INSERT ON stock_movement
BEGIN
  SELECT RAISE(ABORT, 'stock_movement: only bulk (non-serialized) models are counted stock')
  WHERE (SELECT serialized FROM model WHERE id = new.model_id) = 1;
  INSERT OR IGNORE INTO stock_level (model_id, location_id, on_hand) VALUES (new.model_id, new.location_id, 0);
  UPDATE stock_level SET on_hand = on_hand + new.delta
  WHERE model_id = new.model_id AND location_id = new.location_id;
END;

CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement
BEGIN
  SELECT RAISE(ABORT, 'stock_movement: the ledger is append-only');
END;

CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement
BEGIN
  SELECT RAISE(ABORT, 'stock_movement: the ledger is append-only');
END;

CREATE TABLE contract (
  -- Support, maintenance and lease contracts with a vendor.
  id            INTEGER PRIMARY KEY,
  vendor_id     INTEGER NOT NULL REFERENCES vendor(id),
  number        TEXT NOT NULL CHECK (length(trim(number)) > 0),
  kind          TEXT NOT NULL CHECK (kind IN (
                  'support', 'maintenance', 'warranty-extension', 'lease', 'subscription', 'other')),
  starts_on     TEXT NOT NULL CHECK (date(starts_on, '+0 days') IS starts_on),
  ends_on       TEXT NOT NULL CHECK (date(ends_on, '+0 days') IS ends_on),
  notice_days   INTEGER NOT NULL DEFAULT 0 CHECK (notice_days >= 0),
  auto_renew    INTEGER NOT NULL DEFAULT 0 CHECK (auto_renew IN (0, 1)),
  sla           TEXT,
  cost_minor    INTEGER CHECK (cost_minor >= 0),
  currency      TEXT CHECK (currency IS NULL OR (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*')),
  period        TEXT CHECK (period IS NULL OR period IN ('month', 'year', 'once')),
  owner_team_id INTEGER REFERENCES team(id),
  po_id         INTEGER REFERENCES purchase_order(id),
  notes         TEXT,
  CHECK (ends_on >= starts_on),
  CHECK ((cost_minor IS NULL) = (currency IS NULL)),
  CHECK ((cost_minor IS NULL) = (period IS NULL)),
  UNIQUE (vendor_id, number)
) STRICT;

CREATE TABLE contract_term (
  -- Every term of a contract, the first and each renewal, so old terms stay visible.
  id          INTEGER PRIMARY KEY,
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  starts_on   TEXT NOT NULL CHECK (date(starts_on, '+0 days') IS starts_on),
  ends_on     TEXT NOT NULL CHECK (date(ends_on, '+0 days') IS ends_on),
  cost_minor  INTEGER CHECK (cost_minor >= 0),
  recorded_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at, '+0 days') IS recorded_at),
  CHECK (ends_on >= starts_on)
) STRICT;
CREATE INDEX contract_term_contract ON contract_term(contract_id);

CREATE TABLE contract_asset (
  -- Assets a contract covers.
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  asset_id    INTEGER NOT NULL REFERENCES asset(id),
  PRIMARY KEY (contract_id, asset_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contract_asset_asset ON contract_asset(asset_id);

CREATE TABLE contract_license (
  -- Licenses a contract covers.
  contract_id INTEGER NOT NULL REFERENCES contract(id),
  license_id  INTEGER NOT NULL REFERENCES license(id),
  PRIMARY KEY (contract_id, license_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit (
  -- A physical audit (stocktake) of a location and everything below it.
  id          INTEGER PRIMARY KEY,
  location_id INTEGER NOT NULL REFERENCES location(id),
  started_at  TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', started_at, '+0 days') IS started_at),
  started_by  TEXT NOT NULL,
  finished_at TEXT CHECK (finished_at IS NULL OR (strftime('%Y-%m-%dT%H:%M:%SZ', finished_at, '+0 days') IS finished_at)),
  applied     INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1)),
  CHECK (applied = 0 OR finished_at IS NOT NULL)
) STRICT;

CREATE TABLE audit_scan (
  -- Every code scanned during an audit, resolved or not.
  id         INTEGER PRIMARY KEY,
  audit_id   INTEGER NOT NULL REFERENCES audit(id),
  code       TEXT NOT NULL CHECK (length(code) > 0),
  asset_id   INTEGER REFERENCES asset(id),
  scanned_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', scanned_at, '+0 days') IS scanned_at),
  scanned_by TEXT NOT NULL
) STRICT;
CREATE INDEX audit_scan_audit ON audit_scan(audit_id);

CREATE TABLE audit_finding (
  -- The outcome of a finished audit, kept so that it can be reprinted later.
  audit_id INTEGER NOT NULL REFERENCES audit(id),
  outcome  TEXT NOT NULL CHECK (outcome IN ('found', 'missing', 'unexpected', 'unknown')),
  asset_id INTEGER REFERENCES asset(id),
  code     TEXT,
  -- Where the asset was recorded and its status when the audit finished,
  -- and what --apply did.
  recorded_location TEXT,
  recorded_status TEXT,
  note     TEXT,
  CHECK ((outcome = 'unknown') = (asset_id IS NULL)),
  CHECK (outcome <> 'unknown' OR code IS NOT NULL)
) STRICT;
CREATE INDEX audit_finding_audit ON audit_finding(audit_id);

CREATE TABLE event (
  -- Append-only history of every change: when (UTC), who, what, which entity,
  -- and the changed fields before and after as JSON objects.
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', at, '+0 days') IS at),
  actor      TEXT NOT NULL CHECK (length(actor) > 0),
  action     TEXT NOT NULL CHECK (length(action) > 0),
  entity     TEXT NOT NULL CHECK (length(entity) > 0),
  entity_key TEXT NOT NULL,
  before     TEXT CHECK (before IS NULL OR (json_valid(before) AND json_type(before) = 'object')),
  after      TEXT CHECK (after IS NULL OR (json_valid(after) AND json_type(after) = 'object'))
) STRICT;
CREATE INDEX event_entity ON event(entity, entity_key);
CREATE INDEX event_at ON event(at);

CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN
  SELECT RAISE(ABORT, 'event: the history is append-only');
END;

CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN
  SELECT RAISE(ABORT, 'event: the history is append-only');
END;
