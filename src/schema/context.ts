import type { Neo4jGraphQLContext } from '@neo4j/graphql';
import type { Request } from 'express';
import type { Database } from '../database/driver.js';
import { createLoaders, type Loaders } from '../operations/loaders.js';

/** What every resolver sees: the generated ones read the Neo4jGraphQL fields, ours read `db`. */
export interface RequestContext extends Neo4jGraphQLContext {
  readonly db: Database;
  /** Per-request dataloaders (entity references by id), so one request batches its look-ups. */
  readonly loaders: Loaders;
}

export async function createContext(db: Database, _request: Request | undefined): Promise<RequestContext> {
  return {
    db,
    loaders: createLoaders(db),
    sessionConfig: db.name === undefined ? {} : { database: db.name },
    transaction: { timeout: db.queryTimeoutMs },
  };
}
