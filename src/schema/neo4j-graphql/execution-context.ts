import type { Neo4jGraphQLContext } from '@neo4j/graphql';
import type { Transaction } from 'neo4j-driver';

/**
 * Runs `work` with the generated resolvers' Cypher inside `tx`: @neo4j/graphql runs in whatever
 * `executionContext` the request's context carries (a driver, a session, or else a transaction).
 * The previous value is put back however `work` ends, so later fields of the request are unaffected.
 */
export async function inTransaction<T>(context: Neo4jGraphQLContext, tx: Transaction, work: () => Promise<T>): Promise<T> {
  const previous = context.executionContext;
  context.executionContext = tx;
  try {
    return await work();
  } finally {
    context.executionContext = previous;
  }
}
