// search: full-text search over the entity_text index (id, name, aliases, description, text,
// progress, vision), best first. The query text is escaped by the caller (src/operations/search.ts)
// so any input is a plain Lucene query of terms; it is passed as a parameter, never spliced.
// Params: $query: string (escaped Lucene query); $first: integer (1..100).
// Returns: one row per hit: id, type, name, score (float), highest score first.
CALL db.index.fulltext.queryNodes('entity_text', $query, {limit: $first}) YIELD node, score
RETURN node.id AS id, node.type AS type, node.name AS name, score
ORDER BY score DESC, id
LIMIT $first
