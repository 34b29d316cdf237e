-- Custom fields (MAC address, RAM, IMEI, cost centre): typed definitions, where they apply, and their values on
-- assets. The type, the choices, uniqueness and where a field applies are rules of the schema (triggers below), so
-- the sqlite3 shell meets them too; only a field's regex is checked by tally (SQLite's shell has no REGEXP), and
-- `tally doctor` checks every rule again, the regex included.

CREATE TABLE field (
  -- A field's definition. name is the key (lower case, digits, '_'); label is what a person reads ("RAM (GB)").
  -- choices: a JSON array of distinct non-empty strings, for a choice field only.
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE
             CHECK (length(name) BETWEEN 1 AND 40 AND name GLOB '[a-z]*' AND name NOT GLOB '*[^a-z0-9_]*'),
  label      TEXT NOT NULL CHECK (length(trim(label)) > 0 AND length(label) <= 100),
  type       TEXT NOT NULL CHECK (type IN ('text', 'integer', 'decimal', 'date', 'boolean', 'choice')),
  choices    TEXT CHECK (choices IS NULL OR (json_valid(choices) AND json_type(choices) = 'array'
                                             AND json_array_length(choices) > 0)),
  regex      TEXT CHECK (regex IS NULL OR length(regex) > 0),
  is_unique  INTEGER NOT NULL DEFAULT 0 CHECK (is_unique IN (0, 1)),
  created_at TEXT NOT NULL CHECK (strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+0 days') IS created_at),
  CHECK ((type = 'choice') = (choices IS NOT NULL))
) STRICT;

CREATE TRIGGER field_choices_insert BEFORE INSERT ON field
WHEN new.choices IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'field: every choice is a distinct non-empty string')
  WHERE EXISTS (SELECT 1 FROM json_each(new.choices) WHERE type <> 'text' OR length(trim(value)) = 0)
     OR (SELECT count(DISTINCT value) FROM json_each(new.choices)) <> json_array_length(new.choices);
END;

CREATE TRIGGER field_never_replaced BEFORE INSERT ON field
WHEN EXISTS (SELECT 1 FROM field WHERE id = new.id OR name = new.name)
BEGIN
  -- REPLACE would delete the definition its values were checked against.
  SELECT RAISE(ABORT, 'field: a field is never replaced; remove it and add it again');
END;

CREATE TRIGGER field_delete_unused BEFORE DELETE ON field
WHEN EXISTS (SELECT 1 FROM asset_field WHERE field_id = old.id)
  OR EXISTS (SELECT 1 FROM field_category WHERE field_id = old.id)
  OR EXISTS (SELECT 1 FROM field_model WHERE field_id = old.id)
BEGIN
  SELECT RAISE(ABORT, 'field: the field still has values or attachments; remove those first');
END;

CREATE TRIGGER field_definition_fixed BEFORE UPDATE ON field
WHEN new.id IS NOT old.id OR new.name IS NOT old.name OR new.type IS NOT old.type
  OR new.choices IS NOT old.choices OR new.regex IS NOT old.regex OR new.is_unique IS NOT old.is_unique
BEGIN
  -- Values were checked against the definition: only the label changes.
  SELECT RAISE(ABORT, 'field: a definition changes only its label; remove the field and add it again');
END;

CREATE TABLE field_category (
  -- The field applies to assets of models of this category.
  field_id INTEGER NOT NULL REFERENCES field(id),
  category TEXT NOT NULL CHECK (category IN (
             'server', 'switch', 'router', 'firewall', 'storage', 'pdu', 'patch-panel',
             'laptop', 'desktop', 'monitor', 'phone', 'optic', 'cable', 'component', 'other')),
  PRIMARY KEY (field_id, category)
) STRICT;

CREATE TABLE field_model (
  -- The field applies to assets of this model.
  field_id INTEGER NOT NULL REFERENCES field(id),
  model_id INTEGER NOT NULL REFERENCES model(id),
  PRIMARY KEY (field_id, model_id)
) STRICT;
CREATE INDEX field_model_model ON field_model(model_id);

CREATE TABLE asset_field (
  -- One field's value on one asset, in the type's text form: integer '-12', decimal '3.50', date '2026-11-27',
  -- boolean 'true'/'false', choice one of the field's choices. No row: no value.
  asset_id INTEGER NOT NULL REFERENCES asset(id),
  field_id INTEGER NOT NULL REFERENCES field(id),
  value    TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 1000),
  PRIMARY KEY (asset_id, field_id)
) STRICT;
CREATE INDEX asset_field_value ON asset_field(field_id, value);

CREATE TRIGGER asset_field_insert BEFORE INSERT ON asset_field
BEGIN
  SELECT RAISE(ABORT, 'asset_field: not an integer (digits, an optional leading -)')
  WHERE (SELECT type FROM field WHERE id = new.field_id) = 'integer'
    AND CAST(CAST(new.value AS INTEGER) AS TEXT) IS NOT new.value;
  SELECT RAISE(ABORT, 'asset_field: not a decimal number like 12.50')
  WHERE (SELECT type FROM field WHERE id = new.field_id) = 'decimal'
    AND NOT (substr(new.value, 1 + (substr(new.value, 1, 1) = '-')) GLOB '[0-9]*'
             AND substr(new.value, 1 + (substr(new.value, 1, 1) = '-')) NOT GLOB '*[^0-9.]*'
             AND new.value NOT GLOB '*.*.*' AND new.value NOT GLOB '*.');
  SELECT RAISE(ABORT, 'asset_field: not a date (YYYY-MM-DD)')
  WHERE (SELECT type FROM field WHERE id = new.field_id) = 'date' AND date(new.value, '+0 days') IS NOT new.value;
  SELECT RAISE(ABORT, 'asset_field: a boolean is true or false')
  WHERE (SELECT type FROM field WHERE id = new.field_id) = 'boolean' AND new.value NOT IN ('true', 'false');
  SELECT RAISE(ABORT, 'asset_field: not one of the field''s choices')
  WHERE (SELECT type FROM field WHERE id = new.field_id) = 'choice'
    AND NOT EXISTS (SELECT 1 FROM json_each((SELECT choices FROM field WHERE id = new.field_id))
                    WHERE value = new.value);
  SELECT RAISE(ABORT, 'asset_field: the field does not apply to the asset''s model or category')
  WHERE (EXISTS (SELECT 1 FROM field_model WHERE field_id = new.field_id)
         OR EXISTS (SELECT 1 FROM field_category WHERE field_id = new.field_id))
    AND NOT EXISTS (SELECT 1 FROM asset a JOIN model m ON m.id = a.model_id
                    WHERE a.id = new.asset_id
                      AND (EXISTS (SELECT 1 FROM field_model fm WHERE fm.field_id = new.field_id AND fm.model_id = m.id)
                           OR EXISTS (SELECT 1 FROM field_category fc
                                      WHERE fc.field_id = new.field_id AND fc.category = m.category)));
  SELECT RAISE(ABORT, 'asset_field: the field is unique and another asset has this value')
  WHERE (SELECT is_unique FROM field WHERE id = new.field_id) = 1
    AND EXISTS (SELECT 1 FROM asset_field WHERE field_id = new.field_id AND value = new.value
                AND asset_id IS NOT new.asset_id);
END;

CREATE TRIGGER asset_field_update BEFORE UPDATE ON asset_field
BEGIN
  SELECT RAISE(ABORT, 'asset_field: a value moves to another asset or field only by removing it and setting it')
  WHERE new.asset_id IS NOT old.asset_id OR new.field_id IS NOT old.field_id;
  SELECT RAISE(ABORT, 'asset_field: not an integer (digits, an optional leading -)')
  WHERE (SELECT type FROM field WHERE id = new.field_id) = 'integer'
    AND CAST(CAST(new.value AS INTEGER) AS TEXT) IS NOT new.value;
  SELECT RAISE(ABORT, 'asset_field: not a decimal number like 12.50')
  WHERE (SELECT type FROM field WHERE id = new.field_id) = 'decimal'
    AND NOT (substr(new.value, 1 + (substr(new.value, 1, 1) = '-')) GLOB '[0-9]*'
             AND substr(new.value, 1 + (substr(new.value, 1, 1) = '-')) NOT GLOB '*[^0-9.]*'
             AND new.value NOT GLOB '*.*.*' AND new.value NOT GLOB '*.');
  SELECT RAISE(ABORT, 'asset_field: not a date (YYYY-MM-DD)')
  WHERE (SELECT type FROM field WHERE id = new.field_id) = 'date' AND date(new.value, '+0 days') IS NOT new.value;
  SELECT RAISE(ABORT, 'asset_field: a boolean is true or false')
  WHERE (SELECT type FROM field WHERE id = new.field_id) = 'boolean' AND new.value NOT IN ('true', 'false');
  SELECT RAISE(ABORT, 'asset_field: not one of the field''s choices')
  WHERE (SELECT type FROM field WHERE id = new.field_id) = 'choice'
    AND NOT EXISTS (SELECT 1 FROM json_each((SELECT choices FROM field WHERE id = new.field_id))
                    WHERE value = new.value);
  SELECT RAISE(ABORT, 'asset_field: the field is unique and another asset has this value')
  WHERE (SELECT is_unique FROM field WHERE id = new.field_id) = 1
    AND EXISTS (SELECT 1 FROM asset_field WHERE field_id = new.field_id AND value = new.value
                AND asset_id IS NOT new.asset_id);
END;

CREATE VIEW v_asset_field (tag, field, label, type, value) AS
  -- One row per value of a custom field on an asset, in the type's text form (see asset_field).
  SELECT a.tag, f.name, f.label, f.type, af.value
  FROM asset_field af
  JOIN asset a ON a.id = af.asset_id
  JOIN field f ON f.id = af.field_id;

CREATE VIEW v_field (field, label, type, choices, regex, is_unique, categories, models) AS
  -- One row per field definition: categories and models it is attached to, comma-separated (both NULL: it applies
  -- to every asset).
  SELECT f.name, f.label, f.type, f.choices, f.regex, f.is_unique,
    (SELECT group_concat(category, ',') FROM (SELECT category FROM field_category WHERE field_id = f.id ORDER BY 1)),
    (SELECT group_concat(label, ',') FROM (SELECT m.label FROM field_model fm JOIN v_model m ON m.model_id = fm.model_id
                                           WHERE fm.field_id = f.id ORDER BY 1))
  FROM field f;
