// Every entity a dataset owns, with its stored properties, for the import's diff.
// Params: $dataset: String. Returns: id, props.
MATCH (n:Entity {dataset: $dataset})
RETURN n.id AS id, properties(n) AS props
