import fs from 'node:fs';
import path from 'node:path';
import { Neo4jGraphQL } from '@neo4j/graphql';
import type { GraphQLSchema } from 'graphql';
import { PROJECT_ROOT } from '../config.js';
import type { Database } from '../database/driver.js';
import { actorPseudonymKey, pseudonymousActors, redactAuditEvents, type RedactionRequest } from './audit-trail.js';
import type { RequestContext } from './context.js';
import { boundQueryFields } from './database-slots.js';
import { auditMutations } from './mutations.js';
import { EXCLUDE_DEPRECATED_FIELDS } from './neo4j-graphql/deprecated.js';
import { entityTypeCallbacks } from './neo4j-graphql/populated-by.js';
import { strictDates } from './scalars.js';

const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

/** The SDL files, in name order, joined: the product's public contract. */
export function readTypeDefs(): string {
  return fs
    .readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8'))
    .join('\n');
}

export interface SchemaOptions {
  readonly database: Database;
  /** Resolvers for the hand-written operations declared in schema/operations.graphql. */
  readonly resolvers?: Record<string, unknown>;
  /** Keys the pseudonyms anonymous readers see for the audit trail's actors; see audit-trail.ts. */
  readonly jwtSecret?: string | undefined;
}

/** Builds the executable schema: generated CRUD from @neo4j/graphql (every mutation audited) plus our operations. */
export async function buildSchema(options: SchemaOptions): Promise<GraphQLSchema> {
  const neoSchema = new Neo4jGraphQL({
    typeDefs: readTypeDefs(),
    driver: options.database.driver,
    resolvers: {
      ...options.resolvers,
      Mutation: { redactAuditEvents: (_: unknown, args: RedactionRequest, ctx: RequestContext) => redactAuditEvents(ctx, args) },
    } as never,
    features: {
      // Marks every field that reads the database page by page; src/http/limits/cost.ts prices them.
      complexityEstimators: true,
      // Only the generic forms are public; see neo4j-graphql/deprecated.ts.
      excludeDeprecatedFields: EXCLUDE_DEPRECATED_FIELDS,
      // Sets each created entity's `type` from its label (schema/model.graphql's @populatedBy).
      populatedBy: { callbacks: entityTypeCallbacks() },
    },
  });
  const schema = await neoSchema.getSchema();
  auditMutations(schema);
  pseudonymousActors(schema, actorPseudonymKey(options.jwtSecret));
  boundQueryFields(schema);
  strictDates(schema);
  return schema;
}
