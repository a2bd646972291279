/**
 * `npx tsx bench/profile.ts <op> [cached|no-cache] [seconds] [clients]`: where one question's time goes.
 * Starts the application as the bench does (1x: Lancashire and the legal layer), warms the
 * question, then loads it from a child process (autocannon, 10 clients unless told) while this process, the
 * API, runs under the V8 profiler; writes bench/out/profile-<op>-<mode>.cpuprofile (open it in
 * Chrome's DevTools) and prints the functions and packages that took the most time.
 */
// First: graphql-js reads NODE_ENV when it loads.
import './production.js';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { startApplication } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { importSeed } from '../src/seed/import.js';
import { benchAppConfig } from './app-config.js';
import { BENCH_DIR, ROOT } from './generate.js';
import { OPS } from './ops.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [name = 'trace', mode = 'no-cache', seconds = '10', clients = '10'] = process.argv.slice(2);
const op = OPS.find((candidate) => candidate.name === name);
if (op === undefined) throw new Error(`no question named ${name}; one of ${OPS.map((candidate) => candidate.name).join(', ')}`);
const headers: Record<string, string> = mode === 'no-cache' ? { 'cache-control': 'no-cache' } : {};
const OUT = path.join(BENCH_DIR, 'out');

/** The package a script belongs to (its node_modules folder), or ours / node's own. */
function owner(url: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  if (url.includes('/src/')) return `src/${url.split('/src/')[1]!.split('/')[0]}`;
  if (url.startsWith('node:')) return 'node';
  return url === '' ? '(vm)' : 'other';
}

/** Self time per function and per package, in ms, most first. */
function summarise(profile: Profile): { functions: [string, number][]; packages: [string, number][]; totalMs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(`file://${ROOT}/`, '')}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
    const pkg = frame.url === '' ? frame.functionName : owner(frame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    totalMs += ms;
  }
  const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, 25);
  return { functions: top(functions), packages: top(packages), totalMs };
}

const { config, dataDir } = await benchAppConfig('golden-thread-profile-', { GT_SEED: 'never', GT_NEO4J_HEAP: '1g', GT_NEO4J_PAGECACHE: '512m' });
const app = await startApplication(config, createLogger(config));
try {
  await importSeed(
    app.database,
    ['uk-legal-basis', 'lancashire-shared-bodies', 'lancashire-csa-2014-2016'].map((folder) => path.join(ROOT, 'seed', folder)),
  );
  const body = JSON.stringify({ query: op.graphql, variables: op.variables });
  for (let i = 0; i < 50; i++) {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status} ${await response.text()}`);
    await response.text();
  }
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const input = JSON.stringify({ url: app.url, body, headers, connections: Number(clients), duration: Number(seconds) });
  const load = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, 'load.ts'), input], { cwd: ROOT }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim().split('\n').pop()!),
    ),
  );
  const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
  session.disconnect();
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `profile-${name}-${mode}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  const { functions, packages, totalMs } = summarise(profile);
  const served = JSON.parse(load) as { count: number; rps: number; p50: number; p99: number };
  const perRequest = (ms: number) => (ms / served.count).toFixed(3);
  console.log(
    `${name} ${mode}: ${served.count} requests, ${served.rps.toFixed(0)} req/s, p50 ${served.p50} ms, p99 ${served.p99} ms; profile ${path.relative(ROOT, file)}`,
  );
  console.log(`API process CPU: ${(totalMs / served.count).toFixed(3)} ms per request (idle included in (idle) below)`);
  console.log('\nself time by package, ms per request:');
  for (const [pkg, ms] of packages) console.log(`  ${perRequest(ms).padStart(7)}  ${pkg}`);
  console.log('\nself time by function, ms per request:');
  for (const [fn, ms] of functions) console.log(`  ${perRequest(ms).padStart(7)}  ${fn}`);
} finally {
  await app.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
