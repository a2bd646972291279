import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database/driver.js';
import { testDatabase } from '../support/graph.js';

/**
 * Facts from each section of the Lancashire Community Safety Agreement 2014-2016
 * (../shared/sources) and the checked legal facts, read back from the graph.
 */
const AGREEMENT = 'lancashire-csa-2014-2016';
let db: Database;

async function one<T extends Record<string, unknown>>(cypher: string, params: Record<string, unknown> = {}): Promise<T> {
  const rows = await db.run<T>(cypher, params);
  expect(rows).toHaveLength(1);
  return rows[0] as T;
}

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db.close();
});

describe('Lancashire CSA 2014-2016 in the graph', () => {
  it('Introduction: the agreement and its vision', async () => {
    const row = await one<{ vision: string; required: string[]; made: string[] }>(
      `MATCH (a:Agreement {id: $id})
       RETURN a.vision AS vision,
              [(a)-[:REQUIRED_BY]->(p) | p.id] AS required,
              [(a)-[:MADE_BY]->(b) | b.name] AS made`,
      { id: AGREEMENT },
    );
    expect(row.vision).toContain('Working together to make Lancashire a better place for this and future generations');
    expect(row.required).toContain('uksi/2007/1830/regulation/9');
    expect(row.made.join(' ')).toMatch(/Community Safety Strategy Group/);
  });

  it('Our Partnership: all 23 partners belong to the strategy group, with their statutory status', async () => {
    const row = await one<{ members: number; ra: string[]; notRa: string[] }>(
      `MATCH (a:Agreement {id: $id})-[:MADE_BY]->(g:Board)
       MATCH (o:Organisation)-[m:MEMBER_OF]->(g) WHERE m.basis = 'STATED'
       RETURN count(DISTINCT o) AS members,
              collect(DISTINCT CASE WHEN o.responsibleAuthority THEN o.name END) AS ra,
              collect(DISTINCT CASE WHEN NOT o.responsibleAuthority THEN o.name END) AS notRa`,
      { id: AGREEMENT },
    );
    expect(row.members).toBe(23);
    expect(row.ra).toEqual(expect.arrayContaining(['Lancashire County Council', 'Lancashire Constabulary', 'Preston City Council']));
    expect(row.notRa).toEqual(expect.arrayContaining(['Crown Prosecution Service']));
    expect(row.notRa.join(' ')).toMatch(/Police (and|&) Crime Commissioner/);
  });

  it('the responsible authorities are designated by CDA 1998 s.5', async () => {
    const row = await one<{ undesignated: string[] }>(
      `MATCH (o:Organisation {responsibleAuthority: true})-[:MEMBER_OF]->(:Board)<-[:MADE_BY]-(:Agreement {id: $id})
       WHERE NOT EXISTS { (o)-[:DESIGNATED_BY]->(p:Provision) WHERE p.id STARTS WITH 'ukpga/1998/37/section/5' }
       RETURN collect(o.name) AS undesignated`,
      { id: AGREEMENT },
    );
    expect(row.undesignated).toEqual([]);
  });

  it('Our Principles: three principles', async () => {
    const rows = await db.run<{ name: string }>(
      `MATCH (:Agreement {id: $id})-[:HAS_PRINCIPLE]->(p:Principle {kind: 'PRINCIPLE'}) RETURN p.name AS name ORDER BY name`,
      { id: AGREEMENT },
    );
    expect(rows.map((r) => r.name)).toEqual(['Communities', 'Culture', 'Outcomes']);
  });

  it('Our Progress and Achievements: Inside Out, Triage, CANSafe and the MASH with their progress', async () => {
    const rows = await db.run<{ name: string; progress: string | null }>(`MATCH (p:Programme) RETURN p.name AS name, p.progress AS progress`);
    const text = rows.map((r) => `${r.name}: ${r.progress ?? ''}`).join('\n');
    expect(text).toMatch(/Inside Out.*short sentence offenders/);
    expect(text).toMatch(/Triage.*youth justice system/);
    expect(text).toMatch(/CANSafe/);
    expect(text).toMatch(/Multi Agency Safeguarding Hub/);
  });

  it('Our Challenge: five key issues and the contributory factors', async () => {
    const rows = await db.run<{ kind: string; name: string }>(
      `MATCH (:Agreement {id: $id})-[:HAS_PRIORITY]->(p:Priority) RETURN p.kind AS kind, p.name AS name`,
      { id: AGREEMENT },
    );
    const issues = rows
      .filter((r) => r.kind === 'KEY_ISSUE')
      .map((r) => r.name.toLowerCase())
      .join('|');
    for (const issue of ['anti-social behaviour', 'child sexual exploitation', 'domestic abuse', 'road safety', 'violent crime'])
      expect(issues).toContain(issue);
    const factors = rows
      .filter((r) => r.kind === 'CONTRIBUTORY_FACTOR')
      .map((r) => r.name.toLowerCase())
      .join('|');
    for (const factor of ['alcohol and drugs', 'reoffending', 'interpersonal violence', 'health', 'deprivation']) expect(factors).toContain(factor);
    expect(rows.filter((r) => r.kind === 'STATUTORY_REQUIREMENT').length).toBe(4);
  });

  it('Strategic Outcomes: six, in the agreement order, with outcome 6 corrected and its typo kept', async () => {
    const rows = await db.run<{ number: number; name: string; aliases: string[] | null }>(
      `MATCH (:Agreement {id: $id})-[:HAS_OUTCOME]->(o:Outcome) RETURN o.number AS number, o.name AS name, o.aliases AS aliases ORDER BY number`,
      { id: AGREEMENT },
    );
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]?.name).toBe('Communities are more cohesive and resilient');
    expect(rows[5]?.name).toBe('Criminality is targeted and disrupted');
    expect(rows[5]?.aliases).toContain('Criminology is targeted and disrupted');
    const typo = await db.run<{ n: number }>(`MATCH (d:Discrepancy)-[:CONCERNS]->(:Outcome {id: $id}) RETURN count(d) AS n`, { id: `${AGREEMENT}/outcome/6` });
    expect(typo[0]?.n).toBeGreaterThan(0);
  });

  it('Appendix A: seventeen activities with full text, each contributing to the outcomes of its group', async () => {
    const rows = await db.run<{ number: number; text: string; outcomes: number[] }>(
      `MATCH (:Agreement {id: $id})-[:HAS_ACTIVITY]->(a:Activity)
       RETURN a.number AS number, a.text AS text,
              [(a)-[c:CONTRIBUTES_TO]->(o:Outcome) WHERE c.basis = 'STATED' | o.number] AS outcomes
       ORDER BY number`,
      { id: AGREEMENT },
    );
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(rows[10]?.text).toContain('IOM; Through the Gate; YOT re-offending project; and the Women Offenders Strategy');
    const group = (n: number) => (n <= 6 ? [2, 5] : n <= 12 ? [3, 4] : [1, 6]);
    for (const row of rows) expect([...row.outcomes].sort(), `activity ${row.number}`).toEqual(expect.arrayContaining(group(row.number)));
  });

  it('Appendix A: activity ids follow the agreement numbering', async () => {
    const row = await one<{ number: number }>(`MATCH (a:Activity {id: $id}) RETURN a.number AS number`, { id: `${AGREEMENT}/activity/7` });
    expect(row.number).toBe(7);
  });

  it('Appendix C: the misnamed "Police and Crime Act 2009" is the Policing and Crime Act 2009, with the wrong name kept', async () => {
    const row = await one<{ name: string; aliases: string[]; cited: boolean; discrepancies: number }>(
      `MATCH (l:Legislation {id: 'ukpga/2009/26'})
       RETURN l.name AS name, l.aliases AS aliases,
              EXISTS { (:Agreement {id: $id})-[:CITES]->(l) } AS cited,
              COUNT { (:Discrepancy)-[:CONCERNS]->(l) } AS discrepancies`,
      { id: AGREEMENT },
    );
    expect(row.name).toBe('Policing and Crime Act 2009');
    expect(row.aliases).toContain('Police and Crime Act 2009');
    expect(row.cited).toBe(true);
    expect(row.discrepancies).toBeGreaterThan(0);
  });

  it('legal basis: CDA 1998 s.6 imposes the strategy duty, and reg 9 requires a county agreement', async () => {
    const row = await one<{ duties: number; partOf: string[] }>(
      `MATCH (p:Provision {id: 'ukpga/1998/37/section/6'})
       RETURN COUNT { (:Duty)-[:IMPOSED_BY]->(p) } AS duties, [(p)-[:PART_OF*1..3]->(l:Legislation) | l.id] AS partOf`,
    );
    expect(row.duties).toBeGreaterThan(0);
    expect(row.partOf).toContain('ukpga/1998/37');
    const reg9 = await one<{ act: string[] }>(
      `MATCH (p:Provision {id: 'uksi/2007/1830/regulation/9'}) RETURN [(p)-[:PART_OF*1..3]->(l:Legislation) | l.id] AS act`,
    );
    expect(reg9.act).toContain('uksi/2007/1830');
  });

  it('successions: primary care trusts were succeeded by clinical commissioning groups on 1 April 2013', async () => {
    const row = await one<{ from: string }>(
      `MATCH (:Organisation)-[s:SUCCEEDED_BY]->(o:Organisation) WHERE toLower(o.name) CONTAINS 'clinical commissioning'
       RETURN toString(s.validFrom) AS from LIMIT 1`,
    );
    expect(row.from).toBe('2013-04-01');
  });

  it('unverified facts are marked as such', async () => {
    const rels = await one<{ n: number }>(`MATCH ()-[r]->() WHERE r.verified = false RETURN count(r) AS n`);
    const nodes = await one<{ n: number }>(`MATCH (n:Entity) WHERE n.verified = false RETURN count(n) AS n`);
    expect(rels.n + nodes.n).toBeGreaterThan(0);
  });
});
