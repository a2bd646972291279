// provenance: what an answer needs to be checked later: the datasets behind the entities and
// relationships it names, as their last import left them (with that import's SHA-256), and the
// newest change made through the API (an API edit changes the graph without a new checksum).
// Params: $ids: [string] (entity ids the answer names), $datasets: [string] (datasets its
//   relationships' evidence names).
// Returns: one row: datasets: [{id, checksum, importedAt, files, entities, relationships}] by id,
//   lastChange: {changeId, at} or null.
CALL () {
  UNWIND $ids AS id
  MATCH (n:Entity {id: id})
  WHERE n.dataset IS NOT NULL
  RETURN collect(DISTINCT n.dataset) AS named
}
CALL (named) {
  MATCH (d:Dataset)
  WHERE d.id IN named + $datasets
  WITH d ORDER BY d.id
  RETURN collect(d {.id, checksum: d.sha256, importedAt: toString(d.importedAt), .files, .entities, .relationships}) AS datasets
}
CALL () {
  MATCH (a:AuditEvent)
  WHERE a.at IS NOT NULL AND a.action IN ['CREATE', 'UPDATE', 'DELETE']
  WITH a ORDER BY a.at DESC LIMIT 1
  RETURN collect(a {.changeId, at: toString(a.at)}) AS changes
}
RETURN datasets, changes[0] AS lastChange
