// Relationships that removing these entities would take with them but that the dataset does not
// own: another dataset's (byDataset) or one made through the API (byDataset null). The import
// refuses and names each, rather than delete another partnership's work silently.
// Params: $dataset: String, $ids: [String]. Returns: id, from, type, to, byDataset.
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]-()
WHERE r.dataset IS NULL OR r.dataset <> $dataset
RETURN n.id AS id, startNode(r).id AS from, type(r) AS type, endNode(r).id AS to, r.dataset AS byDataset
ORDER BY id, from, type, to
