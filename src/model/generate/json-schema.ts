import {
  ENTITY_TYPES,
  EVIDENCE_PROPERTIES,
  ID_MAX_LENGTH,
  ID_PATTERN,
  RELATIONSHIP_TYPES,
  REQUIRED_BY_BASIS,
  enumValues,
  LIMITS,
  LONG_TEXT_PATTERN,
  LONG_TEXT_PROPERTIES,
  propertiesOf,
  SHORT_TEXT_PATTERN,
  textLimit,
  type PropertySpec,
} from '../index.js';
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
/** What a date known only to the month or the year must be: the first day of it. */
export const PRECISION_PATTERNS: Readonly<Record<string, string>> = { MONTH: '^\\d{4}-\\d{2}-01$', YEAR: '^\\d{4}-01-01$' };

function property(name: string, spec: PropertySpec): Record<string, unknown> {
  switch (spec.type) {
    case 'string':
      return spec.references
        ? { type: 'string', pattern: ID_PATTERN, maxLength: ID_MAX_LENGTH, description: `${spec.description} The id of a ${spec.references}.` }
        : {
            type: 'string',
            minLength: 1,
            maxLength: textLimit(name),
            pattern: LONG_TEXT_PROPERTIES.has(name) ? LONG_TEXT_PATTERN : SHORT_TEXT_PATTERN,
            description: spec.description,
          };
    case 'enum':
      return { type: 'string', enum: spec.enum ? enumValues(spec.enum) : [], description: spec.description };
    case 'integer':
      return { type: 'integer', description: spec.description };
    case 'number':
      return { type: 'number', description: spec.description };
    case 'boolean':
      return { type: 'boolean', description: spec.description };
    case 'date':
      return { type: 'string', pattern: DATE_PATTERN, format: 'date', description: `${spec.description} An ISO date, YYYY-MM-DD.` };
    case 'strings':
      return {
        type: 'array',
        items: { type: 'string', minLength: 1, maxLength: LIMITS.listItemLength, pattern: SHORT_TEXT_PATTERN },
        maxItems: LIMITS.listItems,
        uniqueItems: true,
        description: spec.description,
      };
  }
}

/**
 * The published JSON Schema of one seed file (draft 2020-12). `npm run generate` writes it to
 * seed/schema/dataset.schema.json, and a test keeps that file equal to this.
 */
export function datasetJsonSchema(): Record<string, unknown> {
  const entityDefs: Record<string, unknown> = {};
  for (const type of ENTITY_TYPES) {
    const properties: Record<string, unknown> = {
      id: { type: 'string', pattern: ID_PATTERN, maxLength: ID_MAX_LENGTH, description: 'Stable identifier: a legislation.gov.uk path or a lowercase slug.' },
      type: { const: type },
    };
    const precisions = Object.entries(propertiesOf(type)).flatMap(([name, spec]) => (spec.precisionOf ? [[name, spec.precisionOf] as const] : []));
    for (const [name, spec] of Object.entries(propertiesOf(type))) properties[name] = property(name, spec);
    entityDefs[type] = {
      type: 'object',
      required: ['id', 'type', 'name'],
      additionalProperties: false,
      properties,
      // A precision says how much of its date is known, so it needs the date, and a date known
      // to the month or year is written as the first day of it.
      dependentRequired: Object.fromEntries(precisions.map(([name, date]) => [name, [date]])),
      allOf: precisions.flatMap(([name, date]) =>
        Object.entries(PRECISION_PATTERNS).map(([precision, pattern]) => ({
          if: { properties: { [name]: { const: precision } }, required: [name] },
          then: { properties: { [date]: { pattern } } },
        })),
      ),
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/golden-thread/golden-thread/seed/schema/dataset.schema.json',
    title: 'Golden Thread seed file',
    description: 'One file of a dataset: entities and the relationships between them, each relationship with its evidence. See seed/FORMAT.md.',
    type: 'object',
    required: ['dataset'],
    additionalProperties: false,
    properties: {
      dataset: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', description: 'The dataset this file belongs to (its folder name).' },
      partnership: {
        type: 'string',
        pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
        description:
          "The partnership whose work the dataset records (the id of its Board). Every entity the dataset declares belongs to it, and that partnership's editors may change them through the API. Leave it out for shared national data.",
      },
      entities: { type: 'array', items: { $ref: '#/$defs/entity' } },
      relationships: { type: 'array', items: { $ref: '#/$defs/relationship' } },
    },
    $defs: {
      entity: {
        type: 'object',
        required: ['id', 'type', 'name'],
        properties: { type: { enum: [...ENTITY_TYPES] } },
        allOf: ENTITY_TYPES.map((type) => ({
          if: { properties: { type: { const: type } }, required: ['type'] },
          then: { $ref: `#/$defs/${type}` },
        })),
      },
      ...entityDefs,
      relationship: {
        type: 'object',
        required: ['from', 'type', 'to', ...Object.entries(EVIDENCE_PROPERTIES).flatMap(([name, spec]) => (spec.required ? [name] : []))],
        additionalProperties: false,
        properties: {
          from: { type: 'string', pattern: ID_PATTERN },
          type: { enum: RELATIONSHIP_TYPES },
          to: { type: 'string', pattern: ID_PATTERN },
          ...Object.fromEntries(Object.entries(EVIDENCE_PROPERTIES).map(([name, spec]) => [name, property(name, spec)])),
        },
        allOf: Object.entries(REQUIRED_BY_BASIS).map(([basis, name]) => ({ if: { properties: { basis: { const: basis } } }, then: { required: [name] } })),
      },
    },
  };
}
