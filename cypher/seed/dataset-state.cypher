// The ids a dataset touched when it was last imported (its own entities and every entity its
// relationships reach), so a re-import can find and remove what the files no longer say.
// Params: $datasets: [String]. Returns: dataset, touched.
UNWIND $datasets AS dataset
OPTIONAL MATCH (d:Dataset {id: dataset})
RETURN dataset, coalesce(d.touched, []) AS touched
