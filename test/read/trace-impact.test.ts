import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY, AGREEMENT, OUTCOME, STEP, startHarness, type Harness, type Ref, type Step } from '../support/harness.js';

interface Path {
  grounded: boolean;
  verified: boolean;
  endsAt: Ref;
  steps: Step[];
}
interface Trace {
  activity: Ref;
  asOf: string | null;
  grounded: boolean;
  unbacked: boolean;
  message: string;
  legislation: Ref[];
  provisions: Ref[];
  duties: Ref[];
  strategies: Ref[];
  outcomes: Ref[];
  paths: Path[];
  mermaid: string;
  jsonld: string;
}

const TRACE = `query Trace($id: ID!, $asOf: Date) { trace(activityId: $id, asOf: $asOf) {
  activity { id type name } asOf grounded unbacked message
  legislation { id type name } provisions { id type name } duties { id type name } strategies { id type name } outcomes { id type name }
  paths { grounded verified endsAt { id type name } steps { ${STEP} } }
  mermaid jsonld } }`;

const IMPACT = `query Impact($id: ID!, $asOf: Date) { impact(id: $id, asOf: $asOf) {
  subject { id type name } asOf message agreements { id } activities { id } programmes { id }
  paths { endsAt { id type } steps { ${STEP} } } mermaid } }`;

interface ImpactPage {
  totalCount: number;
  agreementCount: number;
  activityCount: number;
  programmeCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
  message: string;
  agreements: Ref[];
  activities: Ref[];
  programmes: Ref[];
  paths: Path[];
  dependents: { entity: Ref; hops: number; cursor: string; path: Path }[];
}

const PAGE = `query Impact($id: ID!, $first: Int, $after: String) { impact(id: $id, first: $first, after: $after) {
  totalCount agreementCount activityCount programmeCount hasNextPage endCursor message
  agreements { id type name } activities { id type name } programmes { id type name }
  paths { endsAt { id type name } steps { ${STEP} } }
  dependents { entity { id type name } hops cursor path { endsAt { id type name } steps { ${STEP} } } } } }`;

const today = new Date().toISOString().slice(0, 10);
const ids = (refs: readonly Ref[]) => refs.map((r) => r.id);
/** The entity a step leads to, in walk order. */
const reached = (step: Step) => (step.reversed ? step.from : step.to);
const left = (step: Step) => (step.reversed ? step.to : step.from);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('trace', () => {
  it('backs activity 11 (reducing reoffending) with outcome 3, the Crime and Disorder Act 1998 and Transforming Rehabilitation', async () => {
    const { trace } = await h.data<{ trace: Trace }>(TRACE, { id: ACTIVITY(11) });
    expect(trace.activity).toMatchObject({ id: ACTIVITY(11), type: 'ACTIVITY' });
    expect(trace.asOf).toBeNull();
    // Appendix A: activities 7-12 -> "Offending and re-offending are reduced" and fewer first-time entrants.
    expect(ids(trace.outcomes)).toEqual(expect.arrayContaining([OUTCOME(3), OUTCOME(4)]));
    expect(ids(trace.legislation)).toContain('ukpga/1998/37');
    expect(ids(trace.strategies)).toContain('transforming-rehabilitation-2013');
    expect(trace.grounded).toBe(true);
    expect(trace.unbacked).toBe(false);
    expect(trace.message).toMatch(/backed/);
    // Each duty's chain runs DISCHARGES -> IMPOSED_BY -> PART_OF ... -> legislation.
    const dutyChain = trace.paths.find((p) => p.steps[0]?.relationship === 'DISCHARGES' && p.endsAt.id === 'ukpga/1998/37');
    expect(dutyChain?.steps.map((s) => s.relationship).slice(0, 2)).toEqual(['DISCHARGES', 'IMPOSED_BY']);
    expect(dutyChain?.grounded).toBe(true);
    // The agreement is reached against HAS_ACTIVITY, and from it the provision that requires it.
    const viaAgreement = trace.paths.find((p) => p.steps[0]?.relationship === 'HAS_ACTIVITY');
    expect(viaAgreement?.steps[0]).toMatchObject({ from: { id: AGREEMENT }, to: { id: ACTIVITY(11) }, reversed: true });
    expect(viaAgreement?.steps[1]?.relationship).toBe('REQUIRED_BY');
  });

  it('returns connected chains with evidence on every hop, and de-duplicated lists drawn from them', async () => {
    const { trace } = await h.data<{ trace: Trace }>(TRACE, { id: ACTIVITY(11) });
    expect(trace.paths.length).toBeGreaterThan(0);
    const onPaths = new Set<string>();
    for (const path of trace.paths) {
      expect(left(path.steps[0] as Step).id).toBe(ACTIVITY(11));
      path.steps.forEach((step, i) => {
        if (i > 0) expect(left(step).id).toBe(reached(path.steps[i - 1] as Step).id);
        expect(['STATED', 'INFERRED', 'EXTERNAL']).toContain(step.evidence.basis);
        expect(step.evidence.source.length).toBeGreaterThan(0);
        if (step.evidence.basis === 'STATED') expect(step.evidence.quote).toBeTruthy();
        onPaths.add(step.from.id);
        onPaths.add(step.to.id);
      });
      expect(reached(path.steps[path.steps.length - 1] as Step).id).toBe(path.endsAt.id);
      if (path.steps.some((s) => ['LEGISLATION', 'PROVISION'].includes(reached(s).type))) expect(path.grounded).toBe(true);
      if (path.endsAt.type === 'OUTCOME') expect(path.grounded).toBe(false);
    }
    for (const list of [trace.legislation, trace.provisions, trace.duties, trace.strategies]) {
      expect(new Set(ids(list)).size).toBe(list.length);
      for (const r of list) expect(onPaths.has(r.id)).toBe(true);
    }
    expect(trace.legislation.every((r) => r.type === 'LEGISLATION')).toBe(true);
    expect(trace.duties.every((r) => r.type === 'DUTY')).toBe(true);
  });

  it('renders the trace as Mermaid and as JSON-LD in ELI and PROV terms', async () => {
    const { trace } = await h.data<{ trace: Trace }>(TRACE, { id: ACTIVITY(11) });
    expect(trace.mermaid.startsWith('flowchart')).toBe(true);
    expect(trace.mermaid).not.toMatch(/n_[^\s["]*\//); // node ids carry no slashes
    expect(trace.mermaid).toContain('DISCHARGES');
    const doc = JSON.parse(trace.jsonld) as { '@context': Record<string, string>; '@graph': Record<string, unknown>[] };
    expect(doc['@context'].eli).toBe('http://data.europa.eu/eli/ontology#');
    expect(doc['@context'].prov).toBe('http://www.w3.org/ns/prov#');
    const influences = doc['@graph'].filter((n) => n['@type'] === 'prov:Influence');
    expect(influences.length).toBeGreaterThan(0);
    expect(influences.every((n) => n['prov:wasDerivedFrom'] !== undefined)).toBe(true);
    expect(
      doc['@graph'].some((n) => n['@id'] === 'http://www.legislation.gov.uk/id/ukpga/1998/37' && JSON.stringify(n['@type']).includes('eli:LegalResource')),
    ).toBe(true);
  });

  it('leaves out an Act before its commencement: the Offender Rehabilitation Act 2014 is in force from 1 February 2015', async () => {
    const before = (await h.data<{ trace: Trace }>(TRACE, { id: ACTIVITY(11), asOf: '2014-06-01' })).trace;
    const now = (await h.data<{ trace: Trace }>(TRACE, { id: ACTIVITY(11), asOf: today })).trace;
    expect(before.asOf).toBe('2014-06-01');
    expect(ids(now.legislation)).toContain('ukpga/2014/11');
    expect(ids(before.legislation)).not.toContain('ukpga/2014/11');
    expect(ids(before.legislation)).toContain('ukpga/1998/37');
  });

  it("follows a succession only from the successor's date: the Strategic Policing Requirement 2012 -> 2015", async () => {
    const before = (await h.data<{ trace: Trace }>(TRACE, { id: ACTIVITY(14), asOf: '2014-06-01' })).trace;
    const now = (await h.data<{ trace: Trace }>(TRACE, { id: ACTIVITY(14), asOf: today })).trace;
    const succession = (t: Trace) =>
      t.paths.flatMap((p) => p.steps).filter((s) => s.relationship === 'SUCCEEDED_BY' && s.to.id === 'strategic-policing-requirement-2015');
    expect(ids(before.strategies)).toContain('strategic-policing-requirement-2012');
    expect(ids(before.strategies)).not.toContain('strategic-policing-requirement-2015');
    expect(succession(before)).toHaveLength(0);
    expect(ids(now.strategies)).toContain('strategic-policing-requirement-2015');
    expect(succession(now).length).toBeGreaterThan(0);
  });

  it('spoils only its own field: an unknown id is null with NOT_FOUND at its path, the other question is answered (200)', async () => {
    const response = await fetch(h.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ known: trace(activityId: "${ACTIVITY(11)}") { activity { id } } unknown: impact(id: "no/such/entity") { message } bad: search(text: "") { id } }`,
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      data: Record<string, unknown>;
      errors: { message: string; path: string[]; extensions: Record<string, unknown> }[];
    };
    expect(body.data).toEqual({ known: { activity: { id: ACTIVITY(11) } }, unknown: null, bad: null });
    const byPath = Object.fromEntries(body.errors.map((error) => [error.path.join('.'), error.extensions.code]));
    expect(byPath).toEqual({ unknown: 'NOT_FOUND', bad: 'BAD_USER_INPUT' });
    for (const error of body.errors) expect(error.extensions).not.toHaveProperty('http');
  });

  it('answers NOT_FOUND for an unknown activity, naming what an id of another kind is', async () => {
    const unknown = await h.query<{ trace: Trace }>(TRACE, { id: 'lancashire-csa-2014-2016/activity/99' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const wrongKind = await h.query<{ trace: Trace }>(TRACE, { id: 'ukpga/1998/37' });
    expect(wrongKind.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(wrongKind.errors?.[0]?.message).toMatch(/legislation/);
  });

  it('answers BAD_USER_INPUT for a date that is not one', async () => {
    for (const asOf of ['not-a-date', '2014-13-45']) {
      const result = await h.query<{ trace: Trace }>(TRACE, { id: ACTIVITY(11), asOf });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('impact', () => {
  it('finds the local work that hangs on CDA 1998 s.6, by paths that start at the section', async () => {
    const { impact } = await h.data<{
      impact: { subject: Ref; agreements: Ref[]; activities: Ref[]; programmes: Ref[]; paths: Path[]; message: string; mermaid: string };
    }>(IMPACT, { id: 'ukpga/1998/37/section/6' });
    expect(impact.subject.type).toBe('PROVISION');
    expect(ids(impact.agreements)).toContain(AGREEMENT);
    // Activity 11 (reducing reoffending strategy) rests on s.6 through the reoffending duty.
    expect(ids(impact.activities)).toContain(ACTIVITY(11));
    for (const path of impact.paths) {
      expect(left(path.steps[0] as Step).id).toBe('ukpga/1998/37/section/6');
      expect(['ACTIVITY', 'PROGRAMME', 'AGREEMENT']).toContain(path.endsAt.type);
    }
    // One chain per dependent, a shortest: activity 11 is three hops below the section.
    const toEleven = impact.paths.find((p) => p.endsAt.id === ACTIVITY(11));
    expect(toEleven?.steps).toHaveLength(3);
    expect(impact.mermaid.startsWith('flowchart')).toBe(true);
  });

  it('reaches activity 11 from the re-offending duty s.6 imposes, in one DISCHARGES hop', async () => {
    const { impact } = await h.data<{ impact: ImpactPage }>(PAGE, { id: 'duty-cda-1998-s6-reoffending-strategy', first: 500 });
    const eleven = impact.dependents.find((d) => d.entity.id === ACTIVITY(11));
    expect(eleven?.hops).toBe(1);
    expect(eleven?.path.steps[0]).toMatchObject({
      relationship: 'DISCHARGES',
      from: { id: ACTIVITY(11) },
      to: { id: 'duty-cda-1998-s6-reoffending-strategy' },
      reversed: true,
    });
  });

  it("reaches an Act's provisions through PART_OF reversed", async () => {
    const { impact } = await h.data<{ impact: { activities: Ref[]; paths: Path[] } }>(IMPACT, { id: 'ukpga/1998/37' });
    expect(impact.activities.length).toBeGreaterThan(0);
    expect(impact.paths.some((p) => p.steps[0]?.relationship === 'PART_OF' && p.steps[0]?.reversed)).toBe(true);
  });

  it('reaches the activities an outcome is contributed to by: outcome 3 <- activities 7-12', async () => {
    const { impact } = await h.data<{ impact: { activities: Ref[] } }>(IMPACT, { id: OUTCOME(3) });
    for (const n of [7, 8, 9, 10, 11, 12]) expect(ids(impact.activities)).toContain(ACTIVITY(n));
    expect(ids(impact.activities)).not.toContain(ACTIVITY(1));
  });

  it('finds what a body leads or made: the Strategy Group made the agreement', async () => {
    const { impact } = await h.data<{ impact: { agreements: Ref[] } }>(IMPACT, { id: 'lancashire-community-safety-strategy-group' });
    expect(ids(impact.agreements)).toContain(AGREEMENT);
  });

  it('leaves out work through an Act not yet in force', async () => {
    const before = (await h.data<{ impact: { activities: Ref[] } }>(IMPACT, { id: 'ukpga/2014/11', asOf: '2014-06-01' })).impact;
    const now = (await h.data<{ impact: { activities: Ref[] } }>(IMPACT, { id: 'ukpga/2014/11', asOf: today })).impact;
    expect(ids(now.activities)).toContain(ACTIVITY(11));
    expect(before.activities).toHaveLength(0);
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const result = await h.query(IMPACT, { id: 'ukpga/1999/999' });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('counts every dependent of CDA 1998 and pages through them by cursor, each once, in name order', async () => {
    const all = (await h.data<{ impact: ImpactPage }>(PAGE, { id: 'ukpga/1998/37', first: 500 })).impact;
    // The Lancashire agreement, 17 of its activities and 6 programmes hang on the Act; other
    // partnerships' plans that discharge or cite it are counted too, each once.
    // Lancashire's agreement and activities carry its id as a prefix; its programmes have plain ids,
    // while the Welsh datasets' programmes sit under their own dataset's id.
    const lancashire = all.dependents.filter(
      (d) => d.entity.id.startsWith('lancashire-csa-2014-2016') || (d.entity.type === 'PROGRAMME' && !d.entity.id.includes('/')),
    );
    const count = (type: string, list: ImpactPage['dependents']) => list.filter((d) => d.entity.type === type).length;
    expect([count('AGREEMENT', lancashire), count('ACTIVITY', lancashire), count('PROGRAMME', lancashire)]).toEqual([1, 17, 6]);
    expect([all.agreementCount, all.activityCount, all.programmeCount]).toEqual([
      count('AGREEMENT', all.dependents),
      count('ACTIVITY', all.dependents),
      count('PROGRAMME', all.dependents),
    ]);
    expect(all.totalCount).toBe(all.agreementCount + all.activityCount + all.programmeCount);
    expect(all.dependents).toHaveLength(all.totalCount);
    expect(new Set(ids(all.dependents.map((d) => d.entity))).size).toBe(all.totalCount);
    expect(all.hasNextPage).toBe(false);
    const byName = [...all.dependents].sort((a, b) =>
      a.entity.name === b.entity.name ? (a.entity.id < b.entity.id ? -1 : 1) : a.entity.name < b.entity.name ? -1 : 1,
    );
    expect(ids(all.dependents.map((d) => d.entity))).toEqual(ids(byName.map((d) => d.entity)));

    const paged: ImpactPage['dependents'] = [];
    let after: string | null = null;
    let pages = 0;
    const limit = Math.ceil(all.totalCount / 5);
    do {
      const page: ImpactPage = (await h.data<{ impact: ImpactPage }>(PAGE, { id: 'ukpga/1998/37', first: 5, after })).impact;
      expect(page.totalCount).toBe(all.totalCount);
      expect(page.dependents.length).toBeLessThanOrEqual(5);
      expect(page.endCursor).toBe(page.dependents.at(-1)?.cursor ?? null);
      paged.push(...page.dependents);
      after = page.hasNextPage ? page.endCursor : null;
      pages += 1;
    } while (after !== null && pages <= limit);
    expect(pages).toBe(limit);
    expect(ids(paged.map((d) => d.entity))).toEqual(ids(all.dependents.map((d) => d.entity)));
    // A page's lists and chains are its dependents', in the same order.
    const first = (await h.data<{ impact: ImpactPage }>(PAGE, { id: 'ukpga/1998/37', first: 5 })).impact;
    expect([...ids(first.agreements), ...ids(first.activities), ...ids(first.programmes)].sort()).toEqual(ids(first.dependents.map((d) => d.entity)).sort());
    expect(first.paths.map((p) => p.endsAt.id)).toEqual(ids(first.dependents.map((d) => d.entity)));
    // The message counts every dependent, not only the page's.
    const agreements = `${all.agreementCount} agreement${all.agreementCount === 1 ? '' : 's'}`;
    expect(first.message).toContain(`${all.activityCount} activities and ${all.programmeCount} programmes in ${agreements}`);
  });

  it('gives each dependent one shortest chain from the subject: outcome 3 is one hop from activities 7-12', async () => {
    const { impact } = await h.data<{ impact: ImpactPage }>(PAGE, { id: OUTCOME(3), first: 50 });
    for (const d of impact.dependents) {
      expect(d.path.endsAt.id).toBe(d.entity.id);
      expect(d.path.steps).toHaveLength(d.hops);
      expect(left(d.path.steps[0] as Step).id).toBe(OUTCOME(3));
      d.path.steps.forEach((step, i) => {
        if (i > 0) expect(left(step).id).toBe(reached(d.path.steps[i - 1] as Step).id);
      });
    }
    const seven = impact.dependents.find((d) => d.entity.id === ACTIVITY(7));
    expect(seven?.hops).toBe(1);
    expect(seven?.path.steps[0]).toMatchObject({ relationship: 'CONTRIBUTES_TO', from: { id: ACTIVITY(7) }, to: { id: OUTCOME(3) }, reversed: true });
  });

  it('answers BAD_USER_INPUT for a page size below 1 or an after that is not a cursor', async () => {
    for (const variables of [{ first: 0 }, { first: -3 }, { after: 'not-a-cursor' }, { after: Buffer.from('{"a":1}').toString('base64url') }]) {
      const result = await h.query(PAGE, { id: 'ukpga/1998/37', ...variables });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
