// impact: the subject of an impact question, and whether a walk may start from it.
// The walk itself is breadth-first, one level per query (impact-step), driven by
// src/operations/impact.ts inside one read transaction; then impact-hops reads the evidence of
// the relationships on one page of chains. It goes downwards (against the trace's direction):
// <PART_OF (an Act's provisions, a strategy's strands), <IMPOSED_BY (duties), <DISCHARGES,
// <SUPPORTS, <UNDER, <REQUIRED_BY, <CONSTITUTED_UNDER, <CONTRIBUTES_TO, <ADDRESSES,
// <DELIVERED_THROUGH, <HAS_ACTIVITY / <HAS_PRIORITY / <HAS_OUTCOME (to the agreement), <CITES,
// <AMENDED_BY and <COMMENCED_BY (what an amending or commencing instrument touches),
// <SUCCEEDED_BY (work on a predecessor), and for bodies LEADS>, <MADE_BY and <BINDS, at most
// 8 hops. Dependents are the Activities, Programmes and Agreements reached; an Agreement is
// never crossed. With $asOf, every node and relationship on a chain must be in force on that day
// (null = open), except a predecessor reached over SUCCEEDED_BY (its work now hangs on the
// successor). Every one of those conditions is on one hop, so the nodes some qualifying chain
// reaches are exactly those a breadth-first walk over qualifying hops reaches, each node once;
// enumerating chains (as apoc.path.expandConfig with NODE_PATH did) grew with their number,
// which multiplies with every agreement that shares the legislation.
// Params: $id: string; $asOf: 'yyyy-mm-dd' or null (no date filter).
// Returns: no row when no Entity has the id; otherwise one row:
//   subject {id, type, name, scope}, node: its element id (valid in this transaction),
//   open: whether a walk starts from it (in force on $asOf, and not an Agreement).
MATCH (s:Entity {id: $id})
WITH s, CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day
RETURN s {.id, .type, .name, .scope, .kind} AS subject, elementId(s) AS node,
  none(label IN labels(s) WHERE label IN $thread.impactStopsAt) AND {{inForce s}} AS open
