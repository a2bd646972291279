// impact-scope: for the activities an impact walk reached, their agreements (with the
// HAS_ACTIVITY relationship, for an agreement's chain), whether each agreement is in force on
// $asOf, its makers, and the activity's partnership ({{partners}}: the agreement's makers and their
// member organisations and boards), by which a body's impact is kept to its own partnerships.
// Params: $activities: [element id] (in this transaction); $asOf: 'yyyy-mm-dd' or null; $thread.
// Returns: one row per activity: node (element id), agreements: [{agreement {id, type, name}, node,
//   rel (element id of HAS_ACTIVITY), inForce, dates, madeBy: [ref], partners: [id]}].
WITH CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day
UNWIND $activities AS at
MATCH (a)
WHERE elementId(a) = at
CALL (a, day) {
  MATCH (g:Agreement)-[h:HAS_ACTIVITY]->(a)
  RETURN collect({
    agreement: g {.id, .type, .name},
    node: elementId(g),
    rel: elementId(h),
    inForce: {{inForce g}},
    dates: apoc.map.fromPairs([k IN keys(g) WHERE k IN $thread.dated | [k, toString(g[k])]]),
    madeBy: [(g)-[:MADE_BY]->(m) | m {.id, .type, .name}],
    partners: [p IN {{partners g}} | p.id]
  }) AS agreements
}
RETURN at AS node, agreements
