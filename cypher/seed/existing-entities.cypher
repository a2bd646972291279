// Which of the given ids already exist, with their type and owning dataset: resolves
// references to other datasets and catches an id claimed by two datasets, or one made through the
// API (no dataset), which an import may not take over.
// Params: $ids: [String]. Returns: id, type, dataset, partnership.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Entity'][0] AS type, n.dataset AS dataset, n.partnership AS partnership
