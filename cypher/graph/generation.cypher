// The graph's current generation (see migrations/graph-generation.cypher); 0 before the first
// start has made the counter.
// Returns: value.
OPTIONAL MATCH (g:GraphGeneration {id: 'graph'})
RETURN coalesce(g.value, 0) AS value
