import { describe, expect, it } from 'vitest';
import { SEARCH_MATCHES, citedLaws, escapeLucene, idsFromText, initials, rankCandidates, splitCitation, type Candidate } from '../../src/operations/search.js';

describe('search text', () => {
  it('escapes every Lucene special character', () => {
    expect(escapeLucene('a+b-c&&d||e!f(g)h{i}j[k]l^m"n~o*p?q:r\\s/t')).toBe(
      'a\\+b\\-c\\&\\&d\\|\\|e\\!f\\(g\\)h\\{i\\}j\\[k\\]l\\^m\\"n\\~o\\*p\\?q\\:r\\\\s\\/t',
    );
    expect(escapeLucene('x AND y OR NOT z')).toBe('x and y or not z');
  });
});

describe('citations', () => {
  const laws = [
    { id: 'ukpga/1998/37', name: 'Crime and Disorder Act 1998', aliases: [], kind: 'ACT', year: 1998, number: '37' },
    { id: 'ukpga/2014/12', name: 'Anti-social Behaviour, Crime and Policing Act 2014', aliases: ['ASBCPA 2014'], kind: 'ACT', year: 2014, number: '12' },
    {
      id: 'uksi/2007/1830',
      name: 'Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007',
      aliases: [],
      kind: 'STATUTORY_INSTRUMENT',
      year: 2007,
      number: '1830',
    },
  ];

  it('reads the initials of a title as its citation does, hyphenated words counting each part', () => {
    expect(initials('Crime and Disorder Act 1998')).toBe('cda');
    expect(initials('Anti-social Behaviour, Crime and Policing Act 2014')).toBe('asbcpa');
    expect(initials('Police Reform and Social Responsibility Act 2011')).toBe('prsra');
  });

  it('resolves an Act by year and chapter, an instrument by year and number, and initials with a year', () => {
    expect(citedLaws('1998 c. 37', laws)).toEqual(['ukpga/1998/37']);
    expect(citedLaws('1998 c37', laws)).toEqual(['ukpga/1998/37']);
    expect(citedLaws('SI 2007/1830', laws)).toEqual(['uksi/2007/1830']);
    expect(citedLaws('S.I. 2007 No. 1830', laws)).toEqual(['uksi/2007/1830']);
    expect(citedLaws('CDA 1998', laws)).toEqual(['ukpga/1998/37']);
    // One past: a chapter, number or year the graph does not hold names nothing.
    expect(citedLaws('1998 c. 38', laws)).toEqual([]);
    expect(citedLaws('SI 2007/1831', laws)).toEqual([]);
    expect(citedLaws('CDA 1999', laws)).toEqual([]);
    // A title names legislation only where a provision is cited in it.
    expect(citedLaws('Crime and Disorder Act 1998', laws)).toEqual([]);
    expect(citedLaws('Crime and Disorder Act 1998', laws, true)).toEqual(['ukpga/1998/37']);
  });

  it('splits a provision from the legislation it is cited in, and leaves other text alone', () => {
    expect(splitCitation('CDA 1998 s.6(1A)')).toEqual({ law: 'CDA 1998', provision: { kinds: ['SUBSECTION'], number: '6(1A)' } });
    expect(splitCitation('s.17A')).toEqual({ law: '', provision: { kinds: ['SECTION', 'SUBSECTION'], number: '17A' } });
    expect(splitCitation('SI 2007/1830 reg 9')).toEqual({ law: 'SI 2007/1830', provision: { kinds: ['REGULATION'], number: '9' } });
    expect(splitCitation('Sch 11')).toEqual({ law: '', provision: { kinds: ['SCHEDULE'], number: '11' } });
    expect(splitCitation('domestic abuse 2021')).toEqual({ law: 'domestic abuse 2021', provision: null });
    expect(splitCitation('priority 3')).toEqual({ law: 'priority 3', provision: null });
  });

  it('reads an id as typed or as its legislation.gov.uk address', () => {
    expect(idsFromText('https://www.legislation.gov.uk/ukpga/1998/37/contents')).toContain('ukpga/1998/37');
    expect(idsFromText('UKPGA/1998/37')).toContain('ukpga/1998/37');
    expect(idsFromText('two words')).toEqual([]);
  });
});

describe('ranking', () => {
  const candidate = (over: Partial<Candidate>): Candidate => ({
    id: 'x',
    type: 'LEGISLATION',
    name: 'X',
    aliases: [],
    degree: 0,
    score: 1,
    how: ['words'],
    ...over,
  });

  it('puts an id before a citation before a name before an alias before phrases before words, whatever the relevance', () => {
    const hits = rankCandidates(
      [
        candidate({ id: 'words', name: 'Other', score: 50 }),
        candidate({ id: 'all', name: 'Other', how: ['all'], score: 40 }),
        candidate({ id: 'phrase', name: 'Other', how: ['phrase'], score: 30 }),
        candidate({ id: 'alias-phrase', name: 'Other', aliases: ['the Crime and Disorder Act 1998 amended'] }),
        candidate({ id: 'name-phrase', name: 'SI 1998/2327: commencement order, Crime and Disorder Act 1998', score: 20 }),
        candidate({ id: 'alias', name: 'Other', aliases: ['Crime & Disorder Act, 1998'] }),
        candidate({ id: 'name', name: 'Crime and Disorder Act 1998' }),
        candidate({ id: 'citation', name: 'Other', how: ['citation'] }),
        candidate({ id: 'id', name: 'Other', how: ['id'] }),
      ],
      'Crime and Disorder Act 1998',
    );
    expect(hits.map((hit) => hit.id)).toEqual(['id', 'citation', 'name', 'alias', 'name-phrase', 'alias-phrase', 'phrase', 'all', 'words']);
    expect(hits.map((hit) => hit.match)).toEqual([...SEARCH_MATCHES]);
  });

  it('puts the better connected first among exact matches, and the name the text covers most of among phrases', () => {
    const exact = rankCandidates(
      [candidate({ id: 'order', name: 's.5', how: ['citation'], degree: 6 }), candidate({ id: 'act', name: 's.5', how: ['citation'], degree: 20 })],
      's.5',
    );
    expect(exact.map((hit) => hit.id)).toEqual(['act', 'order']);
    const phrase = rankCandidates(
      [
        candidate({ id: 'provision', name: 'Crime and Disorder Act 1998 s.39: youth offending teams', score: 9 }),
        candidate({ id: 'act', name: 'Crime and Disorder Act 1998', score: 1 }),
      ],
      'Crime and Disorder Act',
    );
    expect(phrase.map((hit) => hit.id)).toEqual(['act', 'provision']);
  });
});
