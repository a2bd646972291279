// Records what a dataset import left in the graph, read back after the write. Dataset nodes are
// bookkeeping, not :Entity. reconciledAt moves only when the whole dataset was given (or on its
// first import): API edits after it are what a later import must not undo silently.
// uploadedAt is set by an upload through the API and cleared by an import of files.
// Params: $dataset, $touched, $files, $entities, $relationships, $whole, $sha256, $uploaded.
MERGE (d:Dataset {id: $dataset})
SET d.touched = $touched,
    d.files = $files,
    d.entities = $entities,
    d.relationships = $relationships,
    d.sha256 = $sha256,
    d.reconciledAt = CASE WHEN $whole OR d.reconciledAt IS NULL THEN datetime() ELSE d.reconciledAt END,
    d.importedAt = datetime(),
    d.uploadedAt = CASE WHEN $uploaded THEN datetime() ELSE null END
