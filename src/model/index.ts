/**
 * The domain model: the one source of truth for entity types, their properties and closed sets,
 * relationship types and their GraphQL fields, ownership, and the golden thread's grammar.
 * `npm run generate` writes schema/model.graphql, the seed JSON Schema, the constraints and the
 * explorer's palette from it; test/unit/generated.test.ts fails when a committed file differs.
 */
export * from './enums.js';
export * from './entities.js';
export * from './evidence.js';
export * from './ids.js';
export * from './limits.js';
export * from './relationships.js';
export * from './ownership.js';
export * from './thread.js';
