// Which of the given ids already exist, with their type and owning dataset: resolves
// references to other datasets and catches an id claimed by two datasets.
// Params: $ids: [String]. Returns: id, type, dataset.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Entity'][0] AS type, n.dataset AS dataset
