import type { Config } from '../config.js';
import { cypher } from '../database/cypher.js';
import type { Database } from '../database/driver.js';
import type { Logger } from '../logger.js';
import { checkTargets } from './check.js';
import { importSeed, SeedInvalidError } from './import.js';

/**
 * GT_SEED=missing (the default) loads the seed folder only into a graph that has never been
 * seeded, so edits made through the API survive a restart; `always` re-imports at each start.
 * A re-import the import refuses (it would undo API edits or take API-made links) leaves the graph
 * as it is and is logged: the server still serves what it holds, and nothing is undone silently.
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
  const seeded = config.seedMode === 'always' && ((await database.run<{ seeded: number }>(cypher('seed/seeded-datasets')))[0]?.seeded ?? 0) > 0;
  // A broken seed file stops the start whatever the mode; only the graph's refusals are logged.
  const checked = await checkTargets([config.seedDir]);
  if (checked.problems.length > 0) throw new SeedInvalidError(checked.problems);
  let report;
  try {
    report = await importSeed(database, checked);
  } catch (error) {
    if (!(seeded && error instanceof SeedInvalidError)) throw error;
    logger.error({ problems: error.details }, 'GT_SEED=always: the seed folder was not re-imported; the graph is as it was');
    return;
  }
  const { diffs, ...counts } = report;
  logger.info({ ...counts, changes: diffs.map((diff) => ({ dataset: diff.dataset, entities: diff.entities.added.length + diff.entities.changed.length + diff.entities.removed.length, relationships: diff.relationships.added.length + diff.relationships.changed.length + diff.relationships.removed.length })) }, 'seed imported');
}
