-- No way around the schema. Every rule below is checked by the database
-- itself, so the sqlite3 shell cannot break it either; `tally doctor` has a
-- check for each (src/doctor.cpp) for files whose triggers were dropped.

-- Rows are never replaced. REPLACE conflict resolution (INSERT OR REPLACE,
-- REPLACE, UPDATE OR REPLACE) deletes the row in the way without firing its
-- DELETE triggers, and an UPSERT turns an INSERT into an UPDATE; a BEFORE
-- INSERT trigger runs before either, so each table whose rows are history,
-- records, or guarded by UPDATE triggers refuses an INSERT that collides with
-- a row it already has.
CREATE TRIGGER event_no_replace BEFORE INSERT ON event
WHEN EXISTS (SELECT 1 FROM event WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'event: the history is append-only; an event is never replaced');
END;
CREATE TRIGGER receipt_no_replace BEFORE INSERT ON receipt
WHEN EXISTS (SELECT 1 FROM receipt WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'receipt: receipts are append-only; a receipt is never replaced');
END;
CREATE TRIGGER stock_movement_no_replace BEFORE INSERT ON stock_movement
WHEN EXISTS (SELECT 1 FROM stock_movement WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'stock_movement: the ledger is append-only; a movement is never replaced');
END;
CREATE TRIGGER disposal_no_replace BEFORE INSERT ON disposal
WHEN EXISTS (SELECT 1 FROM disposal WHERE id = new.id OR asset_id = new.asset_id)
BEGIN
  SELECT RAISE(ABORT, 'disposal: disposal records are permanent; a disposal is never replaced');
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
CREATE TRIGGER purchase_order_no_replace BEFORE INSERT ON purchase_order
WHEN EXISTS (SELECT 1 FROM purchase_order WHERE id = new.id OR number = new.number)
BEGIN
  SELECT RAISE(ABORT, 'purchase_order: a purchase order is never replaced');
END;
CREATE TRIGGER purchase_order_starts_draft BEFORE INSERT ON purchase_order
WHEN new.status IS NOT 'draft'
BEGIN
  -- Every other status is reached through po_status_transition.
  SELECT RAISE(ABORT, 'purchase_order: a new purchase order starts as a draft');
END;
CREATE TRIGGER po_line_no_replace BEFORE INSERT ON po_line
WHEN EXISTS (SELECT 1 FROM po_line WHERE id = new.id OR (po_id = new.po_id AND line_no = new.line_no))
  OR new.received <> 0
BEGIN
  SELECT RAISE(ABORT, 'po_line: a line is never replaced and starts with nothing received');
END;
CREATE TRIGGER po_line_received_is_receipts BEFORE UPDATE OF received ON po_line
WHEN new.received IS NOT (SELECT coalesce(sum(quantity), 0) FROM receipt WHERE po_line_id = new.id)
BEGIN
  -- received is derived: the sum of the line's receipts, kept by receipt_count.
  SELECT RAISE(ABORT, 'po_line: received must equal the sum of the line''s receipts');
END;
CREATE TRIGGER po_line_id_fixed BEFORE UPDATE OF id, po_id ON po_line
WHEN new.id IS NOT old.id OR new.po_id IS NOT old.po_id
BEGIN
  SELECT RAISE(ABORT, 'po_line: a line stays on its purchase order');
END;
CREATE TRIGGER receipt_fits_line BEFORE INSERT ON receipt
WHEN (SELECT received FROM po_line WHERE id = new.po_line_id)
     IS NOT (SELECT coalesce(sum(quantity), 0) FROM receipt WHERE po_line_id = new.po_line_id)
BEGIN
  SELECT RAISE(ABORT, 'receipt: the line''s received count is out of step with its receipts');
END;
CREATE TRIGGER asset_po_line_units BEFORE INSERT ON asset
WHEN new.po_line_id IS NOT NULL
 AND (SELECT count(*) FROM asset WHERE po_line_id = new.po_line_id)
     >= (SELECT quantity FROM po_line WHERE id = new.po_line_id)
BEGIN
  SELECT RAISE(ABORT, 'asset: the PO line already holds as many units as were ordered');
END;
CREATE TRIGGER asset_po_line_units_update BEFORE UPDATE OF po_line_id ON asset
WHEN new.po_line_id IS NOT NULL AND new.po_line_id IS NOT old.po_line_id
 AND (SELECT count(*) FROM asset WHERE po_line_id = new.po_line_id)
     >= (SELECT quantity FROM po_line WHERE id = new.po_line_id)
BEGIN
  SELECT RAISE(ABORT, 'asset: the PO line already holds as many units as were ordered');
END;
CREATE TRIGGER po_line_quantity_holds_units BEFORE UPDATE OF quantity ON po_line
WHEN new.quantity < (SELECT count(*) FROM asset WHERE po_line_id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'po_line: fewer units ordered than the line already holds');
END;
CREATE TRIGGER license_no_replace BEFORE INSERT ON license
WHEN EXISTS (SELECT 1 FROM license WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'license: a license is never replaced');
END;
CREATE TRIGGER model_no_replace BEFORE INSERT ON model
WHEN EXISTS (SELECT 1 FROM model WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'model: a model is never replaced');
END;
CREATE TRIGGER team_no_replace BEFORE INSERT ON team
WHEN EXISTS (SELECT 1 FROM team WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'team: a unit of the org chart is never replaced');
END;
CREATE TRIGGER location_no_replace BEFORE INSERT ON location
WHEN EXISTS (SELECT 1 FROM location WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'location: a location is never replaced');
END;
CREATE TRIGGER stock_count_no_replace BEFORE INSERT ON stock_count
WHEN EXISTS (SELECT 1 FROM stock_count WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'stock_count: a count is never replaced');
END;

-- Audit scans, hardware tests and image records are records: append-only.
CREATE TRIGGER audit_scan_no_replace BEFORE INSERT ON audit_scan
WHEN EXISTS (SELECT 1 FROM audit_scan WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'audit_scan: audit scans are append-only');
END;
CREATE TRIGGER audit_scan_no_update BEFORE UPDATE ON audit_scan
BEGIN
  SELECT RAISE(ABORT, 'audit_scan: audit scans are append-only');
END;
CREATE TRIGGER audit_scan_no_delete BEFORE DELETE ON audit_scan
BEGIN
  SELECT RAISE(ABORT, 'audit_scan: audit scans are append-only');
END;
CREATE TRIGGER audit_scan_audit_open BEFORE INSERT ON audit_scan
WHEN (SELECT finished_at FROM audit WHERE id = new.audit_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'audit_scan: the audit is already finished');
END;
CREATE TRIGGER hw_test_no_replace BEFORE INSERT ON hw_test
WHEN EXISTS (SELECT 1 FROM hw_test WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'hw_test: test records are append-only');
END;
CREATE TRIGGER hw_test_no_update BEFORE UPDATE ON hw_test
BEGIN
  SELECT RAISE(ABORT, 'hw_test: test records are append-only');
END;
CREATE TRIGGER hw_test_no_delete BEFORE DELETE ON hw_test
BEGIN
  SELECT RAISE(ABORT, 'hw_test: test records are append-only');
END;
CREATE TRIGGER image_record_no_replace BEFORE INSERT ON image_record
WHEN EXISTS (SELECT 1 FROM image_record WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'image_record: image records are append-only');
END;
CREATE TRIGGER image_record_no_update BEFORE UPDATE ON image_record
BEGIN
  SELECT RAISE(ABORT, 'image_record: image records are append-only');
END;
CREATE TRIGGER image_record_no_delete BEFORE DELETE ON image_record
BEGIN
  SELECT RAISE(ABORT, 'image_record: image records are append-only');
END;

-- A finished audit is a record, like a finished stock count.
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'audit: an audit is never replaced');
END;
CREATE TRIGGER audit_final BEFORE UPDATE ON audit
WHEN old.finished_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'audit: the audit is already finished');
END;
CREATE TRIGGER audit_finding_frozen_update BEFORE UPDATE ON audit_finding
BEGIN
  SELECT RAISE(ABORT, 'audit_finding: the findings of a finished audit are a record');
END;
CREATE TRIGGER audit_finding_frozen_delete BEFORE DELETE ON audit_finding
BEGIN
  SELECT RAISE(ABORT, 'audit_finding: the findings of a finished audit are a record');
END;

-- The transition tables are reference data: only a migration changes them
-- (dropping and re-creating these triggers around its change).
CREATE TRIGGER po_status_transition_frozen_insert BEFORE INSERT ON po_status_transition
BEGIN
  SELECT RAISE(ABORT, 'po_status_transition: the legal moves change only with a migration');
END;
CREATE TRIGGER po_status_transition_frozen_update BEFORE UPDATE ON po_status_transition
BEGIN
  SELECT RAISE(ABORT, 'po_status_transition: the legal moves change only with a migration');
END;
CREATE TRIGGER po_status_transition_frozen_delete BEFORE DELETE ON po_status_transition
BEGIN
  SELECT RAISE(ABORT, 'po_status_transition: the legal moves change only with a migration');
END;
CREATE TRIGGER asset_status_transition_frozen_insert BEFORE INSERT ON asset_status_transition
BEGIN
  SELECT RAISE(ABORT, 'asset_status_transition: the legal moves change only with a migration');
END;
CREATE TRIGGER asset_status_transition_frozen_update BEFORE UPDATE ON asset_status_transition
BEGIN
  SELECT RAISE(ABORT, 'asset_status_transition: the legal moves change only with a migration');
END;
CREATE TRIGGER asset_status_transition_frozen_delete BEFORE DELETE ON asset_status_transition
BEGIN
  SELECT RAISE(ABORT, 'asset_status_transition: the legal moves change only with a migration');
END;

-- Trees have no cycles, on every path. A location's parent chain never
-- reaches the location itself (INSERT, multi-row INSERT and REPLACE too);
-- the walk is bounded so that a cycle already in the file cannot hang it.
CREATE TRIGGER location_no_cycle_insert BEFORE INSERT ON location
WHEN new.parent_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'location: parent would create a cycle')
  WHERE new.parent_id = new.id OR EXISTS (
    WITH RECURSIVE up(id, depth) AS (
      SELECT new.parent_id, 0
      UNION
      SELECT l.parent_id, up.depth + 1 FROM location l JOIN up ON l.id = up.id
      WHERE l.parent_id IS NOT NULL AND up.depth < 1000)
    SELECT 1 FROM up WHERE id = new.id);
END;
-- A team's kind fixes its depth (division > team > subteam), so a chart in
-- which every unit fits its parent has no cycle: changing a unit's kind must
-- keep fitting its children as well as its parent.
CREATE TRIGGER team_kind_fits_children BEFORE UPDATE OF kind ON team
WHEN new.kind IS NOT old.kind
 AND EXISTS (SELECT 1 FROM team c WHERE c.parent_id = new.id
             AND c.kind IS NOT (CASE new.kind WHEN 'division' THEN 'team' WHEN 'team' THEN 'subteam' END))
BEGIN
  SELECT RAISE(ABORT, 'team: its children would no longer fit (team under division, subteam under team)');
END;
CREATE TRIGGER team_no_cycle BEFORE UPDATE OF parent_id ON team
WHEN new.parent_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'team: parent would create a cycle')
  WHERE new.parent_id = new.id OR EXISTS (
    WITH RECURSIVE up(id, depth) AS (
      SELECT new.parent_id, 0
      UNION
      SELECT t.parent_id, up.depth + 1 FROM team t JOIN up ON t.id = up.id
      WHERE t.parent_id IS NOT NULL AND up.depth < 1000)
    SELECT 1 FROM up WHERE id = new.id);
END;

-- Racks: a full-depth device takes both faces, a half-depth one exactly one;
-- a racked model keeps its height and depth, a racked asset its model.
CREATE TRIGGER placement_faces_fit_depth BEFORE INSERT ON placement
WHEN new.lo_half IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'placement: a full-depth device takes the front and the rear')
  WHERE (SELECT m.full_depth FROM asset a JOIN model m ON m.id = a.model_id WHERE a.id = new.asset_id) = 1
    AND NOT (new.front = 1 AND new.rear = 1);
  SELECT RAISE(ABORT, 'placement: a half-depth device takes one face, front or rear')
  WHERE (SELECT m.full_depth FROM asset a JOIN model m ON m.id = a.model_id WHERE a.id = new.asset_id) = 0
    AND new.front + new.rear <> 1;
END;
CREATE TRIGGER model_racked_shape_fixed BEFORE UPDATE OF u_height_halves, full_depth ON model
WHEN (new.u_height_halves IS NOT old.u_height_halves OR new.full_depth IS NOT old.full_depth)
 AND EXISTS (SELECT 1 FROM placement p JOIN asset a ON a.id = p.asset_id WHERE a.model_id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'model: units of this model are installed in racks; its height and depth cannot change');
END;
CREATE TRIGGER asset_racked_model_fixed BEFORE UPDATE OF model_id ON asset
WHEN new.model_id IS NOT old.model_id AND EXISTS (SELECT 1 FROM placement WHERE asset_id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'asset: an asset installed in a rack keeps its model; remove it from the rack first');
END;

-- Seats: an assignment changed in place obeys the rules of a new one.
CREATE TRIGGER license_assignment_rules_update BEFORE UPDATE OF license_id, asset_id, person_id, team_id
  ON license_assignment
BEGIN
  SELECT RAISE(ABORT, 'license_assignment: a per-device license can only be assigned to an asset')
  WHERE new.asset_id IS NULL AND (SELECT type FROM license WHERE id = new.license_id) = 'per-device';
  SELECT RAISE(ABORT, 'license_assignment: the asset is disposed or returned to the vendor')
  WHERE new.asset_id IS NOT NULL
    AND (SELECT status FROM asset WHERE id = new.asset_id) IN ('disposed', 'returned_to_vendor');
  SELECT RAISE(ABORT, 'license_assignment: more seats than bought')
  WHERE new.license_id IS NOT old.license_id
    AND (SELECT allow_overallocation = 0 AND seats IS NOT NULL FROM license WHERE id = new.license_id)
    AND new.quantity + (SELECT coalesce(sum(quantity), 0) FROM license_assignment WHERE license_id = new.license_id)
        > (SELECT seats FROM license WHERE id = new.license_id);
END;
CREATE TRIGGER license_type_fits_seats BEFORE UPDATE OF type ON license
WHEN new.type = 'per-device'
 AND EXISTS (SELECT 1 FROM license_assignment WHERE license_id = new.id AND asset_id IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'license_assignment: a per-device license can only be assigned to an asset');
END;

-- A unit that left for good takes no new records.
CREATE TRIGGER repair_asset_not_final BEFORE INSERT ON repair
WHEN (SELECT status FROM asset WHERE id = new.asset_id) IN ('disposed', 'returned_to_vendor')
BEGIN
  SELECT RAISE(ABORT, 'repair: the asset is disposed or returned to the vendor');
END;
CREATE TRIGGER rma_asset_not_final BEFORE INSERT ON rma
WHEN (SELECT status FROM asset WHERE id = new.asset_id) IN ('disposed', 'returned_to_vendor')
BEGIN
  SELECT RAISE(ABORT, 'rma: the asset is disposed or returned to the vendor');
END;
CREATE TRIGGER hw_test_asset_not_final BEFORE INSERT ON hw_test
WHEN (SELECT status FROM asset WHERE id = new.asset_id) IN ('disposed', 'returned_to_vendor')
BEGIN
  SELECT RAISE(ABORT, 'hw_test: the asset is disposed or returned to the vendor');
END;
CREATE TRIGGER image_record_asset_not_final BEFORE INSERT ON image_record
WHEN (SELECT status FROM asset WHERE id = new.asset_id) IN ('disposed', 'returned_to_vendor')
BEGIN
  SELECT RAISE(ABORT, 'image_record: the asset is disposed or returned to the vendor');
END;

-- Statuses that need a record have it: a new asset starts in a state with
-- no record of its own, and reaching such a state needs the record first.
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
CREATE TRIGGER model_stores_data_disposed BEFORE UPDATE OF stores_data ON model
WHEN new.stores_data = 1 AND old.stores_data = 0
 AND EXISTS (SELECT 1 FROM disposal d JOIN asset a ON a.id = d.asset_id
             WHERE a.model_id = new.id AND d.wipe_method IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'model: disposed units of this model have no wipe record; it cannot become data-bearing');
END;

-- Stock: on_hand is derived, the sum of the model's movements at the
-- location. stock_movement_apply is re-created to update the level first and
-- insert it (with that sum) only when the location had none.
DROP TRIGGER stock_movement_apply;
CREATE TRIGGER stock_movement_apply AFTER INSERT ON stock_movement
BEGIN
  SELECT RAISE(ABORT, 'stock_movement: only bulk (non-serialized) models are counted stock')
  WHERE (SELECT serialized FROM model WHERE id = new.model_id) = 1;
  UPDATE stock_level SET on_hand = on_hand + new.delta
  WHERE model_id = new.model_id AND location_id = new.location_id;
  INSERT INTO stock_level (model_id, location_id, on_hand)
  SELECT new.model_id, new.location_id, new.delta
  WHERE NOT EXISTS (SELECT 1 FROM stock_level WHERE model_id = new.model_id AND location_id = new.location_id);
END;
CREATE TRIGGER stock_level_no_replace BEFORE INSERT ON stock_level
BEGIN
  SELECT RAISE(ABORT, 'stock_level: a stock level is never replaced')
  WHERE EXISTS (SELECT 1 FROM stock_level WHERE model_id = new.model_id AND location_id = new.location_id);
  SELECT RAISE(ABORT, 'stock_level: on_hand must equal the sum of the stock ledger')
  WHERE new.on_hand IS NOT (SELECT coalesce(sum(delta), 0) FROM stock_movement
                            WHERE model_id = new.model_id AND location_id = new.location_id);
END;
CREATE TRIGGER stock_level_is_ledger BEFORE UPDATE OF on_hand, model_id, location_id ON stock_level
BEGIN
  SELECT RAISE(ABORT, 'stock_level: on_hand must equal the sum of the stock ledger')
  WHERE new.model_id IS NOT old.model_id OR new.location_id IS NOT old.location_id
     OR new.on_hand IS NOT (SELECT coalesce(sum(delta), 0) FROM stock_movement
                            WHERE model_id = new.model_id AND location_id = new.location_id);
END;

-- Quantities are bounded so that no sum of them can overflow 64 bits.
CREATE TRIGGER stock_movement_bounded BEFORE INSERT ON stock_movement
WHEN abs(new.delta) > 1000000000
BEGIN
  SELECT RAISE(ABORT, 'stock_movement: a movement is at most 1,000,000,000 units');
END;
CREATE TRIGGER stock_count_line_bounded BEFORE INSERT ON stock_count_line
WHEN new.counted > 1000000000
BEGIN
  SELECT RAISE(ABORT, 'stock_count_line: a count is at most 1,000,000,000 units');
END;
CREATE TRIGGER stock_count_line_bounded_update BEFORE UPDATE OF counted ON stock_count_line
WHEN new.counted > 1000000000
BEGIN
  SELECT RAISE(ABORT, 'stock_count_line: a count is at most 1,000,000,000 units');
END;
CREATE TRIGGER po_line_bounded BEFORE INSERT ON po_line
WHEN new.quantity > 1000000000
BEGIN
  SELECT RAISE(ABORT, 'po_line: a line orders at most 1,000,000,000 units');
END;
CREATE TRIGGER po_line_bounded_update BEFORE UPDATE OF quantity ON po_line
WHEN new.quantity > 1000000000
BEGIN
  SELECT RAISE(ABORT, 'po_line: a line orders at most 1,000,000,000 units');
END;
CREATE TRIGGER license_seats_bounded BEFORE INSERT ON license
WHEN new.seats > 1000000000
BEGIN
  SELECT RAISE(ABORT, 'license: at most 1,000,000,000 seats');
END;
CREATE TRIGGER license_seats_bounded_update BEFORE UPDATE OF seats ON license
WHEN new.seats > 1000000000
BEGIN
  SELECT RAISE(ABORT, 'license: at most 1,000,000,000 seats');
END;
CREATE TRIGGER license_assignment_bounded BEFORE INSERT ON license_assignment
WHEN new.quantity > 1000000000
BEGIN
  SELECT RAISE(ABORT, 'license_assignment: at most 1,000,000,000 seats');
END;
CREATE TRIGGER license_assignment_bounded_update BEFORE UPDATE OF quantity ON license_assignment
WHEN new.quantity > 1000000000
BEGIN
  SELECT RAISE(ABORT, 'license_assignment: at most 1,000,000,000 seats');
END;

-- Identifiers hold no control characters (C0, DEL, C1): what a terminal or
-- a label printer would act on. `tally` refuses them at every boundary
-- (src/text.cpp); these keep the shell from storing them.
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
CREATE TRIGGER license_key_printable BEFORE INSERT ON license
WHEN new.license_key GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
BEGIN
  SELECT RAISE(ABORT, 'license: a license key holds no control characters');
END;
CREATE TRIGGER license_key_printable_update BEFORE UPDATE OF license_key ON license
WHEN new.license_key GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
BEGIN
  SELECT RAISE(ABORT, 'license: a license key holds no control characters');
END;
CREATE TRIGGER asset_barcode_printable BEFORE INSERT ON asset_barcode
WHEN new.code GLOB ('*[' || char(1) || '-' || char(28) || char(30) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
BEGIN
  -- The GS1 group separator (29) is part of a scanned code.
  SELECT RAISE(ABORT, 'asset_barcode: a barcode holds no control characters but the GS1 separator');
END;

-- The tree views stop at 64 levels, so a cycle that got into the file
-- (triggers dropped) makes them end instead of running forever.
DROP VIEW v_team_rollup;
CREATE VIEW v_team_rollup (team_id, team, ancestor_id, ancestor, distance) AS
  -- Every unit paired with itself (distance 0) and with each unit above it:
  -- join assets on team_id and group by ancestor to roll a division up.
  WITH RECURSIVE up(team_id, ancestor_id, distance) AS (
    SELECT id, id, 0 FROM team
    UNION ALL
    SELECT up.team_id, t.parent_id, up.distance + 1
    FROM up JOIN team t ON t.id = up.ancestor_id WHERE t.parent_id IS NOT NULL AND up.distance < 64)
  SELECT up.team_id, t.code, up.ancestor_id, a.code, up.distance
  FROM up JOIN team t ON t.id = up.team_id JOIN team a ON a.id = up.ancestor_id;
DROP VIEW v_location_path;
CREATE VIEW v_location_path (location_id, code, path, depth) AS
  -- Every location with its path of codes from the root ("DC1/HALL-A/R12").
  WITH RECURSIVE walk(id, code, path, depth) AS (
    SELECT id, code, code, 0 FROM location WHERE parent_id IS NULL
    UNION ALL
    SELECT l.id, l.code, walk.path || '/' || l.code, walk.depth + 1
    FROM location l JOIN walk ON l.parent_id = walk.id WHERE walk.depth < 64)
  SELECT id, code, path, depth FROM walk;
