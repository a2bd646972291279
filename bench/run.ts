/**
 * `npm run bench`: one run, one database. Starts the application in-process on a throw-away
 * GT_DATA_DIR with free ports (GT_SEED=never), imports the seed (1x: uk-legal-basis + Lancashire and its shared bodies),
 * measures, and with BENCH_SCALES=1,100,1000 grows to 100x and 1000x agreements through the real
 * import path (importSeed, in batches of datasets), measuring at each scale:
 *   - through the HTTP API: autocannon (child process, loopback) against /graphql;
 *   - directly: the same cypher/queries/*.cypher with the same params through the driver;
 * then PROFILEs trace, coverage, search (and the CRUD read) at the largest scale.
 *
 * Env: BENCH_SCALES (default 1), BENCH_DURATION seconds per measurement (5), BENCH_WARM_ROUNDS most rounds of
 * warm-up at each scale (8; 0 for none), BENCH_WARMUP seconds of load on each question first (3),
 * BENCH_CONNECTIONS (10), BENCH_BATCH datasets per import transaction (100),
 * GT_NEO4J_HEAP (2g), GT_NEO4J_PAGECACHE (1g), LOG_LEVEL (warn).
 * Writes bench/out/results.json and bench/out/results.md.
 */
// First: graphql-js reads NODE_ENV when it loads.
import './production.js';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { startApplication, type Application } from '../src/app.js';
import { benchAppConfig } from './app-config.js';
import type { ResponseCacheStats } from '../src/http/response-cache.js';
import { createLogger } from '../src/logger.js';
import { importSeed } from '../src/seed/import.js';
import { OPS, type Op } from './ops.js';
import { BENCH_DIR, ROOT, datasetName, generate } from './generate.js';
import type { PlanNode } from './plan.js';

const SCALES = (process.env.BENCH_SCALES ?? '1').split(',').map(Number);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
/**
 * Seconds of load on each question just before it is measured, both ways and through the driver,
 * after the warm-up rounds below: its plan and pages are then as warm as the questions measured
 * before it.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/**
 * Before the first question at each scale, rounds of load on every question until the cached
 * trace's throughput stops rising: two rounds in a row that do not beat the best before them by
 * STEADY_GAIN (one round can dip by a fifth on this machine), at most BENCH_WARM_ROUNDS.
 * Measured: after the seed's import Neo4j's own Bolt path answered the generation's read at 510
 * reads/s in the first 5 s and 2,600 after 20 s, and cached traces rose from 515 to 1,925 req/s
 * over the first 70 s, so a few seconds of warm-up measured the JIT, not the server. The rounds
 * are printed and kept in results.json.
 */
const WARM_ROUNDS = Number(process.env.BENCH_WARM_ROUNDS ?? 8);
const STEADY_GAIN = 1.05;
const OUT = path.join(BENCH_DIR, 'out');
const GENERATED = path.join(OUT, 'generated');

interface Stats {
  count: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  mode: 'load' | 'sequential';
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarise(latencies: number[], seconds: number, errors: number, mode: Stats['mode']): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors,
    mode,
  };
}

/** Asks for a fresh answer: the response cache (src/http/response-cache.ts) is skipped. */
const NO_CACHE = { 'cache-control': 'no-cache' } as const;

async function graphqlOnce(url: string, op: Op, headers: Record<string, string> = {}): Promise<{ ms: number; ok: boolean; error?: string }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: op.graphql, variables: op.variables }),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  const ms = performance.now() - started;
  return body.errors || response.status !== 200 ? { ms, ok: false, error: body.errors?.[0]?.message ?? `HTTP ${response.status}` } : { ms, ok: true };
}

function autocannon(url: string, op: Op, connections: number, headers: Record<string, string> = {}, duration = DURATION): Promise<Stats> {
  const input = JSON.stringify({ url, body: JSON.stringify({ query: op.graphql, variables: op.variables }), headers, connections, duration });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(BENCH_DIR, 'load.ts'), input],
      { cwd: ROOT, timeout: (duration + 60) * 1000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`autocannon failed: ${error.message} ${stderr}`));
        const out = JSON.parse(stdout.trim().split('\n').pop()!) as Stats & { non2xx: number; timeouts: number };
        resolve({
          count: out.count,
          rps: out.rps,
          p50: out.p50 ?? NaN,
          p95: out.p95 ?? NaN,
          p99: out.p99 ?? NaN,
          errors: out.non2xx + out.errors + out.timeouts,
          mode: 'load',
        });
      },
    );
  });
}

function runDirect(app: Application, op: Op): Promise<unknown> {
  return op.direct ? op.direct(app.database) : app.database.run(op.cypher, op.params, 'READ');
}

async function directLoad(app: Application, op: Op, concurrency: number, seconds: number): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await runDirect(app, op);
          latencies.push(performance.now() - t0);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return summarise(latencies, (performance.now() - started) / 1000, errors, 'load');
}

/** For an operation too slow to load-test (seconds per call): a few calls one after another. */
async function sequential(fn: () => Promise<boolean>, calls: number): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < calls; i += 1) {
    const t0 = performance.now();
    if (await fn()) latencies.push(performance.now() - t0);
    else errors += 1;
  }
  return summarise(latencies, (performance.now() - started) / 1000, errors, 'sequential');
}

/** One way of asking, measured with one client and with CONNECTIONS clients. */
interface Pair {
  one: Stats;
  many: Stats;
}

interface OpResult {
  scale: number;
  op: string;
  firstCallMs: number;
  warmMs: number;
  /** 1-minute load average when the measurement started (other work on the machine). */
  loadAvg: number;
  /** Through the API, answers kept in memory allowed (repeats of one question: hits). */
  cached: Pair;
  /** Through the API with `Cache-Control: no-cache`: every request reaches the database. */
  uncached: Pair;
  /** The same Cypher through the driver. */
  direct: Pair;
  /** Cached at CONNECTIONS clients sending `Accept-Encoding: gzip`, as browsers, fetch and curl --compressed do. */
  cachedGzip?: Stats;
  /** Cached requests answered per read of the graph's generation, at CONNECTIONS clients. */
  hitsPerRead?: number;
  note?: string;
}

/** One round of the warm-up at a scale, reported by its cached trace at CONNECTIONS clients. */
interface WarmRound {
  scale: number;
  round: number;
  seconds: number;
  traceRps: number;
  traceP99: number;
}

/**
 * Loads every question (cached and no-cache through the API, and through the driver) round after
 * round until the cached trace's req/s stops rising; see WARM_ROUNDS. Questions whose one call
 * takes over a second (impact at 1000x) are left out: they are measured one call at a time.
 */
async function warmUntilSteady(app: Application, scale: number): Promise<WarmRound[]> {
  const rounds: WarmRound[] = [];
  const quick: Op[] = [];
  for (const op of OPS) {
    // The first call plans the statement; the second says how long one takes.
    await graphqlOnce(app.url, op, NO_CACHE);
    const answer = await graphqlOnce(app.url, op, NO_CACHE);
    if (answer.ok && answer.ms <= 1000) quick.push(op);
  }
  const trace = quick.find((op) => op.name === 'trace');
  for (let round = 1; round <= WARM_ROUNDS; round += 1) {
    const started = performance.now();
    let probe: Stats | undefined;
    for (const op of quick) {
      const cached = await autocannon(app.url, op, CONNECTIONS, {}, 2);
      if (op === trace) probe = cached;
      await autocannon(app.url, op, CONNECTIONS, NO_CACHE, 2);
      await directLoad(app, op, CONNECTIONS, 1);
    }
    if (probe === undefined) {
      console.warn(`  ${scale}x: no warm-up: trace took over a second, so nothing tells when the server is warm`);
      break;
    }
    const entry = { scale, round, seconds: (performance.now() - started) / 1000, traceRps: probe.rps, traceP99: probe.p99 };
    rounds.push(entry);
    console.log(`  ${scale}x warm-up round ${round} (${fmt(entry.seconds, 0)} s): cached trace ${fmt(entry.traceRps, 0)} req/s, p99 ${fmt(entry.traceP99)} ms`);
    const best = (upTo: number) => Math.max(...rounds.slice(0, upTo).map((r) => r.traceRps));
    const flat = (i: number) => i >= 1 && rounds[i]!.traceRps < best(i) * STEADY_GAIN;
    if (flat(rounds.length - 1) && flat(rounds.length - 2)) break;
  }
  return rounds;
}

type CacheReport = ResponseCacheStats & { generationReads: number | null };

async function cacheReport(url: string): Promise<CacheReport | undefined> {
  return ((await (await fetch(new URL('/healthz', url))).json()) as { responseCache?: CacheReport }).responseCache;
}

/** `Accept-Encoding` as most clients send it. */
const GZIP = { 'accept-encoding': 'gzip' } as const;

async function measure(app: Application, scale: number): Promise<OpResult[]> {
  const results: OpResult[] = [];
  for (const op of OPS) {
    // Warm up (JIT, plan cache, page cache) for up to 5 calls or 5 s, and check the answer is not an error.
    const first = await graphqlOnce(app.url, op, NO_CACHE);
    if (!first.ok) console.warn(`  ${op.name} at ${scale}x: API error: ${first.error}`);
    let warm = first.ms;
    const warmStart = performance.now();
    // A Cypher side that fails is a broken bench, not a figure: stop here rather than print "-".
    await runDirect(app, op).catch((error: unknown) => {
      throw new Error(`${op.name}: the Cypher the bench compares with fails: ${error instanceof Error ? error.message : String(error)}`);
    });
    for (let i = 0; i < 5 && performance.now() - warmStart < 5000; i += 1) {
      warm = (await graphqlOnce(app.url, op, NO_CACHE)).ms;
      await runDirect(app, op);
    }
    if (warm <= 1000 && WARMUP > 0) {
      await autocannon(app.url, op, CONNECTIONS, {}, WARMUP);
      await autocannon(app.url, op, CONNECTIONS, NO_CACHE, WARMUP);
      await directLoad(app, op, CONNECTIONS, WARMUP);
    }
    const load = os.loadavg()[0]!;
    let cached: Pair;
    let uncached: Pair;
    let direct: Pair;
    let note: string | undefined;
    let cachedGzip: Stats | undefined;
    let hitsPerRead: number | undefined;
    if (warm > 1000) {
      note = `a warm API call took ${Math.round(warm)} ms: measured as 3 sequential calls, not under load`;
      const seq = async (headers: Record<string, string>) => sequential(async () => (await graphqlOnce(app.url, op, headers)).ok, 3);
      const cachedSeq = await seq({});
      const uncachedSeq = await seq(NO_CACHE);
      const directSeq = await sequential(
        () =>
          runDirect(app, op).then(
            () => true,
            () => false,
          ),
        3,
      );
      cached = { one: cachedSeq, many: cachedSeq };
      uncached = { one: uncachedSeq, many: uncachedSeq };
      direct = { one: directSeq, many: directSeq };
    } else {
      const reportBefore = await cacheReport(app.url);
      cached = { one: await autocannon(app.url, op, 1), many: await autocannon(app.url, op, CONNECTIONS) };
      const reportAfter = await cacheReport(app.url);
      // Both runs above were hits after the first request; the reads are theirs.
      const reads = (reportAfter?.generationReads ?? 0) - (reportBefore?.generationReads ?? 0);
      if (reads > 0) hitsPerRead = (cached.one.count + cached.many.count) / reads;
      cachedGzip = await autocannon(app.url, op, CONNECTIONS, GZIP);
      uncached = { one: await autocannon(app.url, op, 1, NO_CACHE), many: await autocannon(app.url, op, CONNECTIONS, NO_CACHE) };
      const after = await graphqlOnce(app.url, op, NO_CACHE);
      if (!after.ok) note = `API answered with an error after the load: ${after.error}`;
      direct = { one: await directLoad(app, op, 1, DURATION), many: await directLoad(app, op, CONNECTIONS, DURATION) };
    }
    const result: OpResult = {
      scale,
      op: op.name,
      firstCallMs: first.ms,
      warmMs: warm,
      loadAvg: load,
      cached,
      uncached,
      direct,
      ...(cachedGzip ? { cachedGzip } : {}),
      ...(hitsPerRead ? { hitsPerRead } : {}),
      ...(note ? { note } : {}),
    };
    console.log(
      `  ${scale}x ${op.name.padEnd(9)} p50 one client: cached ${fmt(cached.one.p50)} / no-cache ${fmt(uncached.one.p50)} / Cypher ${fmt(direct.one.p50)} ms (${fmt(uncached.one.p50 / direct.one.p50, 2)}x) | ${CONNECTIONS} clients: cached ${fmt(cached.many.rps, 0)} req/s p99 ${fmt(cached.many.p99)} ms / no-cache ${fmt(uncached.many.rps, 0)} req/s / Cypher ${fmt(direct.many.rps, 0)} q/s | gzip cached ${fmt(cachedGzip?.rps ?? NaN, 0)} req/s p99 ${fmt(cachedGzip?.p99 ?? NaN)} ms | ${fmt(hitsPerRead ?? NaN)} hits/read | errors ${cached.many.errors + uncached.many.errors}/${direct.many.errors} load ${load.toFixed(1)}${note ? ` [${note}]` : ''}`,
    );
    results.push(result);
  }
  return results;
}

interface PlanSummary {
  op: string;
  scale: number;
  totalDbHits: number;
  operators: { operator: string; dbHits: number; rows: number; details: string }[];
  labelScans: string[];
}

async function profile(app: Application, op: Op, scale: number): Promise<PlanSummary> {
  const session = app.database.driver.session({ database: app.database.name, defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run(`PROFILE ${op.cypher}`, op.params, { timeout: 60_000 });
    const operators: PlanSummary['operators'] = [];
    const walk = (node: PlanNode) => {
      const details = String(node.arguments?.Details ?? '')
        .replace(/\s+/g, ' ')
        .slice(0, 140);
      operators.push({ operator: node.operatorType.replace(/@neo4j$/, ''), dbHits: Number(node.dbHits ?? 0), rows: Number(node.rows ?? 0), details });
      for (const child of node.children ?? []) walk(child);
    };
    const plan = result.summary.profile as unknown as PlanNode | false;
    if (plan) walk(plan);
    return {
      op: op.name,
      scale,
      totalDbHits: operators.reduce((sum, o) => sum + o.dbHits, 0),
      operators,
      labelScans: operators
        .filter((o) => /AllNodesScan|NodeByLabelScan|RelationshipTypeScan|AllRelationshipsScan/.test(o.operator))
        .map((o) => `${o.operator} ${o.details}`),
    };
  } finally {
    await session.close();
  }
}

interface LoadStep {
  toScale: number;
  datasets: number;
  batches: number;
  entities: number;
  relationships: number;
  ms: number;
  batchMs: number[];
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const maxScale = Math.max(...SCALES);
  const started = Date.now();
  if (maxScale > 1) {
    const t0 = Date.now();
    const generated = generate(maxScale - 1, GENERATED);
    console.log(
      `generated ${generated.datasets.length} agreements (${generated.entities} entities, ${generated.relationships} relationships) in ${Date.now() - t0} ms`,
    );
  }
  // The bench's own sizes, unless the environment names others.
  const { config, dataDir } = await benchAppConfig('golden-thread-bench-', {
    GT_SEED: 'never',
    GT_NEO4J_HEAP: process.env.GT_NEO4J_HEAP ?? '2g',
    GT_NEO4J_PAGECACHE: process.env.GT_NEO4J_PAGECACHE ?? '1g',
  });
  const logger = createLogger(config);
  const t0 = Date.now();
  const app = await startApplication(config, logger);
  const startMs = Date.now() - t0;
  console.log(`application at ${app.url} (embedded Neo4j, data in ${dataDir}) started in ${startMs} ms`);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));

  const loads: LoadStep[] = [];
  const results: OpResult[] = [];
  const plans: PlanSummary[] = [];
  const warmUp: WarmRound[] = [];
  const counts: Record<number, { nodes: number; relationships: number }> = {};
  let cache: CacheReport | undefined;
  let loaded = 0; // agreements in the graph
  try {
    for (const scale of SCALES.sort((a, b) => a - b)) {
      const stepStart = Date.now();
      const batchMs: number[] = [];
      let entities = 0;
      let relationships = 0;
      const before = loaded;
      if (loaded === 0) {
        const report = await importSeed(
          app.database,
          ['uk-legal-basis', 'lancashire-shared-bodies', 'lancashire-csa-2014-2016'].map((name) => path.join(ROOT, 'seed', name)),
        );
        batchMs.push(report.ms);
        entities += report.entities;
        relationships += report.relationships;
        loaded = 1;
      }
      while (loaded < scale) {
        const count = Math.min(BATCH, scale - loaded);
        const folders = Array.from({ length: count }, (_, i) => path.join(GENERATED, datasetName(loaded + i)));
        const report = await importSeed(app.database, folders);
        batchMs.push(report.ms);
        entities += report.entities;
        relationships += report.relationships;
        loaded += count;
        console.log(
          `  imported ${count} datasets (${report.entities} entities, ${report.relationships} relationships) in ${report.ms} ms; ${loaded} agreements in the graph`,
        );
      }
      const step: LoadStep = {
        toScale: scale,
        datasets: loaded - before,
        batches: batchMs.length,
        entities,
        relationships,
        ms: Date.now() - stepStart,
        batchMs,
      };
      loads.push(step);
      const [count] = await app.database.run<{ nodes: number; relationships: number }>(
        'MATCH (n) WITH count(n) AS nodes CALL { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
      );
      counts[scale] = count!;
      console.log(`${scale}x: loaded in ${step.ms} ms; graph has ${count!.nodes} nodes, ${count!.relationships} relationships`);
      warmUp.push(...(await warmUntilSteady(app, scale)));
      results.push(...(await measure(app, scale)));
      if (scale === maxScale) {
        // Impact is a walk of one statement per level (src/operations/impact.ts); PROFILE sees one at a time.
        for (const op of OPS) if (!op.direct) plans.push(await profile(app, op, scale));
      }
      fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ loads, counts, warmUp, results, plans }, null, 2));
    }
    cache = await cacheReport(app.url);
  } finally {
    await stop();
  }
  const report = renderMarkdown({ loads, counts, warmUp, results, plans, ...(cache ? { cache } : {}), startMs, totalMs: Date.now() - started });
  fs.writeFileSync(
    path.join(OUT, 'results.json'),
    JSON.stringify({ loads, counts, warmUp, results, plans, cache, startMs, totalMs: Date.now() - started }, null, 2),
  );
  fs.writeFileSync(path.join(OUT, 'results.md'), report);
  console.log(`\n${report}`);
  console.log(`written ${path.relative(ROOT, path.join(OUT, 'results.md'))} and results.json; total ${Math.round((Date.now() - started) / 1000)} s`);
}

function fmt(n: number | null, digits = 1): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : '-';
}

function renderMarkdown(data: {
  loads: LoadStep[];
  counts: Record<number, { nodes: number; relationships: number }>;
  warmUp: WarmRound[];
  results: OpResult[];
  plans: PlanSummary[];
  cache?: CacheReport;
  startMs: number;
  totalMs: number;
}): string {
  const lines: string[] = [];
  lines.push(
    `Measured ${new Date().toISOString()}; ${DURATION} s per measurement, ${CONNECTIONS} concurrent connections (API) / ${CONNECTIONS} concurrent driver queries (direct); import batch ${BATCH} datasets per transaction.`,
    '',
  );
  lines.push(
    '### Loading',
    '',
    '| to scale | graph nodes | graph relationships | imported entities | imported relationships | import transactions | wall time |',
    '|---|---|---|---|---|---|---|',
  );
  for (const step of data.loads) {
    const c = data.counts[step.toScale];
    lines.push(
      `| ${step.toScale}x | ${c?.nodes ?? '-'} | ${c?.relationships ?? '-'} | ${step.entities} | ${step.relationships} | ${step.batches} (${step.batchMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s) | ${(step.ms / 1000).toFixed(1)} s |`,
    );
  }
  const total = data.loads.reduce((sum, step) => sum + step.ms, 0);
  lines.push(
    '',
    `Cumulative load from empty to ${data.loads.at(-1)?.toScale}x: ${(total / 1000).toFixed(1)} s (application start, embedded Neo4j, ${(data.startMs / 1000).toFixed(1)} s, not included).`,
    '',
  );
  lines.push(
    '### Warm-up',
    '',
    `Every question loaded round after round until, twice in a row, the cached trace's req/s at ${CONNECTIONS} clients did not beat the best round before by ${Math.round((STEADY_GAIN - 1) * 100)}% (at most ${WARM_ROUNDS} rounds); the figures below are taken after it.`,
    '',
    '| scale | round | seconds | cached trace req/s | p99 ms |',
    '|---|---|---|---|---|',
    ...data.warmUp.map((w) => `| ${w.scale}x | ${w.round} | ${fmt(w.seconds, 0)} | ${fmt(w.traceRps, 0)} | ${fmt(w.traceP99)} |`),
    '',
  );
  lines.push(
    '### Latency and throughput',
    '',
    `"cached" repeats one question, so after the first request it is answered from memory; "no-cache" sends \`Cache-Control: no-cache\`, so every request reaches the database; "Cypher" is the same statement through neo4j-driver. Ratio = API no-cache p50 / Cypher p50, one client.`,
    '',
    `| question | scale | p50 one client: cached / no-cache / Cypher ms | ratio | ${CONNECTIONS} clients cached: req/s, p50 / p99 ms | same, gzip: req/s, p99 ms | hits per generation read | ${CONNECTIONS} clients no-cache: req/s, p50 / p99 ms | ${CONNECTIONS} clients Cypher: q/s, p50 / p99 ms | errors | load avg |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of data.results) {
    const seq = r.cached.one.mode === 'sequential' ? ' (seq)' : '';
    lines.push(
      `| ${r.op} | ${r.scale}x | ${fmt(r.cached.one.p50)} / ${fmt(r.uncached.one.p50)} / ${fmt(r.direct.one.p50)}${seq} | ${fmt(r.uncached.one.p50 / r.direct.one.p50, 2)} | ${fmt(r.cached.many.rps, 0)}, ${fmt(r.cached.many.p50)} / ${fmt(r.cached.many.p99)} | ${fmt(r.cachedGzip?.rps ?? NaN, 0)}, ${fmt(r.cachedGzip?.p99 ?? NaN)} | ${fmt(r.hitsPerRead ?? NaN)} | ${fmt(r.uncached.many.rps, 0)}, ${fmt(r.uncached.many.p50)} / ${fmt(r.uncached.many.p99)} | ${fmt(r.direct.many.rps, 0)}, ${fmt(r.direct.many.p50)} / ${fmt(r.direct.many.p99)} | ${r.cached.many.errors + r.uncached.many.errors}/${r.direct.many.errors} | ${fmt(r.loadAvg)} |`,
    );
  }
  if (data.cache) {
    lines.push(
      '',
      `Response cache at the end: ${data.cache.entries} answers, ${data.cache.bytes} bytes of a ${data.cache.maxBytes}-byte bound; ${data.cache.hits} hits, ${data.cache.misses} misses, ${data.cache.bypasses} bypasses; ${data.cache.generationReads ?? '-'} reads of the generation.`,
    );
  }
  const scales = [...new Set(data.results.map((r) => r.scale))].sort((a, b) => a - b);
  if (scales.length > 1) {
    lines.push(
      '',
      '### Growth of uncached p50 (one client) relative to the smallest scale',
      '',
      `| op | ${scales.map((s) => `API ${s}x`).join(' | ')} | ${scales.map((s) => `Cypher ${s}x`).join(' | ')} |`,
      `|---|${scales.map(() => '---|').join('')}${scales.map(() => '---|').join('')}`,
    );
    for (const op of OPS) {
      const base = data.results.find((r) => r.op === op.name && r.scale === scales[0]);
      if (!base) continue;
      const row = scales.map((s) => data.results.find((r) => r.op === op.name && r.scale === s));
      lines.push(
        `| ${op.name} | ${row.map((r) => (r ? `${fmt(r.uncached.one.p50 / base.uncached.one.p50, 2)}x` : '-')).join(' | ')} | ${row.map((r) => (r ? `${fmt(r.direct.one.p50 / base.direct.one.p50, 2)}x` : '-')).join(' | ')} |`,
      );
    }
  }
  const notes = data.results.filter((r) => r.note);
  if (notes.length > 0) lines.push('', ...notes.map((r) => `- ${r.op} at ${r.scale}x: ${r.note}`));
  for (const plan of data.plans) {
    lines.push(
      '',
      `### PROFILE ${plan.op} at ${plan.scale}x: ${plan.totalDbHits} db hits; label/type scans: ${plan.labelScans.length === 0 ? 'none' : plan.labelScans.join('; ')}`,
      '',
      '| operator | rows | db hits | details |',
      '|---|---|---|---|',
    );
    for (const o of plan.operators) lines.push(`| ${o.operator} | ${o.rows} | ${o.dbHits} | ${o.details.replace(/\|/g, '\\|')} |`);
  }
  lines.push('', `Total bench wall time ${(data.totalMs / 1000).toFixed(0)} s.`);
  return `${lines.join('\n')}\n`;
}

await main();
