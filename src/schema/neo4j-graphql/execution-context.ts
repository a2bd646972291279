import type { ApolloServerPlugin } from '@apollo/server';
import type { Neo4jGraphQLContext } from '@neo4j/graphql';
import type { Transaction } from 'neo4j-driver';
import type { Database } from '../../database/driver.js';
import type { RequestContext } from '../context.js';

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

/**
 * What a query operation's generated reads run in. Given a driver, @neo4j/graphql opens a managed
 * read transaction for each statement: BEGIN and RUN, then COMMIT, two exchanges where one
 * suffices. Given anything that is neither a driver (no `session`) nor a session (no
 * `beginTransaction`), it calls `run(cypher, params)` as on a transaction and reads `records` and
 * `summary` of the answer; each statement here is one auto-commit read (Database.readResult), with
 * the same retry, deadline and errors as today's. test/read/execution-context.test.ts fails if an
 * upgrade stops calling `run`.
 */
export function autoCommitReads(db: Pick<Database, 'readResult'>): Transaction {
  const reads = { run: (cypher: string, params?: Record<string, unknown>) => db.readResult(cypher, params) };
  // Only `run` is ever called on it (the library's Executor.transactionRun); the type is the library's.
  return reads as unknown as Transaction;
}

/** Gives a query operation's context the auto-commit reads above; mutations keep the library's write transactions (or ours, mutations.ts). */
export function generatedReadsAutoCommit(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'query' && contextValue.executionContext === undefined) contextValue.executionContext = autoCommitReads(contextValue.db);
        },
      };
    },
  };
}
