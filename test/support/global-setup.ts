import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/database/driver.js';
import { startEmbeddedNeo4j } from '../../src/database/embedded.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from './ports.js';
import { wipeAndSeed } from './seed-graph.js';

export interface TestNeo4j {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly database: string | undefined;
  /** The embedded database's data folder, or undefined for GT_TEST_NEO4J_URI. */
  readonly dataDir: string | undefined;
}

/** The tier a test file runs in (vitest.config.ts provides it per project). */
export type Tier = 'unit' | 'read' | 'write' | 'slow';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
    tier: Tier;
  }
}

/**
 * One Neo4j for the whole run, however many projects ask for it. Each project (read, write,
 * slow) loads this file through its own module runner, so module state is not shared between
 * them; the main process's globalThis is. Projects set up one after another and tear down after
 * the whole run, so a count of users is enough to stop the database after the last.
 */
interface Shared {
  users: number;
  target?: Promise<TestNeo4j>;
  seeded?: Promise<void>;
  stop?: () => Promise<void>;
}
const KEY = Symbol.for('golden-thread.test-neo4j');
const shared = (): Shared => ((globalThis as Record<symbol, unknown>)[KEY] ??= { users: 0 }) as Shared;

/**
 * Starts one real Neo4j for the run: the embedded one on a free port with a throw-away data
 * folder, or the server in GT_TEST_NEO4J_URI. The test run wipes its graph, so the app's own
 * NEO4J_URI is deliberately not used: a test run must never touch a real database by accident.
 */
async function start(state: Shared): Promise<TestNeo4j> {
  const uri = process.env.GT_TEST_NEO4J_URI;
  if (uri) {
    return {
      uri,
      user: process.env.GT_TEST_NEO4J_USER ?? 'neo4j',
      password: process.env.GT_TEST_NEO4J_PASSWORD ?? '',
      database: process.env.GT_TEST_NEO4J_DATABASE,
      dataDir: undefined,
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-thread-test-'));
  const config = loadConfig({ GT_DATA_DIR: dataDir, GT_BOLT_PORT: String(await freePort()), GT_NEO4J_HEAP: '1g', GT_NEO4J_PAGECACHE: '256m' });
  if (config.database.kind !== 'embedded') throw new Error('unreachable');
  const logger = createLogger({ logLevel: process.env.LOG_LEVEL === undefined ? 'warn' : config.logLevel });
  const embedded = await startEmbeddedNeo4j(config.database, logger);
  state.stop = async () => {
    await embedded.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { uri: embedded.uri, user: embedded.user, password: embedded.password, database: undefined, dataDir };
}

/** Wipes the run's database and imports the seed, once per run, before any test of any project. */
async function seed(target: TestNeo4j): Promise<void> {
  const db = await connectDatabase(target, 30_000);
  try {
    await wipeAndSeed(db);
  } finally {
    await db.close();
  }
}

/** Runs `step` and says how long it took: the run's fixed cost, before any test. */
async function timed<T>(what: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  console.log(`test database: ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/**
 * The global setup of the projects that need a database. `seeded: true` (read and write) also
 * imports the seed, once for the run; the slow tier's files reset the graph themselves.
 */
export async function useNeo4j(project: TestProject, options: { seeded: boolean }): Promise<() => Promise<void>> {
  const state = shared();
  state.users += 1;
  const teardown = async () => {
    state.users -= 1;
    if (state.users > 0) return;
    const stop = state.stop;
    delete state.target;
    delete state.seeded;
    delete state.stop;
    await stop?.();
  };
  try {
    state.target ??= timed('Neo4j started', () => start(state));
    const target = await state.target;
    if (options.seeded) await (state.seeded ??= timed('seed imported', () => seed(target)));
    project.provide('neo4j', target);
  } catch (error) {
    // vitest calls no teardown for a setup that failed: stop the database here.
    await teardown();
    throw error;
  }
  return teardown;
}

/** The slow tier: a database, no seed (each of its files owns the whole graph and resets it). */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return useNeo4j(project, { seeded: false });
}
