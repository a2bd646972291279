/**
 * `npm run soak`: a bounded load test on loopback. Starts the application in this process (its
 * own embedded Neo4j on a throw-away GT_DATA_DIR and free ports, the seed imported: the
 * Lancashire agreement and the law behind it), then drives it with SOAK_CONNECTIONS clients
 * (50) for SOAK_DURATION seconds (30) of mixed trace, search and generated CRUD reads, after
 * SOAK_WARMUP seconds (5) of the same; SOAK_ROUNDS (1) repeats the run in the same process. The load generator (bench/soak-client.ts, autocannon) is
 * a child process, so the memory figures below are the API's own: this process is the API.
 *
 * Prints a table: requests, req/s, latency percentiles, failed requests (non-2xx, GraphQL
 * errors, socket errors, timeouts) and the API's RSS and heap before, at peak and after (heap
 * after a forced GC both times, so growth means retained memory, not garbage). Exits 1 if any
 * request failed. Run with --expose-gc (the npm script does).
 *
 * Rate limiting is off for the plain run (GT_RATE_LIMIT_PER_MINUTE=0): 50 clients on one address
 * is exactly what it is there to stop, and this measures capacity, not the limiter.
 *
 * `npm run soak -- --attacks` (or SOAK_ATTACKS=1) runs the soak with the limiter on (SOAK_RATE_LIMIT,
 * 180 requests a minute), GT_TRUST_PROXY=loopback and each client its own X-Forwarded-For address,
 * at most SOAK_CLIENT_RATE (2) requests a second per client so every one stays in its budgets: first
 * alone, then while bench/soak-attacks.ts sends the security issue's attacks, SOAK_ATTACK_RATE
 * (2) a second each, and /readyz is polled every 200 ms throughout. Exits 1 if a legitimate
 * request failed, an attack got anything but its refusal, or /readyz answered anything but 200
 * (or the rate-limit attacker was never limited: give it 10 s or more to spend its budget).
 */
// First: graphql-js reads NODE_ENV when it loads.
import './production.js';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { startApplication } from '../src/app.js';
import { benchAppConfig } from './app-config.js';
import { runAttackers, unexpectedAnswers, type AttackCounts, type AttackInput } from './soak-attacks.js';
import { lancashireEditor, SECRET } from '../test/support/auth.js';
import { createLogger } from '../src/logger.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');

export interface SoakOperation {
  readonly name: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

/** What users come for (trace, search) and what the generated API serves (CRUD reads). */
export const SOAK_OPERATIONS: readonly SoakOperation[] = [
  {
    name: 'trace activity 11',
    query:
      'query Trace($id: ID!) { trace(activityId: $id) { activity { id name } grounded message legislation { id name } paths { grounded steps { relationship from { id } to { id } } } } }',
    variables: { id: 'lancashire-csa-2014-2016/activity/11' },
  },
  {
    name: 'trace activity 7',
    query: 'query Trace($id: ID!) { trace(activityId: $id) { activity { id } grounded message duties { id } } }',
    variables: { id: 'lancashire-csa-2014-2016/activity/7' },
  },
  {
    name: 'search "domestic abuse"',
    query: 'query Search($text: String!) { search(text: $text, first: 20) { id type name score } }',
    variables: { text: 'domestic abuse' },
  },
  { name: 'search "alcohol"', query: 'query Search($text: String!) { search(text: $text, first: 10) { id name } }', variables: { text: 'alcohol' } },
  {
    name: 'read activity',
    query: 'query Activity($id: ID!) { activities(where: { id: { eq: $id } }) { id number name text contributesTo { id number name } } }',
    variables: { id: 'lancashire-csa-2014-2016/activity/11' },
  },
  {
    name: 'read agreement',
    query:
      'query Agreement($id: ID!) { agreements(where: { id: { eq: $id } }) { id name requiredByConnection { edges { node { id } properties { basis source quote } } } } }',
    variables: { id: 'lancashire-csa-2014-2016' },
  },
];

export interface MemorySample {
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly heapTotalMb: number;
  readonly externalMb: number;
}

export interface SoakResult {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly requests: number;
  readonly rps: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly non2xx: number;
  readonly graphqlErrors: number;
  readonly socketErrors: number;
  readonly timeouts: number;
  /** Every request that did not come back 200 with data and no errors. */
  readonly failed: number;
  readonly firstFailure: string | null;
  /** Requests that got no HTTP answer, by the client's error message. */
  readonly requestErrors: Record<string, number>;
  readonly operations: Record<string, { ok: number; failed: number }>;
  readonly memory: { readonly before: MemorySample; readonly peak: MemorySample; readonly after: MemorySample };
  /** RSS and heap used (MB) every 5 s during the run, without forcing a GC: steady or climbing. */
  readonly during: readonly { readonly second: number; readonly rssMb: number; readonly heapUsedMb: number }[];
  readonly heapGrowthMb: number;
  readonly rssGrowthMb: number;
  readonly jvmRssMb: { readonly before: number | null; readonly after: number | null };
  readonly loadAverage: { readonly before: number; readonly after: number };
}

interface ClientOutput {
  requests: number;
  seconds: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  operations: Record<string, { ok: number; failed: number }>;
  firstFailure: string | null;
  requestErrors: Record<string, number>;
}

const round = (n: number) => Math.round(n * 10) / 10;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

function memory(): MemorySample {
  const usage = process.memoryUsage();
  return { rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external) };
}

function maxOf(a: MemorySample, b: MemorySample): MemorySample {
  return {
    rssMb: Math.max(a.rssMb, b.rssMb),
    heapUsedMb: Math.max(a.heapUsedMb, b.heapUsedMb),
    heapTotalMb: Math.max(a.heapTotalMb, b.heapTotalMb),
    externalMb: Math.max(a.externalMb, b.externalMb),
  };
}

/** Without it heap figures mostly measure when V8 last collected, not what the API keeps. */
function collectGarbage(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    // Under vitest there is no --expose-gc; V8 still hands the function to a new context.
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
  gc();
}

/** A process's resident memory from /proc (Linux), for the JVM beside us. */
function rssOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

interface ClientOptions {
  readonly addresses?: boolean;
  readonly connectionRate?: number;
}

function runClient(
  url: string,
  connections: number,
  duration: number,
  operations: readonly SoakOperation[],
  client: ClientOptions = {},
): Promise<ClientOutput> {
  const input = JSON.stringify({
    url,
    connections,
    duration,
    ...client,
    operations: operations.map((op) => ({ name: op.name, body: JSON.stringify({ query: op.query, variables: op.variables ?? {} }) })),
  });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(BENCH_DIR, 'soak-client.ts'), input],
      { cwd: ROOT, timeout: (duration + 60) * 1000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`the load generator failed: ${error.message} ${stderr}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ClientOutput);
      },
    );
  });
}

export interface SoakOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** The embedded Neo4j's JVM, whose RSS is reported beside the API's. */
  readonly jvmPid?: number;
  readonly operations?: readonly SoakOperation[];
  /** Each client its own address in X-Forwarded-For (for GT_TRUST_PROXY=loopback), at most connectionRate requests a second. */
  readonly client?: ClientOptions;
}

/** Runs the load against an API in this process and measures this process's memory around it. */
export async function soak(options: SoakOptions): Promise<SoakResult> {
  const operations = options.operations ?? SOAK_OPERATIONS;
  // JIT, Apollo's document cache, the driver's pool and Neo4j's plan cache fill here, so the
  // measured run's growth is what the API keeps per request, not what it builds once. Each
  // operation goes once on its own first: on a busy machine a timed warm-up alone may not
  // reach the last of them.
  for (const op of operations) {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: op.query, variables: op.variables ?? {} }),
    });
    const body = (await response.json()) as { errors?: { message: string }[] };
    if (response.status !== 200 || body.errors) throw new Error(`${op.name} fails before any load: HTTP ${response.status} ${body.errors?.[0]?.message ?? ''}`);
  }
  if (options.warmupSeconds > 0) await runClient(options.url, options.connections, options.warmupSeconds, operations, options.client);
  collectGarbage();
  const before = memory();
  const jvmBefore = rssOf(options.jvmPid);
  const loadBefore = os.loadavg()[0]!;
  let peak = before;
  const during: { second: number; rssMb: number; heapUsedMb: number }[] = [];
  const started = performance.now();
  let lastSample = started;
  const sampler = setInterval(() => {
    const now = memory();
    peak = maxOf(peak, now);
    // By the clock, not by ticks: a saturated event loop fires the timer late.
    if (performance.now() - lastSample < 5_000) return;
    lastSample = performance.now();
    during.push({ second: Math.round((lastSample - started) / 1000), rssMb: now.rssMb, heapUsedMb: now.heapUsedMb });
  }, 500);
  let out: ClientOutput;
  try {
    out = await runClient(options.url, options.connections, options.durationSeconds, operations, options.client);
  } finally {
    clearInterval(sampler);
  }
  const loadAfter = os.loadavg()[0]!;
  collectGarbage();
  const after = memory();
  const graphqlErrors = Object.values(out.operations).reduce((sum, op) => sum + op.failed, 0) - out.non2xx;
  return {
    connections: options.connections,
    durationSeconds: round(out.seconds),
    requests: out.requests,
    rps: round(out.requests / out.seconds),
    p50: out.p50 === null ? null : round(out.p50),
    p95: out.p95 === null ? null : round(out.p95),
    p99: out.p99 === null ? null : round(out.p99),
    max: out.max === null ? null : round(out.max),
    non2xx: out.non2xx,
    graphqlErrors: Math.max(0, graphqlErrors),
    socketErrors: out.socketErrors,
    timeouts: out.timeouts,
    failed: Object.values(out.operations).reduce((sum, op) => sum + op.failed, 0) + out.socketErrors + out.timeouts,
    firstFailure: out.firstFailure,
    requestErrors: out.requestErrors,
    operations: out.operations,
    memory: { before, peak, after },
    during,
    heapGrowthMb: round(after.heapUsedMb - before.heapUsedMb),
    rssGrowthMb: round(after.rssMb - before.rssMb),
    jvmRssMb: { before: jvmBefore, after: rssOf(options.jvmPid) },
    loadAverage: { before: loadBefore, after: loadAfter },
  };
}

export function soakTable(result: SoakResult): string {
  const { before, peak, after } = result.memory;
  const rows: [string, string][] = [
    ['clients x duration', `${result.connections} x ${result.durationSeconds} s`],
    ['requests', String(result.requests)],
    ['req/s', String(result.rps)],
    ['latency p50 / p95 / p99 / max', `${result.p50} / ${result.p95} / ${result.p99} / ${result.max} ms`],
    [
      'failed requests',
      `${result.failed} (non-2xx ${result.non2xx}, GraphQL errors ${result.graphqlErrors}, socket errors ${result.socketErrors}, timeouts ${result.timeouts})`,
    ],
    ...Object.entries(result.operations).map(([name, counts]): [string, string] => [`  ${name}`, `${counts.ok} ok, ${counts.failed} failed`]),
    ['API RSS before / peak / after', `${before.rssMb} / ${peak.rssMb} / ${after.rssMb} MB (growth ${result.rssGrowthMb} MB)`],
    [
      'API RSS / heap used during (at s)',
      result.during.map((sample) => `${Math.round(sample.rssMb)}/${Math.round(sample.heapUsedMb)} (${sample.second})`).join(', ') + ' MB',
    ],
    ['API heap used before / peak / after (after GC)', `${before.heapUsedMb} / ${peak.heapUsedMb} / ${after.heapUsedMb} MB (growth ${result.heapGrowthMb} MB)`],
    ['Neo4j JVM RSS before / after', result.jvmRssMb.before === null ? 'n/a' : `${result.jvmRssMb.before} / ${result.jvmRssMb.after} MB`],
    ['1-min load average before / after', `${result.loadAverage.before.toFixed(2)} / ${result.loadAverage.after.toFixed(2)} (${os.cpus().length} cores)`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const notes = [
    ...(result.firstFailure ? [`first failed answer: ${result.firstFailure}`] : []),
    ...Object.entries(result.requestErrors).map(([message, count]) => `no answer (${count}x): ${message}`),
  ];
  return [...rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`), ...notes].join('\n');
}

export interface Readiness {
  readonly polls: number;
  /** Polls answered with anything but 200, or not at all, by answer. */
  readonly notReady: Record<string, number>;
}

/** Polls /readyz every 200 ms until stopped: a load balancer's view of the run. */
function pollReadiness(url: string): () => Promise<Readiness> {
  const readyz = url.replace(/\/graphql$/, '/readyz');
  const notReady: Record<string, number> = {};
  let polls = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const answer = await fetch(readyz, { signal: AbortSignal.timeout(5_000) }).then(
        (response) => String(response.status),
        (error: unknown) => `error ${(error as Error).message}`,
      );
      polls += 1;
      if (answer !== '200') notReady[answer] = (notReady[answer] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 200 - (performance.now() - started))));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return { polls, notReady };
  };
}

export interface AttackSoakOptions extends Omit<SoakOptions, 'client'> {
  /** Requests a second per legitimate client, whole (autocannon rounds a fraction up): 2 is at most 120 a minute, under the soak's budget of 180. */
  readonly connectionRate: number;
  readonly attack: Omit<AttackInput, 'url' | 'duration'>;
}

export interface AttackSoakResult {
  readonly plain: SoakResult & { readonly readiness: Readiness };
  readonly attacked: SoakResult & { readonly readiness: Readiness };
  readonly attacks: Record<string, AttackCounts>;
  /** Why the run fails: legitimate failures, unexpected answers to attacks, /readyz not 200. Empty when it held. */
  readonly problems: readonly string[];
}

/**
 * The soak twice in a row against the same API, rate limit on and each legitimate client its own
 * address: first alone, then with the issue's attackers running for the same duration.
 */
export async function attackSoak(options: AttackSoakOptions): Promise<AttackSoakResult> {
  const client = { addresses: true, connectionRate: options.connectionRate };
  const measure = async (warmupSeconds: number, during?: Promise<Record<string, AttackCounts>>) => {
    const stop = pollReadiness(options.url);
    try {
      const result = await soak({ ...options, warmupSeconds, client });
      return { ...result, readiness: await stop(), attacks: await during };
    } finally {
      // Also when the soak throws, so the poller does not keep the process alive.
      await stop();
    }
  };
  const plain = await measure(options.warmupSeconds);
  const attackInput = { ...options.attack, url: options.url, duration: options.durationSeconds };
  const attacked = await measure(0, runAttackers(attackInput));
  const attacks = attacked.attacks ?? {};
  const problems = [
    ...[plain, attacked].flatMap((run, i) => {
      const label = i === 0 ? 'without attackers' : 'with attackers';
      return [
        ...(run.failed > 0 ? [`${label}: ${run.failed} legitimate requests failed (${run.firstFailure ?? JSON.stringify(run.requestErrors)})`] : []),
        ...Object.entries(run.readiness.notReady).map(([answer, n]) => `${label}: /readyz answered ${answer} ${n} times`),
      ];
    }),
    ...unexpectedAnswers(attackInput, attacks),
  ];
  return { plain, attacked, attacks, problems };
}

export function attackTable(result: AttackSoakResult): string {
  const { plain, attacked } = result;
  const ratio = (a: number | null, b: number | null) => (a && b ? `x${(b / a).toFixed(2)}` : 'n/a');
  const rows: [string, string][] = [
    ['legitimate clients', 'without attackers | with attackers'],
    ['  requests (req/s)', `${plain.requests} (${plain.rps}) | ${attacked.requests} (${attacked.rps})`],
    [
      '  latency p50 / p95 / p99 / max',
      `${plain.p50} / ${plain.p95} / ${plain.p99} / ${plain.max} | ${attacked.p50} / ${attacked.p95} / ${attacked.p99} / ${attacked.max} ms (p50 ${ratio(plain.p50, attacked.p50)}, p99 ${ratio(plain.p99, attacked.p99)})`,
    ],
    ['  failed', `${plain.failed} | ${attacked.failed}`],
    [
      '/readyz polls (not 200)',
      `${plain.readiness.polls} (${Object.values(plain.readiness.notReady).reduce((a, b) => a + b, 0)}) | ${attacked.readiness.polls} (${Object.values(attacked.readiness.notReady).reduce((a, b) => a + b, 0)})`,
    ],
    ['load average after', `${plain.loadAverage.after.toFixed(2)} | ${attacked.loadAverage.after.toFixed(2)} (${os.cpus().length} cores)`],
    ['attack', 'sent: answers'],
    ...Object.entries(result.attacks).map(([name, counts]): [string, string] => [
      `  ${name}`,
      `${counts.sent}: ${Object.entries(counts.answers)
        .map(([answer, n]) => `${n} x ${answer}`)
        .join(', ')}`,
    ]),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const verdict =
    result.problems.length === 0
      ? ['held: no legitimate failure, every attack refused as expected, /readyz 200 throughout']
      : result.problems.map((p) => `FAILED: ${p}`);
  return [...rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`), ...verdict].join('\n');
}

async function main(): Promise<number> {
  const connections = Number(process.env.SOAK_CONNECTIONS ?? 50);
  const durationSeconds = Number(process.env.SOAK_DURATION ?? 30);
  const warmupSeconds = Number(process.env.SOAK_WARMUP ?? 5);
  // More rounds in one process show whether memory keeps climbing or settles.
  const rounds = Number(process.env.SOAK_ROUNDS ?? 1);
  const attacking = process.argv.includes('--attacks') || process.env.SOAK_ATTACKS === '1';
  // Low enough that the rate-limit attacker is past it within seconds of a short run.
  const requestBudget = Number(process.env.SOAK_RATE_LIMIT ?? 180);
  const { config, dataDir } = await benchAppConfig(
    'golden-thread-soak-',
    attacking
      ? // The limiter on, each legitimate client its own address as a trusted proxy on loopback would say.
        { GT_SEED: 'always', GT_RATE_LIMIT_PER_MINUTE: String(requestBudget), GT_TRUST_PROXY: 'loopback', GT_JWT_SECRET: SECRET }
      : { GT_SEED: 'always' },
  );
  const app = await startApplication(config, createLogger(config));
  try {
    console.log(
      `soak${attacking ? ' with attacks' : ''}: ${connections} clients for ${durationSeconds} s (after ${warmupSeconds} s warm-up) against ${app.url}, ${SOAK_OPERATIONS.length} operations in turn; uptime: ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(', ')}`,
    );
    const jvm = app.embedded ? { jvmPid: app.embedded.pid } : {};
    if (attacking) {
      const result = await attackSoak({
        url: app.url,
        connections,
        durationSeconds,
        warmupSeconds,
        connectionRate: Number(process.env.SOAK_CLIENT_RATE ?? 2),
        attack: { perSecond: Number(process.env.SOAK_ATTACK_RATE ?? 2), editorToken: await lancashireEditor(), requestBudget },
        ...jvm,
      });
      console.log(`without attackers:\n${soakTable(result.plain)}\n\nwith attackers:\n${soakTable(result.attacked)}\n\n${attackTable(result)}`);
      return result.problems.length === 0 ? 0 : 1;
    }
    let failed = 0;
    for (let round = 1; round <= rounds; round += 1) {
      const result = await soak({ url: app.url, connections, durationSeconds, warmupSeconds: round === 1 ? warmupSeconds : 0, ...jvm });
      if (rounds > 1) console.log(`round ${round} of ${rounds}`);
      console.log(soakTable(result));
      failed += result.failed;
    }
    return failed === 0 ? 0 : 1;
  } finally {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
