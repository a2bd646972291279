// trace: every chain that backs one strategic activity, walked upwards from it along the thread's
// grammar (src/model/thread.ts TRACE_STEPS, passed as $thread): DISCHARGES> Duty, IMPOSED_BY>
// Provision, PART_OF>, SUPPORTS>, UNDER>, REQUIRED_BY>, CONTRIBUTES_TO>, ADDRESSES>,
// DELIVERED_THROUGH>, <HAS_ACTIVITY, SUCCEEDED_BY>. A chain stops at $thread.traceStopsAt
// (Legislation). Some steps may only be taken early in a chain ($thread.traceMaxPosition: ADDRESSES
// only from the activity itself, DELIVERED_THROUGH and CONTRIBUTES_TO in its first two hops), so a
// chain never wanders from one programme through a shared priority to another. With $asOf, every
// node and relationship on a chain must be in force on that day (validFrom <= day <= validTo, null = open), so SUCCEEDED_BY hops count only
// from the successor's validFrom; a predecessor left by such a hop need not itself be in force.
// Only maximal chains are returned: every prefix of a chain qualifies too, so a chain is cut short
// exactly when it is the chain of another with its last hop removed (chains over the same nodes
// count once, the first found). The chains share most of their hops, so each node and each
// relationship is sent once and a chain is the list of their ids: about a third of the bytes of
// sending every prefix with its evidence, the largest part of a trace's cost.
// Params: $activityId: string; $asOf: 'yyyy-mm-dd' or null (no date filter); $thread: the grammar.
// Returns: no row when no Activity has the id; otherwise one row:
//   activity {id, type, name}, inForce: boolean,
//   nodes: [{id, type, name, scope}], rels: [{key, type, start, evidence}] (each once; evidence
//   includes who asserted it: dataset for a seed's, changeId for one made through the API),
//   chains: [{nodes: [id], rels: [key]}] (rels[i] joins nodes[i] and nodes[i+1]; start is the
//   stored start node's id; key identifies a relationship within this answer).
MATCH (a:Activity {id: $activityId})
WITH a, CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day
CALL (a, day) {
  CALL apoc.path.expandConfig(a, {
    relationshipFilter: $thread.traceFilter,
    minLevel: 1,
    maxLevel: $thread.traceMaxHops,
    uniqueness: 'NODE_PATH'
  }) YIELD path
  WITH path, nodes(path) AS ns, relationships(path) AS rs
  WHERE none(n IN ns[1..-1] WHERE any(label IN labels(n) WHERE label IN $thread.traceStopsAt))
    AND all(i IN range(0, size(rs) - 1) WHERE i <= coalesce($thread.traceMaxPosition[type(rs[i])], i))
    AND (day IS NULL OR (
      all(i IN range(0, size(ns) - 1) WHERE (i < size(rs) AND type(rs[i]) = $thread.succession) OR {{inForce ns[i]}})
      AND all(r IN rs WHERE {{inForce r}})))
  WITH path LIMIT 5000
  RETURN collect(path) AS walks
}
WITH a, day, [w IN walks | {path: w, key: [n IN nodes(w) | elementId(n)]}] AS walks
WITH a, day, walks, [w IN walks WHERE length(w.path) > 1 | w.key[0..-1]] AS cut
WITH a, day, reduce(kept = {keys: [], paths: []}, w IN walks |
  CASE WHEN w.key IN cut OR w.key IN kept.keys THEN kept ELSE {keys: kept.keys + [w.key], paths: kept.paths + [w.path]} END).paths AS chains
RETURN a {.id, .type, .name} AS activity,
  {{inForce a}} AS inForce,
  [n IN apoc.coll.toSet(apoc.coll.flatten([c IN chains | nodes(c)])) | n {.id, .type, .name, .scope, .kind}] AS nodes,
  [r IN apoc.coll.toSet(apoc.coll.flatten([c IN chains | relationships(c)])) | {key: elementId(r), type: type(r), start: startNode(r).id,
    evidence: r {.basis, .source, .quote, .note, .verified, .dataset, .changeId, validFrom: toString(r.validFrom), validTo: toString(r.validTo)}}] AS rels,
  [c IN chains | {nodes: [n IN nodes(c) | n.id], rels: [r IN relationships(c) | elementId(r)]}] AS chains
