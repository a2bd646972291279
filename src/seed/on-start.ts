import type { Config } from '../config.js';
import { cypher } from '../database/cypher.js';
import type { Database } from '../database/driver.js';
import type { Logger } from '../logger.js';
import { importSeed } from './import.js';

/**
 * GT_SEED=missing (the default) loads the seed folder only into a graph that has never been
 * seeded, so edits made through the API survive a restart; `always` re-imports at each start.
 */
export async function seedOnStart(database: Database, config: Config, logger: Logger): Promise<void> {
  if (config.seedMode === 'never') return;
  if (config.seedMode === 'missing') {
    const rows = await database.run<{ seeded: number }>(cypher('seed/seeded-datasets'));
    if ((rows[0]?.seeded ?? 0) > 0) {
      logger.info('graph already seeded; set GT_SEED=always to re-import the seed folder');
      return;
    }
  }
  const report = await importSeed(database, [config.seedDir]);
  const { diffs, ...counts } = report;
  logger.info({ ...counts, changes: diffs.map((diff) => ({ dataset: diff.dataset, entities: diff.entities.added.length + diff.entities.changed.length + diff.entities.removed.length, relationships: diff.relationships.added.length + diff.relationships.changed.length + diff.relationships.removed.length })) }, 'seed imported');
}
