// path: the shortest connection between two entities along the golden thread's grammar
// (src/model/thread.ts THREAD_STEPS, passed as $thread): a walk up its steps, each in its own
// direction (DISCHARGES>, IMPOSED_BY>, PART_OF>, SUPPORTS>, UNDER>, REQUIRED_BY>, CONTRIBUTES_TO>,
// ADDRESSES>, DELIVERED_THROUGH>, SUCCEEDED_BY>, MADE_BY>, BINDS>, <HAS_ACTIVITY, <LEADS), from the
// first entity to the second, or, when there is none, from the second up to the first (the
// first is then below it: an Act to an activity that depends on it). A walk never goes up and
// then down, so two activities are not "connected" through a duty both discharge, and no
// relationship outside the thread (MEMBER_OF, HAS_PRIORITY, CITES...) is crossed. A walk passes
// a stop ($thread.stops: an Act, a body) only over the steps it may be left by (an instrument
// or code goes on over UNDER); it may start at one. At most 8 hops. The position limits and the
// partner rule of trace are not applied: path explains how two things connect, trace says what
// backs an activity.
// Params: $fromId: string; $toId: string; $thread: the grammar ($thread.up, $thread.stops).
// Returns one row: from / to {id, type, name} (null when no Entity has that id),
//   path: {nodes: [{id, type, name, scope}], rels: [{type, start, evidence}]} from the first entity
//   to the second, or null when none (evidence includes dataset for a seed's relationship,
//   changeId for one made through the API) (or when either end is missing, or both are the same entity).
OPTIONAL MATCH (a:Entity {id: $fromId})
OPTIONAL MATCH (b:Entity {id: $toId})
CALL (a, b) {
  OPTIONAL MATCH p = SHORTEST 1 (a)((x)-[r]-(y)
      WHERE (type(r) IN $thread.up.out AND startNode(r) = x OR type(r) IN $thread.up.in AND endNode(r) = x)
        AND (x = a OR NOT any(l IN labels(x) WHERE l IN keys($thread.stops) AND NOT type(r) IN $thread.stops[l]))){1,8}(b)
  WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
  RETURN p AS up
}
CALL (a, b, up) {
  OPTIONAL MATCH p = SHORTEST 1 (b)((x)-[r]-(y)
      WHERE (type(r) IN $thread.up.out AND startNode(r) = x OR type(r) IN $thread.up.in AND endNode(r) = x)
        AND (x = b OR NOT any(l IN labels(x) WHERE l IN keys($thread.stops) AND NOT type(r) IN $thread.stops[l]))){1,8}(a)
  WHERE up IS NULL AND a IS NOT NULL AND b IS NOT NULL AND a <> b
  RETURN p AS down
}
WITH a, b, CASE WHEN up IS NOT NULL THEN nodes(up) ELSE reverse(nodes(down)) END AS ns,
  CASE WHEN up IS NOT NULL THEN relationships(up) ELSE reverse(relationships(down)) END AS rs
RETURN a {.id, .type, .name} AS from, b {.id, .type, .name} AS to,
  CASE WHEN ns IS NULL THEN null ELSE {
    nodes: [n IN ns | n {.id, .type, .name, .scope, .kind}],
    rels: [r IN rs | {type: type(r), start: startNode(r).id,
      evidence: r {.basis, .source, .quote, .note, .verified, .dataset, .changeId, validFrom: toString(r.validFrom), validTo: toString(r.validTo)}}]
  } END AS path
