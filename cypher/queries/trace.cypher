// trace: every chain that backs one strategic activity, walked upwards from it along the thread's
// grammar (src/model/thread.ts THREAD_STEPS, passed as $thread): DISCHARGES> Duty, IMPOSED_BY>
// Provision, PART_OF>, SUPPORTS>, UNDER>, REQUIRED_BY>, CONTRIBUTES_TO>, ADDRESSES>,
// DELIVERED_THROUGH>, <HAS_ACTIVITY, SUCCEEDED_BY>, and the bodies: <LEADS (the activity's own
// lead), MADE_BY> and BINDS> (only a body of the activity's own partnership, $thread.partnersOnly).
// A chain may not pass a stop ($thread.stops: a label and the steps it may be left by): it ends at
// an Act, a body, or goes on from an instrument or code over UNDER to the Act it is made under.
// Some steps may only be taken early in a chain ($thread.traceMaxPosition: ADDRESSES and LEADS
// only from the activity itself, DELIVERED_THROUGH and CONTRIBUTES_TO in its first two hops), so a
// chain never wanders from one programme through a shared priority to another. With $asOf, every
// node and relationship on a chain must be in force on that day ({{inForce}}: every validity
// window, an agreement's period, a MONTH or YEAR date covering its whole month or year), so
// SUCCEEDED_BY hops count only from the successor's validFrom; a predecessor left by such a hop
// need not itself be in force; and the activity is in force only while its agreement is. Every
// relationship must pass $evidence (basis, verifiedOnly).
// The walk does only what those rules allow: APOC walks the steps that can lead further
// ($thread.traceWalk: breadth-first, NODE_PATH, one relationshipFilter per position holding only
// the steps its maxPosition allows there), and the steps to a body ($thread.traceLast: <LEADS,
// MADE_BY>, BINDS>; a body is a stop no step leaves) are taken after it, as a chain's last hop from
// the ends of the walked chains: a partnersOnly step read from the partners' side, since a shared
// duty BINDS every partnership's bodies (15,000 with 1,000 agreements); between the same two nodes
// only the first relationship $evidence and the day accept (a later one gives a chain over the same
// nodes). Every chain is then checked against all the rules above, and the chains are put in the
// order of the breadth-first walk over every step ($thread.stepOrder), as one walk would find them.
// Only maximal chains are returned: every prefix of a chain qualifies too, so a chain is cut short
// exactly when it is the chain of another with its last hop removed (chains over the same nodes
// count once, the first found). The chains share most of their hops, so each node and each
// relationship is sent once and a chain is the list of their ids.
// Params: $activityId: string; $asOf: 'yyyy-mm-dd' or null (no date filter); $thread: the grammar;
//   $evidence: {basis: [Basis], verifiedOnly: boolean}.
// Returns: no row when no Activity has the id; otherwise one row:
//   activity {id, type, name}, inForce: boolean, dated: [{ref, dates}] (the activity and its
//   agreements with their validity dates as strings, for the reason when it is not in force),
//   nodes: [{id, type, name, scope, kind}], rels: [{key, type, start, evidence}] (each once; evidence
//   includes who asserted it: dataset for a seed's, changeId for one made through the API),
//   chains: [{nodes: [id], rels: [key]}] (rels[i] joins nodes[i] and nodes[i+1]; start is the
//   stored start node's id; key identifies a relationship within this answer).
MATCH (a:Activity {id: $activityId})
WITH a, CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day, [(g:Agreement)-[:HAS_ACTIVITY]->(a) | g] AS agreements
WITH a, day, agreements, apoc.coll.toSet(apoc.coll.flatten([g IN agreements | {{partners g}}])) AS partners,
  {{inForce a}} AND all(g IN agreements WHERE {{inForce g}}) AS inForce
CALL (a, day, partners, inForce) {
  CALL apoc.path.expandConfig(a, {
    relationshipFilter: $thread.traceWalk,
    minLevel: 0,
    maxLevel: $thread.traceMaxHops,
    uniqueness: 'NODE_PATH'
  }) YIELD path
  WITH collect(path) AS walked
  CALL (walked, partners, day) {
    WITH partners, day, [s IN $thread.traceLast | s {.*,
      ends: apoc.coll.toSet([p IN walked WHERE length(p) < $thread.traceMaxHops AND length(p) <= coalesce(s.maxPosition, length(p)) | last(nodes(p))])}] AS steps
    CALL (steps, partners) {
      WITH partners, apoc.coll.toSet(apoc.coll.flatten([s IN steps WHERE s.partnersOnly | s.ends])) AS ends
      UNWIND partners AS b
      MATCH (b)-[{{partnerHop r}}]-(e)
      WHERE e IN ends
      RETURN e, b, r
      UNION ALL
      UNWIND apoc.coll.toSet(apoc.coll.flatten([s IN steps WHERE NOT s.partnersOnly | s.ends])) AS e
      MATCH (e)-[{{lastHop r}}]-(b)
      RETURN e, b, r
    }
    WITH steps, e, b, collect(r) AS rels
    UNWIND range(0, size(steps) - 1) AS f
    WITH f, steps[f] AS s, e, b, rels
    WHERE e IN s.ends
    CALL (s, e, rels, day) {
      UNWIND rels AS r
      WITH r
      WHERE type(r) = s.type AND (startNode(r) = e) = (s.direction = 'out') AND {{evidence r}} AND {{inForce r}}
      RETURN r
      LIMIT 1
    }
    WITH f, e, collect({b: b, r: r}) AS hops
    UNWIND range(0, size(hops) - 1) AS k
    WITH e, collect({f: f, k: k, b: hops[k].b, r: hops[k].r}) AS hops
    RETURN apoc.map.fromPairs(collect([elementId(e), hops])) AS lastHops
  }
  WITH walked, lastHops, apoc.map.fromLists([p IN walked | apoc.text.join([r IN relationships(p) | elementId(r)], ' ')], range(0, size(walked) - 1)) AS at
  UNWIND range(0, size(walked) - 1) AS i
  WITH walked[i] AS p, i, at, lastHops
  CALL (p, i, at, lastHops) {
    WITH p, i, at WHERE length(p) > 0
    RETURN p AS path, [length(p), at[apoc.text.join([r IN relationships(p)[0..-1] | elementId(r)], ' ')], $thread.stepOrder[type(last(relationships(p)))], i] AS place
    UNION ALL
    UNWIND coalesce(lastHops[elementId(last(nodes(p)))], []) AS hop
    WITH p, i, hop
    WHERE length(p) < $thread.traceMaxHops AND length(p) <= coalesce($thread.traceLast[hop.f].maxPosition, length(p)) AND NOT hop.b IN nodes(p)
    RETURN apoc.path.create(nodes(p)[0], relationships(p) + hop.r) AS path, [length(p) + 1, i, $thread.stepOrder[type(hop.r)], hop.k] AS place
  }
  WITH path, place, nodes(path) AS ns, relationships(path) AS rs
  WHERE inForce
    AND none(i IN range(1, size(ns) - 2) WHERE any(label IN labels(ns[i]) WHERE label IN keys($thread.stops) AND NOT type(rs[i]) IN $thread.stops[label]))
    AND all(i IN range(0, size(rs) - 1) WHERE i <= coalesce($thread.traceMaxPosition[type(rs[i])], i))
    AND all(i IN range(0, size(rs) - 1) WHERE NOT type(rs[i]) IN $thread.partnersOnly OR ns[i + 1] IN partners)
    AND all(r IN rs WHERE {{evidence r}})
    AND (day IS NULL OR (
      all(i IN range(0, size(ns) - 1) WHERE (i < size(rs) AND type(rs[i]) = $thread.succession) OR {{inForce ns[i]}})
      AND all(r IN rs WHERE {{inForce r}})))
  WITH path, place ORDER BY place
  LIMIT 5000
  RETURN collect(path) AS walks
}
WITH a, day, agreements, inForce, [w IN walks | {path: w, key: [n IN nodes(w) | elementId(n)]}] AS walks
WITH a, day, agreements, inForce, walks, [w IN walks WHERE length(w.path) > 1 | w.key[0..-1]] AS cut
WITH a, day, agreements, inForce, reduce(kept = {keys: [], paths: []}, w IN walks |
  CASE WHEN w.key IN cut OR w.key IN kept.keys THEN kept ELSE {keys: kept.keys + [w.key], paths: kept.paths + [w.path]} END).paths AS chains
RETURN a {.id, .type, .name} AS activity,
  inForce,
  [x IN [a] + agreements | {ref: x {.id, .type, .name}, dates: apoc.map.fromPairs([k IN keys(x) WHERE k IN $thread.dated | [k, toString(x[k])]])}] AS dated,
  [n IN apoc.coll.toSet(apoc.coll.flatten([c IN chains | nodes(c)])) | n {.id, .type, .name, .scope, .kind}] AS nodes,
  [r IN apoc.coll.toSet(apoc.coll.flatten([c IN chains | relationships(c)])) | {key: elementId(r), type: type(r), start: startNode(r).id,
    evidence: r {.basis, .source, .quote, .note, .verified, .dataset, .changeId, validFrom: toString(r.validFrom), validTo: toString(r.validTo)}}] AS rels,
  [c IN chains | {nodes: [n IN nodes(c) | n.id], rels: [r IN relationships(c) | elementId(r)]}] AS chains
