import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY, AGREEMENT, OUTCOME, startHarness, type Harness } from '../support/harness.js';

interface Ref {
  id: string;
  type: string;
  name: string;
}
interface Coverage {
  agreement: Ref;
  madeBy: Ref[];
  message: string;
  gaps: Ref[];
  unbacked: Ref[];
  csv: string;
  mermaid: string;
  duties: { duty: Ref; kind: string | null; reasons: string[]; gap: boolean; dischargedBy: Ref[]; imposedBy: Ref[]; binds: Ref[] }[];
  activities: { activity: Ref; discharges: Ref[]; nationalStrategies: Ref[]; backed: boolean }[];
}
interface Alignment {
  agreement: Ref;
  outcomes: Ref[];
  strategies: Ref[];
  csv: string;
  rows: { activity: Ref; outcomes: Ref[]; strategies: Ref[]; priorityStrategies: Ref[]; localStrategies: Ref[]; leads: Ref[] }[];
}

const COVERAGE = `query Coverage($id: ID!) { coverage(agreementId: $id) {
  agreement { id type name } madeBy { id type name } message gaps { id } unbacked { id } csv mermaid
  duties { duty { id type name } kind reasons gap dischargedBy { id type name } imposedBy { id } binds { id } }
  activities { activity { id } discharges { id } nationalStrategies { id } backed } } }`;
const ALIGNMENT = `query Alignment($id: ID!) { alignment(agreementId: $id) {
  agreement { id } outcomes { id name } strategies { id name } csv
  rows { activity { id name } outcomes { id } strategies { id } priorityStrategies { id } localStrategies { id } leads { id type } } } }`;

const ids = (refs: readonly Ref[]) => refs.map((r) => r.id);
/**
 * The API's CSV file: a UTF-8 byte-order mark, the stamp lines (generated_at, as_at), a blank
 * line, then the table, whose rows are returned.
 */
function csvTable(text: string, asOf: string | null = null): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [generated, asAt, blank, ...rows] = parseCsv(text.slice(1));
  expect(generated?.[0]).toBe('generated_at');
  expect(Number.isNaN(Date.parse(generated?.[1] ?? ''))).toBe(false);
  expect(asAt).toEqual(['as_at', asOf ?? 'none']);
  expect(blank).toEqual(['']);
  return rows;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('coverage', () => {
  it('lists the CDA 1998 s.6 duties binding the partners with the activities that discharge them', async () => {
    const { coverage } = await h.data<{ coverage: Coverage }>(COVERAGE, { id: AGREEMENT });
    expect(coverage.agreement.id).toBe(AGREEMENT);
    expect(ids(coverage.madeBy)).toContain('lancashire-community-safety-strategy-group');
    const s6 = coverage.duties.filter((d) => d.imposedBy.some((p) => p.id.startsWith('ukpga/1998/37/section/6')));
    expect(s6.length).toBeGreaterThan(0);
    const reoffending = s6.find((d) => d.duty.id === 'duty-cda-1998-s6-reoffending-strategy');
    expect(reoffending?.reasons).toContain('BINDS_PARTNER');
    expect(reoffending?.binds.length).toBeGreaterThan(0);
    // Activity 11: "development of a reducing reoffending strategy".
    expect(ids(reoffending?.dischargedBy ?? [])).toContain(ACTIVITY(11));
    expect(reoffending?.gap).toBe(false);
    // The agreement itself is required by SI 2007/1830 reg 9.
    expect(coverage.duties.some((d) => d.reasons.includes('REQUIRES_AGREEMENT'))).toBe(true);
  });

  it("is consistent: gaps are undischarged duties, dischargedBy mirrors each activity's discharges, unbacked means nothing backs it", async () => {
    const { coverage } = await h.data<{ coverage: Coverage }>(COVERAGE, { id: AGREEMENT });
    expect(coverage.activities).toHaveLength(17);
    expect(ids(coverage.activities.map((a) => a.activity as Ref))).toEqual(Array.from({ length: 17 }, (_, i) => ACTIVITY(i + 1)));
    for (const duty of coverage.duties) {
      expect(duty.gap).toBe(duty.dischargedBy.length === 0 && duty.kind !== 'POWER');
      for (const a of coverage.activities) {
        expect(ids(duty.dischargedBy).includes(a.activity.id)).toBe(ids(a.discharges).includes(duty.duty.id));
      }
    }
    expect(ids(coverage.gaps).sort()).toEqual(
      coverage.duties
        .filter((d) => d.gap)
        .map((d) => d.duty.id)
        .sort(),
    );
    expect(ids(coverage.unbacked).sort()).toEqual(
      coverage.activities
        .filter((a) => a.discharges.length === 0 && a.nationalStrategies.length === 0)
        .map((a) => a.activity.id)
        .sort(),
    );
    expect(coverage.message).toContain(`${coverage.unbacked.length} of 17`);
  });

  it('exports CSV (one row per duty and discharging activity, or gap) and Mermaid', async () => {
    const { coverage } = await h.data<{ coverage: Coverage }>(COVERAGE, { id: AGREEMENT });
    const rows = csvTable(coverage.csv);
    expect(rows[0]).toEqual(['row', 'duty_id', 'duty', 'kind', 'imposed_by', 'imposed_by_names', 'reasons', 'activity_id', 'activity', 'status']);
    const expected = coverage.duties.reduce((n, d) => n + Math.max(1, d.dischargedBy.length), 0) + coverage.unbacked.length;
    expect(rows).toHaveLength(expected + 1);
    expect(
      rows.some(
        (r) =>
          r[1] === 'duty-cda-1998-s6-reoffending-strategy' &&
          r[7] === ACTIVITY(11) &&
          r[8] === coverage.duties.flatMap((d) => d.dischargedBy).find((a) => a.id === ACTIVITY(11))?.name &&
          r[9] === 'DISCHARGED',
      ),
    ).toBe(true);
    expect(
      rows
        .filter((r) => r[9] === 'GAP')
        .map((r) => r[1])
        .sort(),
    ).toEqual(ids(coverage.gaps).sort());
    expect(coverage.mermaid.startsWith('flowchart')).toBe(true);
    expect(coverage.mermaid).toContain('classDef gap');
  });

  it('as at a date: the agreement (2014-04-01 to 2016-03-31) discharges its duties on its first and last day, and nothing the day before or after', async () => {
    const DATED = `query Coverage($id: ID!, $asOf: Date) { coverage(agreementId: $id, asOf: $asOf) {
      asOf inForce outOfForce { entity { id } reason } message activities { activity { id } }
      duties { duty { id } gap dischargedBy { id } credits { by { id } kind } } } }`;
    type Dated = Pick<Coverage, 'message' | 'activities'> & {
      asOf: string | null;
      inForce: boolean;
      outOfForce: { entity: { id: string }; reason: string } | null;
      duties: { duty: { id: string }; gap: boolean; dischargedBy: { id: string }[]; credits: { by: { id: string }; kind: string }[] }[];
    };
    const at = async (asOf: string) => (await h.data<{ coverage: Dated }>(DATED, { id: AGREEMENT, asOf })).coverage;
    const reoffending = (c: Dated) => c.duties.find((d) => d.duty.id === 'duty-cda-1998-s6-reoffending-strategy');
    for (const day of ['2014-04-01', '2015-06-01', '2016-03-31']) {
      const inside = await at(day);
      expect(inside).toMatchObject({ asOf: day, inForce: true, outOfForce: null });
      expect(inside.activities).toHaveLength(17);
      // Activities 9, 11 and 12 discharge the re-offending strategy duty (the seed's DISCHARGES, no dates of their own).
      expect(ids((reoffending(inside)?.dischargedBy ?? []) as Ref[]).sort()).toEqual([ACTIVITY(11), ACTIVITY(12), ACTIVITY(9)]);
    }
    for (const [day, why] of [
      ['2014-03-31', 'is before it begins'],
      ['2016-04-01', 'is after it ends'],
    ] as const) {
      const outside = await at(day);
      expect(outside).toMatchObject({ asOf: day, inForce: false, outOfForce: { entity: { id: AGREEMENT } } });
      expect(outside.outOfForce?.reason).toBe(`${day} ${why} (periodStart 2014-04-01 to periodEnd 2016-03-31).`);
      expect(outside.activities).toEqual([]);
      expect(outside.duties.length).toBeGreaterThan(0);
      expect(outside.duties.filter((d) => d.credits.length > 0 || d.dischargedBy.length > 0)).toEqual([]);
      expect(reoffending(outside)?.gap).toBe(true);
      expect(outside.message).toContain(`not in force: ${day} ${why}`);
    }
  });

  it('answers NOT_FOUND for an unknown agreement', async () => {
    const result = await h.query(COVERAGE, { id: 'nowhere-csa-2099' });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('alignment', () => {
  it('puts activity 7 (the Lancashire Alcohol Strategy) against the national Alcohol Strategy and outcomes 3 and 4', async () => {
    const { alignment } = await h.data<{ alignment: Alignment }>(ALIGNMENT, { id: AGREEMENT });
    const seven = alignment.rows.find((r) => r.activity.id === ACTIVITY(7));
    expect(ids(seven?.strategies ?? [])).toContain('alcohol-strategy-2012');
    expect(ids(seven?.outcomes ?? [])).toEqual(expect.arrayContaining([OUTCOME(3), OUTCOME(4)]));
    expect(ids(alignment.strategies)).toContain('alcohol-strategy-2012');
  });

  it('groups the outcomes as Appendix A does: 1-6 -> 5 and 2, 7-12 -> 3 and 4, 13-17 -> 1 and 6', async () => {
    const { alignment } = await h.data<{ alignment: Alignment }>(ALIGNMENT, { id: AGREEMENT });
    expect(alignment.rows).toHaveLength(17);
    expect(ids(alignment.outcomes)).toEqual(Array.from({ length: 6 }, (_, i) => OUTCOME(i + 1)));
    const groups: [number[], number[]][] = [
      [
        [1, 2, 3, 4, 5, 6],
        [5, 2],
      ],
      [
        [7, 8, 9, 10, 11, 12],
        [3, 4],
      ],
      [
        [13, 14, 15, 16, 17],
        [1, 6],
      ],
    ];
    for (const [activities, outcomes] of groups) {
      for (const n of activities) {
        const row = alignment.rows.find((r) => r.activity.id === ACTIVITY(n));
        expect(ids(row?.outcomes ?? []), `activity ${n}`).toEqual(expect.arrayContaining(outcomes.map(OUTCOME)));
      }
    }
  });

  it('names who leads activities, and every strategy column is used by some row', async () => {
    const { alignment } = await h.data<{ alignment: Alignment }>(ALIGNMENT, { id: AGREEMENT });
    const leads = alignment.rows.flatMap((r) => r.leads);
    expect(leads.length).toBeGreaterThan(0);
    expect(leads.every((l) => l.type === 'ORGANISATION' || l.type === 'BOARD')).toBe(true);
    for (const column of alignment.strategies) {
      expect(alignment.rows.some((r) => ids([...r.strategies, ...r.priorityStrategies]).includes(column.id))).toBe(true);
    }
  });

  it('exports the matrix as CSV with one row per activity and an x where aligned', async () => {
    const { alignment } = await h.data<{ alignment: Alignment }>(ALIGNMENT, { id: AGREEMENT });
    const rows = csvTable(alignment.csv);
    expect(rows).toHaveLength(18);
    const header = rows[0] as string[];
    const alcohol = header.indexOf(`strategy: ${alignment.strategies.find((s) => s.id === 'alcohol-strategy-2012')?.name} (alcohol-strategy-2012)`);
    const outcome3 = header.indexOf(`outcome: ${alignment.outcomes.find((o) => o.id === OUTCOME(3))?.name} (${OUTCOME(3)})`);
    expect(alcohol).toBeGreaterThan(1);
    expect(outcome3).toBeGreaterThan(1);
    const seven = rows.find((r) => r[0] === ACTIVITY(7)) as string[];
    expect(seven[alcohol]).toBe('x');
    expect(seven[outcome3]).toBe('x');
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });

  it('answers NOT_FOUND for an unknown agreement', async () => {
    const result = await h.query(ALIGNMENT, { id: 'nowhere-csa-2099' });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
