// Entities a dataset no longer declares but that another dataset's relationships still use:
// removing them would leave those relationships dangling, so the import is refused.
// Params: $dataset: String, $keep: [String]. Returns: id, byDataset.
MATCH (n:Entity {dataset: $dataset})-[r]-()
WHERE NOT n.id IN $keep AND r.dataset <> $dataset
RETURN DISTINCT n.id AS id, r.dataset AS byDataset
LIMIT 50
