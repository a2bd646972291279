import type { Database } from './driver.js';
import { statements } from './cypher.js';

/** Applies cypher/schema/constraints.cypher; every statement is IF NOT EXISTS, so it is safe at each start. */
export async function applySchema(database: Database): Promise<number> {
  const all = statements('schema/constraints');
  for (const statement of all) {
    await database.run(statement, {}, 'WRITE');
  }
  await database.run('CALL db.awaitIndexes(60)', {}, 'READ');
  return all.length;
}
