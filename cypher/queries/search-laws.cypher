// search-laws: every piece of legislation with what a citation names it by, so that
// src/operations/search.ts can resolve "1998 c. 37", "SI 2007/1830", "CDA 1998" or an Act's
// exact title to its id. Read only when the search text looks like a citation.
// Params: none.
// Returns: one row per Legislation: id, name, aliases (list), kind, year (integer or null),
//   number (string or null).
MATCH (law:Legislation)
RETURN law.id AS id, law.name AS name, coalesce(law.aliases, []) AS aliases, law.kind AS kind, law.year AS year, law.number AS number
ORDER BY id
