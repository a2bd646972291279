import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY, AGREEMENT, STEP, startHarness, type Harness, type Ref, type Step } from '../support/harness.js';

interface Hit {
  id: string;
  type: string;
  name: string;
  score: number;
  entity: Ref;
}

const SEARCH = `query Search($text: String!, $first: Int) { search(text: $text, first: $first) { id type name score entity { id type name } } }`;
const PATH = `query Path($from: ID!, $to: ID!) { path(fromId: $from, toId: $to) { ${STEP} } }`;

/** The first 20 hits that are parts of the Lancashire agreement, in rank order. */
const lancashireTop20 = (hits: readonly Hit[]) =>
  hits
    .map((hit) => hit.id)
    .filter((id) => id.startsWith(`${AGREEMENT}/`))
    .slice(0, 20);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('search', () => {
  it('finds activity 4 for "domestic abuse", ranked best first', async () => {
    // Other partnerships' plans under seed/ speak of domestic abuse too: activity 4 is among the
    // first 20 of Lancashire's own hits, in a search wide enough to hold every plan's.
    const { search } = await h.data<{ search: Hit[] }>(SEARCH, { text: 'domestic abuse', first: 100 });
    expect(lancashireTop20(search)).toContain(ACTIVITY(4));
    for (let i = 1; i < search.length; i++) expect((search[i - 1] as Hit).score).toBeGreaterThanOrEqual((search[i] as Hit).score);
    for (const hit of search) expect(hit.entity).toEqual({ id: hit.id, type: hit.type, name: hit.name });
  });

  it('treats Lucene syntax as text and answers normally', async () => {
    for (const text of ['"(( AND ~ title:', 'AND', 'NOT OR', '\\', 'a:b/c* ?', '[1 TO 5]', '!!!', 'domestic && abuse || -x']) {
      const result = await h.query<{ search: Hit[] }>(SEARCH, { text });
      expect(result.errors, text).toBeUndefined();
      expect(Array.isArray(result.data?.search)).toBe(true);
    }
    const { search } = await h.data<{ search: Hit[] }>(SEARCH, { text: 'domestic && abuse!', first: 100 });
    expect(lancashireTop20(search)).toContain(ACTIVITY(4));
  });

  it('caps first at 100, defaults to 20, and refuses empty text or a non-positive first', async () => {
    const many = await h.data<{ search: Hit[] }>(SEARCH, { text: 'lancashire', first: 1000 });
    expect(many.search.length).toBeLessThanOrEqual(100);
    expect(many.search.length).toBeGreaterThan(20);
    const defaulted = await h.data<{ search: Hit[] }>(SEARCH, { text: 'lancashire' });
    expect(defaulted.search).toHaveLength(20);
    const two = await h.data<{ search: Hit[] }>(SEARCH, { text: 'lancashire', first: 2 });
    expect(two.search).toHaveLength(2);
    for (const text of ['', '   \n\t']) {
      const result = await h.query(SEARCH, { text });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const zero = await h.query(SEARCH, { text: 'lancashire', first: 0 });
    expect(zero.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('path', () => {
  it('explains the shortest connection from activity 7 to the Crime and Disorder Act 1998, hop by hop', async () => {
    const { path } = await h.data<{ path: Step[] | null }>(PATH, { from: ACTIVITY(7), to: 'ukpga/1998/37' });
    expect(path).not.toBeNull();
    const steps = path as Step[];
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.length).toBeLessThanOrEqual(8);
    const walk = [steps[0]?.reversed ? steps[0].to.id : steps[0]?.from.id];
    for (const step of steps) {
      expect(step.reversed ? step.to.id : step.from.id).toBe(walk[walk.length - 1]);
      walk.push(step.reversed ? step.from.id : step.to.id);
      expect(step.evidence.source.length).toBeGreaterThan(0);
    }
    expect(walk[0]).toBe(ACTIVITY(7));
    expect(walk[walk.length - 1]).toBe('ukpga/1998/37');
  });

  it('gives no steps from an entity to itself, and NOT_FOUND for an unknown end', async () => {
    const same = await h.data<{ path: Step[] | null }>(PATH, { from: AGREEMENT, to: AGREEMENT });
    expect(same.path).toEqual([]);
    const unknown = await h.query(PATH, { from: AGREEMENT, to: 'no-such-entity' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toContain('no-such-entity');
  });
});
