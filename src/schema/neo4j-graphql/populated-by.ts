import type { Neo4jGraphQLCallback } from '@neo4j/graphql';
import { ENTITY_TYPE_OF_LABEL, ENTITY_TYPES } from '../../model/index.js';
import { typeCallbackName } from '../../model/generate/sdl.js';

/**
 * The @populatedBy callbacks that give every created entity its `type`, one per entity type under
 * the name the SDL generator writes. @neo4j/graphql calls the callback of each field marked
 * `@populatedBy(operations: [CREATE])` while it builds a create, and sets the field to what it
 * returns in the same CREATE statement, even though `@settable(onCreate: false)` keeps the field
 * out of the create input; an enum field takes the value as a string.
 */
export function entityTypeCallbacks(): Record<string, Neo4jGraphQLCallback> {
  return Object.fromEntries(ENTITY_TYPES.map((type) => [typeCallbackName(type), () => ENTITY_TYPE_OF_LABEL[type]]));
}
