/**
 * The seeded graph, without vitest, so that the global setup (which runs outside the test
 * workers and may not import vitest) and the slow tier's files share one definition of it.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Database } from '../../src/database/driver.js';
import { applySchema } from '../../src/database/migrate.js';
import { ENTITY_TYPE_OF_LABEL } from '../../src/model/index.js';
import { importSeed } from '../../src/seed/import.js';

export const SEED_DIR = path.join(PROJECT_ROOT, 'seed');

/**
 * Empties the test database, then gives it the constraints and the whole seed folder. Only for
 * whoever owns the whole graph: the global setup before any read or write file runs, and the
 * slow tier's files, which run alone after the read and write tiers.
 */
export async function wipeAndSeed(db: Database): Promise<void> {
  await db.run('MATCH (n) DETACH DELETE n', {}, 'WRITE');
  await applySchema(db, ENTITY_TYPE_OF_LABEL);
  await importSeed(db, [SEED_DIR]);
}
