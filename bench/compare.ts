/**
 * compare with every seeded agreement at once (issue 15 item 7: "answers within a second").
 * Starts the application on its own embedded Neo4j with the seed imported (or uses COMPARE_URL,
 * a running API), asks for every agreement's id, then times compare over all of them: the first
 * answer (cold query plans), then the median and slowest of RUNS after warm-up, with the answer's
 * size. Prints figures; asserts nothing.
 *
 *   npx tsx bench/compare.ts                 # own database, seed/ imported
 *   COMPARE_URL=http://127.0.0.1:4000/graphql npx tsx bench/compare.ts
 */
// First: graphql-js reads NODE_ENV when it loads.
import './production.js';
import fs from 'node:fs';
import { startApplication, type Application } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { benchAppConfig } from './app-config.js';

const RUNS = Number(process.env.COMPARE_RUNS ?? 15);
const WARM_UP = 3;
const QUERY = `query Compare($ids: [ID!]!, $asOf: Date) { compare(agreementIds: $ids, asOf: $asOf) {
  message csv generatedAt datasets { id checksum }
  agreements { agreement { id name } inForce message }
  duties { duty { id name } cells { agreement { id } status credits { by { id name } kind evidence { basis source quote } } } }
  priorities { name key commonality holders { agreement { id } entities { id name } } }
  strategies { strategy { id name } commonality holders { agreement { id } routes } }
  indicators { name commonality cells { agreement { id } indicator { id name } unit measurements { kind value text periodStart periodEnd } } } } }`;

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ ms: number; bytes: number; body: { data?: Record<string, unknown>; errors?: unknown[] } }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST', // no-cache: the response cache would answer every run after the first from memory.
    headers: { 'content-type': 'application/json', 'cache-control': 'no-cache' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { ms: performance.now() - started, bytes: text.length, body: JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown[] } };
}

async function main(): Promise<void> {
  let app: Application | undefined;
  let dataDir: string | undefined;
  let url = process.env.COMPARE_URL;
  if (url === undefined) {
    const bench = await benchAppConfig('golden-thread-compare-', { GT_SEED: 'missing' });
    dataDir = bench.dataDir;
    const t0 = Date.now();
    app = await startApplication(bench.config, createLogger(bench.config));
    url = app.url;
    console.log(`application at ${url} (embedded Neo4j, seed imported) started in ${Date.now() - t0} ms`);
  }
  try {
    const listed = await post(url, `{ agreements(limit: 500) { id } }`, {});
    // Every seeded agreement by default (31; compare takes at most COMPARE_MAX_AGREEMENTS); COMPARE_AGREEMENTS=18 repeats an older figure.
    const ids = ((listed.body.data?.agreements ?? []) as { id: string }[])
      .map((a) => a.id)
      .sort()
      .slice(0, Number(process.env.COMPARE_AGREEMENTS ?? 50));
    console.log(`${ids.length} agreements: ${ids.join(', ')}`);
    for (const asOf of [null, '2015-06-01']) {
      const first = await post(url, QUERY, { ids, asOf });
      if (first.body.errors) throw new Error(JSON.stringify(first.body.errors));
      for (let i = 1; i < WARM_UP; i += 1) await post(url, QUERY, { ids, asOf });
      const times: number[] = [];
      for (let i = 0; i < RUNS; i += 1) times.push((await post(url, QUERY, { ids, asOf })).ms);
      times.sort((a, b) => a - b);
      const compare = first.body.data?.compare as { message: string };
      console.log(
        `compare of ${ids.length} agreements${asOf ? ` as at ${asOf}` : ''}: first ${Math.round(first.ms)} ms, median (p50) of ${RUNS} ${Math.round(times[Math.floor(RUNS / 2)] ?? 0)} ms, p95 ${Math.round(times[Math.ceil(RUNS * 0.95) - 1] ?? 0)} ms, slowest ${Math.round(times[RUNS - 1] ?? 0)} ms; answer ${Math.round(first.bytes / 1024)} kB`,
      );
      console.log(`  ${compare.message}`);
    }
  } finally {
    await app?.stop();
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
