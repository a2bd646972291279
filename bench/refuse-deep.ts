/**
 * How long the API takes to refuse a document far deeper than GT_MAX_QUERY_DEPTH: a chain of 30
 * fragments, each nesting fields 120 deep and spreading the next at its bottom (3,600 deep, about
 * 11,000 tokens, under the token and field limits). Nothing reaches the database (the driver never
 * connects), so this measures only the work done before a query would run.
 * Run: npx tsx bench/refuse-deep.ts
 */
import neo4j from 'neo4j-driver';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/database/driver.js';
import { startHttpServer } from '../src/http/server.js';
import { createLogger } from '../src/logger.js';
import { buildSchema } from '../src/schema/build.js';
import { operationCosts, operationResolvers } from '../src/schema/resolvers.js';
import { freePort } from '../test/support/ports.js';

const FRAGMENTS = 30;
const LEVELS = 120;
const WARM_UP = 5;
const RUNS = 15;

/** Activity -> contributesTo (Outcome) -> contributors (Activity) -> …, `levels` deep, ending on an Activity. */
function nest(levels: number, inner: string): string {
  let text = inner;
  for (let level = levels; level >= 1; level -= 1) text = `${level % 2 === 1 ? 'contributesTo' : 'contributors'} { ${text} }`;
  return text;
}

const fragments = Array.from({ length: FRAGMENTS }, (_, i) => `fragment F${i} on Activity { ${nest(LEVELS, i + 1 < FRAGMENTS ? `...F${i + 1}` : 'id')} }`);
const query = `{ activities(limit: 1) { ...F0 } } ${fragments.join(' ')}`;
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
  for (let run = 0; run < WARM_UP; run += 1) await send();
  const runs: { ms: number; answer: string }[] = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await send());
  const times = runs.map((run) => run.ms).sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)] ?? 0;
  console.log(`${env}: ${query.length} bytes, ${runs[0]?.answer}; median of ${RUNS} ${Math.round(median)} ms (fastest ${Math.round(times[0] ?? 0)})`);
  await server.stop();
}
await driver.close();
