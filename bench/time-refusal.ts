/**
 * Times how long the API takes to refuse one document, in development and production mode, with
 * a schema whose driver never connects: nothing reaches a database, so this measures only the
 * work done before a query would run. Shared by the refuse-* benchmarks.
 */
import neo4j from 'neo4j-driver';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/database/driver.js';
import { startHttpServer } from '../src/http/server.js';
import { createLogger } from '../src/logger.js';
import { buildSchema } from '../src/schema/build.js';
import { operationCosts, operationResolvers } from '../src/schema/resolvers.js';
import { freePort } from '../test/support/ports.js';

const WARM_UP = 5;
const RUNS = 15;

export async function timeRefusal(query: string): Promise<void> {
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
    const send = async () => {
      const started = performance.now();
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      const body = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
      return { ms: performance.now() - started, answer: `HTTP ${response.status} ${JSON.stringify(body.errors?.[0]?.extensions)}` };
    };
    // The first requests run before the JIT has compiled the rules; a server meets them once.
    const first = await send();
    for (let run = 1; run < WARM_UP; run += 1) await send();
    const runs: { ms: number; answer: string }[] = [];
    for (let run = 0; run < RUNS; run += 1) runs.push(await send());
    const times = runs.map((run) => run.ms).sort((a, b) => a - b);
    const median = times[Math.floor(RUNS / 2)] ?? 0;
    console.log(
      `${env}: ${query.length} bytes, ${runs[0]?.answer}; first ${Math.round(first.ms)} ms, median of ${RUNS} ${Math.round(median)} ms (fastest ${Math.round(times[0] ?? 0)})`,
    );
    await server.stop();
  }
  await driver.close();
}
