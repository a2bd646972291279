// Changes made through the API, since the dataset was last imported whole, to entities the
// import would now change, create again or remove: the import refuses to undo them unless told
// to overwrite. An event counts for an entity it changed, and for an endpoint of a relationship
// this dataset states when the event added or removed one of those (its evidence names the
// dataset). Import events (action IMPORT) are the imports' own.
// Params: $dataset: String, $ids: [String] (entities), $ends: [String] (relationship endpoints),
// $marker: String ('"dataset":"<id>"'). Returns: id, action, actor, operation, at.
MATCH (d:Dataset {id: $dataset})
WITH coalesce(d.reconciledAt, d.importedAt) AS since
UNWIND $ids + $ends AS id
MATCH (a:AuditEvent {entityId: id})
WHERE a.at > since AND a.action <> 'IMPORT'
  AND (id IN $ids OR coalesce(a.relationshipsAdded, '') CONTAINS $marker OR coalesce(a.relationshipsRemoved, '') CONTAINS $marker)
WITH id, a ORDER BY a.at DESC
WITH id, collect(a)[0] AS last
RETURN id, last.action AS action, last.actor AS actor, last.operation AS operation, toString(last.at) AS at
ORDER BY id
