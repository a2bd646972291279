/**
 * One grammar for trace and impact (issue 15): impact(S) is exactly the local work whose trace
 * reaches S, on every seeded activity and several dates; a chain that reaches an instrument goes
 * on to the Act it is made under; asOf honours an agreement's period; evidence can be filtered
 * and every chain says its weakest.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CYPHER_FRAGMENTS } from '../../src/model/index.js';
import { coverage } from '../../src/operations/coverage.js';
import { impact } from '../../src/operations/impact.js';
import { trace, type Trace } from '../../src/operations/trace.js';
import { ACTIVITY, AGREEMENT, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Every entity on some chain of the trace (the activity itself left out). */
function reachedBy(t: Trace): Set<string> {
  const on = new Set(t.paths.flatMap((p) => p.steps.flatMap((s) => [s.from.id, s.to.id])));
  on.delete(t.activity.id);
  return on;
}

/** Every activity impact counts, on every page: the partnerships list them all. */
async function dependentActivities(id: string, asOf: string | null): Promise<Set<string>> {
  const answer = await impact(h.db, { id, asOf, first: 500 });
  const all = answer.partnerships.flatMap((p) => p.activities.map((a) => a.id));
  expect(all).toHaveLength(answer.activityCount);
  return new Set(all);
}

/*
 * The property, on the real seeded graph. Every activity is traced (exhaustive); the subjects are
 * a sample of every entity, drawn with a fixed seed so a failure repeats: tracing is cheap and
 * impact is a walk per subject, and all 155 subjects of a date take over a minute on a busy
 * machine. The sample mixes entities on some trace with ones on none (impact must then be empty).
 */
const DATES: readonly (string | null)[] = [null, '2015-06-01', '2014-06-01', '2017-01-01'];
const SUBJECTS_PER_DATE = 30;

describe('impact is the reverse of trace', () => {
  for (const asOf of DATES) {
    it(`on ${asOf ?? 'no date'}: for a sample of subjects S, impact(S) is exactly the activities whose trace reaches S`, { timeout: 300_000 }, async () => {
      const activities = (await h.db.run<{ id: string }>('MATCH (a:Activity) RETURN a.id AS id ORDER BY id')).map((r) => r.id);
      expect(activities.length).toBeGreaterThan(0);
      const tracedBy = new Map<string, Set<string>>();
      for (const a of activities) {
        for (const s of reachedBy(await trace(h.db, { activityId: a, asOf }))) tracedBy.set(s, (tracedBy.get(s) ?? new Set()).add(a));
      }
      const others = (await h.db.run<{ id: string }>('MATCH (n:Entity) WHERE NOT n:Activity RETURN n.id AS id ORDER BY id')).map((r) => r.id);
      const onTraces = [...tracedBy.keys()].sort();
      const subject = onTraces.length > 0 ? fc.oneof(fc.constantFrom(...onTraces), fc.constantFrom(...others)) : fc.constantFrom(...others);
      await fc.assert(
        fc.asyncProperty(subject, async (s) => {
          const want = [...(tracedBy.get(s) ?? [])].sort();
          const got = [...(await dependentActivities(s, asOf))].sort();
          expect(got, `impact(${s}) on ${asOf ?? 'no date'}`).toEqual(want);
        }),
        { seed: 15, numRuns: SUBJECTS_PER_DATE, endOnFailure: true },
      );
    });
  }
});

describe('the Act behind every instrument', () => {
  it('takes activity 16 past SI 2007/1830 over UNDER to CDA 1998 s.6 and the Act', async () => {
    const t = await trace(h.db, { activityId: ACTIVITY(16) });
    expect(t.legislation.map((l) => l.id)).toEqual(expect.arrayContaining(['uksi/2007/1830', 'ukpga/1998/37']));
    const through = t.paths.find((p) => p.steps.some((s) => s.relationship === 'UNDER' && s.from.id === 'uksi/2007/1830'));
    expect(through?.endsAt.id).toBe('ukpga/1998/37');
    expect(through?.steps.find((s) => s.relationship === 'UNDER')?.to.id).toMatch(/^ukpga\/1998\/37\/section\//);
  });

  it('reaches CDA 1998 from every seeded activity whose agreement is required by a provision made under it', async () => {
    const rows = await h.db.run<{ id: string }>(
      `MATCH (a:Activity)<-[:HAS_ACTIVITY]-(:Agreement)-[:REQUIRED_BY]->(:Provision)-[:PART_OF*0..3]->(l:Legislation)
       WHERE l.id = 'ukpga/1998/37' OR EXISTS { (l)-[:UNDER]->(:Provision)-[:PART_OF*0..3]->(:Legislation {id: 'ukpga/1998/37'}) }
       RETURN DISTINCT a.id AS id ORDER BY id`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(17);
    for (const { id } of rows)
      expect(
        (await trace(h.db, { activityId: id })).legislation.map((l) => l.id),
        id,
      ).toContain('ukpga/1998/37');
  });
});

describe("asOf honours each entity's own dates", () => {
  it("says an activity is not in force outside its agreement's period (1 April 2014 to 31 March 2016), and why", async () => {
    const after = await trace(h.db, { activityId: ACTIVITY(11), asOf: '2016-04-01' });
    expect(after.inForce).toBe(false);
    expect(after.paths).toEqual([]);
    expect(after.outOfForce?.entity.id).toBe(AGREEMENT);
    expect(after.outOfForce?.reason).toMatch(/2016-04-01 is after it ends \(periodStart 2014-04-01 to periodEnd 2016-03-31\)/);
    expect(after.message).toMatch(/was not in force as at 2016-04-01/);
    const before = await trace(h.db, { activityId: ACTIVITY(11), asOf: '2014-03-31' });
    expect(before.outOfForce?.reason).toMatch(/before it begins/);
    // The period's first and last days are inside it.
    for (const asOf of ['2014-04-01', '2016-03-31']) {
      const inside = await trace(h.db, { activityId: ACTIVITY(11), asOf });
      expect(inside.inForce).toBe(true);
      expect(inside.outOfForce).toBeNull();
      expect(inside.grounded).toBe(true);
    }
  });

  it('leaves the work of an agreement out of force out of impact, and says so', async () => {
    const answer = await impact(h.db, { id: 'ukpga/1998/37', asOf: '2017-01-01' });
    expect(answer.activityCount).toBe(0);
    expect(answer.outOfForce.map((o) => o.entity.id)).toEqual([AGREEMENT]);
    expect(answer.outOfForce[0]?.reason).toMatch(/after it ends/);
    expect(answer.message).toMatch(/not in force then/);
  });

  it('reads a MONTH or YEAR date as its whole month or year', async () => {
    const rule = CYPHER_FRAGMENTS.inForce as (x: string) => string;
    const inForce = async (x: string, day: string) =>
      (await h.db.run<{ ok: boolean }>(`WITH date($day) AS day, ${x} AS x RETURN ${rule('x')} AS ok`, { day }))[0]?.ok;
    const endMonth = "{validTo: date('2016-03-01'), validToPrecision: 'MONTH'}";
    expect(await inForce(endMonth, '2016-03-31')).toBe(true);
    expect(await inForce(endMonth, '2016-04-01')).toBe(false);
    const endYear = "{type: 'AGREEMENT', periodEnd: date('2008-01-01'), periodEndPrecision: 'YEAR'}";
    expect(await inForce(endYear, '2008-12-31')).toBe(true);
    expect(await inForce(endYear, '2009-01-01')).toBe(false);
    const startMonth = "{validFrom: date('2015-02-01'), validFromPrecision: 'MONTH'}";
    expect(await inForce(startMonth, '2015-01-31')).toBe(false);
    expect(await inForce(startMonth, '2015-02-01')).toBe(true);
    // A period is an agreement's only: a target's periodEnd is not when it stops being in force.
    expect(await inForce("{type: 'TARGET', periodEnd: date('2008-01-01')}", '2010-01-01')).toBe(true);
  });
});

describe('evidence filters', () => {
  it('crosses only STATED relationships when asked, and every chain names its weakest evidence', async () => {
    const all = await trace(h.db, { activityId: ACTIVITY(11) });
    const order = ['STATED', 'EXTERNAL', 'INFERRED'];
    for (const p of all.paths) {
      const worst = p.steps.map((s) => order.indexOf(s.evidence.basis)).reduce((a, b) => Math.max(a, b), 0);
      expect(p.weakestBasis).toBe(order[worst]);
      expect(p.weakestEvidence?.basis).toBe(order[worst]);
    }
    expect(all.paths.some((p) => p.weakestBasis === 'INFERRED')).toBe(true);
    const stated = await trace(h.db, { activityId: ACTIVITY(11), basis: ['STATED'] });
    expect(stated.paths.length).toBeLessThan(all.paths.length);
    for (const p of stated.paths) for (const s of p.steps) expect(s.evidence.basis).toBe('STATED');
    const checked = await trace(h.db, { activityId: ACTIVITY(13), verifiedOnly: true });
    for (const p of checked.paths) for (const s of p.steps) expect(s.evidence.verified).not.toBe(false);
    await expect(trace(h.db, { activityId: ACTIVITY(11), basis: [] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('filters impact and coverage the same way', async () => {
    const stated = await impact(h.db, { id: 'ukpga/1998/37', basis: ['STATED', 'EXTERNAL'], first: 500 });
    const all = await impact(h.db, { id: 'ukpga/1998/37', first: 500 });
    expect(stated.activityCount).toBeLessThanOrEqual(all.activityCount);
    for (const d of stated.dependents) for (const s of d.path.steps) expect(s.evidence.basis).not.toBe('INFERRED');
    const cover = await coverage(h.db, { agreementId: AGREEMENT, basis: ['STATED'] });
    for (const duty of cover.duties) for (const c of duty.credits) expect(c.evidence.basis).toBe('STATED');
  });
});

describe('partnership scope', () => {
  it('groups impact by partnership, with who made each agreement', async () => {
    const answer = await impact(h.db, { id: 'ukpga/1998/37' });
    const lancashire = answer.partnerships.find((p) => p.agreement.id === AGREEMENT);
    expect(lancashire?.activityCount).toBe(17);
    expect(lancashire?.madeBy.map((m) => m.id)).toContain('lancashire-community-safety-strategy-group');
  });
});
