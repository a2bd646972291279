// After a change, inside its transaction: marks each relationship it added with the change's id
// (the AuditEvents' changeId, which names who made it), so every hop an editor asserted says so
// and where to read about it; a relationship a seed dataset wrote carries `dataset` instead.
// Counts what was added and removed against relationships-of, read before the change.
// Params: $ids, $before: [element id], $changeId. Returns one row: added, removed (counts).
UNWIND $ids AS id
MATCH (:Entity {id: id})-[r]-(:Entity)
WITH DISTINCT r
WITH collect(r) AS now
WITH now, [r IN now WHERE NOT elementId(r) IN $before] AS added, [r IN now | elementId(r)] AS kept
FOREACH (r IN added | SET r.changeId = $changeId)
RETURN size(added) AS added, size([at IN $before WHERE NOT at IN kept]) AS removed
