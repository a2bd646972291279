// The relationships between the given entities and any other, as the mutation wrapper counts
// them before a change (src/schema/mutations.ts): what the change adds or removes is the
// difference with stamp-added afterwards, in the same transaction.
// Params: $ids. Returns one row: rels: [element id].
UNWIND $ids AS id
MATCH (:Entity {id: id})-[r]-(:Entity)
WITH DISTINCT r
RETURN collect(elementId(r)) AS rels
