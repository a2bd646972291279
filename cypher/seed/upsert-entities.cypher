// Creates or replaces entities: all properties are set from the file (so a removed property
// goes), and the labels are exactly :Entity plus the entity's type.
// Params: $rows: [{id, type, props}]. Returns: written.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props
WITH n, row
CALL apoc.create.setLabels(n, ['Entity', row.type]) YIELD node
RETURN count(node) AS written
