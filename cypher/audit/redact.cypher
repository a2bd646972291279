// Blanks personal data in the given audit events, in the redaction's own transaction (which also
// records the REDACT events): the actor's subject when `actor` is given, and the recorded values
// (already blanked by the caller, names kept) when `values` is true.
// Params: $redactions: [{id, actor, values, before, after, relationshipsAdded, relationshipsRemoved}].
UNWIND $redactions AS r
MATCH (a:AuditEvent {id: r.id})
SET a.actor = coalesce(r.actor, a.actor)
FOREACH (_ IN CASE WHEN r.values THEN [1] ELSE [] END |
  SET a.before = r.before, a.after = r.after, a.relationshipsAdded = r.relationshipsAdded, a.relationshipsRemoved = r.relationshipsRemoved)
RETURN count(a) AS redacted
