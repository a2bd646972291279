// trace: every chain that backs one strategic activity, walked upwards from it:
//   DISCHARGES> Duty, IMPOSED_BY> Provision, PART_OF> Provision/Legislation/Strategy,
//   SUPPORTS> Strategy, UNDER> Provision/Legislation/Strategy, REQUIRED_BY> Provision,
//   CONTRIBUTES_TO> Outcome, ADDRESSES> Priority, DELIVERED_THROUGH> Programme,
//   <HAS_ACTIVITY (to its agreement), SUCCEEDED_BY> (successors).
// A chain stops at Legislation. ADDRESSES is taken only from the activity itself, DELIVERED_THROUGH
// and CONTRIBUTES_TO only in its first two hops (activity or priority to programme, activity or
// programme to outcome), so a chain never wanders from one programme through a shared priority
// to another. With $asOf, every node and relationship on a chain must be in
// force on that day (validFrom <= day <= validTo, null = open), so SUCCEEDED_BY hops count only
// from the successor's validFrom; a predecessor left by such a hop need not itself be in force. Every prefix is returned; the caller keeps the maximal ones.
// Params: $activityId: string; $asOf: 'yyyy-mm-dd' or null (no date filter).
// Returns: no row when no Activity has the id; otherwise one row:
//   activity {id, type, name}, inForce: boolean,
//   paths: [{nodes: [{id, type, name, scope}], rels: [{type, start, evidence}]}]
//   (rels[i] joins nodes[i] and nodes[i+1]; start is the stored start node's id).
MATCH (a:Activity {id: $activityId})
WITH a, CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day
RETURN a {.id, .type, .name} AS activity,
  (day IS NULL OR ((a.validFrom IS NULL OR a.validFrom <= day) AND (a.validTo IS NULL OR a.validTo >= day))) AS inForce,
  COLLECT {
    CALL apoc.path.expandConfig(a, {
      relationshipFilter: 'DISCHARGES>|IMPOSED_BY>|PART_OF>|SUPPORTS>|UNDER>|REQUIRED_BY>|CONTRIBUTES_TO>|ADDRESSES>|DELIVERED_THROUGH>|<HAS_ACTIVITY|SUCCEEDED_BY>',
      minLevel: 1,
      maxLevel: 8,
      uniqueness: 'NODE_PATH'
    }) YIELD path
    WITH path, nodes(path) AS ns, relationships(path) AS rs
    WHERE none(n IN ns[1..-1] WHERE n:Legislation)
      AND all(i IN range(0, size(rs) - 1) WHERE
        (type(rs[i]) <> 'ADDRESSES' OR i = 0)
        AND (NOT type(rs[i]) IN ['DELIVERED_THROUGH', 'CONTRIBUTES_TO'] OR i <= 1))
      AND (day IS NULL OR (
        all(i IN range(0, size(ns) - 1) WHERE (i < size(rs) AND type(rs[i]) = 'SUCCEEDED_BY')
          OR ((ns[i].validFrom IS NULL OR ns[i].validFrom <= day) AND (ns[i].validTo IS NULL OR ns[i].validTo >= day)))
        AND all(r IN rs WHERE (r.validFrom IS NULL OR r.validFrom <= day) AND (r.validTo IS NULL OR r.validTo >= day))))
    RETURN {
      nodes: [n IN ns | n {.id, .type, .name, .scope}],
      rels: [r IN rs | {type: type(r), start: startNode(r).id,
        evidence: r {.basis, .source, .quote, .note, .verified, validFrom: toString(r.validFrom), validTo: toString(r.validTo)}}]
    }
    LIMIT 5000
  } AS paths
