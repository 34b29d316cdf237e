-- Racks and server setup: rules the library also checks, kept by the schema so
-- that no other writer (the sqlite3 shell, a script) can break them.

-- A hostname names one running machine: unique among deployed assets. An asset
-- back in stock keeps its hostname; it collides again only when redeployed.
CREATE UNIQUE INDEX asset_hostname_deployed ON asset(hostname COLLATE NOCASE)
WHERE status = 'deployed' AND hostname IS NOT NULL;

CREATE TRIGGER placement_matches_model BEFORE INSERT ON placement
BEGIN
  -- Only a deployed asset is in a rack; it takes exactly its model's height;
  -- a half-U position only for a model whose height has a half unit in it.
  SELECT RAISE(ABORT, 'placement: only a deployed asset can be installed in a rack')
  WHERE (SELECT status FROM asset WHERE id = new.asset_id) IS NOT 'deployed';
  SELECT RAISE(ABORT, 'placement: the units taken differ from the model''s height')
  WHERE coalesce(new.hi_half - new.lo_half, 0)
        IS NOT (SELECT m.u_height_halves FROM asset a JOIN model m ON m.id = a.model_id WHERE a.id = new.asset_id);
  SELECT RAISE(ABORT, 'placement: a half-U position needs a model of half-U height')
  WHERE new.lo_half % 2 = 1
    AND (SELECT m.u_height_halves % 2 FROM asset a JOIN model m ON m.id = a.model_id WHERE a.id = new.asset_id) = 0;
END;

CREATE TRIGGER placement_no_update BEFORE UPDATE ON placement
BEGIN
  -- A move is a removal and a new placement, so every check above applies.
  SELECT RAISE(ABORT, 'placement: rows are not updated; delete and insert (tally rack move)');
END;

CREATE TRIGGER asset_placed_stays_deployed BEFORE UPDATE OF status ON asset
WHEN old.status = 'deployed' AND new.status IS NOT 'deployed'
 AND EXISTS (SELECT 1 FROM placement WHERE asset_id = new.id)
BEGIN
  SELECT RAISE(ABORT, 'asset: an asset installed in a rack stays deployed; remove it from the rack first');
END;

CREATE TRIGGER rack_height_holds_devices BEFORE UPDATE OF height_u ON rack
WHEN EXISTS (SELECT 1 FROM placement WHERE rack_id = new.id AND hi_half > 2 * new.height_u)
BEGIN
  SELECT RAISE(ABORT, 'rack: devices are installed above the new height');
END;

CREATE INDEX hw_test_asset_kind ON hw_test(asset_id, kind, id);
