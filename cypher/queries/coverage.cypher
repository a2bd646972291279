// coverage: for one agreement, the duties that bind its partners or require it, what each of its
// activities discharges, and the national strategies each supports.
//   partners: the boards/organisations that MADE it, and organisations/boards MEMBER_OF those boards;
//   duties: Duty -BINDS-> partner; Duty -IMPOSED_BY-> Provision (-PART_OF*0..3->) Provision that
//     the agreement is REQUIRED_BY; and any duty an activity discharges;
//   an activity discharges a duty directly, through a programme it is DELIVERED_THROUGH, or through
//     a priority it ADDRESSES that is DELIVERED_THROUGH a programme;
//   credits: everything that discharges a duty for the agreement, each with the DISCHARGES
//     relationship's evidence: its activities (directly, or through the programme named `via`),
//     the agreement itself, a local Strategy it CITES (a national one is not the partnership's work) or its makers MADE, and the partnership's own
//     boards (a maker that is a Board, or a Board a maker is MEMBER_OF or PART_OF, one hop);
//   it supports a national strategy when it (or such a programme or priority) SUPPORTS or is UNDER a
//     strategy that is, or through SUPPORTS/PART_OF (up to 3 hops) leads to, a NATIONAL one.
// Params: $agreementId: string; $evidence: {basis, verifiedOnly}: every relationship from the
//   agreement's work to a duty or a national strategy must pass it ({{evidence}}).
// Returns: no row when no Agreement has the id; otherwise one row:
//   agreement {id, type, name}, madeBy: [{id, type, name}],
//   activities: [{activity {id, type, name}, discharges: [{id, type, name}], national: [{id, type, name}]}]
//     in the agreement's order (number, then id),
//   duties: [{duty {id, type, name}, kind, imposedBy: [ref], binds: [ref], bindsPartner, requiresAgreement,
//     credits: [{by: ref, kind: ACTIVITY|AGREEMENT|STRATEGY|BOARD, via: ref or null, evidence}]}]
// Every pattern starts from the agreement, its makers, its partners or a duty already found and
// walks outwards, never from a label or from a shared duty towards every partner it binds: the
// legal layer is shared by every agreement, so a walk from it grows with how many are loaded.
MATCH (ag:Agreement {id: $agreementId})
WITH ag, [(ag)-[:MADE_BY]->(m) | m] AS makers
WITH ag, makers, {{partners ag}} AS partners
WITH ag, makers, partners, COLLECT {
  MATCH (ag)-[:HAS_ACTIVITY]->(x:Activity)
  WITH x ORDER BY x.number, x.id
  RETURN {
    activity: x {.id, .type, .name},
    discharges: apoc.coll.toSet(
      [w = (x)-[:DISCHARGES]->(d:Duty) WHERE all(h IN relationships(w) WHERE {{evidence h}}) | d {.id, .type, .name}]
      + [w = (x)-[:DELIVERED_THROUGH]->(:Programme)-[:DISCHARGES]->(d:Duty) WHERE all(h IN relationships(w) WHERE {{evidence h}}) | d {.id, .type, .name}]
      + [w = (x)-[:ADDRESSES]->(:Priority)-[:DELIVERED_THROUGH]->(:Programme)-[:DISCHARGES]->(d:Duty) WHERE all(h IN relationships(w) WHERE {{evidence h}}) | d {.id, .type, .name}]),
    national: apoc.coll.toSet(
      [w = (x)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} AND all(h IN relationships(w) WHERE {{evidence h}}) | s {.id, .type, .name}]
      + [w = (x)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} AND all(h IN relationships(w) WHERE {{evidence h}}) | s {.id, .type, .name}]
      + [w = (x)-[:ADDRESSES]->(:Priority)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} AND all(h IN relationships(w) WHERE {{evidence h}}) | s {.id, .type, .name}]
      + [w = (x)-[:ADDRESSES]->(:Priority)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy) WHERE {{national s}} AND all(h IN relationships(w) WHERE {{evidence h}}) | s {.id, .type, .name}])
  }
} AS activities
WITH ag, makers, partners, activities,
  apoc.coll.toSet([(ag)-[:REQUIRED_BY]->(:Provision)<-[:PART_OF*0..3]-(:Provision)<-[:IMPOSED_BY]-(d:Duty) | d]) AS required
// What discharges a duty for this agreement, from its own side: its activities, itself, its
// strategies and its partnership's boards. A board such as a county-wide one is reached only from
// the agreement's makers, never from a duty it discharges (that duty may be shared by every
// partnership loaded).
CALL (ag, makers) {
  CALL (ag, makers) {
    MATCH (ag)-[:HAS_ACTIVITY]->(x:Activity)
    CALL (x) {
      MATCH (x)-[r:DISCHARGES]->(d:Duty)
      WHERE {{evidence r}}
      RETURN null AS via, r, d
      UNION
      MATCH (x)-[t:DELIVERED_THROUGH]->(via:Programme)-[r:DISCHARGES]->(d:Duty)
      WHERE {{evidence t}} AND {{evidence r}}
      RETURN via, r, d
      UNION
      MATCH (x)-[a:ADDRESSES]->(:Priority)-[t:DELIVERED_THROUGH]->(via:Programme)-[r:DISCHARGES]->(d:Duty)
      WHERE {{evidence a}} AND {{evidence t}} AND {{evidence r}}
      RETURN via, r, d
    }
    RETURN x AS by, 'ACTIVITY' AS kind, via, r, d
    UNION
    MATCH (ag)-[r:DISCHARGES]->(d:Duty)
    WHERE {{evidence r}}
    RETURN ag AS by, 'AGREEMENT' AS kind, null AS via, r, d
    UNION
    UNWIND apoc.coll.toSet([(ag)-[:CITES]->(s:Strategy) WHERE {{local s}} | s] + apoc.coll.flatten([m IN makers | [(s:Strategy)-[:MADE_BY]->(m) | s]])) AS s
    MATCH (s)-[r:DISCHARGES]->(d:Duty)
    WHERE {{evidence r}}
    RETURN s AS by, 'STRATEGY' AS kind, null AS via, r, d
    UNION
    UNWIND apoc.coll.toSet([m IN makers WHERE m:Board] + apoc.coll.flatten([m IN makers | [(m)-[:MEMBER_OF|PART_OF]->(b:Board) | b]])) AS b
    MATCH (b)-[r:DISCHARGES]->(d:Duty)
    WHERE {{evidence r}}
    RETURN b AS by, 'BOARD' AS kind, null AS via, r, d
  }
  RETURN collect({
    dutyNode: d,
    by: by {.id, .type, .name},
    kind: kind,
    via: CASE WHEN via IS NULL THEN null ELSE via {.id, .type, .name} END,
    evidence: r {.basis, .source, .quote, .note, .verified, .dataset, .changeId, validFrom: toString(r.validFrom), validTo: toString(r.validTo)}
  }) AS credits
}
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
WITH ag, makers, activities, required, bindsByDuty, credits,
  apoc.coll.toSet(binding + required + [c IN credits | c.dutyNode]) AS duties
RETURN ag {.id, .type, .name} AS agreement,
  [m IN makers | m {.id, .type, .name}] AS madeBy,
  activities,
  [d IN duties | {
    duty: d {.id, .type, .name},
    kind: d.kind,
    imposedBy: [(d)-[:IMPOSED_BY]->(p:Provision) | p {.id, .type, .name}],
    binds: coalesce(bindsByDuty[elementId(d)], []),
    bindsPartner: bindsByDuty[elementId(d)] IS NOT NULL,
    requiresAgreement: d IN required,
    credits: [c IN credits WHERE c.dutyNode = d | c {.by, .kind, .via, .evidence}]
  }] AS duties
