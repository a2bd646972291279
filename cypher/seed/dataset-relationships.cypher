// Every relationship a dataset states, found from the entities it touches (its own, and those
// its relationships reach, then and now), with their evidence, for the import's diff.
// Params: $dataset: String, $ids: [String]. Returns: from, type, to, props.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE r.dataset = $dataset
RETURN DISTINCT a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props
