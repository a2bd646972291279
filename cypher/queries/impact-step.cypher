// impact-step: one level of the impact walk down the thread (see impact.cypher): every hop from a
// frontier node that the thread's grammar, read downwards, allows on its own: its type walked
// against its trace direction ({{impactIn}} against the stored direction, {{impactOut}} along it,
// typed in the pattern, so a shared duty's thousands of BINDS are never read going down), the
// relationship in force on $asOf and accepted by $evidence, and the node reached in
// force, except a predecessor reached over SUCCEEDED_BY (its work now hangs on the successor).
// The rules that depend on the chain (positions, stops, partners) are applied by the caller
// (src/operations/impact/walk.ts) from the same grammar.
// Params: $frontier: [element id] (nodes reached at the previous level, in this transaction);
//   $asOf: 'yyyy-mm-dd' or null; $thread: the grammar; $evidence: {basis, verifiedOnly}.
// Returns: one row per hop, ordered by the frontier node's id, the relationship's type and dataset
//   (the same order on every copy of the graph): from (element id of the frontier node), rel
//   (element id of the hop), relType, node (element id reached), id, type, name, scope, kind,
//   stops: the labels of the node reached that end a chain ($thread.stops).
WITH CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day
UNWIND $frontier AS at
MATCH (f)
WHERE elementId(f) = at
CALL (f, day) {
  MATCH (f)<-[{{impactIn r}}]-(n)
  RETURN r, n
  UNION ALL
  MATCH (f)-[{{impactOut r}}]->(n)
  RETURN r, n
}
WITH f, r, n, day
WHERE {{inForce r}} AND {{evidence r}} AND (type(r) = $thread.succession OR {{inForce n}})
WITH f, r, n ORDER BY f.id, type(r), r.dataset, n.id
RETURN elementId(f) AS from, elementId(r) AS rel, type(r) AS relType, elementId(n) AS node, n.id AS id, n.type AS type, n.name AS name,
  n.scope AS scope, n.kind AS kind, [label IN labels(n) WHERE label IN keys($thread.stops)] AS stops
