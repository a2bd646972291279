/**
 * The two tables of seed/FORMAT.md (entity types and relationship types), written between
 * `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` so the prose around them stays
 * hand-written while the vocabulary cannot drift from the model.
 */
import { enumValues } from '../enums.js';
import { ENTITIES, ENTITY_TYPES, type PropertySpec } from '../entities.js';
import { RELATIONSHIPS, RELATIONSHIP_TYPES } from '../relationships.js';

function property(name: string, spec: PropertySpec): string {
  const kind =
    spec.type === 'enum' && spec.enum
      ? `one of ${enumValues(spec.enum).join(', ')}`
      : spec.type === 'strings'
        ? 'list of text'
        : spec.type === 'string'
          ? spec.references
            ? `id of a ${spec.references}`
            : 'text'
          : spec.type;
  return `\`${name}\` (${kind}): ${spec.description.replace(/\.$/, '')}`;
}

function entityTable(): string {
  const rows = ENTITY_TYPES.map((type) => {
    // Every date's precision companion is explained once in the prose, not in every row.
    const own = Object.entries(ENTITIES[type].properties)
      .filter(([, spec]) => spec.precisionOf === undefined)
      .map(([name, spec]) => property(name, spec));
    return `| ${type} | ${ENTITIES[type].description} | ${own.join('; ') || '(none)'} |`;
  });
  return ['| type | what it is | its own properties |', '|---|---|---|', ...rows].join('\n');
}

function relationshipTable(): string {
  const rows = RELATIONSHIP_TYPES.map((type) => {
    const pairs = RELATIONSHIPS[type].links.map((l) => `${l.from} → ${l.to === '*' ? 'any entity' : l.to}`);
    return `| ${type} | ${pairs.join('; ')} | ${RELATIONSHIPS[type].description} |`;
  });
  return ['| type | from → to | meaning |', '|---|---|---|', ...rows].join('\n');
}

const TABLES: Readonly<Record<string, () => string>> = { entities: entityTable, relationships: relationshipTable };

/** The document with every generated region replaced; a region the model has no table for throws. */
export function renderFormatTables(document: string): string {
  return document.replace(/(<!-- generated:(\w+) -->\n)[\s\S]*?(\n<!-- \/generated:\2 -->)/g, (_, open: string, name: string, close: string) => {
    const table = TABLES[name];
    if (!table) throw new Error(`seed/FORMAT.md has a generated region "${name}" the model does not know.`);
    return `${open}${table()}${close}`;
  });
}
