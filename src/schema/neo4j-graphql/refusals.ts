/** What the library refused with, as far as we act on it. */
export type LibraryRefusal =
  | { readonly kind: 'FORBIDDEN' }
  | { readonly kind: 'UNAUTHENTICATED' }
  /** A uniqueness constraint failed; `id` is the duplicate when the message names it. */
  | { readonly kind: 'DUPLICATE_ID'; readonly id: string | undefined };

/**
 * @neo4j/graphql refuses with errors told apart only by their `name` (and, from the database's
 * own checks, a bare "Forbidden" / "Unauthenticated" message); a duplicate id surfaces as its
 * constraint error or the driver's.
 */
export function libraryRefusal(error: Error): LibraryRefusal | undefined {
  if (error.name === 'Neo4jGraphQLForbiddenError' || (error.name === 'Neo4jGraphQLError' && error.message === 'Forbidden')) return { kind: 'FORBIDDEN' };
  if (error.name === 'Neo4jGraphQLAuthenticationError' || (error.name === 'Neo4jGraphQLError' && error.message === 'Unauthenticated')) return { kind: 'UNAUTHENTICATED' };
  if (error.name === 'Neo4jGraphQLConstraintValidationError' || ('code' in error && error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed')) {
    return { kind: 'DUPLICATE_ID', id: /property `id` = '([^']*)'/.exec(error.message)?.[1] };
  }
  return undefined;
}
