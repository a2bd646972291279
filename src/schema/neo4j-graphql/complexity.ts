import type { GraphQLField } from 'graphql';

/**
 * Whether a field reads the database page by page: with `features.complexityEstimators`,
 * @neo4j/graphql puts a `complexity` estimator in exactly those fields' extensions.
 */
export function readsPageByPage(field: GraphQLField<unknown, unknown>): boolean {
  return field.extensions?.complexity !== undefined;
}
