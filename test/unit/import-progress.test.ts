import { describe, expect, it } from 'vitest';
import { describeProgress } from '../../src/seed/import.js';
import { estimateRemainingMs } from '../../src/seed/progress.js';

describe('the import progress estimate', () => {
  it('has no estimate before the first row is written: there is no pace yet', () => {
    expect(estimateRemainingMs(0, 100_000, 0)).toBeUndefined();
    expect(estimateRemainingMs(0, 100_000, 5_000)).toBeUndefined();
  });

  it('projects the average pace so far onto the rows left', () => {
    // 5,000 rows in 10 s is 2 ms a row; 95,000 rows left.
    expect(estimateRemainingMs(5_000, 100_000, 10_000)).toBe(190_000);
    expect(estimateRemainingMs(50_000, 100_000, 10_000)).toBe(10_000);
    expect(estimateRemainingMs(99_999, 100_000, 99_999)).toBe(1);
  });

  it('says nothing is left once every row is written, and never a negative time', () => {
    expect(estimateRemainingMs(100_000, 100_000, 60_000)).toBe(0);
    expect(estimateRemainingMs(100_001, 100_000, 60_000)).toBe(0);
    expect(estimateRemainingMs(0, 0, 0)).toBe(0);
  });

  it('prints entities and relationships apart, the elapsed time and what is left, on one plain line', () => {
    const line = describeProgress({
      written: 15_000,
      total: 610_000,
      entities: { written: 10_000, total: 100_000 },
      relationships: { written: 5_000, total: 510_000 },
      elapsedMs: 12_345,
      remainingMs: estimateRemainingMs(15_000, 610_000, 12_345),
    });
    expect(line).toBe('written 10000 of 100000 entities and 5000 of 510000 relationships in 12.3 s, about 490 s to go');
    expect(['\r', '\n', '\u001b'].some((code) => line.includes(code))).toBe(false);
    expect(
      describeProgress({ written: 2, total: 2, entities: { written: 1, total: 1 }, relationships: { written: 1, total: 1 }, elapsedMs: 900, remainingMs: 0 }),
    ).toBe('written 1 of 1 entities and 1 of 1 relationships in 0.9 s, done');
  });
});
