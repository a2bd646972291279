// path: the shortest connection between two entities over any relationship, either direction,
// at most 8 hops.
// Params: $fromId: string; $toId: string.
// Returns one row: from / to {id, type, name} (null when no Entity has that id),
//   path: {nodes: [{id, type, name, scope}], rels: [{type, start, evidence}]} or null when none
//   (evidence includes dataset for a seed's relationship, changeId for one made through the API)
//   (or when either end is missing, or both are the same entity).
OPTIONAL MATCH (a:Entity {id: $fromId})
OPTIONAL MATCH (b:Entity {id: $toId})
CALL (a, b) {
  OPTIONAL MATCH p = shortestPath((a)-[*..8]-(b))
  WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
  RETURN p
}
RETURN a {.id, .type, .name} AS from, b {.id, .type, .name} AS to,
  CASE WHEN p IS NULL THEN null ELSE {
    nodes: [n IN nodes(p) | n {.id, .type, .name, .scope, .kind}],
    rels: [r IN relationships(p) | {type: type(r), start: startNode(r).id,
      evidence: r {.basis, .source, .quote, .note, .verified, .dataset, .changeId, validFrom: toString(r.validFrom), validTo: toString(r.validTo)}}]
  } END AS path
