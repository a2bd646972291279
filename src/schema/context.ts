import type { Neo4jGraphQLContext } from '@neo4j/graphql';
import type { Request } from 'express';
import type { Database } from '../database/driver.js';

/** What every resolver sees: the generated ones read the Neo4jGraphQL fields, ours read `db`. */
export interface RequestContext extends Neo4jGraphQLContext {
  readonly db: Database;
}

export async function createContext(db: Database, _request: Request | undefined): Promise<RequestContext> {
  return {
    db,
    sessionConfig: db.name === undefined ? {} : { database: db.name },
    transaction: { timeout: db.queryTimeoutMs },
  };
}
