// Writes the audit events of one accepted change inside the change's own transaction, so the
// change and its record commit or fail together.
// Params: $events: [{id, actor, roles, actorPartnership, operation, changeId, action, entityId,
// entityType, changedProperties, before, after, relationshipsAdded, relationshipsRemoved}].
UNWIND $events AS event
CREATE (a:AuditEvent)
SET a = event, a.at = datetime()
RETURN count(a) AS recorded
