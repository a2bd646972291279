import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database/driver.js';
import { testDatabase } from '../support/graph.js';

/**
 * The Welsh partnerships' plans (issue 14, item 5), read back from the seeded graph: each count is
 * what the source states (sources/plans/<slug>/extract.md, copied into each dataset's folder), and
 * each STATED fact carries the address of the document it was read in and the source's words.
 */
const VALE = 'safer-vale-partnership-2011-2014';
const GWYNEDD = 'gwynedd-and-anglesey-community-safety-partnership';
const CONWY = 'conwy-and-denbighshire-community-safety-partnership';
const FLINT = 'flintshire-community-safety-partnership';
const MONMOUTH = 'safer-monmouthshire-group';
const CARMARTHEN = 'carmarthenshire-fair-and-safe-communities-group';
const NEWPORT = 'safer-newport-2024-2029';
const PARTNERSHIP_DATASETS = [VALE, GWYNEDD, CONWY, FLINT, MONMOUTH, CARMARTHEN, NEWPORT];
const SHARED_DATASETS = ['wales-shared-bodies', 'north-wales-shared-bodies', 'gwent-shared-bodies', 'south-wales-shared-bodies', 'dyfed-powys-shared-bodies'];

let db: Database;

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db.close();
});

async function priorities(agreement: string): Promise<string[]> {
  const rows = await db.run<{ name: string }>(`MATCH (:Agreement {id: $id})-[:HAS_PRIORITY]->(p:Priority) RETURN p.name AS name ORDER BY name`, {
    id: agreement,
  });
  return rows.map((r) => r.name);
}

describe('the Welsh datasets as a whole', () => {
  it('every STATED relationship they declare has its words, and every document it names is a Document in the graph', async () => {
    const rows = await db.run<{ dataset: string; type: string; from: string; problem: string }>(
      `MATCH (a)-[r]->(b) WHERE r.dataset IN $datasets AND r.basis = 'STATED'
       OPTIONAL MATCH (d:Document {id: r.document})
       WITH r, a, CASE WHEN r.quote IS NULL OR trim(r.quote) = '' THEN 'no quote'
                       WHEN r.document IS NOT NULL AND d IS NULL THEN 'document missing' END AS problem
       WHERE problem IS NOT NULL
       RETURN r.dataset AS dataset, type(r) AS type, a.id AS from, problem`,
      { datasets: [...PARTNERSHIP_DATASETS, ...SHARED_DATASETS] },
    );
    expect(rows).toEqual([]);
    const stated = await db.run<{ n: number }>(
      `MATCH ()-[r]->() WHERE r.dataset IN $datasets AND r.basis = 'STATED' AND r.document IS NOT NULL RETURN count(r) AS n`,
      {
        datasets: PARTNERSHIP_DATASETS,
      },
    );
    expect(stated[0]?.n).toBeGreaterThan(150);
  });

  it('shared bodies belong to no partnership, and each partnership dataset belongs to its own board', async () => {
    const shared = await db.run<{ owned: number; total: number }>(
      `MATCH (e:Entity) WHERE e.dataset IN $datasets RETURN count(e) AS total, count(e.partnership) AS owned`,
      { datasets: SHARED_DATASETS },
    );
    expect(shared[0]?.total).toBeGreaterThan(40);
    expect(shared[0]?.owned).toBe(0);
    const owners = await db.run<{ dataset: string; owners: string[] }>(
      `MATCH (e:Entity) WHERE e.dataset IN $datasets RETURN e.dataset AS dataset, collect(DISTINCT e.partnership) AS owners ORDER BY dataset`,
      { datasets: PARTNERSHIP_DATASETS },
    );
    expect(Object.fromEntries(owners.map((r) => [r.dataset, r.owners]))).toEqual({
      [VALE]: ['safer-vale-partnership'],
      [GWYNEDD]: [GWYNEDD],
      [CONWY]: [CONWY],
      [FLINT]: [FLINT],
      [MONMOUTH]: [MONMOUTH],
      [CARMARTHEN]: [CARMARTHEN],
      [NEWPORT]: ['safer-newport'],
    });
  });

  it('North Wales Police is one shared body that three partnerships link to, not a copy in each', async () => {
    const rows = await db.run<{ dataset: string; partnerships: string[] }>(
      `MATCH (p:Organisation {id: 'north-wales-police'})-[:MEMBER_OF]->(b:Board)
       RETURN p.dataset AS dataset, collect(b.id) AS partnerships`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.dataset).toBe('north-wales-shared-bodies');
    expect([...(rows[0]?.partnerships ?? [])].sort()).toEqual([CONWY, GWYNEDD]);
    const led = await db.run<{ n: number }>(
      `MATCH (:Organisation {id: 'north-wales-police'})-[:LEADS]->(:Programme)<-[:FOCUSES_ON|LEADS]-() RETURN count(*) AS n`,
    );
    expect(led[0]?.n).toBeGreaterThan(0);
  });

  it('no Welsh partnership or area carries an ONS code, because no published source confirming one was found', async () => {
    const rows = await db.run<{ id: string }>(
      `MATCH (e:Entity) WHERE e.dataset IN $datasets AND (e:Area OR e:Board)
         AND (any(k IN keys(e) WHERE toLower(k) CONTAINS 'gss' OR toLower(k) CONTAINS 'onscode')
              OR any(t IN [e.name, e.description, e.url] + coalesce(e.aliases, []) WHERE t =~ '.*[EW]2[0-9]{7}.*'))
       RETURN e.id AS id`,
      { datasets: [...PARTNERSHIP_DATASETS, ...SHARED_DATASETS] },
    );
    expect(rows).toEqual([]);
  });
});

describe('Safer Vale Partnership 2011/12 to 2013/14 (Vale of Glamorgan committee reports)', () => {
  it('the strategic assessment: one outcome and three objectives, for a period known to the month', async () => {
    const rows = await db.run<{ start: string; sp: string; end: string; ep: string; outcomes: string[] }>(
      `MATCH (a:Agreement {id: $id})
       RETURN toString(a.periodStart) AS start, a.periodStartPrecision AS sp, toString(a.periodEnd) AS end, a.periodEndPrecision AS ep,
              [(a)-[:HAS_OUTCOME]->(o) | o.name] AS outcomes`,
      { id: VALE },
    );
    expect(rows[0]).toEqual({
      start: '2011-04-01',
      sp: 'MONTH',
      end: '2014-03-01',
      ep: 'MONTH',
      outcomes: ['Residents and visitors to feel safe and that the Vale is recognised as a low crime area'],
    });
    const names = await priorities(VALE);
    expect(names).toHaveLength(3);
    expect(names.map((n) => n.split(':')[0])).toEqual(['Objective One', 'Objective Three', 'Objective Two']);
  });

  it('six indicators and 28 figures: every target and actual the reports give, each from its own report', async () => {
    const rows = await db.run<{ indicator: string; kind: string; n: number }>(
      `MATCH (:Agreement {id: $id})-[:HAS_INDICATOR]->(i:Indicator)<-[:MEASUREMENT_OF]-(m:Measurement)
       RETURN i.name AS indicator, m.kind AS kind, count(m) AS n ORDER BY indicator, kind`,
      { id: VALE },
    );
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    expect(new Set(rows.map((r) => r.indicator)).size).toBe(6);
    expect(total).toBe(28);
    expect(rows.find((r) => r.indicator === 'Most serious violence' && r.kind === 'TARGET')?.n).toBe(4);
  });

  it('Quarter 2 2011/12: most serious violence target 49, actual 38, read in the 1 December 2011 report', async () => {
    const rows = await db.run<{ kind: string; value: number; start: string; end: string; url: string; quote: string }>(
      `MATCH (m:Measurement)-[r:MEASUREMENT_OF]->(:Indicator {id: $indicator})
       WHERE m.id ENDS WITH '2011-12-to-q2-target' OR m.id ENDS WITH '2011-12-to-q2-actual'
       MATCH (d:Document {id: r.document})
       RETURN m.kind AS kind, m.value AS value, toString(m.periodStart) AS start, toString(m.periodEnd) AS end, d.url AS url, r.quote AS quote
       ORDER BY kind`,
      { indicator: `${VALE}/indicator/most-serious-violence` },
    );
    expect(rows.map((r) => [r.kind, r.value])).toEqual([
      ['ACTUAL', 38],
      ['TARGET', 49],
    ]);
    for (const row of rows) {
      expect([row.start, row.end]).toEqual(['2011-04-01', '2011-09-01']);
      expect(row.url).toBe(
        'http://www.valeofglamorgan.gov.uk/en/our_council/Council-Structure/minutes,_agendas_and_reports/reports/scrutiny_hpp/2011/11-12-01/community_safety_performance_m.aspx',
      );
      expect(row.quote).toBe('Most serious violence: Target 49 incidents, Actual 38 incidents – Achieved (23% below target)');
    }
  });

  it('the sources contradicting each other are Discrepancies, not a silently chosen founding year', async () => {
    const rows = await db.run<{ name: string; about: string[] }>(
      `MATCH (x:Discrepancy) WHERE x.dataset = $dataset RETURN x.name AS name, [(x)-[:CONCERNS]->(e) | e.id] AS about ORDER BY name`,
      { dataset: VALE },
    );
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.name.startsWith('Founding year'))?.about).toEqual(['safer-vale-partnership']);
    const board = await db.run<{ validFrom: unknown }>(`MATCH (b:Board {id: 'safer-vale-partnership'}) RETURN b.validFrom AS validFrom`);
    expect(board[0]?.validFrom).toBeNull();
  });

  it("the 2007 merger is a succession with the Cabinet report's words", async () => {
    const rows = await db.run<{ quote: string; url: string }>(
      `MATCH (:Board {id: 'safer-vale-statutory-partners-group'})-[r:SUCCEEDED_BY]->(:Board {id: 'safer-vale-strategic-group'})
       MATCH (d:Document {id: r.document}) RETURN r.quote AS quote, d.url AS url`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.quote).toContain('to form a single group called the Safer Vale Strategy Group');
    expect(rows[0]?.url).toContain('/cabinet/2007/07-11-28/');
  });
});

describe('Gwynedd and Anglesey Community Safety Partnership (minutes in Welsh and English)', () => {
  it('the 2019/20 plan: seven priorities in Welsh, as the minute gives them, each rendering marked as ours', async () => {
    const rows = await db.run<{ name: string; description: string; language: string }>(
      `MATCH (a:Agreement {id: $id})-[r:HAS_PRIORITY]->(p:Priority) MATCH (d:Document {id: r.document})
       RETURN p.name AS name, p.description AS description, d.language AS language`,
      { id: `${GWYNEDD}/plan-2019-2020` },
    );
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['Lleihau Aildroseddu', 'Lleihau Ymddygiad Gwrthgymdeithasol']));
    for (const row of rows) {
      expect(row.language).toBe('cy');
      expect(row.description).toMatch(/^Our translation \(not the source's words\): /);
    }
  });

  it('the 2023-24 priorities: three, from one sentence, the split said to be ours', async () => {
    expect(await priorities(`${GWYNEDD}/priorities-2023-2024`)).toHaveLength(3);
    const notes = await db.run<{ note: string }>(`MATCH (:Agreement {id: $id})-[r:HAS_PRIORITY]->() RETURN DISTINCT r.note AS note`, {
      id: `${GWYNEDD}/priorities-2023-2024`,
    });
    expect(notes).toHaveLength(1);
    expect(notes[0]?.note).toContain('The split into three is ours');
  });

  it('"the Domestic Violence, Crime and Victims Act 2024" is kept as the source says it, with the correction to 2004', async () => {
    const rows = await db.run<{ correction: string; duty: string[] }>(
      `MATCH (x:Discrepancy {id: $id})-[:CONCERNS]->(p:Programme)
       RETURN x.correction AS correction, [(p)-[:DISCHARGES]->(d:Duty) | d.id] AS duty`,
      { id: `${GWYNEDD}/discrepancy/dvcva-2024` },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.correction).toContain('Domestic Violence, Crime and Victims Act 2004');
    expect(rows[0]?.duty).toEqual(['duty-dvcva-2004-s9-domestic-homicide-reviews']);
  });
});

describe('Conwy and Denbighshire Community Safety Partnership (Denbighshire scrutiny minutes)', () => {
  it('five annual plans, with only the priorities each minute prints', async () => {
    const rows = await db.run<{ id: string; n: number }>(
      `MATCH (a:Agreement) WHERE a.dataset = $dataset RETURN a.id AS id, size([(a)-[:HAS_PRIORITY]->(p) | p]) AS n ORDER BY id`,
      { dataset: CONWY },
    );
    expect(rows.map((r) => [r.id.split('/').pop(), r.n])).toEqual([
      ['action-plan-2018-2019', 3],
      ['action-plan-2020-2021', 1],
      ['action-plan-2021-2022', 3],
      ['action-plan-2022-2023', 0],
      ['action-plan-2023-2024', 1],
    ]);
  });

  it("a status rating is a measurement with the source's words and no invented number", async () => {
    const rows = await db.run<{ text: string; value: unknown }>(
      `MATCH (m:Measurement)-[:MEASUREMENT_OF]->(:Indicator)-[:MEASURES]->(:Priority {id: $priority}) RETURN m.text AS text, m.value AS value`,
      { priority: `${CONWY}/action-plan-2021-2022/priority/priority-3` },
    );
    expect(rows).toEqual([{ text: 'performance status at the end of 2021/22 was good', value: null }]);
  });
});

describe('Flintshire Community Safety Partnership: CSP -> local service board -> public services board', () => {
  it('four local priorities for 2018/19', async () => {
    expect(await priorities(`${FLINT}/local-priorities-2018-2019`)).toEqual([
      'Child Criminal Exploitation',
      'Domestic Abuse and Sexual Violence',
      'Modern Day Slavery',
      'Organised Crime Groups',
    ]);
  });

  it("the public services board discharges the partnership's duties, in the 2019 report's words, and replaced the local service board", async () => {
    const rows = await db.run<{ duties: number; quote: string; succeeded: string }>(
      `MATCH (psb:Board {id: 'flintshire-public-services-board'})-[r:DISCHARGES]->(d:Duty)
       MATCH (:Board {id: 'flintshire-local-service-board'})-[s:SUCCEEDED_BY]->(psb)
       RETURN count(d) AS duties, collect(DISTINCT r.quote)[0] AS quote, toString(s.validFrom) AS succeeded`,
    );
    expect(rows[0]).toEqual({
      duties: 3,
      quote: 'The statutory duties of the CSP were discharged through the Public Services Board led by Flintshire.',
      succeeded: '2016-04-01',
    });
  });
});

describe("successions in their sources' words", () => {
  it('Monmouthshire: CDRP -> CSP -> Safer Monmouthshire Group, and the CSP plan -> the single integrated plan', async () => {
    const chain = await db.run<{ ids: string[] }>(
      `MATCH path = (:Board {id: 'monmouthshire-crime-and-disorder-reduction-partnership'})-[:SUCCEEDED_BY*2]->(:Board {id: $smg})
       RETURN [n IN nodes(path) | n.id] AS ids`,
      { smg: MONMOUTH },
    );
    expect(chain).toHaveLength(1);
    const plan = await db.run<{ quote: string; discharges: number }>(
      `MATCH (:Strategy {id: $old})-[r:SUCCEEDED_BY]->(sip:Strategy {id: 'monmouthshire-single-integrated-plan-2013-2017'})
       RETURN r.quote AS quote, size([(sip)-[:DISCHARGES]->(d:Duty) | d]) AS discharges`,
      { old: `${MONMOUTH}/community-safety-partnership-plan` },
    );
    expect(plan[0]?.quote).toContain('The Single Integrated Plan replaced the existing statutory plans and strategies');
    expect(plan[0]?.discharges).toBe(3);
    const outcomes = await db.run<{ n: number }>(`MATCH (:Agreement {id: $id})-[:HAS_OUTCOME]->(o:Outcome) RETURN collect(o.number) AS n`, {
      id: `${MONMOUTH}/safer-monmouthshire-plan`,
    });
    expect(outcomes[0]?.n).toEqual(expect.arrayContaining([4, 5, 6]));
  });

  it('Carmarthenshire: the Community Safety Partnership -> the Fair and Safe Communities Group, which has no plan in the store, so none is made up', async () => {
    const rows = await db.run<{ quote: string; agreements: number }>(
      `MATCH (:Board {id: 'carmarthenshire-community-safety-partnership'})-[r:SUCCEEDED_BY]->(g:Board {id: $id})
       RETURN r.quote AS quote, COUNT { MATCH (a:Agreement) WHERE a.dataset = $id } AS agreements`,
      { id: CARMARTHEN },
    );
    expect(rows[0]?.quote).toContain('and its predecessor, the Community Safety Partnership');
    expect(rows[0]?.agreements).toBe(0);
  });

  it('Newport: renamed from Newport Community Safety Partnership; the 2024-2029 plan has no priorities in the store and none are invented', async () => {
    const rows = await db.run<{ quote: string; priorities: number; cites: string[] }>(
      `MATCH (:Board {id: 'newport-community-safety-partnership'})-[r:SUCCEEDED_BY]->(:Board {id: 'safer-newport'})
       MATCH (a:Agreement {id: $plan})
       RETURN r.quote AS quote, size([(a)-[:HAS_PRIORITY]->(p) | p]) AS priorities, [(a)-[:CITES]->(s:Strategy) | s.kind] AS cites`,
      { plan: NEWPORT },
    );
    expect(rows[0]).toEqual({ quote: 'Formerly Newport Community Safety Partnership', priorities: 0, cites: ['ASSESSMENT'] });
  });
});
