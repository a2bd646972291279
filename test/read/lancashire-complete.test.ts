import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database/driver.js';
import { threadParameters } from '../../src/model/index.js';
import { testDatabase } from '../support/graph.js';

/**
 * Lancashire complete (issue 14 item 4): the agreement's internal inconsistencies are Discrepancy
 * records that quote both places, the actors that are not organisations, the causes and effects
 * and the approach themes are linked with the agreement's words, its only figures are
 * measurements, and the bodies it shares with other partnerships belong to no partnership.
 */
const AGREEMENT = 'lancashire-csa-2014-2016';
const PARTNERSHIP = 'lancashire-community-safety-strategy-group';
const SHARED = 'lancashire-shared-bodies';
let db: Database;

interface Evidence {
  basis: string;
  source: string;
  quote: string | null;
}

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db.close();
});

/** Each STATED CONCERNS edge of every discrepancy the agreement's dataset declares. */
async function discrepancies(): Promise<{ id: string; kind: string; notes: string | null; correction: string | null; places: Evidence[] }[]> {
  return db.run(
    `MATCH (d:Discrepancy {dataset: $dataset})
     RETURN d.id AS id, d.kind AS kind, d.notes AS notes, d.correction AS correction,
            [(d)-[r:CONCERNS {basis: 'STATED'}]->() | {basis: r.basis, source: r.source, quote: r.quote}] AS places
     ORDER BY id`,
    { dataset: AGREEMENT },
  );
}

describe('Lancashire complete: discrepancies', () => {
  it('holds 39 discrepancies, 27 of them the agreement disagreeing with itself', async () => {
    const all = await discrepancies();
    expect(all).toHaveLength(39);
    const internal = all.filter((d) => d.notes?.startsWith('Internal inconsistency') === true);
    expect(internal).toHaveLength(27);
    for (const d of all) expect(d.correction, d.id).toBeTruthy();
  });

  it('every internal one quotes at least two places of the agreement, never only an alias or a note', async () => {
    const internal = (await discrepancies()).filter((d) => d.notes?.startsWith('Internal inconsistency') === true);
    const short = internal.filter((d) => new Set(d.places.map((p) => p.quote)).size < 2).map((d) => d.id);
    expect(short).toEqual([]);
    for (const d of internal)
      expect(
        d.places.every((p) => p.source !== '' && (p.quote ?? '') !== ''),
        d.id,
      ).toBe(true);
  });

  it('the alcohol strategy named two ways: both wordings, each with its section', async () => {
    const d = (await discrepancies()).find((x) => x.id === `${AGREEMENT}/discrepancy/alcohol-strategy-names`);
    expect(d?.places).toEqual(
      expect.arrayContaining([
        { basis: 'STATED', source: 'Our Progress and Achievements', quote: 'Our joint alcohol strategy' },
        { basis: 'STATED', source: 'Appendix A: Strategic Activity', quote: 'delivery of the Lancashire Alcohol Strategy' },
      ]),
    );
  });

  it('an item named in the body but not in Appendix C points at the body and at Appendix C', async () => {
    const rows = await db.run<{ to: string; source: string }>(
      `MATCH (:Discrepancy {id: $id})-[r:CONCERNS]->(x) RETURN x.id AS to, r.source AS source ORDER BY to`,
      { id: `${AGREEMENT}/discrepancy/victims-code-not-in-appendix-c` },
    );
    expect(rows).toEqual([
      { to: `${AGREEMENT}/document/appendix-c`, source: 'Appendix C: Legislation & Strategies' },
      { to: 'victims-code-2013', source: 'Our Approach' },
    ]);
  });

  it("the agreement's 13 sections are Documents part of it, so a place can be pointed at", async () => {
    const rows = await db.run<{ n: number }>(`MATCH (:Agreement {id: $id})-[:DOCUMENTED_IN]->(doc:Document)<-[:PART_OF]-(s:Document) RETURN count(s) AS n`, {
      id: AGREEMENT,
    });
    expect(Number(rows[0]?.n)).toBe(13);
  });
});

describe('Lancashire complete: actors, causes and themes', () => {
  it('the voluntary, community and faith sector is an actor activity 3 engages, in its words', async () => {
    const rows = await db.run<{ kind: string; quote: string; partnership: string }>(
      `MATCH (:Activity {id: $activity})-[r:ENGAGES]->(a:Actor {id: $actor})
       RETURN a.kind AS kind, r.quote AS quote, a.partnership AS partnership`,
      { activity: `${AGREEMENT}/activity/3`, actor: `${AGREEMENT}/actor/vcfs` },
    );
    expect(rows).toEqual([{ kind: 'SECTOR', quote: 'engage the voluntary, community and faith sector in delivering support', partnership: PARTNERSHIP }]);
  });

  it('landlords, schools, licensed premises and victims are each linked where the agreement gives them a part', async () => {
    const rows = await db.run<{ actor: string; links: number }>(
      `MATCH (a:Actor {dataset: $dataset}) WHERE a.id IN $ids
       RETURN a.id AS actor, COUNT { (a)<-[:ENGAGES|FOCUSES_ON|APPLIES_TO|AFFECTS {basis: 'STATED'}]-() } AS links ORDER BY actor`,
      { dataset: AGREEMENT, ids: ['landlords', 'schools', 'licensed-premises', 'victims'].map((s) => `${AGREEMENT}/actor/${s}`) },
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(Number(row.links), row.actor).toBeGreaterThan(0);
  });

  it('the five contributory factors affect anti-social behaviour: "symptoms of ... contributory and causal factors"', async () => {
    const rows = await db.run<{ factor: string; quote: string }>(
      `MATCH (f:Priority {kind: 'CONTRIBUTORY_FACTOR'})-[r:AFFECTS]->(:Priority {id: $asb}) RETURN f.name AS factor, r.quote AS quote ORDER BY factor`,
      { asb: `${AGREEMENT}/priority/anti-social-behaviour` },
    );
    expect(rows.map((r) => r.factor)).toEqual(['Alcohol and Drugs', 'Deprivation', 'Health', 'Interpersonal Violence', 'Reoffending']);
    for (const row of rows) expect(row.quote).toContain('Crime and anti-social behaviour are symptoms of underlying behaviours');
  });

  it('Transforming Rehabilitation "will impact on" the prison estates, youth justice services and offenders', async () => {
    const rows = await db.run<{ to: string }>(
      `MATCH (:Strategy {id: 'transforming-rehabilitation-2013'})-[r:AFFECTS {basis: 'STATED'}]->(x) RETURN x.id AS to`,
    );
    expect(rows.map((r) => r.to)).toEqual(expect.arrayContaining(['hm-prison-service', 'lancashire-youth-offending-team', `${AGREEMENT}/actor/offenders`]));
  });

  it("each of the eight approach themes is linked to what it concerns, with the agreement's words", async () => {
    const rows = await db.run<{ theme: string; stated: number }>(
      `MATCH (:Agreement {id: $id})-[:HAS_PRINCIPLE]->(p:Principle {kind: 'APPROACH'})
       RETURN p.name AS theme, COUNT { (p)-[:APPLIES_TO|ENGAGES {basis: 'STATED'}]->() } AS stated ORDER BY theme`,
      { id: AGREEMENT },
    );
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(Number(row.stated), row.theme).toBeGreaterThan(0);
    const early = await db.run<{ to: string; quote: string }>(
      `MATCH (:Principle {id: $id})-[r:APPLIES_TO]->(x:Programme) RETURN x.id AS to, r.quote AS quote ORDER BY to`,
      { id: `${AGREEMENT}/principle/early-help` },
    );
    expect(early).toContainEqual({ to: 'springboard-blackpool', quote: 'in Blackpool it is called Springboard' });
  });

  it('none of the new links joins the golden thread: trace and impact never walk them', async () => {
    const thread = threadParameters();
    const traced = [...thread.traceWalk.split(/[,|]/).map((step) => step.replace(/[<>]/g, '')), ...thread.traceLast.map((step) => step.type)];
    for (const type of ['ENGAGES', 'AFFECTS', 'APPLIES_TO']) {
      expect(traced).not.toContain(type);
      expect([...thread.impactIn, ...thread.impactOut]).not.toContain(type);
    }
    const rows = await db.run<{ n: number }>(`MATCH ()-[r:ENGAGES|AFFECTS|APPLIES_TO]->() RETURN count(r) AS n`);
    expect(Number(rows[0]?.n)).toBe(68);
  });
});

describe('Lancashire complete: measures', () => {
  it('"9 out of 10 respondents" is an actual of an indicator the agreement has, with no invented period', async () => {
    const rows = await db.run<{ value: number; text: string; kind: string; unit: string; periodStart: unknown; periodEnd: unknown }>(
      `MATCH (:Agreement {id: $id})-[:HAS_INDICATOR]->(i:Indicator)<-[:MEASUREMENT_OF]-(m:Measurement)
       WHERE m.text CONTAINS '9 out of 10'
       RETURN m.value AS value, m.text AS text, m.kind AS kind, i.unit AS unit, m.periodStart AS periodStart, m.periodEnd AS periodEnd`,
      { id: AGREEMENT },
    );
    expect(rows).toEqual([
      {
        value: 9,
        text: '9 out of 10 respondents to the Living in Lancashire survey, consider their local area to be safe',
        kind: 'ACTUAL',
        unit: 'respondents out of every 10',
        periodStart: null,
        periodEnd: null,
      },
    ]);
  });

  it('"over half" is kept in words, with no value made up for it; anti-social behaviour is what "4 out of 5" measures', async () => {
    const half = await db.run<{ value: unknown; text: string }>(
      `MATCH (m:Measurement {dataset: $dataset}) WHERE m.text STARTS WITH 'over half' RETURN m.value AS value, m.text AS text`,
      {
        dataset: AGREEMENT,
      },
    );
    expect(half).toEqual([{ value: null, text: 'over half believe this compares favourably to the national picture' }]);
    const asb = await db.run<{ value: number }>(
      `MATCH (m:Measurement)-[:MEASUREMENT_OF]->(:Indicator)-[:MEASURES]->(:Priority {id: $asb}) RETURN m.value AS value`,
      { asb: `${AGREEMENT}/priority/anti-social-behaviour` },
    );
    expect(asb).toEqual([{ value: 4 }]);
  });
});

describe('Lancashire complete: shared bodies', () => {
  it('the police, the commissioner, fire, health and county-wide boards belong to the shared dataset and no partnership', async () => {
    const ids = [
      'lancashire-constabulary',
      'lancashire-police-and-crime-commissioner',
      'lancashire-fire-and-rescue-service',
      'lancashire-clinical-commissioning-groups',
      'lancashire-safeguarding-children-board',
      'lancashire-health-and-wellbeing-board',
      'lancashire-police-area',
    ];
    const rows = await db.run<{ id: string; dataset: string; partnership: string | null }>(
      `MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, n.dataset AS dataset, n.partnership AS partnership`,
      { ids },
    );
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) expect(row, row.id).toMatchObject({ dataset: SHARED, partnership: null });
  });

  it("what the agreement states of them stays the agreement's: the constabulary is a STATED member of the strategy group", async () => {
    const rows = await db.run<{ dataset: string; quote: string }>(
      `MATCH (:Organisation {id: 'lancashire-constabulary'})-[r:MEMBER_OF]->(:Board {id: $group}) RETURN r.dataset AS dataset, r.quote AS quote`,
      { group: PARTNERSHIP },
    );
    expect(rows).toEqual([{ dataset: AGREEMENT, quote: expect.stringContaining('brings together representatives of these organisations') }]);
  });
});
