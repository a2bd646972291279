// Replaces the evidence of the dataset's own relationships whose files now say something else.
// Params: $dataset: String, $rows: [{from, type, to, props}]. Returns: updated.
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r]->(:Entity {id: row.to})
WHERE type(r) = row.type AND r.dataset = $dataset
SET r = row.props
RETURN count(r) AS updated
