// The audit events a redaction will change: those by the actor and/or about the entity (a null
// parameter matches any), excepting REDACT events, which hold no one's personal data but the admin's.
// Params: $actor, $entityId (at least one not null).
MATCH (a:AuditEvent)
WHERE ($actor IS NULL OR a.actor = $actor)
  AND ($entityId IS NULL OR a.entityId = $entityId)
  AND a.action <> 'REDACT'
RETURN a.id AS id, a.entityId AS entityId, a.entityType AS entityType, a.before AS before, a.after AS after,
       a.relationshipsAdded AS relationshipsAdded, a.relationshipsRemoved AS relationshipsRemoved
ORDER BY a.at
