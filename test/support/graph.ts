import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/database/driver.js';
import { SEED_DIR, wipeAndSeed } from './seed-graph.js';

export { SEED_DIR };

/** A driver on the run's test database. */
export async function testDatabase(): Promise<Database> {
  const target = inject('neo4j');
  return connectDatabase({ uri: target.uri, user: target.user, password: target.password, database: target.database }, 30_000);
}

/**
 * Configuration for an application that uses the test database (and starts nothing). Queries
 * get 30 s, not the production 10 s: read files run in parallel on a shared 2-core machine, where
 * a cold impact or coverage query (about a second when quiet) passed 10 s at load 28 (measured).
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const target = inject('neo4j');
  return loadConfig({
    NODE_ENV: 'test',
    NEO4J_URI: target.uri,
    NEO4J_USER: target.user,
    NEO4J_PASSWORD: target.password,
    ...(target.database ? { NEO4J_DATABASE: target.database } : {}),
    PORT: '0',
    GT_SEED: 'never',
    LOG_LEVEL: 'silent',
    GT_QUERY_TIMEOUT_MS: '30000',
    // Many tests change the graph directly (to set a case up, to clean it away), which the API
    // would not see; the response cache has tests of its own (test/write/response-cache.test.ts).
    GT_RESPONSE_CACHE_MAX_BYTES: '0',
    ...overrides,
  });
}

/**
 * A clean, known graph: empty, with the constraints, then the whole seed folder imported. Only
 * the slow tier may do this: its files run one at a time after the read and write tiers, and
 * own the whole graph. Read and write files get the graph the global setup seeded once.
 */
export async function resetToSeed(db: Database): Promise<void> {
  const tier = inject('tier');
  if (tier !== 'slow') throw new Error(`resetToSeed wipes the shared graph; a ${tier} test may not (only the slow tier owns the whole graph)`);
  await wipeAndSeed(db);
}
