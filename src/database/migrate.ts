import type { Database } from './driver.js';
import { cypher, statements } from './cypher.js';
import { ensureGeneration } from './generation.js';

/**
 * Applies cypher/schema/constraints.cypher, then repairs what older versions stored: every
 * statement is IF NOT EXISTS or touches only what still needs it, so it is safe at each start.
 * `entityTypes` is the model's EntityType value of each entity label (the database layer sits
 * above the model, so the caller hands it down).
 */
export async function applySchema(database: Database, entityTypes: Readonly<Record<string, string>>): Promise<number> {
  const all = statements('schema/constraints');
  for (const statement of all) {
    await database.run(statement, {}, 'WRITE');
  }
  await database.run('CALL db.awaitIndexes(60)', {}, 'READ');
  await database.run(cypher('migrations/entity-type-from-label'), { types: entityTypes }, 'WRITE');
  await ensureGeneration(database);
  return all.length;
}
