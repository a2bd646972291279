// impact: the subject of an impact question, and whether a walk may start from it.
// impact(S) is the local work whose trace reaches S: the walk goes down the thread's grammar
// (src/model/thread.ts THREAD_STEPS, each step against its trace direction), breadth-first, one
// level per query (impact-step), driven by src/operations/impact/walk.ts inside one read
// transaction, which applies the rules that depend on the chain (positions, stops, partners)
// from the same grammar; impact-scope then reads the agreements and partnerships of the
// activities reached, and impact-hops the evidence of the relationships on one page of chains.
// Params: $id: string; $asOf: 'yyyy-mm-dd' or null (no date filter); $thread: the grammar.
// Returns: no row when no Entity has the id; otherwise one row:
//   subject {id, type, name, scope, kind}, node: its element id (valid in this transaction),
//   open: whether it is in force on $asOf, dates: its validity dates as strings (for the reason).
MATCH (s:Entity {id: $id})
WITH s, CASE WHEN $asOf IS NULL THEN null ELSE date($asOf) END AS day
RETURN s {.id, .type, .name, .scope, .kind} AS subject, elementId(s) AS node, {{inForce s}} AS open,
  apoc.map.fromPairs([k IN keys(s) WHERE k IN $thread.dated | [k, toString(s[k])]]) AS dates
