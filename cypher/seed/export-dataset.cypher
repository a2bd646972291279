// Whether a dataset was ever imported (its bookkeeping node), and the ids its relationships
// reached then, for an export that finds every relationship it states.
// Params: $dataset: String. Returns: found, touched.
OPTIONAL MATCH (d:Dataset {id: $dataset})
RETURN d IS NOT NULL AS found, coalesce(d.touched, []) AS touched
