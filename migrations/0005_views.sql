-- Query layer: stable views for the sqlite3 shell, BI tools and `tally sql`.
-- Their columns are documented in the README ("Query layer and reports");
-- later migrations may add columns at the end but never rename or drop one.

CREATE VIEW v_location_path (location_id, code, path, depth) AS
  -- Every location with its path of codes from the root ("DC1/HALL-A/R12").
  WITH RECURSIVE walk(id, code, path, depth) AS (
    SELECT id, code, code, 0 FROM location WHERE parent_id IS NULL
    UNION ALL
    SELECT l.id, l.code, walk.path || '/' || l.code, walk.depth + 1
    FROM location l JOIN walk ON l.parent_id = walk.id)
  SELECT id, code, path, depth FROM walk;

CREATE VIEW v_team_rollup (team_id, team, ancestor_id, ancestor, distance) AS
  -- Every unit paired with itself (distance 0) and with each unit above it:
  -- join assets on team_id and group by ancestor to roll a division up.
  WITH RECURSIVE up(team_id, ancestor_id, distance) AS (
    SELECT id, id, 0 FROM team
    UNION ALL
    SELECT up.team_id, t.parent_id, up.distance + 1
    FROM up JOIN team t ON t.id = up.ancestor_id WHERE t.parent_id IS NOT NULL)
  SELECT up.team_id, t.code, up.ancestor_id, a.code, up.distance
  FROM up JOIN team t ON t.id = up.team_id JOIN team a ON a.id = up.ancestor_id;

CREATE VIEW v_asset (
  tag, serial, model, manufacturer, category, status, location, location_path, team, team_name, division,
  custodian, po, cost, currency, received_on, warranty_ends, hostname, rack, rack_u) AS
  -- One row per asset; money as decimal text in the currency's minor digits.
  SELECT a.tag, a.serial, m.name, v.name, m.category, a.status, l.code, lp.path, t.code, t.name,
    CASE t.kind WHEN 'division' THEN t.code WHEN 'team' THEN tp.code ELSE tpp.code END,
    p.username, po.number,
    CASE
      WHEN a.cost_minor IS NULL THEN NULL
      WHEN a.currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND')
        THEN CAST(a.cost_minor AS TEXT)
      WHEN a.currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND')
        THEN printf('%d.%03d', a.cost_minor / 1000, a.cost_minor % 1000)
      ELSE printf('%d.%02d', a.cost_minor / 100, a.cost_minor % 100)
    END,
    a.currency, a.received_on, a.warranty_ends, a.hostname,
    kl.code || '/' || k.name,
    CASE WHEN pm.lo_half IS NULL THEN NULL
         WHEN (2 * k.starting_unit + pm.lo_half) % 2 = 0 THEN CAST((2 * k.starting_unit + pm.lo_half) / 2 AS TEXT)
         ELSE ((2 * k.starting_unit + pm.lo_half) / 2) || '.5' END
  FROM asset a
  JOIN model m ON m.id = a.model_id
  JOIN vendor v ON v.id = a.manufacturer_id
  LEFT JOIN location l ON l.id = a.location_id
  LEFT JOIN v_location_path lp ON lp.location_id = a.location_id
  LEFT JOIN team t ON t.id = a.owner_team_id
  LEFT JOIN team tp ON tp.id = t.parent_id
  LEFT JOIN team tpp ON tpp.id = tp.parent_id
  LEFT JOIN person p ON p.id = a.custodian_person_id
  LEFT JOIN po_line pl ON pl.id = a.po_line_id
  LEFT JOIN purchase_order po ON po.id = pl.po_id
  LEFT JOIN placement pm ON pm.asset_id = a.id
  LEFT JOIN rack k ON k.id = pm.rack_id
  LEFT JOIN location kl ON kl.id = k.location_id;

CREATE VIEW v_license_compliance (
  license, product, vendor, team, seats, used, free, over_allocated, expires_on, days_to_expiry) AS
  -- One row per license: seats bought (NULL = site license, unlimited), used,
  -- free (negative when over-allocated), and days from date('now') to expiry.
  SELECT printf('LIC-%05d', l.id), l.product, v.name, t.code, l.seats, u.used,
    l.seats - u.used,
    CASE WHEN l.seats IS NOT NULL AND u.used > l.seats THEN 1 ELSE 0 END,
    l.expires_on,
    CAST(julianday(l.expires_on) - julianday(date('now')) AS INTEGER)
  FROM license l
  JOIN vendor v ON v.id = l.vendor_id
  LEFT JOIN team t ON t.id = l.owner_team_id
  JOIN (SELECT l2.id AS license_id, coalesce(sum(la.quantity), 0) AS used
        FROM license l2 LEFT JOIN license_assignment la ON la.license_id = l2.id GROUP BY l2.id) u
    ON u.license_id = l.id;
