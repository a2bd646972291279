/** path on a graph with an entity added for the test (and removed after it). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY, AGREEMENT, STEP, startHarness, type Harness, type Step } from '../support/harness.js';
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

  it('follows only the thread: a link over CITES (not a thread step) is no path; a SUPPORTS from an activity is, walked up from either end', async () => {
    const strategy = 'test-path-strategy';
    await scope().creates(strategy);
    await h.db.run(
      `CREATE (s:Entity:Strategy {id: $strategy, type: 'STRATEGY', name: 'A test strategy', scope: 'LOCAL'})
       WITH s MATCH (ag:Agreement {id: $agreement}) CREATE (ag)-[:CITES {basis: 'INFERRED', source: 'test', note: 'test'}]->(s)`,
      { strategy, agreement: AGREEMENT },
      'WRITE',
    );
    // Before this change path crossed any relationship: the agreement CITES the strategy, one hop.
    expect((await h.data<{ path: Step[] | null }>(PATH, { from: AGREEMENT, to: strategy })).path).toBeNull();
    expect((await h.data<{ path: Step[] | null }>(PATH, { from: ACTIVITY(7), to: strategy })).path).toBeNull();

    await h.db.run(
      `MATCH (a:Activity {id: $activity}), (s:Strategy {id: $strategy}) CREATE (a)-[:SUPPORTS {basis: 'INFERRED', source: 'test', note: 'test'}]->(s)`,
      { activity: ACTIVITY(7), strategy },
      'WRITE',
    );
    const up = (await h.data<{ path: Step[] | null }>(PATH, { from: ACTIVITY(7), to: strategy })).path;
    expect(up?.map((s) => [s.from.id, s.relationship, s.to.id, s.reversed])).toEqual([[ACTIVITY(7), 'SUPPORTS', strategy, false]]);
    const down = (await h.data<{ path: Step[] | null }>(PATH, { from: strategy, to: ACTIVITY(7) })).path;
    expect(down?.map((s) => [s.from.id, s.relationship, s.to.id, s.reversed])).toEqual([[ACTIVITY(7), 'SUPPORTS', strategy, true]]);
    // The agreement is above its activity (<HAS_ACTIVITY), the strategy too: up and then down is no walk of the thread.
    expect((await h.data<{ path: Step[] | null }>(PATH, { from: AGREEMENT, to: strategy })).path).toBeNull();
  });
});
