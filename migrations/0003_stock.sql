-- Bulk stock (issue 10): model barcodes, final cycle counts, and the index
-- behind `stock list --below-reorder` and `stock reorder`.

CREATE TABLE model_barcode (
  -- A code printed on a model's box (a vendor's code or a second GTIN), so that
  -- a scan resolves to the model. The model's own GTIN is model.gtin.
  code     TEXT PRIMARY KEY COLLATE NOCASE
           CHECK (length(code) BETWEEN 1 AND 64 AND code = trim(code) AND code NOT GLOB '*[^ -~]*'),
  model_id INTEGER NOT NULL REFERENCES model(id)
) STRICT;
CREATE INDEX model_barcode_model ON model_barcode(model_id);

CREATE TRIGGER model_barcode_not_a_gtin BEFORE INSERT ON model_barcode
BEGIN
  -- One code names one model: a barcode may not be another model's GTIN.
  SELECT RAISE(ABORT, 'model_barcode: the code is the GTIN of another model')
  WHERE EXISTS (SELECT 1 FROM model WHERE gtin = new.code AND id <> new.model_id);
END;

CREATE TRIGGER stock_count_final BEFORE UPDATE ON stock_count
WHEN old.finished_at IS NOT NULL
BEGIN
  -- A finished count is a record: it is never finished (or applied) again.
  SELECT RAISE(ABORT, 'stock_count: the count is already finished');
END;

CREATE TRIGGER stock_count_line_insert_open BEFORE INSERT ON stock_count_line
BEGIN
  SELECT RAISE(ABORT, 'stock_count_line: the count is already finished')
  WHERE (SELECT finished_at FROM stock_count WHERE id = new.count_id) IS NOT NULL;
  SELECT RAISE(ABORT, 'stock_count_line: only bulk (non-serialized) models are counted stock')
  WHERE (SELECT serialized FROM model WHERE id = new.model_id) = 1;
END;

CREATE TRIGGER stock_count_line_update_open BEFORE UPDATE ON stock_count_line
BEGIN
  SELECT RAISE(ABORT, 'stock_count_line: the count is already finished')
  WHERE (SELECT finished_at FROM stock_count WHERE id = old.count_id) IS NOT NULL;
END;

CREATE TRIGGER stock_count_line_delete_open BEFORE DELETE ON stock_count_line
BEGIN
  SELECT RAISE(ABORT, 'stock_count_line: the count is already finished')
  WHERE (SELECT finished_at FROM stock_count WHERE id = old.count_id) IS NOT NULL;
END;

-- The (model, location) pairs at or below their reorder point: a partial index,
-- kept by SQLite as on_hand changes, so the reorder list reads only those rows.
CREATE INDEX stock_level_reorder ON stock_level(model_id, location_id)
WHERE reorder_point IS NOT NULL AND on_hand <= reorder_point;

