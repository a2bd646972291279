// The partnerships whose entities a dataset holds now (null for shared data): an editor may
// upload a dataset only if it is empty or all their partnership's.
// Params: $dataset: String. Returns: partnership.
MATCH (n:Entity {dataset: $dataset})
RETURN DISTINCT n.partnership AS partnership
