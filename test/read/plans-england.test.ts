import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database/driver.js';
import { testDatabase } from '../support/graph.js';

/**
 * The English partnerships' plans (issue 14 item 5) read back from the seeded graph: each plan has
 * exactly the priorities its source lists, a STATED priority carries its document's address and
 * the source's words, every dataset says how complete it is, each source's faults are Discrepancy
 * records, and the police, fire and county bodies several partnerships share live in datasets of
 * their own with no partnership (issue 14 item 2).
 */
let db: Database;

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db.close();
});

async function one<T extends Record<string, unknown>>(cypher: string, params: Record<string, unknown> = {}): Promise<T> {
  const rows = await db.run<T>(cypher, params);
  expect(rows).toHaveLength(1);
  return rows[0] as T;
}

interface Plan {
  readonly dataset: string;
  readonly partnership: string;
  /** Each agreement of the dataset and how many priorities its source lists. */
  readonly priorities: Readonly<Record<string, number>>;
  /** One STATED priority: the address of the document it is read from and the source's words. */
  readonly stated: { readonly agreement: string; readonly url: string; readonly quote: string };
  readonly discrepancies: number;
}

const PLANS: readonly Plan[] = [
  {
    dataset: 'tonbridge-and-malling-csp-2025-2026',
    partnership: 'tonbridge-and-malling-csp',
    priorities: { 'tonbridge-and-malling-csp-2025-2026': 4 },
    stated: {
      agreement: 'tonbridge-and-malling-csp-2025-2026',
      url: 'https://www.tmbc.gov.uk/community-services/community-safety-partnership-plan/4',
      quote: 'Exploitation – to include gangs, modern slavery and human trafficking, child sexual exploitation, cuckooing and Prevent.',
    },
    discrepancies: 1,
  },
  {
    dataset: 'safer-waverley-partnership-2005-2008',
    partnership: 'safer-waverley-partnership',
    priorities: { 'waverley-community-safety-strategy-2005-2008': 4 },
    stated: {
      agreement: 'waverley-community-safety-strategy-2005-2008',
      url: 'http://waverweb.waverley.gov.uk/live/wbc/newComdb.nsf/f0688ddc4711c8578025761c004fe22b/3263c9f399f6df98802575ae00364cd0?OpenDocument',
      quote: 'Priority 2: Feeling Safe and Being Safe',
    },
    discrepancies: 1,
  },
  {
    dataset: 'gateshead-community-safety-board-2023-2024',
    partnership: 'gateshead-community-safety-board',
    priorities: { 'gateshead-partnership-plan-2023-2024': 4, 'gateshead-partnership-plan-2017-2018': 4, 'gateshead-strategic-themes-2020-2023': 3 },
    stated: {
      agreement: 'gateshead-partnership-plan-2023-2024',
      url: 'http://democracy.gateshead.gov.uk/mgAi.aspx?ID=18172',
      quote: 'Tackling serious violence',
    },
    discrepancies: 1,
  },
  {
    dataset: 'tunbridge-wells-csp-2023-2024',
    partnership: 'tunbridge-wells-csp',
    priorities: { 'tunbridge-wells-csp-2023-2024': 5, 'tunbridge-wells-csp-2015-2016': 9 },
    stated: {
      agreement: 'tunbridge-wells-csp-2023-2024',
      url: 'https://tunbridgewells.gov.uk/community-and-leisure/community-safety',
      quote: 'Violent behaviour (including Violence Against Women and Girls, Night Time Economy, and knife crime).',
    },
    discrepancies: 2,
  },
  {
    dataset: 'brighton-and-hove-csp-2023-2026',
    partnership: 'brighton-and-hove-csp',
    priorities: { 'brighton-and-hove-community-safety-strategy-2023-2026': 4, 'brighton-and-hove-community-safety-strategy-2017-2020': 6 },
    stated: {
      agreement: 'brighton-and-hove-community-safety-strategy-2023-2026',
      url: 'https://democracy.brighton-hove.gov.uk/documents/s187641/Community%20Safety%20Strategy%202023-26%20APX.%20n%201.html?CT=2',
      quote: 'Domestic & sexual violence and abuse and other VAWG',
    },
    discrepancies: 2,
  },
  {
    dataset: 'kirklees-communities-partnership-plan-2022-2027',
    partnership: 'kirklees-communities-board',
    priorities: { 'kirklees-communities-partnership-plan-2022-2027': 4 },
    stated: {
      agreement: 'kirklees-communities-partnership-plan-2022-2027',
      url: 'https://democracy.kirklees.gov.uk/ieDecisionDetails.aspx?ID=10426',
      quote: 'Risk which includes reducing reoffending, substance misuse, road safety and water safety.',
    },
    discrepancies: 3,
  },
  {
    dataset: 'cheshire-west-and-chester-csp-2016-2020',
    partnership: 'cheshire-west-and-chester-csp',
    priorities: { 'cheshire-west-and-chester-csp-strategy-2016-2020': 7 },
    stated: {
      agreement: 'cheshire-west-and-chester-csp-strategy-2016-2020',
      url: 'https://readkong.com/page/cheshire-west-and-chester-community-safety-partnership-9181733',
      quote: 'Reduce Child Sexual Exploitation',
    },
    discrepancies: 0,
  },
  {
    dataset: 'barking-and-dagenham-csp-2023-2026',
    partnership: 'barking-and-dagenham-csp',
    // Five plan priorities (Assembly minutes) and five "local priorities" (council page): both lists are kept.
    priorities: { 'barking-and-dagenham-csp-plan-2023-2026': 10 },
    stated: {
      agreement: 'barking-and-dagenham-csp-plan-2023-2026',
      url: 'https://modgov.lbbd.gov.uk/internet/ieIssueDetails.aspx?IId=90590&Opt=3',
      quote: 'Priority 4 - Standing up to hate, intolerance and extremism.',
    },
    discrepancies: 1,
  },
  {
    dataset: 'safer-south-tyneside-2024-2027',
    partnership: 'safer-south-tyneside',
    priorities: { 'safer-south-tyneside-plan-2024-2027': 5, 'safer-south-tyneside-plan-2016-2019': 5 },
    stated: {
      agreement: 'safer-south-tyneside-plan-2016-2019',
      url: 'https://www.southtyneside.gov.uk/article/9631/High-level-priorities',
      quote: 'Preventing Crime (including re-offending)',
    },
    discrepancies: 1,
  },
  {
    dataset: 'safer-north-tyneside-2026-2030',
    partnership: 'safer-north-tyneside-partnership',
    // Two of the draft's "four key strategic community safety priorities" are in the stored source.
    priorities: { 'safer-north-tyneside-strategy-2026-2030': 2 },
    stated: {
      agreement: 'safer-north-tyneside-strategy-2026-2030',
      url: 'https://haveyoursay.northtyneside.gov.uk/draft-community-safety-strategy/faqs',
      quote: 'Tackling Neighbourhood crime and anti-Social Behaviour',
    },
    discrepancies: 2,
  },
  {
    dataset: 'spelthorne-safer-stronger-partnership-2011-2014',
    partnership: 'spelthorne-safer-stronger-partnership',
    priorities: { 'spelthorne-priorities-2011': 5, 'spelthorne-crime-and-disorder-reduction-strategy-2005-2008': 3 },
    stated: {
      agreement: 'spelthorne-priorities-2011',
      url: 'http://www.spelthorne.gov.uk/nws_11_makingspelthornesafer.htm',
      quote: 'To reduce the threat of terrorism',
    },
    discrepancies: 0,
  },
];

describe.each(PLANS)('$dataset', (plan) => {
  it('has exactly the priorities its source lists, each agreement made by the partnership', async () => {
    const rows = await db.run<{ id: string; priorities: number; made: string[] }>(
      `MATCH (a:Agreement {dataset: $dataset})
       RETURN a.id AS id, COUNT { (a)-[:HAS_PRIORITY]->(:Priority) } AS priorities, [(a)-[:MADE_BY]->(b:Board) | b.id] AS made`,
      { dataset: plan.dataset },
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.priorities]))).toEqual(plan.priorities);
    for (const row of rows) expect(row.made).toEqual([plan.partnership]);
  });

  it('reads a STATED priority from a named document, with its address and the source’s words', async () => {
    const row = await one<{ basis: string; url: string; source: string }>(
      `MATCH (:Agreement {id: $agreement})-[r:HAS_PRIORITY {quote: $quote}]->(:Priority)
       MATCH (d:Document {id: r.document})
       RETURN r.basis AS basis, d.url AS url, r.source AS source`,
      { agreement: plan.stated.agreement, quote: plan.stated.quote },
    );
    expect(row.basis).toBe('STATED');
    expect(row.url).toBe(plan.stated.url);
    expect(row.source.length).toBeGreaterThan(0);
  });

  it('says how complete it is against its source, and records no ONS code it could not confirm', async () => {
    const rows = await db.run<{ notes: string | null }>('MATCH (a:Agreement {dataset: $dataset}) RETURN a.notes AS notes', { dataset: plan.dataset });
    expect(rows.length).toBeGreaterThan(0);
    for (const { notes } of rows) expect(notes).toMatch(/^Completeness against the source/);
    expect(rows.some(({ notes }) => notes?.includes('No ONS GSS code is recorded'))).toBe(true);
  });

  it('keeps each fault of its source as a Discrepancy about something in the graph, with a correction', async () => {
    const rows = await db.run<{ id: string; correction: string | null; concerns: number }>(
      `MATCH (d:Discrepancy {dataset: $dataset}) RETURN d.id AS id, d.correction AS correction, COUNT { (d)-[:CONCERNS]->() } AS concerns`,
      { dataset: plan.dataset },
    );
    expect(rows).toHaveLength(plan.discrepancies);
    for (const row of rows) {
      expect(row.correction?.length ?? 0).toBeGreaterThan(0);
      expect(row.concerns).toBeGreaterThan(0);
    }
  });

  it('owns every entity it declares for its partnership, and no entity of a shared dataset', async () => {
    const row = await one<{ owners: (string | null)[] }>('MATCH (n:Entity {dataset: $dataset}) RETURN collect(DISTINCT n.partnership) AS owners', {
      dataset: plan.dataset,
    });
    expect(row.owners).toEqual([plan.partnership]);
  });
});

describe('shared regional bodies', () => {
  it('Kent Police is declared once, by a dataset with no partnership, and serves both Kent partnerships loaded', async () => {
    const row = await one<{ dataset: string; partnership: string | null; boards: string[] }>(
      `MATCH (o:Organisation {id: 'kent-police'})
       RETURN o.dataset AS dataset, o.partnership AS partnership, [(o)-[:MEMBER_OF]->(b:Board) | b.id] AS boards`,
    );
    expect(row.dataset).toBe('kent-shared-bodies');
    expect(row.partnership).toBeNull();
    expect([...row.boards].sort()).toEqual(['tonbridge-and-malling-csp', 'tunbridge-wells-community-safety-unit']);
  });

  it('the Northumbria bodies sit with no partnership and are members of all three Tyneside partnerships', async () => {
    const rows = await db.run<{ id: string; partnership: string | null; boards: string[] }>(
      `MATCH (o:Organisation {dataset: 'northumbria-shared-bodies'})
       RETURN o.id AS id, o.partnership AS partnership, [(o)-[:MEMBER_OF]->(b:Board) | b.id] AS boards`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const row of rows) expect(row.partnership).toBeNull();
    const police = rows.find((r) => r.id === 'northumbria-police');
    expect([...(police?.boards ?? [])].sort()).toEqual(['gateshead-community-safety-board', 'safer-north-tyneside-partnership', 'safer-south-tyneside']);
  });

  it('no police force, commissioner or fire service is declared inside an English partnership dataset', async () => {
    const row = await one<{ owned: string[] }>(
      `MATCH (o:Organisation) WHERE o.kind IN ['POLICE', 'POLICE_AND_CRIME_COMMISSIONER', 'FIRE_AND_RESCUE'] AND o.dataset IN $datasets
       RETURN collect(o.id) AS owned`,
      { datasets: PLANS.map((p) => p.dataset) },
    );
    expect(row.owned).toEqual([]);
  });
});

describe('what the English plans say, as data', () => {
  it('Safer Waverley: eleven crime targets for 2008, each a TARGET measurement with the source’s words', async () => {
    const row = await one<{ targets: number; domestic: number; text: string; precision: string }>(
      `MATCH (:Agreement {id: 'waverley-community-safety-strategy-2005-2008'})-[:HAS_INDICATOR]->(i:Indicator)<-[:MEASUREMENT_OF]-(m:Measurement {kind: 'TARGET'})
       WITH collect(m) AS ms
       WITH ms, [m IN ms WHERE m.id ENDS WITH '/domestic-burglary-target-2008'][0] AS d
       RETURN size(ms) AS targets, d.value AS domestic, d.text AS text, d.periodEndPrecision AS precision`,
    );
    expect(row.targets).toBe(11);
    expect(row.domestic).toBe(-20);
    expect(row.text).toBe('2.4 Reduce domestic burglary 20% by 2008');
    expect(row.precision).toBe('YEAR');
  });

  it('Tonbridge and Malling: the plan cites the Serious Violence Duty, a Chapter, in its introduction’s words', async () => {
    const row = await one<{ kind: string; quote: string; url: string }>(
      `MATCH (:Agreement {id: 'tonbridge-and-malling-csp-2025-2026'})-[r:CITES]->(p:Provision {id: 'ukpga/2022/32/part/2/chapter/1'})
       MATCH (d:Document {id: r.document})
       RETURN p.kind AS kind, r.quote AS quote, d.url AS url`,
    );
    expect(row.kind).toBe('CHAPTER');
    expect(row.quote).toContain('the Serious Violence Duty');
    expect(row.url).toBe('https://www.tmbc.gov.uk/community-services/community-safety-partnership-plan');
  });

  it('Kirklees: the s.5 citation is kept as the source words it, and the Discrepancy corrects it to s.6', async () => {
    const row = await one<{ cited: string; correction: string }>(
      `MATCH (a:Agreement {id: 'kirklees-communities-partnership-plan-2022-2027'})-[c:CITES {basis: 'STATED'}]->(p:Provision {id: 'ukpga/1998/37/section/5'})
       MATCH (d:Discrepancy {id: 'kirklees-communities-partnership-plan-2022-2027/discrepancy/section-5'})-[:CONCERNS]->(p)
       RETURN c.quote AS cited, d.correction AS correction`,
    );
    expect(row.cited).toContain('Section 5 of the Crime and Disorder Act 1998');
    expect(row.correction).toMatch(/section 6/);
  });

  it('North Tyneside: the serious violence strategy (CDA 1998 s.6(1)(d)) binds the partnership, in the FAQ’s words', async () => {
    const row = await one<{ provision: string; quote: string }>(
      `MATCH (d:Duty {id: 'duty-cda-1998-s6-serious-violence-strategy'})-[b:BINDS]->(:Board {id: 'safer-north-tyneside-partnership'})
       MATCH (d)-[:IMPOSED_BY]->(p:Provision)
       RETURN p.id AS provision, b.quote AS quote`,
    );
    expect(row.provision).toBe('ukpga/1998/37/section/6/1/d');
    expect(row.quote).toBe('Preventing serious violence.');
  });

  it('the 2021-22 national strategies the plans name are shared data, each with its publisher and date', async () => {
    const rows = await db.run<{ id: string; published: string; partnership: string | null; citedBy: number }>(
      `MATCH (s:Strategy) WHERE s.id IN ['tackling-vawg-strategy-2021', 'tackling-domestic-abuse-plan-2022', 'from-harm-to-hope-2021']
       RETURN s.id AS id, toString(s.published) AS published, s.partnership AS partnership,
              COUNT { (:Agreement)-[:CITES]->(s) } + COUNT { (:Priority)-[:SUPPORTS]->(s) } + COUNT { (:Strategy)-[:SUPPORTS]->(s) } AS citedBy
       ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, r.published])).toEqual([
      ['from-harm-to-hope-2021', '2021-12-06'],
      ['tackling-domestic-abuse-plan-2022', '2022-03-30'],
      ['tackling-vawg-strategy-2021', '2021-07-21'],
    ]);
    for (const row of rows) {
      expect(row.partnership).toBeNull();
      expect(row.citedBy).toBeGreaterThan(0);
    }
  });
});
