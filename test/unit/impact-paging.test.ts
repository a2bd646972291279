import { describe, expect, it } from 'vitest';
import { compareKey, decodeCursor, encodeCursor, impactLimit } from '../../src/operations/impact/paging.js';

describe("impact's pages", () => {
  it('defaults to 50, caps at 500 and refuses a first below 1', () => {
    expect(impactLimit(undefined)).toBe(50);
    expect(impactLimit(100_000)).toBe(500);
    expect(() => impactLimit(0)).toThrow(/at least 1/);
  });

  it('gives a cursor back as the key it was made from, and refuses anything else', () => {
    const ref = { id: 'a/1', type: 'ACTIVITY' as const, name: 'Ärger' };
    expect(decodeCursor(encodeCursor(ref))).toEqual({ name: 'Ärger', id: 'a/1' });
    expect(decodeCursor(undefined)).toBeNull();
    expect(() => decodeCursor('not a cursor')).toThrow(/endCursor/);
  });

  it('orders by name then id, code point by code point', () => {
    expect(compareKey({ id: 'b', type: 'ACTIVITY', name: 'Z' }, { name: 'a', id: 'a' })).toBeLessThan(0);
    expect(compareKey({ id: 'b', type: 'ACTIVITY', name: 'x' }, { name: 'x', id: 'a' })).toBeGreaterThan(0);
  });
});
