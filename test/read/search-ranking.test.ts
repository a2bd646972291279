/**
 * Search ranks as a person expects (issue 17 item 1): each query is one a reader types, over the
 * seeded graph, with the entity they mean as its expected first hit. The Act's exact title put
 * its commencement order first and the Act 12th of 30 before this.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

interface Hit {
  id: string;
  type: string;
  name: string;
  score: number;
  match: string;
}

const SEARCH = `query Search($text: String!, $first: Int, $kinds: [EntityType!]) { search(text: $text, first: $first, kinds: $kinds) { id type name score match } }`;

/** [what a reader types, the id they mean, why it comes first] */
const EXPECTED: readonly [string, string, string][] = [
  // Legislation by title, id, address and citation.
  ['Crime and Disorder Act 1998', 'ukpga/1998/37', 'NAME'],
  ['crime and disorder act 1998', 'ukpga/1998/37', 'NAME'],
  ['Crime and Disorder Act', 'ukpga/1998/37', 'NAME_PHRASE'],
  ['ukpga/1998/37', 'ukpga/1998/37', 'ID'],
  ['https://www.legislation.gov.uk/ukpga/2014/12', 'ukpga/2014/12', 'ID'],
  ['1998 c. 37', 'ukpga/1998/37', 'CITATION'],
  ['1998 c 37', 'ukpga/1998/37', 'CITATION'],
  ['2014 c. 12', 'ukpga/2014/12', 'CITATION'],
  ['CDA 1998', 'ukpga/1998/37', 'CITATION'],
  ['PRSRA 2011', 'ukpga/2011/13', 'CITATION'],
  ['HSCA 2012', 'ukpga/2012/7', 'CITATION'],
  ['SI 2007/1830', 'uksi/2007/1830', 'CITATION'],
  ['s.6', 'ukpga/1998/37/section/6', 'CITATION'],
  ['section 17', 'ukpga/1998/37/section/17', 'CITATION'],
  // s.5 of two Acts: the one more of the graph hangs on comes first.
  ['s.5', 'ukpga/1998/37/section/5', 'CITATION'],
  ['s.5(1)(a)', 'ukpga/1998/37/section/5/1/a', 'CITATION'],
  ['CDA 1998 s.17', 'ukpga/1998/37/section/17', 'CITATION'],
  ['Crime and Disorder Act 1998 s.5', 'ukpga/1998/37/section/5', 'CITATION'],
  ['SI 2007/1830 reg 9', 'uksi/2007/1830/regulation/9', 'CITATION'],
  ['PRSRA 2011 Sch 11', 'ukpga/2011/13/schedule/11', 'CITATION'],
  ['ASBCPA 2014 s.104', 'ukpga/2014/12/section/104', 'CITATION'],
  ['DVCVA 2004 s.9', 'ukpga/2004/28/section/9', 'CITATION'],
  ['Children Act 2004 s.13', 'ukpga/2004/31/section/13', 'CITATION'],
  ['Police Act 1996 s.37A', 'ukpga/1996/16/section/37A', 'CITATION'],
  ['Anti-social Behaviour, Crime and Policing Act 2014', 'ukpga/2014/12', 'NAME'],
  ['Police and Justice Act 2006', 'ukpga/2006/48', 'NAME'],
  ['Domestic Abuse Act 2021', 'ukpga/2021/17', 'NAME'],
  ["Victims' Code", 'victims-code-2013', 'ALIAS'],
  ['WFG Act', 'anaw/2015/2', 'ALIAS'],
  // Lancashire: the place, its agreement, its bodies and its work.
  ['Lancashire', 'lancashire-county', 'ALIAS'],
  ['lancashire-csa-2014-2016', 'lancashire-csa-2014-2016', 'ID'],
  ['Lancashire Community Safety Agreement 2014-2016', 'lancashire-csa-2014-2016', 'NAME'],
  ['Lancashire Community Safety Strategy Group', 'lancashire-community-safety-strategy-group', 'NAME'],
  ['Lancashire Constabulary', 'lancashire-constabulary', 'NAME'],
  ['Deliver the Lancashire Alcohol Strategy', 'lancashire-csa-2014-2016/activity/7', 'NAME'],
  ['MASH', 'multi-agency-safeguarding-hub', 'ALIAS'],
  // The other partnerships, by name and by the short names their plans use.
  ['Flintshire CSP', 'flintshire-community-safety-partnership', 'ALIAS'],
  ['Safer Newport', 'safer-newport', 'NAME'],
  ['Safer North Tyneside', 'safer-north-tyneside-partnership', 'ALIAS'],
  ['Safer Vale', 'safer-vale-partnership', 'ALIAS'],
  ['Tunbridge Wells Community Safety Partnership', 'tunbridge-wells-csp', 'NAME'],
  ['Barking and Dagenham CSP', 'barking-and-dagenham-csp', 'ALIAS'],
  ['Brighton and Hove Community Safety Partnership', 'brighton-and-hove-csp', 'NAME'],
  ['Gwynedd and Anglesey Community Safety Partnership', 'gwynedd-and-anglesey-community-safety-partnership', 'NAME'],
  ['Spelthorne Safer Stronger Partnership', 'spelthorne-safer-stronger-partnership', 'NAME'],
  ['Kirklees Communities Partnership Plan 2022-2027', 'kirklees-communities-partnership-plan-2022-2027', 'NAME'],
  ['Ynys Môn', 'isle-of-anglesey', 'ALIAS'],
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const search = async (text: string, first = 5, kinds?: string[]) =>
  (await h.data<{ search: Hit[] }>(SEARCH, { text, first, ...(kinds ? { kinds } : {}) })).search;

describe('search ranking', () => {
  it(`puts the entity meant first for ${EXPECTED.length} real queries`, async () => {
    expect(EXPECTED.length).toBeGreaterThanOrEqual(30);
    const wrong: string[] = [];
    for (const [text, id, match] of EXPECTED) {
      const [top] = await search(text);
      if (top?.id !== id || top.match !== match) wrong.push(`"${text}": expected ${id} (${match}), got ${top ? `${top.id} (${top.match})` : 'nothing'}`);
    }
    expect(wrong).toEqual([]);
  });

  it('puts the Act first for its exact title and its commencement order below it, highest score first', async () => {
    const hits = await search('Crime and Disorder Act 1998', 30);
    expect(hits[0]?.id).toBe('ukpga/1998/37');
    const order = hits.findIndex((hit) => hit.id === 'uksi/1998/2327');
    expect(order).toBeGreaterThan(0);
    for (let i = 1; i < hits.length; i++) expect((hits[i - 1] as Hit).score).toBeGreaterThanOrEqual((hits[i] as Hit).score);
  });

  it('keeps only the kinds asked for, ranked the same way', async () => {
    const laws = await search('domestic abuse', 5, ['LEGISLATION']);
    expect(laws[0]?.id).toBe('ukpga/2021/17');
    expect(laws.every((hit) => hit.type === 'LEGISLATION')).toBe(true);
    const agreements = await search('Lancashire', 5, ['AGREEMENT']);
    expect(agreements.map((hit) => hit.id)).toEqual(['lancashire-csa-2014-2016']);
    const both = await search('Lancashire', 100, ['AGREEMENT', 'BOARD']);
    expect(both.length).toBeGreaterThan(1);
    expect(new Set(both.map((hit) => hit.type))).toEqual(new Set(['AGREEMENT', 'BOARD']));
    // A kind that holds nothing matching gives no hits, not another kind's.
    expect(await search('ukpga/1998/37', 5, ['ACTIVITY'])).toEqual([]);
  });

  it('refuses a kind that is not an entity type', async () => {
    const result = await h.query(SEARCH, { text: 'Lancashire', kinds: ['ACT'] });
    expect(result.errors?.[0]?.message).toMatch(/ACT/);
  });

  it('reads a citation only as a whole: words around a provision number are words', async () => {
    // "Part 1 injunctions" is not a citation (no legislation is called "injunctions"): no CITATION hit.
    const hits = await search('Part 1 injunctions', 10);
    expect(hits.some((hit) => hit.match === 'CITATION')).toBe(false);
    expect(hits[0]?.id).toBe('ukpga/2014/12/part/1');
    // A citation of legislation the graph does not hold resolves to nothing, and the words still search.
    const unknown = await search('1999 c. 99', 5);
    expect(unknown.some((hit) => hit.match === 'CITATION' || hit.match === 'ID')).toBe(false);
  });
});
