import path from 'node:path';
import { inject } from 'vitest';
import { PROJECT_ROOT, loadConfig, type Config } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/database/driver.js';
import { applySchema } from '../../src/database/migrate.js';
import { importSeed } from '../../src/seed/import.js';

export const SEED_DIR = path.join(PROJECT_ROOT, 'seed');

/** A driver on the run's test database. */
export async function testDatabase(): Promise<Database> {
  const target = inject('neo4j');
  return connectDatabase({ uri: target.uri, user: target.user, password: target.password, database: target.database }, 30_000);
}

/** Configuration for an application that uses the test database (and starts nothing). */
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
    ...overrides,
  });
}

/** Empties the test database. Only ever called on the throw-away test database. */
export async function wipe(db: Database): Promise<void> {
  await db.run('MATCH (n) DETACH DELETE n', {}, 'WRITE');
}

/** A clean, known graph: empty, with the constraints, then the whole seed folder imported. */
export async function resetToSeed(db: Database): Promise<void> {
  await wipe(db);
  await applySchema(db);
  await importSeed(db, [SEED_DIR]);
}
