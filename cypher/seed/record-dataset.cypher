// Records what each dataset's import left in the graph, read back after the write. Dataset nodes
// are bookkeeping, not :Entity. reconciledAt moves only when the whole dataset was given (or on its
// first import): API edits after it are what a later import must not undo silently.
// uploadedAt is set by an upload through the API and cleared by an import of files.
// Params: $rows: [{dataset, touched, files, entities, relationships, whole, sha256}], $uploaded.
UNWIND $rows AS row
MERGE (d:Dataset {id: row.dataset})
SET d.touched = row.touched,
    d.files = row.files,
    d.entities = row.entities,
    d.relationships = row.relationships,
    d.sha256 = row.sha256,
    d.reconciledAt = CASE WHEN row.whole OR d.reconciledAt IS NULL THEN datetime() ELSE d.reconciledAt END,
    d.importedAt = datetime(),
    d.uploadedAt = CASE WHEN $uploaded THEN datetime() ELSE null END
