// Every entity the given datasets own, with its stored properties, for the import's diff and
// read-back: one index seek per dataset (entity_dataset).
// Params: $datasets: [String]. Returns: dataset, id, props.
UNWIND $datasets AS dataset
MATCH (n:Entity {dataset: dataset})
RETURN dataset, n.id AS id, properties(n) AS props
