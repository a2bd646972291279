/**
 * The public schema as a file: what every client may call, printed as SDL. `npm run generate`
 * writes it to schema/contract/public.graphql (beside, not among, the SDL the server is built
 * from: build.ts reads only schema/*.graphql), and GET /schema.graphql serves the running
 * server's own, in production too, where introspection is off, so clients can generate types.
 */
import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import neo4j from 'neo4j-driver';
import { printSchema, type GraphQLSchema } from 'graphql';
import type { Database } from '../database/driver.js';
import { buildSchema } from '../schema/build.js';
import { operationResolvers } from '../schema/resolvers.js';

export const PUBLIC_SCHEMA_FILE = 'schema/contract/public.graphql';
/** The public schema of the last release CHANGELOG.md names; the contract test diffs against it. */
export const RELEASED_SCHEMA_FILE = 'schema/contract/released.graphql';

const HEADER = '# The Golden Thread public schema, written by `npm run generate` and served at GET /schema.graphql. Do not edit.\n';

export function publicSchemaText(schema: GraphQLSchema): string {
  return `${HEADER}${printSchema(schema)}\n`;
}

/** The schema exactly as the server builds it, without a database: building one never connects. */
export async function renderPublicSchema(): Promise<string> {
  const driver = neo4j.driver('bolt://127.0.0.1:1');
  try {
    // The driver is only handed to @neo4j/graphql's resolvers, which nothing here runs.
    const database = { driver } as Pick<Database, 'driver'> as Database;
    return publicSchemaText(await buildSchema({ database, resolvers: operationResolvers }));
  } finally {
    await driver.close();
  }
}

/** GET /schema.graphql, with a strong ETag so a client's conditional GET costs a 304. */
export function publicSchemaRouter(schema: GraphQLSchema): Router {
  const text = publicSchemaText(schema);
  const etag = `"${createHash('sha256').update(text).digest('base64url')}"`;
  const router = express.Router();
  router.get('/schema.graphql', (request, response) => {
    response.set({ ETag: etag, 'Cache-Control': 'no-cache' });
    // Not Express's own check: it ignores If-None-Match when the request says Cache-Control:
    // no-cache, which fetch() adds to every conditional request.
    const match = request.get('if-none-match');
    if (match !== undefined && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      response.status(304).end();
      return;
    }
    response.type('text/plain; charset=utf-8').send(text);
  });
  return router;
}
