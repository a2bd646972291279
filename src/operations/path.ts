/** path(fromId, toId): the shortest explained connection between two entities along the golden thread. */
import type { Database } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import type { OperationCost } from './cost.js';
import { quoteInput, requireId } from './input.js';
import { query, THREAD } from './queries.js';
import { toTracePath, type PathRow } from './rows.js';
import type { EntityRef, TraceStep } from './shapes.js';

interface PathQueryRow extends Record<string, unknown> {
  readonly from: EntityRef | null;
  readonly to: EntityRef | null;
  readonly path: PathRow | null;
}

/** One bounded shortest-path search. */
export const pathCost: OperationCost = (_args, child) => 50 + child;

export async function shortestPath(db: Database, args: { fromId: unknown; toId: unknown }): Promise<TraceStep[] | null> {
  const fromId = requireId(args.fromId, 'fromId');
  const toId = requireId(args.toId, 'toId');
  const [row] = await db.run<PathQueryRow>(query('path'), { fromId, toId, thread: THREAD }, 'READ');
  // The same unknown id at both ends is one problem, said once.
  const missing = [...new Set([row?.from ? null : fromId, row?.to ? null : toId].filter((id): id is string => id !== null))];
  if (missing.length > 0) throw new GoldenThreadError(ErrorCode.NOT_FOUND, `No entity has the id ${missing.map(quoteInput).join(' or the id ')}.`);
  if (fromId === toId) return [];
  return row?.path ? [...toTracePath(row.path).steps] : null;
}
