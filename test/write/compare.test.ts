/**
 * compare (issue 15 item 7) on three agreements: Lancashire's, as seeded, and two small made-up
 * plans this test writes and takes away (Testford and Testbury). Every expected answer below is
 * worked out by hand from the facts stated here and, for Lancashire, from its seed files
 * (seed/lancashire-csa-2014-2016/), not read back from another operation.
 *
 * The facts the test states:
 * - Testford Community Safety Plan, 2020-04-01 to 2023-03-31, made by the Testford CSP. The
 *   re-offending strategy duty (CDA 1998 s.6) binds the CSP; activity 1 "Run an integrated
 *   offender management scheme" discharges it (STATED, "Testford plan, section 2"). Priorities
 *   "Domestic abuse" (supports the national Call to End VAWG) and "Anti-social behaviour".
 *   Indicator "Domestic abuse incidents recorded by police" (incidents): baseline 1,200 for
 *   2019-04-01..2020-03-31 and a target written "reduce repeat incidents".
 * - Testbury Community Safety Plan, 2022-04-01 to 2025-03-31, made by the Testbury CSP, which
 *   the re-offending duty also binds; nothing of it discharges that duty. The CSP itself
 *   discharges one more duty, one Lancashire's coverage does not list. Priorities "Tackling
 *   domestic abuse" (alias "Domestic abuse"), "Serious violence", and "Covid-19 recovery", in force
 *   until 2021-12-31 only. It cites the Call to End VAWG. Indicator "Police-recorded domestic abuse
 *   incidents" (alias "Domestic abuse incidents recorded by police"): an actual of 950 for
 *   2022-04-01..2023-03-31.
 * - Lancashire (its seed): activities 9, 11 and 12 discharge the re-offending duty (INFERRED, each
 *   citing CDA s.6 on legislation.gov.uk); priorities "Domestic Abuse" and "Anti-Social Behaviour"
 *   among others; activity 4 and the domestic abuse priority support the Call to End VAWG and the
 *   agreement cites it; it has no indicators; its period is 2014-04-01 to 2016-03-31.
 */
import { describe, expect, it } from 'vitest';
import { postGraphql, token, type Answer } from '../support/auth.js';
import { ACTIVITY, AGREEMENT } from '../support/harness.js';
import { useSignedInApi } from '../support/signed-in-api.js';

const REOFFENDING = 'duty-cda-1998-s6-reoffending-strategy';
const VAWG = 'call-to-end-vawg-2010';
const TESTFORD = 'compare-test-testford-plan';
const TESTBURY = 'compare-test-testbury-plan';
const FORD_CSP = 'compare-test-testford-csp';
const BURY_CSP = 'compare-test-testbury-csp';
const FORD_ACTIVITY = `${TESTFORD}/activity/1`;
const CREATED = [
  TESTFORD,
  TESTBURY,
  FORD_CSP,
  BURY_CSP,
  FORD_ACTIVITY,
  `${TESTFORD}/priority/domestic-abuse`,
  `${TESTFORD}/priority/asb`,
  `${TESTBURY}/priority/domestic-abuse`,
  `${TESTBURY}/priority/serious-violence`,
  `${TESTBURY}/priority/covid`,
  `${TESTFORD}/indicator/da-incidents`,
  `${TESTFORD}/measurement/da-baseline`,
  `${TESTFORD}/measurement/da-target`,
  `${TESTBURY}/indicator/da-incidents`,
  `${TESTBURY}/measurement/da-actual`,
];

const { api, scope } = useSignedInApi();

/** Writes the two test plans (and what they link to in the shared graph); the scope removes them. */
async function writePlans(): Promise<string> {
  await scope().creates(...CREATED);
  const [outside] = await api.db.run<{ id: string }>(
    `MATCH (d:Duty) WHERE NOT d.id IN $lancashire AND d.kind = 'DUTY' RETURN d.id AS id ORDER BY d.id LIMIT 1`,
    { lancashire: await lancashireDuties() },
  );
  if (!outside) throw new Error('every duty is in Lancashire coverage; the test needs one that is not');
  const e = { basis: 'STATED', source: 'Test plan' };
  await api.db.run(
    `
    CREATE (fc:Entity:Board {id: $fordCsp, type: 'BOARD', name: 'Testford Community Safety Partnership'})
    CREATE (bc:Entity:Board {id: $buryCsp, type: 'BOARD', name: 'Testbury Community Safety Partnership'})
    CREATE (f:Entity:Agreement {id: $ford, type: 'AGREEMENT', name: 'Testford Community Safety Plan', periodStart: date('2020-04-01'), periodEnd: date('2023-03-31')})
    CREATE (b:Entity:Agreement {id: $bury, type: 'AGREEMENT', name: 'Testbury Community Safety Plan', periodStart: date('2022-04-01'), periodEnd: date('2025-03-31')})
    CREATE (f)-[:MADE_BY $e]->(fc), (b)-[:MADE_BY $e]->(bc)
    CREATE (fa:Entity:Activity {id: $fordActivity, type: 'ACTIVITY', name: 'Run an integrated offender management scheme', number: 1})
    CREATE (f)-[:HAS_ACTIVITY $e]->(fa)
    WITH f, b, fc, bc, fa
    MATCH (re:Duty {id: $reoffending}), (out:Duty {id: $outside}), (vawg:Strategy {id: $vawg})
    CREATE (re)-[:BINDS $e]->(fc), (re)-[:BINDS $e]->(bc)
    CREATE (fa)-[:DISCHARGES {basis: 'STATED', source: 'Testford plan, section 2', quote: 'We will run an integrated offender management scheme'}]->(re)
    CREATE (bc)-[:DISCHARGES {basis: 'STATED', source: 'Testbury plan, section 1'}]->(out)
    CREATE (fp1:Entity:Priority {id: $ford + '/priority/domestic-abuse', type: 'PRIORITY', name: 'Domestic abuse', kind: 'PRIORITY'})
    CREATE (fp2:Entity:Priority {id: $ford + '/priority/asb', type: 'PRIORITY', name: 'Anti-social behaviour', kind: 'PRIORITY'})
    CREATE (bp1:Entity:Priority {id: $bury + '/priority/domestic-abuse', type: 'PRIORITY', name: 'Tackling domestic abuse', aliases: ['Domestic abuse'], kind: 'PRIORITY'})
    CREATE (bp2:Entity:Priority {id: $bury + '/priority/serious-violence', type: 'PRIORITY', name: 'Serious violence', kind: 'PRIORITY'})
    CREATE (bp3:Entity:Priority {id: $bury + '/priority/covid', type: 'PRIORITY', name: 'Covid-19 recovery', kind: 'PRIORITY', validTo: date('2021-12-31')})
    CREATE (f)-[:HAS_PRIORITY $e]->(fp1), (f)-[:HAS_PRIORITY $e]->(fp2), (b)-[:HAS_PRIORITY $e]->(bp1), (b)-[:HAS_PRIORITY $e]->(bp2), (b)-[:HAS_PRIORITY $e]->(bp3)
    CREATE (fp1)-[:SUPPORTS $e]->(vawg), (b)-[:CITES $e]->(vawg)
    CREATE (fi:Entity:Indicator {id: $ford + '/indicator/da-incidents', type: 'INDICATOR', name: 'Domestic abuse incidents recorded by police', unit: 'incidents', polarity: 'NEITHER'})
    CREATE (fm1:Entity:Measurement {id: $ford + '/measurement/da-baseline', type: 'MEASUREMENT', name: 'Baseline 2019/20', kind: 'BASELINE', value: 1200.0, periodStart: date('2019-04-01'), periodEnd: date('2020-03-31')})
    CREATE (fm2:Entity:Measurement {id: $ford + '/measurement/da-target', type: 'MEASUREMENT', name: 'Target', kind: 'TARGET', text: 'reduce repeat incidents'})
    CREATE (bi:Entity:Indicator {id: $bury + '/indicator/da-incidents', type: 'INDICATOR', name: 'Police-recorded domestic abuse incidents', aliases: ['Domestic abuse incidents recorded by police'], unit: 'incidents'})
    CREATE (bm:Entity:Measurement {id: $bury + '/measurement/da-actual', type: 'MEASUREMENT', name: 'Actual 2022/23', kind: 'ACTUAL', value: 950.0, periodStart: date('2022-04-01'), periodEnd: date('2023-03-31')})
    CREATE (f)-[:HAS_INDICATOR $e]->(fi), (fm1)-[:MEASUREMENT_OF $e]->(fi), (fm2)-[:MEASUREMENT_OF $e]->(fi)
    CREATE (b)-[:HAS_INDICATOR $e]->(bi), (bm)-[:MEASUREMENT_OF $e]->(bi)
    `,
    {
      ford: TESTFORD,
      bury: TESTBURY,
      fordCsp: FORD_CSP,
      buryCsp: BURY_CSP,
      fordActivity: FORD_ACTIVITY,
      reoffending: REOFFENDING,
      outside: outside.id,
      vawg: VAWG,
      e,
    },
    'WRITE',
  );
  return outside.id;
}

async function lancashireDuties(): Promise<string[]> {
  const answer = await graphql(
    `
      query ($id: ID!) {
        coverage(agreementId: $id) {
          duties {
            duty {
              id
            }
          }
        }
      }
    `,
    { id: AGREEMENT },
  );
  return (answer.body.data?.coverage as { duties: { duty: { id: string } }[] }).duties.map((d) => d.duty.id);
}

const graphql = (query: string, variables: Record<string, unknown> = {}, bearer?: string): Promise<Answer> => postGraphql(api.url, query, variables, bearer);

interface Ref {
  id: string;
  type: string;
  name: string;
}
interface Comparison {
  agreements: { agreement: Ref; inForce: boolean; message: string; periodStart: string | null; periodEnd: string | null }[];
  asOf: string | null;
  duties: {
    duty: Ref;
    gapIn: Ref[];
    dischargedIn: Ref[];
    cells: {
      agreement: Ref;
      status: string;
      reasons: string[];
      credits: { by: Ref; kind: string; evidence: { basis: string; source: string; quote: string | null } }[];
    }[];
  }[];
  priorities: { name: string; key: string; commonality: string; holders: { agreement: Ref; entities: Ref[] }[] }[];
  strategies: { strategy: Ref; commonality: string; holders: { agreement: Ref; routes: string[] }[] }[];
  indicators: {
    name: string;
    commonality: string;
    cells: {
      agreement: Ref;
      indicator: Ref;
      unit: string | null;
      measurements: { kind: string; value: number | null; text: string | null; periodStart: string | null }[];
    }[];
  }[];
  message: string;
  csv: string;
  lastChangeId: string | null;
  datasets: { id: string }[];
}

const COMPARE = `query Compare($ids: [ID!]!, $asOf: Date) { compare(agreementIds: $ids, asOf: $asOf) {
  agreements { agreement { id type name } inForce message periodStart periodEnd }
  asOf message csv lastChangeId datasets { id }
  duties { duty { id type name } gapIn { id } dischargedIn { id }
    cells { agreement { id } status reasons credits { by { id type name } kind evidence { basis source quote } } } }
  priorities { name key commonality holders { agreement { id } entities { id name } } }
  strategies { strategy { id name } commonality holders { agreement { id } routes } }
  indicators { name commonality cells { agreement { id } indicator { id name } unit measurements { kind value text periodStart } } }
} }`;

async function compare(ids: unknown, asOf?: string): Promise<Comparison> {
  const answer = await graphql(COMPARE, { ids, asOf });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.compare as Comparison;
}

const idsOf = (refs: readonly { id: string }[]) => refs.map((r) => r.id);
const three = [AGREEMENT, TESTFORD, TESTBURY];

describe('compare on three agreements', () => {
  it('each duty in scope of any: what discharges it in each, with its evidence, or a gap, as worked out by hand', async () => {
    const outside = await writePlans();
    const c = await compare(three);
    expect(idsOf(c.agreements.map((a) => a.agreement))).toEqual(three);

    const reoffending = c.duties.find((d) => d.duty.id === REOFFENDING);
    expect(reoffending?.cells.map((cell) => cell.status)).toEqual(['DISCHARGED', 'DISCHARGED', 'GAP']);
    expect(idsOf(reoffending?.gapIn ?? [])).toEqual([TESTBURY]);
    expect(idsOf(reoffending?.dischargedIn ?? [])).toEqual([AGREEMENT, TESTFORD]);
    const [lancashire, testford, testbury] = reoffending?.cells ?? [];
    // Lancashire: activity-links.yaml lines 38, 39 and 41; no programme discharges the duty.
    expect(lancashire?.credits.map((x) => [x.by.id, x.kind, x.evidence.basis, x.evidence.source])).toEqual(
      [11, 12, 9].map((n) => [ACTIVITY(n), 'ACTIVITY', 'INFERRED', 'https://legislation.gov.uk/ukpga/1998/37/section/6/2015-04-13']),
    );
    expect(testford?.credits).toEqual([
      {
        by: { id: FORD_ACTIVITY, type: 'ACTIVITY', name: 'Run an integrated offender management scheme' },
        kind: 'ACTIVITY',
        evidence: { basis: 'STATED', source: 'Testford plan, section 2', quote: 'We will run an integrated offender management scheme' },
      },
    ]);
    expect(testford?.reasons).toEqual(['BINDS_PARTNER', 'DISCHARGED']);
    expect(testbury?.credits).toEqual([]);
    expect(testbury?.reasons).toEqual(['BINDS_PARTNER']);

    // The duty only Testbury's own board discharges: not in Lancashire's or Testford's scope at all.
    const own = c.duties.find((d) => d.duty.id === outside);
    expect(own?.cells.map((cell) => cell.status)).toEqual(['NOT_IN_SCOPE', 'NOT_IN_SCOPE', 'DISCHARGED']);
    expect(own?.cells[2]?.credits.map((x) => [x.by.id, x.kind, x.evidence.source])).toEqual([[BURY_CSP, 'BOARD', 'Testbury plan, section 1']]);

    // Every duty of Lancashire's own coverage is here, and each cell is that coverage's verdict.
    const alone = await graphql(
      `
        query ($id: ID!) {
          coverage(agreementId: $id) {
            duties {
              duty {
                id
              }
              gap
              credits {
                by {
                  id
                }
              }
            }
          }
        }
      `,
      { id: AGREEMENT },
    );
    const lancashireCoverage = (alone.body.data?.coverage as { duties: { duty: { id: string }; gap: boolean; credits: { by: { id: string } }[] }[] }).duties;
    for (const d of lancashireCoverage) {
      const cell = c.duties.find((x) => x.duty.id === d.duty.id)?.cells[0];
      expect(cell?.status === 'GAP', d.duty.id).toBe(d.gap);
      expect(cell?.credits.map((x) => x.by.id)).toEqual(d.credits.map((x) => x.by.id));
    }
    expect(c.duties.length).toBe(new Set([...lancashireCoverage.map((d) => d.duty.id), REOFFENDING, outside]).size);

    // The CSV: the stamp lines, a blank line, then one column per agreement, in the order asked.
    const lines = c.csv.split('\r\n').slice(3);
    expect(lines[0]).toBe(
      `row,id,name,kind,common,${c.agreements[0]?.agreement.name} (${AGREEMENT}),Testford Community Safety Plan (${TESTFORD}),Testbury Community Safety Plan (${TESTBURY})`,
    );
    const row = lines.find((l) => l.startsWith(`duty,${REOFFENDING},`));
    expect(row).toMatch(/,gap in 1,"?DISCHARGED: .*\(ACTIVITY\).*,DISCHARGED: Run an integrated offender management scheme \(ACTIVITY\),GAP$/);
  });

  it('priorities and national strategies in common and unique, and indicators side by side', async () => {
    await writePlans();
    const c = await compare(three);

    const priority = (key: string) => c.priorities.find((p) => p.key === key);
    // "Domestic Abuse" (Lancashire), "Domestic abuse" (Testford) and Testbury's alias "Domestic abuse".
    expect(priority('domesticabuse')?.commonality).toBe('ALL');
    expect(priority('domesticabuse')?.holders.map((h) => [h.agreement.id, idsOf(h.entities)])).toEqual([
      [AGREEMENT, [`${AGREEMENT}/priority/domestic-abuse`]],
      [TESTFORD, [`${TESTFORD}/priority/domestic-abuse`]],
      [TESTBURY, [`${TESTBURY}/priority/domestic-abuse`]],
    ]);
    // "Anti-Social Behaviour" and "Anti-social behaviour" meet; Testbury has none.
    expect(priority('antisocialbehaviour')?.commonality).toBe('SOME');
    expect(priority('antisocialbehaviour')?.holders.map((h) => h.agreement.id)).toEqual([AGREEMENT, TESTFORD]);
    expect(priority('seriousviolence')).toMatchObject({ name: 'Serious violence', commonality: 'ONE' });
    expect(priority('seriousviolence')?.holders.map((h) => h.agreement.id)).toEqual([TESTBURY]);
    expect(priority('violentcrime')?.holders.map((h) => h.agreement.id)).toEqual([AGREEMENT]);
    expect(priority('covid19recovery')?.holders.map((h) => h.agreement.id)).toEqual([TESTBURY]);

    const vawg = c.strategies.find((s) => s.strategy.id === VAWG);
    expect(vawg?.commonality).toBe('ALL');
    expect(vawg?.holders).toEqual([
      { agreement: { id: AGREEMENT }, routes: ['WORK', 'PRIORITY', 'CITED'] },
      { agreement: { id: TESTFORD }, routes: ['PRIORITY'] },
      { agreement: { id: TESTBURY }, routes: ['CITED'] },
    ]);
    // Nothing else of the test plans reaches a national strategy: every other one is Lancashire's alone.
    for (const s of c.strategies.filter((x) => x.strategy.id !== VAWG)) {
      expect(s.commonality, s.strategy.id).toBe('ONE');
      expect(s.holders.map((h) => h.agreement.id)).toEqual([AGREEMENT]);
    }

    // The two domestic abuse indicators on one row (matched through Testbury's alias); Lancashire's
    // own indicators (its survey findings) are rows of their own, held by it alone.
    const domestic = c.indicators.filter((row) => row.name === 'Domestic abuse incidents recorded by police');
    expect(domestic).toHaveLength(1);
    expect(domestic[0]).toMatchObject({ commonality: 'SOME' });
    for (const row of c.indicators.filter((r) => r !== domestic[0])) expect(row.commonality, row.name).toBe('ONE');
    expect(domestic[0]?.cells.map((cell) => [cell.agreement.id, cell.unit, cell.measurements.map((m) => [m.kind, m.value, m.text, m.periodStart])])).toEqual([
      [
        TESTFORD,
        'incidents',
        [
          ['BASELINE', 1200, null, '2019-04-01'],
          ['TARGET', null, 'reduce repeat incidents', null],
        ],
      ],
      [TESTBURY, 'incidents', [['ACTUAL', 950, null, '2022-04-01']]],
    ]);
    const indicatorRow = c.csv.split('\r\n').find((l) => l.startsWith('indicator,domesticabuse'));
    expect(indicatorRow).toBe(
      'indicator,domesticabuseincidentsrecordedbypolice,Domestic abuse incidents recorded by police,incidents,SOME,,BASELINE 2019-04-01 to 2020-03-31: 1200; TARGET: reduce repeat incidents,ACTUAL 2022-04-01 to 2023-03-31: 950',
    );
    expect(c.message).toContain('Compared 3 agreements');
  });

  it('asOf: an agreement outside its period says so, and a priority no longer in force is left out', async () => {
    await writePlans();
    const at2021 = await compare(three, '2021-01-01');
    expect(at2021.asOf).toBe('2021-01-01');
    expect(at2021.agreements.map((a) => a.inForce)).toEqual([false, true, false]);
    expect(at2021.agreements[0]?.message).toContain('outside its period 2014-04-01 to 2016-03-31');
    expect(at2021.agreements[2]?.message).toBe(
      'Testbury Community Safety Plan: not in force on 2021-01-01, which is outside its period 2022-04-01 to 2025-03-31.',
    );
    expect(at2021.priorities.some((p) => p.key === 'covid19recovery')).toBe(true);

    const at2023 = await compare(three, '2023-01-01');
    expect(at2023.agreements.map((a) => a.inForce)).toEqual([false, true, true]);
    expect(at2023.priorities.some((p) => p.key === 'covid19recovery')).toBe(false);
  });

  it('says the last API change: an edit through the API changes lastChangeId to that change', async () => {
    await writePlans();
    const before = await compare([TESTFORD]);
    expect(idsOf(before.datasets)).toEqual(['uk-legal-basis']);
    const admin = await token({ roles: ['admin'] }, { subject: 'admin@example.org' });
    const edit = await graphql(
      `
        mutation ($id: ID!) {
          updateAgreements(where: { id: { eq: $id } }, update: { notes: { set: "Reviewed" } }) {
            agreements {
              id
            }
          }
        }
      `,
      { id: TESTFORD },
      admin,
    );
    expect(edit.body.errors).toBeUndefined();
    const [event] = await api.db.run<{ changeId: string }>(`MATCH (a:AuditEvent {entityId: $id}) RETURN a.changeId AS changeId ORDER BY a.at DESC LIMIT 1`, {
      id: TESTFORD,
    });
    const after = await compare([TESTFORD]);
    expect(after.lastChangeId).toBe(event?.changeId);
    expect(after.lastChangeId).not.toBe(before.lastChangeId);
  });
});

describe('compare refuses what it cannot answer', () => {
  const codeOf = (answer: Answer) => (answer.body.errors?.[0]?.extensions as { code?: string } | undefined)?.code;

  it('at most 50 agreements: 50 are read (here, NOT_FOUND naming the unknown ones), 51 are BAD_USER_INPUT before any read', async () => {
    const unknown = Array.from({ length: 49 }, (_, i) => `no-such-agreement-${i + 1}`);
    const at = await graphql(COMPARE, { ids: [AGREEMENT, ...unknown] });
    expect(codeOf(at)).toBe('NOT_FOUND');
    expect(at.body.errors?.[0]?.message).toContain('No agreement has the id "no-such-agreement-1".');
    expect(at.body.errors?.[0]?.message).toContain('"no-such-agreement-49"');

    const past = await graphql(COMPARE, { ids: [AGREEMENT, ...unknown, 'no-such-agreement-50'] });
    expect(codeOf(past)).toBe('BAD_USER_INPUT');
    expect(past.body.errors?.[0]?.message).toBe('compare takes at most 50 agreements at once; 51 were given. Compare them in groups.');
  });

  it('a repeated id is read once; none is BAD_USER_INPUT; an id of something else says what it is', async () => {
    const repeated = await compare(Array.from({ length: 40 }, () => AGREEMENT));
    expect(repeated.agreements).toHaveLength(1);
    expect(codeOf(await graphql(COMPARE, { ids: [] }))).toBe('BAD_USER_INPUT');
    const wrong = await graphql(COMPARE, { ids: [AGREEMENT, ACTIVITY(7)] });
    expect(codeOf(wrong)).toBe('NOT_FOUND');
    expect(wrong.body.errors?.[0]?.message).toMatch(/^No agreement has the id "lancashire-csa-2014-2016\/activity\/7"; it is an activity/);
  });
});
