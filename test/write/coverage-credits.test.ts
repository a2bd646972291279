/**
 * Coverage credits a duty the agreement itself, its strategy or its partnership's board discharges
 * (issue 15 item 5), with the evidence, and says which; a board one step past the partnership's
 * own does not count. Links are made and removed as an admin through the API, as an editor would.
 */
import { describe, expect, it } from 'vitest';
import { LANCASHIRE, postGraphql, token, type Answer } from '../support/auth.js';
import { AGREEMENT } from '../support/harness.js';
import { useSignedInApi } from '../support/signed-in-api.js';

/** A board a partner of Lancashire's (the county council) sits on, but not the board that made the agreement: one step too far. */
const FAR_BOARD = 'lancashire-health-and-wellbeing-board';

interface Credit {
  by: { id: string; type: string; name: string };
  kind: string;
  via: { id: string } | null;
  evidence: { basis: string; source: string; quote: string | null; note: string | null; assertedBy: string };
}
interface DutyRow {
  duty: { id: string };
  gap: boolean;
  reasons: string[];
  dischargedBy: { id: string }[];
  credits: Credit[];
}
interface Coverage {
  gaps: { id: string }[];
  duties: DutyRow[];
  csv: string;
  message: string;
}

const COVERAGE = `query Coverage($id: ID!) { coverage(agreementId: $id) {
  gaps { id } message csv
  duties { duty { id } gap reasons dischargedBy { id }
    credits { by { id type name } kind via { id } evidence { basis source quote note assertedBy } } }
} }`;

const link = (entities: string) => `mutation Link($id: ID!, $duty: ID!) {
  update${entities}(where: { id: { eq: $id } }, update: { discharges: [{ connect: [{ where: { node: { id: { eq: $duty } } },
    edge: { basis: STATED, source: "Our Partnership", quote: "The partnership plan is this agreement" } }] }] }) { info { relationshipsCreated } }
}`;
const unlink = (entities: string) => `mutation Unlink($id: ID!, $duty: ID!) {
  update${entities}(where: { id: { eq: $id } }, update: { discharges: [{ disconnect: [{ where: { node: { id: { eq: $duty } } } }] }] }) { info { relationshipsDeleted } }
}`;

const admin = () => token({ roles: ['admin'] }, { subject: 'admin@example.org' });
const graphql = async (query: string, variables: Record<string, unknown>, bearer?: string): Promise<Answer> => postGraphql(api.url, query, variables, bearer);

async function coverage(): Promise<Coverage> {
  const answer = await graphql(COVERAGE, { id: AGREEMENT });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.coverage as Coverage;
}

async function write(query: string, id: string, duty: string): Promise<void> {
  const answer = await graphql(query, { id, duty }, await admin());
  expect(answer.body.errors).toBeUndefined();
}

const entry = (c: Coverage, duty: string) => c.duties.find((d) => d.duty.id === duty);

const { api, scope } = useSignedInApi();

/** The first duty (by id) that is a gap in Lancashire's coverage as seeded. */
async function aGap(): Promise<string> {
  const before = await coverage();
  const duty = before.gaps[0]?.id;
  if (duty === undefined) throw new Error('the seeded Lancashire coverage has no gap to test with');
  expect(entry(before, duty)?.credits).toEqual([]);
  return duty;
}

describe('coverage credits', () => {
  it('a duty the agreement itself discharges is covered, credited to the agreement with its evidence; unlinked, it is a gap again', async () => {
    const duty = await aGap();
    await scope().links(AGREEMENT, 'DISCHARGES', duty);
    await write(link('Agreements'), AGREEMENT, duty);

    const after = await coverage();
    expect(after.gaps.map((g) => g.id)).not.toContain(duty);
    const row = entry(after, duty);
    expect(row?.gap).toBe(false);
    expect(row?.reasons).toContain('DISCHARGED');
    expect(row?.dischargedBy).toEqual([]);
    expect(row?.credits).toEqual([
      {
        by: expect.objectContaining({ id: AGREEMENT, type: 'AGREEMENT' }),
        kind: 'AGREEMENT',
        via: null,
        evidence: { basis: 'STATED', source: 'Our Partnership', quote: 'The partnership plan is this agreement', note: null, assertedBy: 'EDITOR' },
      },
    ]);
    expect(after.csv).toContain(`${duty},`);
    expect(
      after.csv.split('\r\n').some((line) => line.startsWith(`duty,${duty},`) && line.includes(`,${AGREEMENT},`) && line.endsWith(',DISCHARGED_BY_AGREEMENT')),
    ).toBe(true);
    expect(after.message).toContain('1 by the agreement itself, its strategies or its partnership');

    await write(unlink('Agreements'), AGREEMENT, duty);
    const again = await coverage();
    expect(again.gaps.map((g) => g.id)).toContain(duty);
    expect(entry(again, duty)?.credits).toEqual([]);
  });

  it('a duty the board that made the agreement discharges is covered and credited to that board', async () => {
    const duty = await aGap();
    await scope().links(LANCASHIRE, 'DISCHARGES', duty);
    await write(link('Boards'), LANCASHIRE, duty);

    const row = entry(await coverage(), duty);
    expect(row?.gap).toBe(false);
    expect(row?.credits).toEqual([expect.objectContaining({ by: expect.objectContaining({ id: LANCASHIRE, type: 'BOARD' }), kind: 'BOARD', via: null })]);
    expect(row?.credits[0]?.evidence).toMatchObject({ basis: 'STATED', source: 'Our Partnership' });

    await write(unlink('Boards'), LANCASHIRE, duty);
    expect((await coverage()).gaps.map((g) => g.id)).toContain(duty);
  });

  it('a board one step past the partnership (one a partner sits on, not one its makers belong to) earns no credit: the duty stays a gap', async () => {
    const duty = await aGap();
    await scope().links(FAR_BOARD, 'DISCHARGES', duty);
    await write(link('Boards'), FAR_BOARD, duty);

    const after = await coverage();
    expect(after.gaps.map((g) => g.id)).toContain(duty);
    expect(entry(after, duty)?.credits).toEqual([]);
  });

  it("credits a board the agreement's maker is MEMBER_OF and a strategy its maker MADE; not a board one MEMBER_OF further", async () => {
    const duty = await aGap();
    const [near, far, strategy] = ['test-credits-county-board', 'test-credits-regional-board', 'test-credits-local-strategy'];
    await scope().creates(near, far, strategy);
    await scope().links(LANCASHIRE, 'MEMBER_OF', near);
    await api.db.run(
      `CREATE (near:Entity:Board {id: $near, type: 'BOARD', name: 'A county-wide board'}), (far:Entity:Board {id: $far, type: 'BOARD', name: 'A regional board'}),
         (s:Entity:Strategy {id: $strategy, type: 'STRATEGY', name: 'A serious violence strategy', scope: 'LOCAL'}), (near)-[:MEMBER_OF {basis: 'INFERRED', source: 'test', note: 'test'}]->(far)
       WITH near, far, s MATCH (m:Entity {id: $maker}), (d:Duty {id: $duty})
       CREATE (m)-[:MEMBER_OF {basis: 'INFERRED', source: 'test', note: 'test'}]->(near), (s)-[:MADE_BY {basis: 'INFERRED', source: 'test', note: 'test'}]->(m),
         (far)-[:DISCHARGES {basis: 'EXTERNAL', source: 'https://example.org/far'}]->(d)`,
      { near, far, strategy, maker: LANCASHIRE, duty },
      'WRITE',
    );
    expect(entry(await coverage(), duty)?.gap).toBe(true);

    await api.db.run(
      `MATCH (d:Duty {id: $duty}), (near:Board {id: $near}), (s:Strategy {id: $strategy})
       CREATE (near)-[:DISCHARGES {basis: 'EXTERNAL', source: 'https://example.org/near'}]->(d), (s)-[:DISCHARGES {basis: 'EXTERNAL', source: 'https://example.org/strategy'}]->(d)`,
      { near, strategy, duty },
      'WRITE',
    );
    const row = entry(await coverage(), duty);
    expect(row?.gap).toBe(false);
    expect(row?.credits.map((c) => [c.kind, c.by.id, c.evidence.source])).toEqual([
      ['STRATEGY', strategy, 'https://example.org/strategy'],
      ['BOARD', near, 'https://example.org/near'],
    ]);
    expect(row?.credits.every((c) => c.evidence.assertedBy === 'EDITOR' && c.via === null)).toBe(true);
  });

  it('credits a local strategy the agreement cites, never a national one it cites', async () => {
    const duty = await aGap();
    const [national, local] = ['test-credits-national-strategy', 'test-credits-cited-local-strategy'];
    await scope().creates(national, local);
    await api.db.run(
      `CREATE (n:Entity:Strategy {id: $national, type: 'STRATEGY', name: 'A national strategy', scope: 'NATIONAL', kind: 'NATIONAL_STRATEGY'}),
         (l:Entity:Strategy {id: $local, type: 'STRATEGY', name: 'A county strategy', scope: 'LOCAL'})
       WITH n, l MATCH (ag:Agreement {id: $agreement}), (d:Duty {id: $duty})
       CREATE (ag)-[:CITES {basis: 'INFERRED', source: 'test', note: 'test'}]->(n), (ag)-[:CITES {basis: 'INFERRED', source: 'test', note: 'test'}]->(l),
         (n)-[:DISCHARGES {basis: 'EXTERNAL', source: 'https://example.org/national'}]->(d)`,
      { national, local, agreement: AGREEMENT, duty },
      'WRITE',
    );
    expect(entry(await coverage(), duty)?.gap).toBe(true);

    await api.db.run(
      `MATCH (l:Strategy {id: $local}), (d:Duty {id: $duty}) CREATE (l)-[:DISCHARGES {basis: 'EXTERNAL', source: 'https://example.org/local'}]->(d)`,
      { local, duty },
      'WRITE',
    );
    const row = entry(await coverage(), duty);
    expect(row?.gap).toBe(false);
    expect(row?.credits.map((c) => [c.kind, c.by.id])).toEqual([['STRATEGY', local]]);
  });

  it('with basis [STATED], a duty whose scope comes only through an INFERRED BINDS or REQUIRED_BY is not in scope; a STATED one is', async () => {
    const [board, agreement, bound, required, provision] = [
      'test-scope-board',
      'test-scope-plan',
      'test-scope-duty-bound',
      'test-scope-duty-required',
      'test-scope-provision',
    ];
    await scope().creates(board, agreement, bound, required, provision);
    const inferred = { basis: 'INFERRED', source: 'test', note: 'test' };
    const stated = { basis: 'STATED', source: 'Test plan', quote: 'test' };
    await api.db.run(
      `CREATE (b:Entity:Board {id: $board, type: 'BOARD', name: 'A test partnership'}),
         (ag:Entity:Agreement {id: $agreement, type: 'AGREEMENT', name: 'A test plan'}), (ag)-[:MADE_BY $stated]->(b),
         (bound:Entity:Duty {id: $bound, type: 'DUTY', name: 'A duty that binds the partnership', kind: 'DUTY'}), (bound)-[:BINDS $inferred]->(b),
         (p:Entity:Provision {id: $provision, type: 'PROVISION', name: 'A provision requiring the plan'}), (ag)-[:REQUIRED_BY $inferred]->(p),
         (req:Entity:Duty {id: $required, type: 'DUTY', name: 'A duty the provision imposes', kind: 'DUTY'}), (req)-[:IMPOSED_BY $stated]->(p)`,
      { board, agreement, bound, required, provision, inferred, stated },
      'WRITE',
    );
    const scoped = async (basis?: string[]) => {
      const answer = await graphql(
        `
          query ($id: ID!, $basis: [Basis!]) {
            coverage(agreementId: $id, basis: $basis) {
              duties {
                duty {
                  id
                }
                reasons
              }
            }
          }
        `,
        {
          id: agreement,
          basis,
        },
      );
      expect(answer.body.errors).toBeUndefined();
      return Object.fromEntries((answer.body.data?.coverage as { duties: DutyRow[] }).duties.map((d) => [d.duty.id, d.reasons]));
    };
    expect(await scoped()).toEqual({ [bound]: ['BINDS_PARTNER'], [required]: ['REQUIRES_AGREEMENT'] });
    expect(await scoped(['INFERRED', 'STATED'])).toEqual({ [bound]: ['BINDS_PARTNER'], [required]: ['REQUIRES_AGREEMENT'] });
    expect(await scoped(['STATED'])).toEqual({});

    // One past: the same links stated are in scope with basis [STATED].
    await api.db.run(`MATCH (:Duty {id: $bound})-[r:BINDS]->() SET r += $stated REMOVE r.note`, { bound, stated }, 'WRITE');
    expect(await scoped(['STATED'])).toEqual({ [bound]: ['BINDS_PARTNER'] });
    await api.db.run(`MATCH (:Agreement {id: $agreement})-[r:REQUIRED_BY]->() SET r += $stated REMOVE r.note`, { agreement, stated }, 'WRITE');
    expect(await scoped(['STATED'])).toEqual({ [bound]: ['BINDS_PARTNER'], [required]: ['REQUIRES_AGREEMENT'] });
  });
});
