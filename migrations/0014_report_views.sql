-- More stable views for the sqlite3 shell, BI tools and `tally sql`: purchase
-- orders and their lines, license assignments, the history, and bulk stock
-- with its value. Named and documented like those of 0005_views.sql (README,
-- "Query layer and reports"); money is decimal text in the currency's minor
-- digits, as in v_asset. Views only: no rule of the data changes.

CREATE VIEW v_po (po, vendor, team, status, fiscal_year, currency, total, received_value, lines, created_at,
                  created_by, submitted_by, override_reason) AS
  -- One row per purchase order; total and received_value are the lines' quantity and received units times
  -- their unit cost.
  WITH sums(po_id, total_minor, received_minor, lines) AS (
    SELECT po_id, sum(quantity * unit_cost_minor), sum(received * unit_cost_minor), count(*)
    FROM po_line GROUP BY po_id)
  SELECT po.number, v.name, t.code, po.status, po.fiscal_year, po.currency,
    CASE
      WHEN po.currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND')
        THEN CAST(coalesce(s.total_minor, 0) AS TEXT)
      WHEN po.currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND')
        THEN printf('%d.%03d', coalesce(s.total_minor, 0) / 1000, coalesce(s.total_minor, 0) % 1000)
      ELSE printf('%d.%02d', coalesce(s.total_minor, 0) / 100, coalesce(s.total_minor, 0) % 100)
    END,
    CASE
      WHEN po.currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND')
        THEN CAST(coalesce(s.received_minor, 0) AS TEXT)
      WHEN po.currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND')
        THEN printf('%d.%03d', coalesce(s.received_minor, 0) / 1000, coalesce(s.received_minor, 0) % 1000)
      ELSE printf('%d.%02d', coalesce(s.received_minor, 0) / 100, coalesce(s.received_minor, 0) % 100)
    END,
    coalesce(s.lines, 0), po.created_at, po.created_by, po.submitted_by, po.override_reason
  FROM purchase_order po
  JOIN vendor v ON v.id = po.vendor_id
  JOIN team t ON t.id = po.team_id
  LEFT JOIN sums s ON s.po_id = po.id;

CREATE VIEW v_po_line (po, line, model, description, quantity, received, unit_cost, total, currency) AS
  -- One row per PO line: the model's label (NULL for a free description), units ordered and received, the unit
  -- cost and the line's total (quantity x unit cost).
  SELECT po.number, pl.line_no, m.label, pl.description, pl.quantity, pl.received,
    CASE
      WHEN po.currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND')
        THEN CAST(pl.unit_cost_minor AS TEXT)
      WHEN po.currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND')
        THEN printf('%d.%03d', pl.unit_cost_minor / 1000, pl.unit_cost_minor % 1000)
      ELSE printf('%d.%02d', pl.unit_cost_minor / 100, pl.unit_cost_minor % 100)
    END,
    CASE
      WHEN po.currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND')
        THEN CAST(pl.quantity * pl.unit_cost_minor AS TEXT)
      WHEN po.currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND')
        THEN printf('%d.%03d', pl.quantity * pl.unit_cost_minor / 1000, pl.quantity * pl.unit_cost_minor % 1000)
      ELSE printf('%d.%02d', pl.quantity * pl.unit_cost_minor / 100, pl.quantity * pl.unit_cost_minor % 100)
    END,
    po.currency
  FROM po_line pl
  JOIN purchase_order po ON po.id = pl.po_id
  LEFT JOIN v_model m ON m.model_id = pl.model_id;

CREATE VIEW v_license_assignment (license, product, asset, person, team, quantity, assigned_at) AS
  -- One row per assignment of seats: exactly one of asset (tag), person (username) and team (code) is set.
  SELECT printf('LIC-%05d', l.id), l.product, a.tag, p.username, t.code, la.quantity, la.assigned_at
  FROM license_assignment la
  JOIN license l ON l.id = la.license_id
  LEFT JOIN asset a ON a.id = la.asset_id
  LEFT JOIN person p ON p.id = la.person_id
  LEFT JOIN team t ON t.id = la.team_id;

CREATE VIEW v_event (id, at, actor, action, entity, entity_key, before, after) AS
  -- The history, oldest first by id: at is a UTC time; before and after are JSON objects of the changed fields
  -- (or NULL).
  SELECT id, at, actor, action, entity, entity_key, before, after FROM event;

CREATE VIEW v_stock (model, category, location, location_path, on_hand, reorder_point, reorder_qty, unit_cost,
                     currency, value) AS
  -- One row per bulk model and location with stock or a reorder point; unit_cost is the model's last unit cost
  -- (the unit cost of its most recently received PO line), value is on_hand x unit_cost (NULL when the model was
  -- never received on a PO).
  WITH last_cost(model_id, unit_cost_minor, currency) AS (
    SELECT pl.model_id, pl.unit_cost_minor, po.currency
    FROM receipt r JOIN po_line pl ON pl.id = r.po_line_id JOIN purchase_order po ON po.id = pl.po_id
    WHERE r.id = (SELECT r2.id FROM receipt r2 JOIN po_line pl2 ON pl2.id = r2.po_line_id
                  WHERE pl2.model_id = pl.model_id ORDER BY r2.received_at DESC, r2.id DESC LIMIT 1))
  SELECT m.label, m.category, l.code, lp.path, s.on_hand, s.reorder_point, s.reorder_qty,
    CASE
      WHEN c.currency IS NULL THEN NULL
      WHEN c.currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND')
        THEN CAST(c.unit_cost_minor AS TEXT)
      WHEN c.currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND')
        THEN printf('%d.%03d', c.unit_cost_minor / 1000, c.unit_cost_minor % 1000)
      ELSE printf('%d.%02d', c.unit_cost_minor / 100, c.unit_cost_minor % 100)
    END,
    c.currency,
    CASE
      WHEN c.currency IS NULL THEN NULL
      WHEN c.currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND')
        THEN CAST(s.on_hand * c.unit_cost_minor AS TEXT)
      WHEN c.currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND')
        THEN printf('%d.%03d', s.on_hand * c.unit_cost_minor / 1000, s.on_hand * c.unit_cost_minor % 1000)
      ELSE printf('%d.%02d', s.on_hand * c.unit_cost_minor / 100, s.on_hand * c.unit_cost_minor % 100)
    END
  FROM stock_level s
  JOIN v_model m ON m.model_id = s.model_id
  JOIN location l ON l.id = s.location_id
  LEFT JOIN v_location_path lp ON lp.location_id = s.location_id
  LEFT JOIN last_cost c ON c.model_id = s.model_id
  WHERE s.on_hand > 0 OR s.reorder_point IS NOT NULL;
