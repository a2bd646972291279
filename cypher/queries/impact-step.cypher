// impact-step: one level of the impact walk (see impact.cypher for the relationships and the
// asOf rule): every node one qualifying hop away from the frontier, once each, with one hop that
// reaches it. The caller drops the nodes it has already reached.
// Params: $frontier: [element id] (nodes first reached at the previous level, in this
//   transaction); $asOf: 'yyyy-mm-dd' or null; $thread: the grammar (src/model/thread.ts
//   IMPACT_STEPS: types walked against their direction, impactIn, or along it, impactOut).
// Returns: one row per node reached: node (element id), id, type, name, scope,
//   from (element id of a frontier node it is reached from), rel (element id of that hop).
WITH CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day
UNWIND $frontier AS at
MATCH (f)
WHERE elementId(f) = at AND none(label IN labels(f) WHERE label IN $thread.impactStopsAt)
CALL (f, day) {
  MATCH (f)<-[r]-(n)
  WHERE type(r) IN $thread.impactIn AND {{inForce r}} AND (type(r) = $thread.succession OR {{inForce n}})
  RETURN r, n
  UNION ALL
  MATCH (f)-[r]->(n)
  WHERE type(r) IN $thread.impactOut AND {{inForce r}} AND {{inForce n}}
  RETURN r, n
}
// Of the hops that reach a node, the first by these keys: the same chain on every copy of the
// graph, whatever order the store keeps relationships in.
WITH n, f, r ORDER BY f.id, type(r), r.dataset
WITH n, head(collect({from: elementId(f), rel: elementId(r)})) AS via
RETURN elementId(n) AS node, n.id AS id, n.type AS type, n.name AS name, n.scope AS scope, n.kind AS kind, via.from AS from, via.rel AS rel
