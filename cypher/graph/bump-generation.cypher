// Raises the graph's generation by one inside the caller's write transaction, so the new value is
// seen exactly when the change is: a rolled-back change leaves it as it was. MERGE rather than
// MATCH so a write to a database no process of this version has started on still counts.
// Returns: value (the new generation).
MERGE (g:GraphGeneration {id: 'graph'})
SET g.value = coalesce(g.value, 0) + 1
RETURN g.value AS value
