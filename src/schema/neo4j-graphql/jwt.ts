import type { Neo4jGraphQLContext } from '@neo4j/graphql';

/**
 * The context fields that hand verified claims to @neo4j/graphql: a decoded token in `jwt` is
 * taken as already verified (no `features.authorization` key is configured), and its claims are
 * what the schema's @authentication and @authorization rules read as `$jwt`.
 */
export function verifiedJwt(claims: Record<string, unknown> | undefined): Pick<Neo4jGraphQLContext, 'jwt'> {
  return claims === undefined ? {} : { jwt: claims };
}
