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
// With $asOf, only what is in force on that day counts, by the thread's one rule ({{inForce}}:
//   every validity window, an agreement's period, a MONTH or YEAR date covering its whole month or
//   year): an agreement not in force has no activities and discharges nothing then; an activity,
//   programme, priority, strategy, board, duty or relationship not in force neither discharges
//   nor backs, and a duty not in force (or bound only by a BINDS not in force) is not in scope.
// Params: $agreementIds: [string] (compare reads several in one query); $asOf: 'yyyy-mm-dd' or null (no date filter); $thread: the
//   grammar (only $thread.dated is read); $evidence: {basis, verifiedOnly}: every relationship
//   from the agreement's work to a duty or a national strategy must pass it ({{evidence}}), and so
//   must what brings a duty into scope: its BINDS to a partner, and the REQUIRED_BY, PART_OF and
//   IMPOSED_BY from the agreement to it.
// Returns: one row per agreement found (none for an unknown id), in no particular order:
//   agreement {id, type, name}, inForce, dated: the agreement's validity dates as strings (for the
//   reason when it is not in force), madeBy: [{id, type, name}],
//   activities: [{activity {id, type, name}, national: [{id, type, name}]}] in the agreement's
//     order (number, then id); what each discharges is its credits (kind ACTIVITY),
//   duties: [{duty {id, type, name}, kind, imposedBy: [ref], binds: [ref], bindsPartner, requiresAgreement,
//     credits: [{by: ref, kind: ACTIVITY|AGREEMENT|STRATEGY|BOARD, via: ref or null, evidence}]}]
// Every pattern starts from the agreement, its makers, its partners or a duty already found and
// walks outwards, never from a label or from a shared duty towards every partner it binds: the
// legal layer is shared by every agreement, so a walk from it grows with how many are loaded.
UNWIND $agreementIds AS agreementId
MATCH (ag:Agreement {id: agreementId})
WITH ag, CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day, [(ag)-[:MADE_BY]->(m) | m] AS makers
WITH ag, day, {{inForce ag}} AS inForce, makers, {{partners ag}} AS partners
// Its activities in force on the day; none while the agreement itself is not.
WITH ag, day, inForce, makers, partners,
  [(ag)-[held:HAS_ACTIVITY]->(x:Activity) WHERE inForce AND all(e IN [held, x] WHERE {{inForce e}}) | x] AS held
WITH ag, day, inForce, makers, partners, held, COLLECT {
  UNWIND held AS x
  WITH x ORDER BY x.number, x.id
  RETURN {
    activity: x {.id, .type, .name},
    national: apoc.coll.toSet(
      [w = (x)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy)
        WHERE {{national s}} AND all(h IN relationships(w) WHERE {{evidence h}}) AND all(e IN nodes(w) + relationships(w) WHERE {{inForce e}}) | s {.id, .type, .name}]
      + [w = (x)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy)
        WHERE {{national s}} AND all(h IN relationships(w) WHERE {{evidence h}}) AND all(e IN nodes(w) + relationships(w) WHERE {{inForce e}}) | s {.id, .type, .name}]
      + [w = (x)-[:ADDRESSES]->(:Priority)-[:SUPPORTS]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy)
        WHERE {{national s}} AND all(h IN relationships(w) WHERE {{evidence h}}) AND all(e IN nodes(w) + relationships(w) WHERE {{inForce e}}) | s {.id, .type, .name}]
      + [w = (x)-[:ADDRESSES]->(:Priority)-[:DELIVERED_THROUGH]->(:Programme)-[:SUPPORTS|UNDER]->(:Strategy)-[:SUPPORTS|PART_OF*0..3]->(s:Strategy)
        WHERE {{national s}} AND all(h IN relationships(w) WHERE {{evidence h}}) AND all(e IN nodes(w) + relationships(w) WHERE {{inForce e}}) | s {.id, .type, .name}])
  }
} AS activities
WITH ag, day, inForce, makers, partners, held, activities,
  apoc.coll.toSet([w = (ag)-[:REQUIRED_BY]->(:Provision)<-[:PART_OF*0..3]-(:Provision)<-[:IMPOSED_BY]-(d:Duty)
    WHERE all(h IN relationships(w) WHERE {{evidence h}}) AND all(e IN nodes(w)[1..] + relationships(w) WHERE {{inForce e}}) | d]) AS required
// What discharges a duty for this agreement, from its own side: its activities, itself, its
// strategies and its partnership's boards, each as the path from it to the duty, so the evidence
// and the day are checked once for every route. A board such as a county-wide one is reached
// only from the agreement's makers, never from a duty it discharges (that duty may be shared by
// every partnership loaded). Nothing of an agreement not in force on the day discharges then.
CALL (ag, day, inForce, makers, held) {
  CALL (ag, makers, held) {
    UNWIND held AS x
    CALL (x) {
      MATCH w = (x)-[:DISCHARGES]->(:Duty)
      RETURN w, null AS via
      UNION
      MATCH w = (x)-[:DELIVERED_THROUGH]->(via:Programme)-[:DISCHARGES]->(:Duty)
      RETURN w, via
      UNION
      MATCH w = (x)-[:ADDRESSES]->(:Priority)-[:DELIVERED_THROUGH]->(via:Programme)-[:DISCHARGES]->(:Duty)
      RETURN w, via
    }
    RETURN 'ACTIVITY' AS kind, w, via
    UNION
    MATCH w = (ag)-[:DISCHARGES]->(:Duty)
    RETURN 'AGREEMENT' AS kind, w, null AS via
    UNION
    UNWIND apoc.coll.toSet([(ag)-[:CITES]->(s:Strategy) WHERE {{local s}} | s] + apoc.coll.flatten([m IN makers | [(s:Strategy)-[:MADE_BY]->(m) | s]])) AS s
    MATCH w = (s)-[:DISCHARGES]->(:Duty)
    RETURN 'STRATEGY' AS kind, w, null AS via
    UNION
    UNWIND apoc.coll.toSet([m IN makers WHERE m:Board] + apoc.coll.flatten([m IN makers | [(m)-[:MEMBER_OF|PART_OF]->(b:Board) | b]])) AS b
    MATCH w = (b)-[:DISCHARGES]->(:Duty)
    RETURN 'BOARD' AS kind, w, null AS via
  }
  WITH kind, w, via, head(nodes(w)) AS by, last(relationships(w)) AS r, last(nodes(w)) AS d
  WHERE inForce AND all(h IN relationships(w) WHERE {{evidence h}}) AND all(e IN nodes(w) + relationships(w) WHERE {{inForce e}})
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
CALL (partners, day) {
  UNWIND partners AS p
  MATCH (d:Duty)-[b:BINDS]->(p)
  WHERE {{evidence b}} AND all(e IN [d, b, p] WHERE {{inForce e}})
  WITH DISTINCT d, p
  WITH d, collect(p {.id, .type, .name}) AS binds
  RETURN apoc.map.fromPairs(collect([elementId(d), binds])) AS bindsByDuty, collect(d) AS binding
}
WITH ag, inForce, makers, activities, required, bindsByDuty, credits,
  apoc.coll.toSet(binding + required + [c IN credits | c.dutyNode]) AS duties
RETURN ag {.id, .type, .name} AS agreement,
  inForce,
  apoc.map.fromPairs([k IN keys(ag) WHERE k IN $thread.dated | [k, toString(ag[k])]]) AS dated,
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
