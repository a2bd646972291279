// alignment: the matrix of an agreement's activities against national strategies and outcomes,
// with who leads each activity.
//   outcomes: the activity (or a programme it is DELIVERED_THROUGH) CONTRIBUTES_TO;
//   strategies: national strategies it (or a programme it is DELIVERED_THROUGH) SUPPORTS or is
//     UNDER, directly or through a local strategy (SUPPORTS/PART_OF, up to 3 hops);
//   priorityStrategies: national strategies reached only through a priority it ADDRESSES (the
//     priority, or a programme the priority is DELIVERED_THROUGH, supports them);
//   local strategies: non-NATIONAL strategies it, or a programme it is delivered through, SUPPORTS
//     or is UNDER;
//   leads: organisations and boards that LEAD it.
// Params: $agreementId: string.
// Returns: no row when no Agreement has the id; otherwise one row:
//   agreement {id, type, name}, outcomes: [ref] (the agreement's, by number),
//   rows: [{activity, outcomes, strategies, priorityStrategies, localStrategies, leads: [ref]}] by number.
MATCH (ag:Agreement {id: $agreementId})
RETURN ag {.id, .type, .name} AS agreement,
  COLLECT { MATCH (ag)-[:HAS_OUTCOME]->(o:Outcome) WITH o ORDER BY o.number, o.id RETURN o {.id, .type, .name} } AS outcomes,
  COLLECT {
    MATCH (ag)-[:HAS_ACTIVITY]->(x:Activity)
    WITH x ORDER BY x.number, x.id
    RETURN {
      activity: x {.id, .type, .name},
      outcomes: apoc.coll.toSet(
        [(x)-[:CONTRIBUTES_TO]->(o:Outcome) | o {.id, .type, .name}]
        + [(x)-[:DELIVERED_THROUGH]->(:Programme)-[:CONTRIBUTES_TO]->(o:Outcome) | o {.id, .type, .name}]),
      strategies: apoc.coll.toSet(
        [(x)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} | s {.id, .type, .name}]
        + [(x)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} | s {.id, .type, .name}]),
      priorityStrategies: apoc.coll.toSet(
        [(x)-[:ADDRESSES]->(:Priority)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} | s {.id, .type, .name}]
        + [(x)-[:ADDRESSES]->(:Priority)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} | s {.id, .type, .name}]),
      localStrategies: apoc.coll.toSet(
        [(x)-[:SUPPORTS]->(s:Strategy) WHERE {{local s}} | s {.id, .type, .name}]
        + [(x)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(s:Strategy) WHERE {{local s}} | s {.id, .type, .name}]),
      leads: [(l)-[:LEADS]->(x) WHERE l:Organisation OR l:Board | l {.id, .type, .name}]
    }
  } AS rows
