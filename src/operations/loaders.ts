/** Per-request loaders: entity references by id, batched into one query per tick. */
import DataLoader from 'dataloader';
import { cypher } from '../database/cypher.js';
import type { Database } from '../database/driver.js';
import { quoteInput } from './input.js';
import type { EntityRef } from './shapes.js';

export interface Loaders {
  /** The reference for an id, or null when no entity has it. */
  readonly entityRef: DataLoader<string, EntityRef | null>;
}

export function createLoaders(db: Database): Loaders {
  return {
    entityRef: new DataLoader<string, EntityRef | null>(async (ids) => {
      const rows = await db.run<EntityRef & Record<string, unknown>>(cypher('queries/entities'), { ids: [...ids] }, 'READ');
      const byId = new Map(rows.map((row) => [row.id, { id: row.id, type: row.type, name: row.name }]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

/**
 * The NOT_FOUND error for an id that is not of the kind asked for, saying what it is when it
 * exists as something else (a provision's id given as an activity's, say).
 */
export async function notFoundMessage(loaders: Loaders | undefined, kind: string, id: string): Promise<string> {
  const other = loaders ? await loaders.entityRef.load(id) : null;
  if (!other) return `No ${kind} has the id ${quoteInput(id)}.`;
  const what = other.type.toLowerCase();
  return `No ${kind} has the id ${quoteInput(id)}; it is ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} (${quoteInput(other.name)}).`;
}
