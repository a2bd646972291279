// Writes relationships with their evidence. The type comes from a closed list checked before
// the import (src/seed/model.ts), and is passed as data, never spliced into the query.
// Params: $rows: [{from, type, to, props}]. Returns: written.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CALL apoc.create.relationship(a, row.type, row.props, b) YIELD rel
RETURN count(rel) AS written
