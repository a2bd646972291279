/** The fuzz suite's generated cases (the suite itself is in the slow tier: test/slow/fuzz.test.ts). */
import { describe, expect, it } from 'vitest';
import { allHttpCases, CATEGORIES } from '../slow/fuzz/cases.js';

/** The fuzz suite's seed: the same cases it sends. */
const SEED = 20_140_601;
const httpCases = allHttpCases(SEED);

describe('the fuzz cases', () => {
  it('generates several hundred distinct cases in every category', () => {
    expect(httpCases.length).toBeGreaterThanOrEqual(400);
    expect(new Set(httpCases.map((c) => `${c.category} ${c.name}`)).size).toBe(httpCases.length);
    for (const category of CATEGORIES)
      expect(
        httpCases.some((c) => c.category === category),
        category,
      ).toBe(true);
  });
});
