-- A deactivated person (a leaver) takes no new assets and no new license
-- seats; what they still hold stays recorded until it comes back.
CREATE TRIGGER asset_custodian_active BEFORE UPDATE OF custodian_person_id ON asset
WHEN new.custodian_person_id IS NOT NULL AND new.custodian_person_id IS NOT old.custodian_person_id
 AND (SELECT active FROM person WHERE id = new.custodian_person_id) = 0
BEGIN
  SELECT RAISE(ABORT, 'asset: the person is deactivated and takes no new assets');
END;
CREATE TRIGGER asset_custodian_active_insert BEFORE INSERT ON asset
WHEN new.custodian_person_id IS NOT NULL AND (SELECT active FROM person WHERE id = new.custodian_person_id) = 0
BEGIN
  SELECT RAISE(ABORT, 'asset: the person is deactivated and takes no new assets');
END;
CREATE TRIGGER license_assignment_person_active BEFORE INSERT ON license_assignment
WHEN new.person_id IS NOT NULL AND (SELECT active FROM person WHERE id = new.person_id) = 0
BEGIN
  SELECT RAISE(ABORT, 'license_assignment: the person is deactivated and takes no new seats');
END;
CREATE TRIGGER license_assignment_person_active_update BEFORE UPDATE OF person_id, quantity ON license_assignment
WHEN new.person_id IS NOT NULL AND (new.person_id IS NOT old.person_id OR new.quantity > old.quantity)
 AND (SELECT active FROM person WHERE id = new.person_id) = 0
BEGIN
  SELECT RAISE(ABORT, 'license_assignment: the person is deactivated and takes no new seats');
END;
