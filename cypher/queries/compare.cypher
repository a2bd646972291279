// compare: for each agreement compared, what coverage does not already say: its makers and
// period, whether it is in force on the day, its priorities, the national strategies its
// priorities support or it cites, and its indicators with their measurements. Duties and what
// discharges them come from coverage itself (cypher/queries/coverage.cypher), never from here.
//   priorities: the agreement HAS_PRIORITY, in force on the day;
//   priorityStrategies: NATIONAL strategies a priority SUPPORTS, directly or through
//     SUPPORTS/PART_OF (up to 3 hops), the national rule of the model;
//   citedStrategies: NATIONAL strategies the agreement CITES;
//   indicators: the agreement HAS_INDICATOR, in force, each with its measurements in force;
//   inForce: the agreement is in force on the day by the thread's one rule ({{inForce}}: its
//     period and its validity, a MONTH or YEAR date covering its whole month or year); which
//     window leaves the day out is read from `dated` by the model (outOfForceWindow), not here.
// Params: $agreementIds: [string], $asOf: 'yyyy-mm-dd' or null, $thread: the grammar (only
//   $thread.dated is read).
// Returns: one row per agreement found (in no particular order): agreement {id, type, name},
//   madeBy [ref], periodStart, periodEnd (yyyy-mm-dd or null) with their precisions, inForce,
//   dated (its validity dates as strings, by property),
//   priorities [{ref, kind, aliases}], priorityStrategies [ref], citedStrategies [ref],
//   indicators [{ref, aliases, unit, polarity, measurements [{ref, kind, value, text, periodStart,
//   periodStartPrecision, periodEnd, periodEndPrecision}]}].
UNWIND $agreementIds AS agreementId
MATCH (ag:Agreement {id: agreementId})
WITH ag, CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day
RETURN ag {.id, .type, .name} AS agreement,
  [(ag)-[:MADE_BY]->(m) | m {.id, .type, .name}] AS madeBy,
  toString(ag.periodStart) AS periodStart, ag.periodStartPrecision AS periodStartPrecision,
  toString(ag.periodEnd) AS periodEnd, ag.periodEndPrecision AS periodEndPrecision,
  {{inForce ag}} AS inForce,
  apoc.map.fromPairs([k IN keys(ag) WHERE k IN $thread.dated | [k, toString(ag[k])]]) AS dated,
  COLLECT {
    MATCH (ag)-[:HAS_PRIORITY]->(p:Priority)
    WHERE {{inForce p}}
    WITH p ORDER BY p.name, p.id
    RETURN {priority: p {.id, .type, .name}, kind: p.kind, aliases: coalesce(p.aliases, [])}
  } AS priorities,
  apoc.coll.toSet([(ag)-[:HAS_PRIORITY]->(p:Priority)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy)
    WHERE {{inForce p}} AND {{national s}} | s {.id, .type, .name}]) AS priorityStrategies,
  apoc.coll.toSet([(ag)-[:CITES]->(s:Strategy) WHERE {{national s}} | s {.id, .type, .name}]) AS citedStrategies,
  COLLECT {
    MATCH (ag)-[:HAS_INDICATOR]->(i:Indicator)
    WHERE {{inForce i}}
    WITH i ORDER BY i.name, i.id
    RETURN {
      indicator: i {.id, .type, .name},
      aliases: coalesce(i.aliases, []),
      unit: i.unit,
      polarity: i.polarity,
      measurements: COLLECT {
        MATCH (m:Measurement)-[:MEASUREMENT_OF]->(i)
        WHERE {{inForce m}}
        WITH m ORDER BY m.periodStart, m.kind, m.id
        RETURN m {.id, .type, .name, .kind, .value, .text, periodStart: toString(m.periodStart), .periodStartPrecision,
          periodEnd: toString(m.periodEnd), .periodEndPrecision}
      }
    }
  } AS indicators
