import type { Neo4jGraphQLContext } from '@neo4j/graphql';
import type { Request } from 'express';
import type { Database } from '../database/driver.js';
import { createLoaders, type Loaders } from '../operations/loaders.js';
import { databaseSlots, type DatabaseSlots } from './database-slots.js';
import type { Claims, CredentialCheck } from './credentials.js';
import { verifiedJwt } from './neo4j-graphql/jwt.js';

/** What every resolver sees: the generated ones read the Neo4jGraphQL fields, ours read `db`. */
export interface RequestContext extends Neo4jGraphQLContext {
  readonly db: Database;
  /** Per-request dataloaders (entity references by id), so one request batches its look-ups. */
  readonly loaders: Loaders;
  /** The verified token's claims; undefined for an anonymous request. */
  readonly claims: Claims | undefined;
  /** Bounds how many of this request's root query fields run at once; see database-slots.ts. */
  readonly databaseSlots: DatabaseSlots;
}

/**
 * Verifies the bearer token (a bad one is refused here, before any resolver runs) and hands the
 * claims to @neo4j/graphql as a pre-verified `jwt`, which its @authorization rules read.
 */
export async function createContext(
  db: Database,
  request: Request | undefined,
  checkCredentials: CredentialCheck,
  maxDatabaseCalls: number,
): Promise<RequestContext> {
  const claims = await checkCredentials(request?.headers.authorization);
  return {
    db,
    loaders: createLoaders(db),
    claims,
    databaseSlots: databaseSlots(maxDatabaseCalls),
    ...verifiedJwt(claims),
    sessionConfig: db.name === undefined ? {} : { database: db.name },
    transaction: { timeout: db.queryTimeoutMs },
  };
}
