// impact: what local work depends on one entity, walked downwards (against the trace's
// direction) from it: <PART_OF (an Act's provisions, a strategy's strands), <IMPOSED_BY (duties),
// <DISCHARGES, <SUPPORTS, <UNDER, <REQUIRED_BY, <CONSTITUTED_UNDER, <CONTRIBUTES_TO, <ADDRESSES,
// <DELIVERED_THROUGH, <HAS_ACTIVITY / <HAS_PRIORITY / <HAS_OUTCOME (to the agreement), <CITES,
// <AMENDED_BY and <COMMENCED_BY (what an amending or commencing instrument touches),
// <SUCCEEDED_BY (work on a predecessor), and for bodies LEADS>, <MADE_BY and <BINDS.
// Chains end at an Activity, Programme or Agreement (an Agreement is never crossed). With $asOf,
// every node and relationship on a chain must be in force on that day (null = open), except a
// predecessor reached over SUCCEEDED_BY (its work now hangs on the successor).
// Params: $id: string; $asOf: 'yyyy-mm-dd' or null (no date filter).
// Returns: no row when no Entity has the id; otherwise one row:
//   subject {id, type, name}, paths: [{nodes: [{id, type, name, scope}], rels: [{type, start, evidence}]}]
MATCH (s:Entity {id: $id})
WITH s, CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day
RETURN s {.id, .type, .name} AS subject,
  COLLECT {
    CALL apoc.path.expandConfig(s, {
      relationshipFilter: '<PART_OF|<IMPOSED_BY|<DISCHARGES|<SUPPORTS|<UNDER|<REQUIRED_BY|<CONSTITUTED_UNDER|<CONTRIBUTES_TO|<ADDRESSES|<DELIVERED_THROUGH|<HAS_ACTIVITY|<HAS_PRIORITY|<HAS_OUTCOME|<CITES|<AMENDED_BY|<COMMENCED_BY|<SUCCEEDED_BY|LEADS>|<MADE_BY|<BINDS',
      minLevel: 1,
      maxLevel: 8,
      uniqueness: 'NODE_PATH'
    }) YIELD path
    WITH path, nodes(path) AS ns, relationships(path) AS rs
    WHERE (last(ns):Activity OR last(ns):Programme OR last(ns):Agreement)
      AND none(n IN ns[0..-1] WHERE n:Agreement)
      AND (day IS NULL OR (
        all(i IN range(0, size(ns) - 1) WHERE (i > 0 AND type(rs[i - 1]) = 'SUCCEEDED_BY')
          OR ((ns[i].validFrom IS NULL OR ns[i].validFrom <= day) AND (ns[i].validTo IS NULL OR ns[i].validTo >= day)))
        AND all(r IN rs WHERE (r.validFrom IS NULL OR r.validFrom <= day) AND (r.validTo IS NULL OR r.validTo >= day))))
    RETURN {
      nodes: [n IN ns | n {.id, .type, .name, .scope}],
      rels: [r IN rs | {type: type(r), start: startNode(r).id,
        evidence: r {.basis, .source, .quote, .note, .verified, validFrom: toString(r.validFrom), validTo: toString(r.validTo)}}]
    }
    ORDER BY length(path)
    LIMIT 5000
  } AS paths
