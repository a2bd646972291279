/** path on a graph with an entity added for the test (and removed after it). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGREEMENT, STEP, startHarness, type Harness, type Step } from '../support/harness.js';
import { useGraphScope } from '../support/scope.js';

const PATH = `query Path($from: ID!, $to: ID!) { path(fromId: $from, toId: $to) { ${STEP} } }`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
const scope = useGraphScope(() => h.db);

describe('path', () => {
  it('is null when nothing connects the two entities', async () => {
    await scope().creates('test-island');
    await h.db.run("CREATE (:Entity:Area {id: 'test-island', type: 'AREA', name: 'An island with no links'})", {}, 'WRITE');
    const { path } = await h.data<{ path: Step[] | null }>(PATH, { from: AGREEMENT, to: 'test-island' });
    expect(path).toBeNull();
  });
});
