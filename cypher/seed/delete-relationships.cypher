// Removes the dataset's own relationships that its whole folder no longer states (never one made
// through the API or by another dataset: the dataset property must match).
// Params: $dataset: String, $rows: [{from, type, to}]. Returns: deleted.
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
WHERE type(r) = row.type AND r.dataset = $dataset
DELETE r
RETURN count(*) AS deleted
