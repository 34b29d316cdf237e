-- Corrections of a purchase order's status, as legal moves: a PO closed
-- short is reopened when a late unit arrives (closed -> partially_received),
-- and an approver sends a submitted PO back to its requester as a draft
-- (submitted -> draft). Both need a reason (src/purchasing.cpp). The table
-- is frozen by migration 0006; its insert guard is set aside for the change.
DROP TRIGGER po_status_transition_frozen_insert;
INSERT INTO po_status_transition VALUES ('closed', 'partially_received');
INSERT INTO po_status_transition VALUES ('submitted', 'draft');
CREATE TRIGGER po_status_transition_frozen_insert BEFORE INSERT ON po_status_transition
BEGIN
  SELECT RAISE(ABORT, 'po_status_transition: the legal moves change only with a migration');
END;
