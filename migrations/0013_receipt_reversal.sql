-- Receipt reversals: units received by mistake are taken back by a new
-- record, never by changing a receipt (receipts stay append-only). A line's
-- received count is its receipts less its reversals; the budget's spent
-- (received x unit cost) follows. A reversal of a serialized line lists the
-- assets it takes back, which end returned_to_vendor (final: their tags are
-- never reused); a reversal of a bulk line takes its units out of stock by a
-- ledger movement of its own.
CREATE TABLE receipt_reversal (
  id          INTEGER PRIMARY KEY,
  po_line_id  INTEGER NOT NULL REFERENCES po_line(id),
  quantity    INTEGER NOT NULL CHECK (quantity > 0),
  reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  reversed_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', reversed_at, '+0 days') IS reversed_at),
  reversed_by TEXT NOT NULL CHECK (length(reversed_by) > 0),
  -- Bulk lines: the movement that took the units out of stock.
  movement_id INTEGER UNIQUE REFERENCES stock_movement(id)
) STRICT;
CREATE INDEX receipt_reversal_line ON receipt_reversal(po_line_id);
CREATE TABLE receipt_reversal_asset (
  reversal_id INTEGER NOT NULL REFERENCES receipt_reversal(id),
  asset_id    INTEGER NOT NULL UNIQUE REFERENCES asset(id),
  PRIMARY KEY (reversal_id, asset_id)
) STRICT;

CREATE TRIGGER receipt_reversal_insert BEFORE INSERT ON receipt_reversal
BEGIN
  SELECT RAISE(ABORT, 'receipt_reversal: reversals are append-only; a reversal is never replaced')
  WHERE EXISTS (SELECT 1 FROM receipt_reversal WHERE id = new.id OR movement_id = new.movement_id);
  SELECT RAISE(ABORT, 'receipt_reversal: more than the line has received')
  WHERE new.quantity > (SELECT received FROM po_line WHERE id = new.po_line_id);
  SELECT RAISE(ABORT, 'receipt_reversal: a bulk line is reversed by a movement of as many units out of stock')
  WHERE (SELECT m.serialized FROM po_line l JOIN model m ON m.id = l.model_id WHERE l.id = new.po_line_id) = 0
    AND NOT EXISTS (SELECT 1 FROM stock_movement s JOIN po_line l ON l.id = new.po_line_id
                    WHERE s.id = new.movement_id AND s.model_id = l.model_id AND s.delta = -new.quantity
                      AND s.kind = 'adjustment');
  SELECT RAISE(ABORT, 'receipt_reversal: a serialized line is reversed asset by asset, with no stock movement')
  WHERE new.movement_id IS NOT NULL
    AND (SELECT m.serialized FROM po_line l JOIN model m ON m.id = l.model_id WHERE l.id = new.po_line_id) = 1;
END;
CREATE TRIGGER receipt_reversal_count AFTER INSERT ON receipt_reversal
BEGIN
  UPDATE po_line SET received = received - new.quantity WHERE id = new.po_line_id;
END;
CREATE TRIGGER receipt_reversal_no_update BEFORE UPDATE ON receipt_reversal
BEGIN
  SELECT RAISE(ABORT, 'receipt_reversal: reversals are append-only');
END;
CREATE TRIGGER receipt_reversal_no_delete BEFORE DELETE ON receipt_reversal
BEGIN
  SELECT RAISE(ABORT, 'receipt_reversal: reversals are append-only');
END;
CREATE TRIGGER receipt_reversal_asset_insert BEFORE INSERT ON receipt_reversal_asset
BEGIN
  SELECT RAISE(ABORT, 'receipt_reversal_asset: an asset is taken back once; it is never replaced')
  WHERE EXISTS (SELECT 1 FROM receipt_reversal_asset WHERE asset_id = new.asset_id);
  SELECT RAISE(ABORT, 'receipt_reversal_asset: the asset is not on the reversed line')
  WHERE (SELECT po_line_id FROM asset WHERE id = new.asset_id)
        IS NOT (SELECT po_line_id FROM receipt_reversal WHERE id = new.reversal_id);
  SELECT RAISE(ABORT, 'receipt_reversal_asset: only an asset in_stock with no custodian is taken back')
  WHERE NOT EXISTS (SELECT 1 FROM asset WHERE id = new.asset_id AND status = 'in_stock'
                    AND custodian_person_id IS NULL);
  SELECT RAISE(ABORT, 'receipt_reversal_asset: the reversal already lists as many assets as it takes back')
  WHERE (SELECT count(*) FROM receipt_reversal_asset WHERE reversal_id = new.reversal_id)
        >= (SELECT quantity FROM receipt_reversal WHERE id = new.reversal_id);
END;
CREATE TRIGGER receipt_reversal_asset_no_update BEFORE UPDATE ON receipt_reversal_asset
BEGIN
  SELECT RAISE(ABORT, 'receipt_reversal_asset: reversals are append-only');
END;
CREATE TRIGGER receipt_reversal_asset_no_delete BEFORE DELETE ON receipt_reversal_asset
BEGIN
  SELECT RAISE(ABORT, 'receipt_reversal_asset: reversals are append-only');
END;

-- received is the line's receipts less its reversals.
DROP TRIGGER po_line_received_is_receipts;
CREATE TRIGGER po_line_received_is_receipts BEFORE UPDATE OF received ON po_line
WHEN new.received IS NOT (SELECT coalesce(sum(quantity), 0) FROM receipt WHERE po_line_id = new.id)
                         - (SELECT coalesce(sum(quantity), 0) FROM receipt_reversal WHERE po_line_id = new.id)
BEGIN
  -- received is derived: kept by receipt_count and receipt_reversal_count.
  SELECT RAISE(ABORT, 'po_line: received must equal the sum of the line''s receipts less its reversals');
END;
DROP TRIGGER receipt_fits_line;
CREATE TRIGGER receipt_fits_line BEFORE INSERT ON receipt
WHEN (SELECT received FROM po_line WHERE id = new.po_line_id)
     IS NOT (SELECT coalesce(sum(quantity), 0) FROM receipt WHERE po_line_id = new.po_line_id)
            - (SELECT coalesce(sum(quantity), 0) FROM receipt_reversal WHERE po_line_id = new.po_line_id)
BEGIN
  SELECT RAISE(ABORT, 'receipt: the line''s received count is out of step with its receipts');
END;
CREATE TRIGGER receipt_reversal_fits_line BEFORE INSERT ON receipt_reversal
WHEN (SELECT received FROM po_line WHERE id = new.po_line_id)
     IS NOT (SELECT coalesce(sum(quantity), 0) FROM receipt WHERE po_line_id = new.po_line_id)
            - (SELECT coalesce(sum(quantity), 0) FROM receipt_reversal WHERE po_line_id = new.po_line_id)
BEGIN
  SELECT RAISE(ABORT, 'receipt_reversal: the line''s received count is out of step with its receipts');
END;

-- A unit taken back no longer fills its line: the right one may be received.
DROP TRIGGER asset_po_line_units;
CREATE TRIGGER asset_po_line_units BEFORE INSERT ON asset
WHEN new.po_line_id IS NOT NULL
 AND (SELECT count(*) FROM asset a WHERE a.po_line_id = new.po_line_id
      AND NOT EXISTS (SELECT 1 FROM receipt_reversal_asset r WHERE r.asset_id = a.id))
     >= (SELECT quantity FROM po_line WHERE id = new.po_line_id)
BEGIN
  SELECT RAISE(ABORT, 'asset: the PO line already holds as many units as were ordered');
END;
DROP TRIGGER asset_po_line_units_update;
CREATE TRIGGER asset_po_line_units_update BEFORE UPDATE OF po_line_id ON asset
WHEN new.po_line_id IS NOT NULL AND new.po_line_id IS NOT old.po_line_id
 AND (SELECT count(*) FROM asset a WHERE a.po_line_id = new.po_line_id
      AND NOT EXISTS (SELECT 1 FROM receipt_reversal_asset r WHERE r.asset_id = a.id))
     >= (SELECT quantity FROM po_line WHERE id = new.po_line_id)
BEGIN
  SELECT RAISE(ABORT, 'asset: the PO line already holds as many units as were ordered');
END;
DROP TRIGGER po_line_quantity_holds_units;
CREATE TRIGGER po_line_quantity_holds_units BEFORE UPDATE OF quantity ON po_line
WHEN new.quantity < (SELECT count(*) FROM asset a WHERE a.po_line_id = new.id
                     AND NOT EXISTS (SELECT 1 FROM receipt_reversal_asset r WHERE r.asset_id = a.id))
BEGIN
  SELECT RAISE(ABORT, 'po_line: fewer units ordered than the line already holds');
END;

-- An asset taken back by a reversal goes from in_stock to returned_to_vendor
-- (not a move anyone may make otherwise: the reversal record is its reason).
DROP TRIGGER asset_status_lifecycle;
CREATE TRIGGER asset_status_lifecycle BEFORE UPDATE OF status ON asset
WHEN new.status IS NOT old.status
 AND NOT EXISTS (SELECT 1 FROM asset_status_transition
                 WHERE from_status = old.status AND to_status = new.status)
 AND NOT (old.status = 'in_stock' AND new.status = 'returned_to_vendor'
          AND EXISTS (SELECT 1 FROM receipt_reversal_asset WHERE asset_id = new.id))
BEGIN
  SELECT RAISE(ABORT, 'asset: illegal status transition');
END;

-- A PO whose receipts are reversed goes back to what its lines say:
-- partially_received while something is received, ordered when nothing is.
DROP TRIGGER purchase_order_status;
CREATE TRIGGER purchase_order_status BEFORE UPDATE OF status ON purchase_order
WHEN new.status IS NOT old.status
 AND NOT EXISTS (SELECT 1 FROM po_status_transition
                 WHERE from_status = old.status AND to_status = new.status)
 AND NOT (old.status IN ('received', 'partially_received')
          AND new.status = (SELECT CASE WHEN sum(received) = 0 THEN 'ordered'
                                        WHEN sum(received) < sum(quantity) THEN 'partially_received' END
                            FROM po_line WHERE po_id = new.id)
          AND EXISTS (SELECT 1 FROM receipt_reversal r JOIN po_line l ON l.id = r.po_line_id
                      WHERE l.po_id = new.id))
BEGIN
  SELECT RAISE(ABORT, 'purchase_order: illegal status transition');
END;
