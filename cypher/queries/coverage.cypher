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
// Every pattern starts from the agreement, its makers, its partners or a duty already found and
// walks outwards, never from a label or from a shared duty towards every partner it binds: the
// legal layer is shared by every agreement, so a walk from it grows with how many are loaded.
MATCH (ag:Agreement {id: $agreementId})
WITH ag, [(ag)-[:MADE_BY]->(m) | m] AS makers
WITH ag, makers, apoc.coll.toSet(makers + apoc.coll.flatten([m IN makers | [(p)-[:MEMBER_OF]->(m) WHERE p:Organisation OR p:Board | p]])) AS partners
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
      [(x)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} | s {.id, .type, .name}]
      + [(x)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} | s {.id, .type, .name}]
      + [(x)-[:ADDRESSES]->(:Priority)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} | s {.id, .type, .name}]
      + [(x)-[:ADDRESSES]->(:Priority)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} | s {.id, .type, .name}])
  }
} AS activities
WITH ag, makers, partners, activities,
  apoc.coll.toSet([(ag)-[:REQUIRED_BY]->(:Provision)<-[:PART_OF*0..3]-(:Provision)<-[:IMPOSED_BY]-(d:Duty) | d]) AS required
// Which duties bind which partners, read from the partners' side (a shared duty binds bodies of
// every agreement loaded; a partner is bound by a few duties). A body shared by agreements (a
// national one) carries one BINDS per dataset that states it, hence DISTINCT.
CALL (partners) {
  UNWIND partners AS p
  MATCH (d:Duty)-[:BINDS]->(p)
  WITH DISTINCT d, p
  WITH d, collect(p {.id, .type, .name}) AS binds
  RETURN apoc.map.fromPairs(collect([elementId(d), binds])) AS bindsByDuty, collect(d) AS binding
}
WITH ag, makers, activities, required, bindsByDuty,
  apoc.coll.toSet(binding + required
    + COLLECT { UNWIND activities AS row UNWIND row.discharges AS ref MATCH (d:Duty {id: ref.id}) RETURN d }) AS duties
RETURN ag {.id, .type, .name} AS agreement,
  [m IN makers | m {.id, .type, .name}] AS madeBy,
  activities,
  [d IN duties | {
    duty: d {.id, .type, .name},
    kind: d.kind,
    imposedBy: [(d)-[:IMPOSED_BY]->(p:Provision) | p {.id, .type, .name}],
    binds: coalesce(bindsByDuty[elementId(d)], []),
    bindsPartner: bindsByDuty[elementId(d)] IS NOT NULL,
    requiresAgreement: d IN required
  }] AS duties
