// coverage: for one agreement, the duties that bind its partners or require it, what each of its
// activities discharges, and the national strategies each supports.
//   partners: the boards/organisations that MADE it, and organisations/boards MEMBER_OF those boards;
//   duties: Duty -BINDS-> partner; Duty -IMPOSED_BY-> Provision (-PART_OF*0..3->) Provision that
//     the agreement is REQUIRED_BY; and any duty an activity discharges;
//   an activity discharges a duty directly, through a programme it is DELIVERED_THROUGH, or through
//     a priority it ADDRESSES that is DELIVERED_THROUGH a programme;
//   it supports a national strategy when it (or such a programme or priority) SUPPORTS or is UNDER a
//     strategy that is, or through SUPPORTS/PART_OF (up to 3 hops) leads to, a NATIONAL one.
// Params: $agreementId: string.
// Returns: no row when no Agreement has the id; otherwise one row:
//   agreement {id, type, name}, madeBy: [{id, type, name}],
//   activities: [{activity {id, type, name}, discharges: [{id, type, name}], national: [{id, type, name}]}]
//     in the agreement's order (number, then id),
//   duties: [{duty {id, type, name}, kind, imposedBy: [ref], binds: [ref], bindsPartner, requiresAgreement}]
MATCH (ag:Agreement {id: $agreementId})
WITH ag, [(ag)-[:MADE_BY]->(m) | m] AS makers
WITH ag, makers, apoc.coll.toSet(makers + [(p)-[:MEMBER_OF]->(m) WHERE m IN makers AND (p:Organisation OR p:Board) | p]) AS partners
WITH ag, makers, partners, COLLECT {
  MATCH (ag)-[:HAS_ACTIVITY]->(x:Activity)
  WITH x ORDER BY x.number, x.id
  RETURN {
    activity: x {.id, .type, .name},
    discharges: apoc.coll.toSet(
      [(x)-[:DISCHARGES]->(d:Duty) | d {.id, .type, .name}]
      + [(x)-[:DELIVERED_THROUGH]->(:Programme)-[:DISCHARGES]->(d:Duty) | d {.id, .type, .name}]
      + [(x)-[:ADDRESSES]->(:Priority)-[:DELIVERED_THROUGH]->(:Programme)-[:DISCHARGES]->(d:Duty) | d {.id, .type, .name}]),
    national: apoc.coll.toSet(
      [(x)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE s.scope = 'NATIONAL' | s {.id, .type, .name}]
      + [(x)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE s.scope = 'NATIONAL' | s {.id, .type, .name}]
      + [(x)-[:ADDRESSES]->(:Priority)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE s.scope = 'NATIONAL' | s {.id, .type, .name}]
      + [(x)-[:ADDRESSES]->(:Priority)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE s.scope = 'NATIONAL' | s {.id, .type, .name}])
  }
} AS activities
WITH ag, makers, partners, activities,
  apoc.coll.toSet(
    [(d:Duty)-[:BINDS]->(p) WHERE p IN partners | d]
    + [(ag)-[:REQUIRED_BY]->(:Provision)<-[:PART_OF*0..3]-(:Provision)<-[:IMPOSED_BY]-(d:Duty) | d]
    + COLLECT { UNWIND activities AS row UNWIND row.discharges AS ref MATCH (d:Duty {id: ref.id}) RETURN d }) AS duties
RETURN ag {.id, .type, .name} AS agreement,
  [m IN makers | m {.id, .type, .name}] AS madeBy,
  activities,
  [d IN duties | {
    duty: d {.id, .type, .name},
    kind: d.kind,
    imposedBy: [(d)-[:IMPOSED_BY]->(p:Provision) | p {.id, .type, .name}],
    binds: [(d)-[:BINDS]->(p) WHERE p IN partners | p {.id, .type, .name}],
    bindsPartner: exists { MATCH (d)-[:BINDS]->(p) WHERE p IN partners },
    requiresAgreement: exists { MATCH (ag)-[:REQUIRED_BY]->(:Provision)<-[:PART_OF*0..3]-(:Provision)<-[:IMPOSED_BY]-(d) }
  }] AS duties
