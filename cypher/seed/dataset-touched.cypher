// The ids a dataset's relationships reached when it was last imported: a relationship it states
// may join two entities of other datasets, so its own entities alone do not find them all.
// Params: $dataset: String. Returns: touched.
OPTIONAL MATCH (d:Dataset {id: $dataset})
RETURN coalesce(d.touched, []) AS touched
