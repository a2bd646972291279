/** impact's pages: how many, in what order, and the cursor that says where the next one starts. */
import { ErrorCode, GoldenThreadError } from '../../errors.js';
import type { EntityRef } from '../shapes.js';

export const IMPACT_DEFAULT_FIRST = 50;
export const IMPACT_MAX_FIRST = 500;

/** The page size `first` asks for: the default when omitted, at most the maximum, BAD_USER_INPUT below 1. */
export function impactLimit(first: unknown): number {
  if (first === undefined || first === null) return IMPACT_DEFAULT_FIRST;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1)
    throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'first must be a whole number of at least 1.');
  return Math.min(first, IMPACT_MAX_FIRST);
}

/**
 * Pages are ordered by name, then id, compared code point by code point: the same order on every
 * server whatever its locale, so a cursor means the same thing everywhere. The cursor carries
 * that key rather than an offset, so a page does not shift when dependents are added before it.
 */
export function compareKey(a: EntityRef, b: { name: string; id: string }): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

export function encodeCursor(ref: EntityRef): string {
  return Buffer.from(JSON.stringify([ref.name, ref.id]), 'utf8').toString('base64url');
}

export function decodeCursor(after: unknown): { name: string; id: string } | null {
  if (after === undefined || after === null) return null;
  if (typeof after === 'string') {
    try {
      const key: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
      if (Array.isArray(key) && key.length === 2 && typeof key[0] === 'string' && typeof key[1] === 'string') return { name: key[0], id: key[1] };
    } catch {
      // Falls through to the same answer as any other string that is not a cursor.
    }
  }
  throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, "after must be an endCursor (or a dependent's cursor) from an earlier impact answer.");
}
