/**
 * trace before and after a change to cypher/queries/trace.cypher, on a database kept between runs:
 *
 *   tsx bench/trace-check.ts load DIR seed            the whole seed folder (what the read tests use)
 *   tsx bench/trace-check.ts load DIR 1000            the bench's graph: the legal layer, Lancashire, 999 generated
 *   tsx bench/trace-check.ts compare DIR [SAMPLE|all] [PREFIX]  every activity (whose id starts with PREFIX), or SAMPLE of them spread evenly, on several
 *                                                     dates and evidence filters: the query row and the API's Trace
 *                                                     of the old text (git REV, default main) against the working tree's
 *   tsx bench/trace-check.ts time DIR [ACTIVITY] [N]  PROFILE (db hits, rows out of the walk) and N timed runs of each
 *   tsx bench/trace-check.ts impact DIR [SAMPLE] [N] impact before and after (impact-step), on a few subjects and a sample; N timed runs
 *   tsx bench/trace-check.ts serve DIR                keeps the database up (until killed) for the commands above to share
 *   tsx bench/trace-check.ts cypher DIR 'STATEMENT'   one ad-hoc read, its rows as JSON
 *
 * Env: TRACE_OLD_REV (main), GT_NEO4J_HEAP (2g), GT_NEO4J_PAGECACHE (1g).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { openDatabase } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/database/driver.js';
import { applySchema } from '../src/database/migrate.js';
import { createLogger } from '../src/logger.js';
import { CYPHER_FRAGMENTS, ENTITY_TYPE_OF_LABEL, THREAD_STEPS } from '../src/model/index.js';
import { parseEvidence } from '../src/operations/input.js';
import { query, THREAD } from '../src/operations/queries.js';
import { impact } from '../src/operations/impact.js';
import { trace } from '../src/operations/trace.js';
import { importSeed } from '../src/seed/import.js';
import { freePort } from '../test/support/ports.js';
import { BENCH_DIR, ROOT, datasetName, generate } from './generate.js';
import { printPlan, type PlanNode } from './plan.js';

const [command, dirArg, ...rest] = process.argv.slice(2);
if (command === undefined || dirArg === undefined) throw new Error('usage: tsx bench/trace-check.ts load|compare|time DIR ...');
const DIR = path.resolve(dirArg);
const OLD_REV = process.env.TRACE_OLD_REV ?? 'main';

/** The old statement, its comments dropped and its fragments rendered as queries.ts does. */
function oldTrace(): string {
  const text = execFileSync('git', ['show', `${OLD_REV}:cypher/queries/trace.cypher`], { cwd: ROOT, encoding: 'utf8' });
  return text
    .split('\n')
    .filter((line) => !/^\s*(\/\/.*)?$/.test(line))
    .join('\n')
    .replace(/\{\{(\w+) ([^}]+)\}\}/g, (_, name: string, variable: string) => CYPHER_FRAGMENTS[name]!(variable.trim()));
}

async function open(): Promise<{ db: Database; stop: () => Promise<void> }> {
  // Only `load` makes the folder: another command given a wrong one would start an empty database there.
  if (command === 'load') fs.mkdirSync(DIR, { recursive: true });
  else if (!fs.existsSync(path.join(DIR, 'store'))) throw new Error(`${DIR} holds no database; make one with: tsx bench/trace-check.ts load ${DIR} seed`);
  const config = loadConfig({
    GT_DATA_DIR: DIR,
    GT_BOLT_PORT: String(await freePort()),
    GT_SEED: 'never',
    LOG_LEVEL: 'warn',
    GT_NEO4J_HEAP: process.env.GT_NEO4J_HEAP ?? '2g',
    GT_NEO4J_PAGECACHE: process.env.GT_NEO4J_PAGECACHE ?? '1g',
    GT_QUERY_TIMEOUT_MS: '600000',
  });
  const { database, embedded } = await openDatabase(config, createLogger(config), { share: true });
  return {
    db: database,
    stop: async () => {
      await database.close();
      await embedded?.stop();
    },
  };
}

async function load(db: Database, what: string): Promise<void> {
  await applySchema(db, ENTITY_TYPE_OF_LABEL);
  if (what === 'seed') {
    await importSeed(db, [path.join(ROOT, 'seed')]);
    return;
  }
  const agreements = Number(what);
  const outDir = path.join(BENCH_DIR, 'out', 'generated');
  generate(agreements - 1, outDir);
  await importSeed(
    db,
    ['uk-legal-basis', 'lancashire-shared-bodies', 'lancashire-csa-2014-2016'].map((name) => path.join(ROOT, 'seed', name)),
  );
  for (let loaded = 1; loaded < agreements; loaded += 100) {
    const count = Math.min(100, agreements - loaded);
    await importSeed(
      db,
      Array.from({ length: count }, (_, i) => path.join(outDir, datasetName(loaded + i))),
    );
    console.log(`${loaded + count} agreements`);
  }
}

/** The old impact-step statement (git OLD_REV), rendered as the current one is. */
function oldImpactStep(): string {
  const text = execFileSync('git', ['show', `${OLD_REV}:cypher/queries/impact-step.cypher`], { cwd: ROOT, encoding: 'utf8' });
  return text
    .split('\n')
    .filter((line) => !/^\s*(\/\/.*)?$/.test(line))
    .join('\n')
    .replace(/\{\{(\w+) ([^}]+)\}\}/g, (_, name: string, variable: string) => CYPHER_FRAGMENTS[name]!(variable.trim()));
}

/** How many statements the old impact-step stood in for. */
let swapped = 0;

/** The same Database, its read transactions running the old impact-step wherever the new one is sent. */
function withOldImpactStep(db: Database): Database {
  const now = query('impact-step');
  const old = oldImpactStep();
  const tx = (t: ManagedTransaction) =>
    new Proxy(t, {
      get: (target, key) =>
        key === 'run'
          ? (text: string, params?: Record<string, unknown>) => target.run(text === now ? (swapped++, old) : text, params)
          : (Reflect.get(target, key) as unknown),
    });
  const driver = new Proxy(db.driver, {
    get: (target, key) =>
      key === 'session'
        ? (config: Parameters<Driver['session']>[0]) => {
            const session = target.session(config);
            return new Proxy(session, {
              get: (s, k) =>
                k === 'executeRead'
                  ? <T>(work: (t: ManagedTransaction) => Promise<T>) => s.executeRead((t) => work(tx(t)))
                  : typeof Reflect.get(s, k) === 'function'
                    ? (Reflect.get(s, k) as (...args: unknown[]) => unknown).bind(s)
                    : (Reflect.get(s, k) as unknown),
            });
          }
        : typeof Reflect.get(target, key) === 'function'
          ? (Reflect.get(target, key) as (...args: unknown[]) => unknown).bind(target)
          : (Reflect.get(target, key) as unknown),
  });
  return new Proxy(db, { get: (target, key, receiver) => (key === 'driver' ? driver : (Reflect.get(target, key, receiver) as unknown)) });
}

/** impact before and after, on subjects that reach much and on a sample of every entity; then the time of the first. */
async function compareImpact(db: Database, sample: number, runs: number): Promise<void> {
  const all = (await db.run<{ id: string }>('MATCH (n:Entity) WHERE NOT n:Activity RETURN n.id AS id ORDER BY id')).map((r) => r.id);
  const named = [
    'ukpga/1998/37',
    'duty-cda-1998-s6-crime-disorder-strategy',
    'crown-prosecution-service',
    'lancashire-constabulary',
    'transforming-rehabilitation-2013',
  ].filter((id) => all.includes(id));
  const ids = [...named, ...Array.from({ length: Math.min(sample, all.length) }, (_, i) => all[Math.floor((i * all.length) / sample)]!)];
  const old = withOldImpactStep(db);
  let differ = 0;
  for (const id of ids) {
    for (const asOf of [null, '2015-06-01']) {
      const [a, b] = [await impact(old, { id, asOf }), await impact(db, { id, asOf })];
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        differ += 1;
        console.log(`DIFFERENT impact(${id}) asOf ${asOf}`);
      }
    }
  }
  console.log(`${ids.length} subjects, ${ids.length * 2} cases (the old impact-step ran ${swapped} times); ${differ} differ`);
  const ms: Record<string, number[]> = { old: [], new: [] };
  for (let i = 0; i < runs; i += 1) {
    for (const [name, target] of [
      ['old', old],
      ['new', db],
    ] as const) {
      const t0 = performance.now();
      await impact(target, { id: ids[0]!, asOf: null });
      ms[name]!.push(performance.now() - t0);
    }
  }
  for (const [name, list] of Object.entries(ms)) {
    const sorted = [...list].sort((x, y) => x - y);
    console.log(
      `impact(${ids[0]}) ${name}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, min ${sorted[0]!.toFixed(1)} over ${list.length} runs`,
    );
  }
}

/** The old statement's relationshipFilter: every step of the thread, in its order. */
const OLD_FILTER = THREAD_STEPS.map((s) => (s.direction === 'out' ? `${s.type}>` : `<${s.type}`)).join('|');

/** Runs the old statement with its own parameters: the thread as it was given to it. */
function runOld(db: Database, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  return db.run(oldTrace(), { ...params, thread: { ...THREAD, traceFilter: OLD_FILTER } }, 'READ');
}

/** The same Database, with the working tree's trace statement swapped for the old one. */
function withOldTrace(db: Database): Database {
  const now = query('trace');
  return new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'run')
        return (cypher: string, params?: Record<string, unknown>, mode?: Parameters<Database['run']>[2]) =>
          cypher === now ? runOld(target, params ?? {}) : target.run(cypher, params, mode);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

const DATES: readonly (string | null)[] = [null, '2015-06-01', '2014-06-01', '2017-01-01', '2009-01-01', '2024-06-01'];
const FILTERS = [{}, { verifiedOnly: true }, { basis: ['STATED'] }];

/** A trace row with its lists sorted: the same chains, nodes and relationships, whatever their order. */
function unordered(row: Record<string, unknown>): Record<string, unknown> {
  const sorted = (list: unknown) => ((list ?? []) as unknown[]).map((x) => JSON.stringify(x)).sort();
  return { ...row, nodes: sorted(row.nodes), rels: sorted(row.rels), chains: sorted(row.chains) };
}

async function compare(db: Database, sample: number | undefined, prefix: string): Promise<void> {
  const all = (await db.run<{ id: string }>('MATCH (a:Activity) WHERE a.id STARTS WITH $prefix RETURN a.id AS id ORDER BY id', { prefix })).map((r) => r.id);
  const ids = sample === undefined || sample >= all.length ? all : Array.from({ length: sample }, (_, i) => all[Math.floor((i * all.length) / sample)]!);
  const old = withOldTrace(db);
  let cases = 0;
  let differ = 0;
  let reordered = 0;
  let chains = 0;
  for (const activityId of ids) {
    for (const asOf of DATES) {
      for (const filter of FILTERS) {
        const params = { activityId, asOf, thread: THREAD, evidence: parseEvidence(filter.basis, filter.verifiedOnly) };
        const [rowOld, rowNew] = [await runOld(db, params), await db.run(query('trace'), params, 'READ')];
        const [apiOld, apiNew] = [await trace(old, { activityId, asOf, ...filter }), await trace(db, { activityId, asOf, ...filter })];
        cases += 1;
        chains += apiNew.paths.length;
        const rowSame = JSON.stringify(rowOld) === JSON.stringify(rowNew);
        const rowSameSets = JSON.stringify(rowOld.map(unordered)) === JSON.stringify(rowNew.map(unordered));
        const apiSame = JSON.stringify(apiOld) === JSON.stringify(apiNew);
        if (!rowSame) reordered += 1;
        if (!rowSameSets || !apiSame) {
          differ += 1;
          console.log(
            `DIFFERENT ${activityId} asOf ${asOf} ${JSON.stringify(filter)}: row ${rowSameSets ? 'same as sets' : 'differs'}, API ${apiSame ? 'same' : 'differs'}`,
          );
        }
      }
    }
  }
  console.log(
    `${ids.length} activities, ${cases} cases, ${chains} chains in the new answers; ${differ} differ (API, or the row's chains, nodes and relationships as sets); ${reordered} rows list them in another order`,
  );
}

async function time(db: Database, activityId: string, runs: number): Promise<void> {
  const params = { activityId, asOf: null, thread: THREAD, evidence: parseEvidence(undefined, undefined) };
  const statements: Record<string, [string, Record<string, unknown>]> = {
    old: [oldTrace(), { ...params, thread: { ...THREAD, traceFilter: OLD_FILTER } }],
    new: [query('trace'), params],
  };
  for (const [name, [text, given]] of Object.entries(statements)) {
    const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.run(`PROFILE ${text}`, given);
      let hits = 0;
      const procs: string[] = [];
      const walk = (node: PlanNode) => {
        hits += Number(node.dbHits ?? 0);
        if (node.operatorType.startsWith('ProcedureCall')) procs.push(`${String(node.arguments?.Details ?? '').slice(0, 40)}… rows ${node.rows}`);
        for (const child of node.children ?? []) walk(child);
      };
      walk(result.summary.profile as unknown as PlanNode);
      console.log(`${name}: ${hits} db hits; ${procs.join('; ')}`);
    } finally {
      await session.close();
    }
  }
  // Alternate old and new, so load on the machine falls on both alike.
  const ms: Record<string, number[]> = { old: [], new: [] };
  for (let i = 0; i < runs; i += 1) {
    for (const [name, [text, given]] of Object.entries(statements)) {
      const t0 = performance.now();
      await db.run(text, given, 'READ');
      ms[name]!.push(performance.now() - t0);
    }
  }
  for (const [name, list] of Object.entries(ms)) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(
      `${name}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, min ${sorted[0]!.toFixed(1)}, max ${sorted[sorted.length - 1]!.toFixed(1)} over ${list.length} runs`,
    );
  }
}

const { db, stop } = await open();
try {
  if (command === 'load') await load(db, rest[0] ?? 'seed');
  else if (command === 'compare') await compare(db, rest[0] === undefined || rest[0] === 'all' ? undefined : Number(rest[0]), rest[1] ?? '');
  else if (command === 'serve') await new Promise<void>((resolve) => process.once('SIGTERM', resolve).once('SIGINT', resolve));
  else if (command === 'cypher') {
    // A statement, or @FILE; fragments rendered; the trace parameters given, for activity rest[1].
    const text = (rest[0]!.startsWith('@') ? fs.readFileSync(rest[0]!.slice(1), 'utf8') : rest[0]!).replace(
      /\{\{(\w+) ([^}]+)\}\}/g,
      (_, name: string, variable: string) => CYPHER_FRAGMENTS[name]!(variable.trim()),
    );
    const params = {
      activityId: rest[1] ?? 'lancashire-csa-2014-2016/activity/11',
      asOf: rest[2] ?? null,
      thread: THREAD,
      evidence: parseEvidence(undefined, undefined),
      ...(JSON.parse(process.env.PARAMS ?? '{}') as Record<string, unknown>),
    };
    const t0 = performance.now();
    if (process.env.PROFILE) {
      const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
      const result = await session.run(`PROFILE ${text}`, params);
      await session.close();
      printPlan(result.summary.profile as unknown as PlanNode, 120);
    } else console.log(JSON.stringify(await db.run(text, params, 'READ'), null, 1));
    console.error(`${(performance.now() - t0).toFixed(1)} ms`);
  } else if (command === 'diff') {
    // One activity: how the two answers differ, chain by chain.
    const params = { activityId: rest[0]!, asOf: rest[1] ?? null, thread: THREAD, evidence: parseEvidence(undefined, undefined) };
    const show = (row: Record<string, unknown> | undefined) =>
      ((row?.chains ?? []) as { nodes: string[]; rels: string[] }[]).map((c) => `${c.nodes.join(' > ')} [${c.rels.map((r) => r.split(':').pop()).join(' ')}]`);
    const t0 = performance.now();
    const [old] = await runOld(db, params);
    const t1 = performance.now();
    const [now] = await db.run(query('trace'), params, 'READ');
    console.log(`old ${(t1 - t0).toFixed(0)} ms, new ${(performance.now() - t1).toFixed(0)} ms`);
    const [a, b] = [show(old), show(now)];
    for (const c of a) if (!b.includes(c)) console.log(`only old: ${c}`);
    for (const c of b) if (!a.includes(c)) console.log(`only new: ${c}`);
    console.log(`old ${a.length} chains, new ${b.length}; same order: ${JSON.stringify(a) === JSON.stringify(b)}`);
    if (process.env.ORDER) a.forEach((c, i) => console.log(`${String(i).padStart(3)} ${b.indexOf(c)}  ${c}`));
  } else if (command === 'plan') {
    // The statement's PROFILE, operator by operator.
    const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.READ });
    try {
      const params = {
        activityId: rest[0] ?? 'lancashire-csa-2014-2016/activity/11',
        asOf: rest[1] ?? null,
        thread: THREAD,
        evidence: parseEvidence(undefined, undefined),
      };
      // OLD=1: the old statement's, with the thread as it was given to it.
      const result = process.env.OLD
        ? await session.run(`PROFILE ${oldTrace()}`, { ...params, thread: { ...THREAD, traceFilter: OLD_FILTER } })
        : await session.run(`PROFILE ${query('trace')}`, params);
      printPlan(result.summary.profile as unknown as PlanNode, 150);
    } finally {
      await session.close();
    }
  } else if (command === 'impact') await compareImpact(db, Number(rest[0] ?? 20), Number(rest[1] ?? 5));
  else if (command === 'time') await time(db, rest[0] ?? 'lancashire-csa-2014-2016/activity/11', Number(rest[1] ?? 20));
  else throw new Error(`unknown command ${command}`);
} finally {
  await stop();
}
