// When the dataset was last loaded by an upload through the API (null when its last import was of
// files): importing files over an upload would put back what the upload replaced.
// Params: $dataset: String. Returns: uploadedAt.
OPTIONAL MATCH (d:Dataset {id: $dataset})
RETURN toString(d.uploadedAt) AS uploadedAt
