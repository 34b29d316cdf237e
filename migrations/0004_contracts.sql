-- Contracts: the schema refuses coverage of a unit that has left for good.

CREATE TRIGGER contract_asset_not_final BEFORE INSERT ON contract_asset
WHEN (SELECT status FROM asset WHERE id = new.asset_id) IN ('disposed', 'returned_to_vendor')
BEGIN
  -- A disposed or returned unit has nothing left to cover.
  SELECT RAISE(ABORT, 'contract_asset: a disposed or returned asset cannot be covered');
END;
