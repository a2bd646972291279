// The graph's generation: a counter every write (a mutation, an import, a redaction) raises in
// the same transaction as its change, so an API process can tell whether an answer it keeps in
// memory was made from the graph as it is now. It lives in the database, not in a process, so
// several API processes serving one database agree on it. One node; the constraint keeps two
// processes starting at once from making two.
CREATE CONSTRAINT graph_generation_id IF NOT EXISTS FOR (g:GraphGeneration) REQUIRE g.id IS UNIQUE;

MERGE (g:GraphGeneration {id: 'graph'})
ON CREATE SET g.value = 0
RETURN g.value AS value;
