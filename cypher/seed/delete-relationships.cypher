// Removes every relationship a dataset owns; they are written again from the files.
// Params: $dataset: String, $ids: [String] (every entity the dataset touched, then or now).
UNWIND $ids AS id
MATCH (:Entity {id: id})-[r]-()
WHERE r.dataset = $dataset
DELETE r
