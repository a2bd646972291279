/**
 * Partnership scope (issue 15 item 2): with a second partnership loaded beside Lancashire, a duty
 * that binds both partnerships' police forces must not carry one partnership's work to the other's
 * force. Before the fix, impact of the second force listed Lancashire's activities through
 * force <-BINDS- duty <-DISCHARGES- activity. National subjects list every partnership.
 */
import { describe, expect, it } from 'vitest';
import { postGraphql } from '../support/auth.js';
import { AGREEMENT } from '../support/harness.js';
import { useSignedInApi } from '../support/signed-in-api.js';

const DUTY = 'duty-cda-1998-s6-crime-disorder-strategy';
const OTHER = {
  agreement: 'test-partnership-scope-csa',
  activity: 'test-partnership-scope-csa/activity/1',
  board: 'test-partnership-scope-strategy-group',
  force: 'test-partnership-scope-constabulary',
};

const IMPACT = `query Impact($id: ID!) { impact(id: $id, first: 500) {
  activityCount message activities { id }
  partnerships { agreement { id } madeBy { id } activityCount activities { id } } } }`;

interface Impact {
  activityCount: number;
  message: string;
  activities: { id: string }[];
  partnerships: { agreement: { id: string }; madeBy: { id: string }[]; activityCount: number; activities: { id: string }[] }[];
}

const { api, scope } = useSignedInApi();

async function impactOf(id: string): Promise<Impact> {
  const answer = await postGraphql(api.url, IMPACT, { id });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.impact as Impact;
}

/**
 * A second partnership, as a seed would state it: a strategy group, its force (a member, bound by
 * the s.6 duty like every force), its agreement and one activity discharging that duty. Every new
 * relationship touches a created node, so removing the nodes removes them.
 */
async function loadSecondPartnership(): Promise<void> {
  await scope().creates(OTHER.agreement, OTHER.activity, OTHER.board, OTHER.force);
  const evidence = { basis: 'INFERRED', source: 'test/write/partnership-scope.test.ts', note: 'A second partnership made up for the test.' };
  await api.db.run(
    `CREATE (g:Entity:Agreement {id: $o.agreement, type: 'AGREEMENT', name: 'Test partnership community safety agreement'})
     CREATE (a:Entity:Activity {id: $o.activity, type: 'ACTIVITY', name: 'Test partnership activity', number: 1})
     CREATE (b:Entity:Board {id: $o.board, type: 'BOARD', name: 'Test partnership strategy group'})
     CREATE (f:Entity:Organisation {id: $o.force, type: 'ORGANISATION', name: 'Test partnership constabulary'})
     WITH g, a, b, f
     MATCH (d:Duty {id: $duty})
     CREATE (g)-[r1:HAS_ACTIVITY]->(a) SET r1 += $e
     CREATE (g)-[r2:MADE_BY]->(b) SET r2 += $e
     CREATE (f)-[r3:MEMBER_OF]->(b) SET r3 += $e
     CREATE (d)-[r4:BINDS]->(f) SET r4 += $e
     CREATE (a)-[r5:DISCHARGES]->(d) SET r5 += $e`,
    { o: OTHER, duty: DUTY, e: evidence },
    'WRITE',
  );
}

describe('partnership scope', () => {
  it("never attributes Lancashire's work to another partnership's force, nor the other's to Lancashire's", async () => {
    await loadSecondPartnership();
    // The route the old walk leaked along is there: the other force <-BINDS- the duty <-DISCHARGES- Lancashire's work.
    const [route] = await api.db.run<{ n: number }>(
      `MATCH (:Organisation {id: $force})<-[:BINDS]-(:Duty {id: $duty})<-[:DISCHARGES]-(:Activity)<-[:HAS_ACTIVITY]-(:Agreement {id: $lancashire}) RETURN count(*) AS n`,
      { force: OTHER.force, duty: DUTY, lancashire: AGREEMENT },
    );
    expect(route?.n).toBeGreaterThan(0);

    const other = await impactOf(OTHER.force);
    expect(other.activities.map((a) => a.id)).toEqual([OTHER.activity]);
    expect(other.partnerships.map((p) => p.agreement.id)).toEqual([OTHER.agreement]);
    expect(other.partnerships[0]?.madeBy.map((m) => m.id)).toEqual([OTHER.board]);

    const lancashire = await impactOf('lancashire-constabulary');
    expect(lancashire.activityCount).toBeGreaterThan(0);
    expect(lancashire.activities.map((a) => a.id)).not.toContain(OTHER.activity);
    expect(lancashire.partnerships.map((p) => p.agreement.id)).toEqual([AGREEMENT]);
  });

  it('lists every partnership that depends on a national subject: the duty, its section and the Act', async () => {
    await loadSecondPartnership();
    for (const subject of [DUTY, 'ukpga/1998/37/section/6', 'ukpga/1998/37']) {
      const answer = await impactOf(subject);
      const groups = new Map(answer.partnerships.map((p) => [p.agreement.id, p]));
      // Other seeded partnerships' plans that rest on the same duty are listed too.
      expect([...groups.keys()], subject).toEqual(expect.arrayContaining([AGREEMENT, OTHER.agreement]));
      expect(groups.get(OTHER.agreement)?.activities.map((a) => a.id)).toEqual([OTHER.activity]);
      expect(groups.get(AGREEMENT)?.activities.map((a) => a.id)).not.toContain(OTHER.activity);
      expect(answer.message).toContain(`across ${groups.size} partnerships`);
    }
  });
});
