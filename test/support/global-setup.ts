import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/database/embedded.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from './ports.js';

export interface TestNeo4j {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly database: string | undefined;
  /** The embedded database's data folder, or undefined for GT_TEST_NEO4J_URI. */
  readonly dataDir: string | undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
  }
}

let embedded: EmbeddedNeo4j | undefined;
let dataDir: string | undefined;

/**
 * Starts one real Neo4j for the run: the embedded one on a free port with a throw-away data
 * folder, or the server in GT_TEST_NEO4J_URI. Tests wipe its graph, so the app's own
 * NEO4J_URI is deliberately not used: a test run must never touch a real database by accident.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const uri = process.env.GT_TEST_NEO4J_URI;
  if (uri) {
    project.provide('neo4j', {
      uri,
      user: process.env.GT_TEST_NEO4J_USER ?? 'neo4j',
      password: process.env.GT_TEST_NEO4J_PASSWORD ?? '',
      database: process.env.GT_TEST_NEO4J_DATABASE,
      dataDir: undefined,
    });
    return async () => undefined;
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-thread-test-'));
  const config = loadConfig({ GT_DATA_DIR: dataDir, GT_BOLT_PORT: String(await freePort()), GT_NEO4J_HEAP: '1g', GT_NEO4J_PAGECACHE: '256m' });
  if (config.database.kind !== 'embedded') throw new Error('unreachable');
  const logger = createLogger({ logLevel: process.env.LOG_LEVEL === undefined ? 'warn' : config.logLevel });
  embedded = await startEmbeddedNeo4j(config.database, logger);
  project.provide('neo4j', { uri: embedded.uri, user: embedded.user, password: embedded.password, database: undefined, dataDir });
  return async () => {
    await embedded?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
