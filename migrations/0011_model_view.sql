-- v_model: every model with its manufacturer's name and the label lists show
-- ("Dell PowerEdge R650"), written once here instead of in every query.
CREATE VIEW v_model (model_id, manufacturer_id, manufacturer, name, label, part_number, gtin, category,
                     u_height_halves, full_depth, serialized, stores_data, warranty_months) AS
  SELECT m.id, m.manufacturer_id, v.name, m.name, v.name || ' ' || m.name, m.part_number, m.gtin, m.category,
         m.u_height_halves, m.full_depth, m.serialized, m.stores_data, m.warranty_months
  FROM model m JOIN vendor v ON v.id = m.manufacturer_id;
