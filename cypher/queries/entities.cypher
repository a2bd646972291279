// entities: references for a batch of ids (the per-request entity loader).
// Params: $ids: [string].
// Returns: one row per id found: id, type, name.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.type AS type, n.name AS name
