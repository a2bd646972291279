/**
 * How long the API takes to refuse a small document that repeats one field 11,900 times, in
 * development and production mode. Nothing reaches the database (the driver never connects),
 * so this measures only the work done before a query would run.
 * Run: npx tsx bench/refuse-repeat.ts
 */
import neo4j from 'neo4j-driver';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/database/driver.js';
import { startHttpServer } from '../src/http/server.js';
import { createLogger } from '../src/logger.js';
import { buildSchema } from '../src/schema/build.js';
import { operationCosts, operationResolvers } from '../src/schema/resolvers.js';
import { freePort } from '../test/support/ports.js';

const REPEATS = 11_900;
const query = `{ activities { ${'id '.repeat(REPEATS)}} }`;
const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'unused'));
const database = { driver, name: undefined, queryTimeoutMs: 10_000 } as unknown as Database;
const schema = await buildSchema({ database, resolvers: operationResolvers });
for (const env of ['development', 'production']) {
  const config = loadConfig({ NODE_ENV: env, PORT: String(await freePort()), GT_RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent' });
  const server = await startHttpServer({
    config,
    logger: createLogger({ logLevel: 'silent' }),
    schema,
    isDatabaseReady: async () => true,
    context: async () => ({}),
    operationCosts,
  });
  const started = performance.now();
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
  const ms = Math.round(performance.now() - started);
  console.log(`${env}: ${query.length} bytes, HTTP ${response.status} ${JSON.stringify(body.errors?.[0]?.extensions)} in ${ms} ms`);
  await server.stop();
}
await driver.close();
