// search: the candidates a search ranks (src/operations/search.ts), from four full-text queries
// over the entity_text index (id, name, aliases, description, text, progress, vision) and two
// direct lookups. Every query text is escaped by the caller, so any input is a plain Lucene query
// of terms; every value is a parameter, never spliced. The ranking itself (exact id or citation,
// exact name or alias, then phrase, then words) is done by the caller from what this returns.
// Params: $words: string (the terms, any may match); $all: string or null (every term required);
//   $phrase: string or null (the terms as one phrase, in any field); $named: string or null (the
//   phrase in name or aliases only); $lookups: list of {id, how} (ids typed or resolved from a
//   citation: how is 'id' or 'citation'); $provision: null or {number, kinds, within} (a cited
//   provision: its number as printed, its kinds, and the legislation ids it must sit under, or
//   null for any); $types: list of EntityType names or null (only these); $pool: integer (hits
//   kept from each full-text query).
// Returns: one row per candidate: id, type, name, aliases, degree (its relationships), score
//   (the words query's score, 0.0 when it did not match), and how (every way it was found:
//   'words', 'all', 'phrase', 'named', 'id', 'citation').
CALL () {
  CALL db.index.fulltext.queryNodes('entity_text', $words) YIELD node, score
  WHERE $types IS NULL OR node.type IN $types
  WITH node, score ORDER BY score DESC LIMIT $pool
  RETURN node, score, 'words' AS how
  UNION ALL
  UNWIND CASE WHEN $all IS NULL THEN [] ELSE [$all] END AS text
  CALL db.index.fulltext.queryNodes('entity_text', text) YIELD node, score
  WHERE $types IS NULL OR node.type IN $types
  WITH node, score ORDER BY score DESC LIMIT $pool
  RETURN node, 0.0 AS score, 'all' AS how
  UNION ALL
  UNWIND CASE WHEN $phrase IS NULL THEN [] ELSE [$phrase] END AS text
  CALL db.index.fulltext.queryNodes('entity_text', text) YIELD node, score
  WHERE $types IS NULL OR node.type IN $types
  WITH node, score ORDER BY score DESC LIMIT $pool
  RETURN node, 0.0 AS score, 'phrase' AS how
  UNION ALL
  UNWIND CASE WHEN $named IS NULL THEN [] ELSE [$named] END AS text
  CALL db.index.fulltext.queryNodes('entity_text', text) YIELD node, score
  WHERE $types IS NULL OR node.type IN $types
  WITH node, score ORDER BY score DESC LIMIT $pool
  RETURN node, 0.0 AS score, 'named' AS how
  UNION ALL
  UNWIND $lookups AS lookup
  MATCH (node:Entity {id: lookup.id})
  WHERE $types IS NULL OR node.type IN $types
  RETURN node, 0.0 AS score, lookup.how AS how
  UNION ALL
  UNWIND CASE WHEN $provision IS NULL THEN [] ELSE [$provision] END AS cited
  MATCH (node:Provision)
  WHERE node.number = cited.number AND node.kind IN cited.kinds
    AND (cited.within IS NULL OR any(law IN cited.within WHERE node.id STARTS WITH law + '/'))
    AND ($types IS NULL OR node.type IN $types)
  RETURN node, 0.0 AS score, 'citation' AS how
}
WITH node, max(score) AS score, collect(DISTINCT how) AS how
RETURN node.id AS id, node.type AS type, node.name AS name, coalesce(node.aliases, []) AS aliases, COUNT { (node)--() } AS degree, score, how
