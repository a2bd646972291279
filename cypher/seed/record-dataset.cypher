// Records what a dataset import wrote. Dataset nodes are bookkeeping, not :Entity.
// Params: $dataset, $touched, $files, $entities, $relationships.
MERGE (d:Dataset {id: $dataset})
SET d.touched = $touched,
    d.files = $files,
    d.entities = $entities,
    d.relationships = $relationships,
    d.importedAt = datetime()
