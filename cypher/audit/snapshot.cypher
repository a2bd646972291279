// The state of the given entities for the audit trail: every property, and every relationship
// with its evidence and the partnership at its other end (which decides who may change it).
// Params: $ids. Returns one row per entity that exists.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id,
       n.type AS type,
       properties(n) AS properties,
       [(n)-[r]->(m:Entity) | {direction: 'OUT', type: type(r), other: m.id, otherPartnership: m.partnership, evidence: properties(r)}]
       + [(n)<-[r]-(m:Entity) | {direction: 'IN', type: type(r), other: m.id, otherPartnership: m.partnership, evidence: properties(r)}] AS relationships
