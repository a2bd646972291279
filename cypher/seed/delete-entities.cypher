// Removes the entities a dataset owned but no longer declares (their own relationships are
// already gone; still-referenced.cypher has refused any another dataset uses).
// Params: $dataset: String, $keep: [String]. Returns: deleted.
MATCH (n:Entity {dataset: $dataset})
WHERE NOT n.id IN $keep
DETACH DELETE n
RETURN count(*) AS deleted
