/** How a walked chain becomes an answer: what grounds it, read from the nodes the query returns. */
import { describe, expect, it } from 'vitest';
import { toTracePath, type PathRow } from '../../src/operations/rows.js';

const evidence = {
  basis: 'STATED',
  source: 's',
  quote: null,
  note: null,
  verified: true,
  validFrom: null,
  validTo: null,
  dataset: 'd',
  changeId: null,
} as const;

const chainTo = (kind: string | null): PathRow => ({
  nodes: [
    { id: 'activity', type: 'ACTIVITY', name: 'An activity', scope: null, kind: null },
    { id: 'strategy', type: 'STRATEGY', name: 'A national document', scope: 'NATIONAL', kind },
  ],
  rels: [{ type: 'SUPPORTS', start: 'activity', evidence }],
});

describe('a chain that ends at a national document', () => {
  it('is grounded by a national strategy', () => {
    expect(toTracePath(chainTo('NATIONAL_STRATEGY')).grounded).toBe(true);
  });

  it.each(['REVIEW', 'ASSESSMENT', 'STANDARD', 'REPORT'])('is not grounded by a national %s, which the query now returns the kind of', (kind) => {
    expect(toTracePath(chainTo(kind)).grounded).toBe(false);
  });
});
