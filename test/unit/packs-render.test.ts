/**
 * The CSV and JSON-LD files as issue 17 asks: the CSV with a byte-order mark and its stamp lines,
 * its formula guard kept; the JSON-LD read by a JSON-LD processor (jsonld.js), which must expand
 * it and turn it into RDF without dropping a term, with every entity an IRI, every hop derived
 * from an IRI, and PROV's times as xsd:dateTime on the pack and its making.
 */
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { PACK_CHECKSUM, sealJsonLd, sha256 } from '../../src/operations/provenance.js';
import { stampedCsv, renderCsv } from '../../src/operations/render/csv.js';
import { renderTraceJsonLd, sourceIri } from '../../src/operations/render/jsonld.js';

type Trace = Parameters<typeof renderTraceJsonLd>[0];
type Step = Trace['paths'][number]['steps'][number];

const ACT = { id: 'ukpga/1998/37', type: 'LEGISLATION', name: 'Crime and Disorder Act 1998' } as const;
const SECTION = { id: 'ukpga/1998/37/section/6', type: 'PROVISION', name: 'Section 6' } as const;
const DUTY = { id: 'duty-cda-1998-s6', type: 'DUTY', name: 'Formulate and implement a strategy' } as const;
const ACTIVITY = { id: 'lancashire-csa-2014-2016/activity/11', type: 'ACTIVITY', name: 'Reduce reoffending — “Café” plan' } as const;
const base = {
  quote: null,
  note: null,
  verified: true,
  validFrom: null,
  validTo: null,
  assertedBy: 'DATASET',
  dataset: 'uk-legal-basis',
  changeId: null,
} as const;
const STEPS: Step[] = [
  {
    from: ACTIVITY,
    relationship: 'DISCHARGES',
    to: DUTY,
    reversed: false,
    evidence: {
      ...base,
      basis: 'STATED',
      source: 'Appendix A: Strategic Activities',
      quote: 'Reduce reoffending',
      dataset: 'lancashire-csa-2014-2016',
      validFrom: '2014-04-01',
    },
  },
  {
    from: DUTY,
    relationship: 'IMPOSED_BY',
    to: SECTION,
    reversed: false,
    evidence: { ...base, basis: 'EXTERNAL', source: 'http://www.legislation.gov.uk/ukpga/1998/37/section/6' },
  },
  {
    from: SECTION,
    relationship: 'PART_OF',
    to: ACT,
    reversed: false,
    evidence: { ...base, basis: 'INFERRED', source: 'the provision id', note: 'Its id starts with the Act’s' },
  },
  {
    from: ACTIVITY,
    relationship: 'DISCHARGES',
    to: DUTY,
    reversed: false,
    evidence: { ...base, basis: 'STATED', source: 'Added by an editor', quote: 'x', assertedBy: 'EDITOR', dataset: null, changeId: 'c-1' },
  },
];
const TRACE: Trace = {
  subject: ACTIVITY,
  asOf: '2015-01-01',
  paths: [{ steps: STEPS.slice(0, 3), endsAt: ACT, grounded: true, verified: true, editorMade: false, weakestBasis: 'INFERRED', weakestEvidence: null }],
};
const FOUND = {
  datasets: [{ id: 'uk-legal-basis', checksum: 'a'.repeat(64), importedAt: '2026-01-01T00:00:00.000Z', files: 1, entities: 1, relationships: 1 }],
  lastChangeId: null,
  lastChangeAt: null,
};
const STAMP = { generatedAt: '2026-12-02T05:00:01.250Z', asOf: '2015-01-01', startedAt: '2026-12-02T05:00:01.000Z' };

type Node = Record<string, unknown>;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every property key in a compact document (not a JSON-LD keyword), counted where it has a value. */
function termCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + termCount(v), 0);
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  for (const [key, child] of Object.entries(value as Node)) {
    if (key === '@context') continue;
    if (!key.startsWith('@') && child !== null) n += 1;
    n += termCount(child);
  }
  return n;
}

describe('CSV file', () => {
  it('starts with a byte-order mark and the generated-at and as-at lines, then a blank line and the table', () => {
    const table = renderCsv(['id', 'name'], [['lancashire', 'Café']]);
    const file = stampedCsv(table, { generatedAt: '2026-12-02T05:00:00.000Z', asOf: '2015-01-01' });
    expect(file.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(file, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(file.slice(1).split('\r\n')).toEqual(['generated_at,2026-12-02T05:00:00.000Z', 'as_at,2015-01-01', '', 'id,name', 'lancashire,Café', '']);
    expect(stampedCsv(table, { generatedAt: 'x', asOf: null }).split('\r\n')[1]).toBe('as_at,none');
    // Stamping a stamped table does not add a second mark.
    expect(stampedCsv(`\uFEFF${table}`, { generatedAt: 'x', asOf: null }).indexOf('\uFEFF', 1)).toBe(-1);
  });

  it('keeps the formula guard on every cell a spreadsheet would run', () => {
    const file = stampedCsv(renderCsv(['a'], [['=HYPERLINK("x")'], ['+1'], ['-1'], ['@cmd']]), { generatedAt: 'x', asOf: null });
    expect(file.split('\r\n').slice(4, 8)).toEqual([`"'=HYPERLINK(""x"")"`, "'+1", "'-1", "'@cmd"]);
  });
});

describe('JSON-LD evidence pack', () => {
  const sealed = sealJsonLd(renderTraceJsonLd(TRACE), STAMP, FOUND);
  const pack = JSON.parse(sealed) as Node & { '@graph': Node[] };

  it('expands and becomes RDF with no term dropped', async () => {
    const expanded = await jsonld.expand(pack as never);
    expect(termCount(expanded)).toBe(termCount(pack));
    const quads = (await jsonld.toRDF(pack as never, { format: 'application/n-quads' })) as unknown as string;
    expect(quads.length).toBeGreaterThan(0);
    // The pack is a named graph (a prov:Bundle): its statements sit in the graph named by the pack's own IRI.
    expect(quads).toContain(`<${pack['@id'] as string}> .`);
    expect(quads).toContain('<http://www.w3.org/ns/prov#generatedAtTime> "2026-12-02T05:00:01.250Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>');
    // Every entity is an IRI: nothing of type prov:Entity is a blank node.
    expect(quads).not.toMatch(/^_:\S+ <http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#type> <http:\/\/www\.w3\.org\/ns\/prov#Entity>/m);
  });

  it('names entities by IRIs, legislation by legislation.gov.uk, and derives every hop from an IRI, never text', () => {
    const entities = pack['@graph'].filter((n) => JSON.stringify(n['@type']).includes('prov:Entity'));
    expect(entities.length).toBeGreaterThan(4);
    for (const e of entities) expect(() => new URL(e['@id'] as string)).not.toThrow();
    expect(entities.map((e) => e['@id'])).toEqual(
      expect.arrayContaining([
        'http://www.legislation.gov.uk/id/ukpga/1998/37',
        'http://www.legislation.gov.uk/id/ukpga/1998/37/section/6',
        'https://golden-thread.uk/id/duty/duty-cda-1998-s6',
      ]),
    );
    const hops = pack['@graph'].filter((n) => n['@type'] === 'prov:Influence');
    expect(hops).toHaveLength(3);
    for (const hop of hops) {
      const from = hop['prov:wasDerivedFrom'] as { '@id': string };
      expect(typeof from).toBe('object');
      expect(() => new URL(from['@id'])).not.toThrow();
      // Each source it points at is described in the pack, with the words the data gives.
      if (!from['@id'].startsWith('http://www.legislation.gov.uk/')) {
        expect(pack['@graph'].find((n) => n['@id'] === from['@id'])).toMatchObject({ 'rdfs:label': hop['gt:source'] });
      }
    }
    expect(hops[1]?.['prov:wasDerivedFrom']).toEqual({ '@id': 'http://www.legislation.gov.uk/ukpga/1998/37/section/6' });
    expect(sourceIri({ source: 'Our Partnership', dataset: 'lancashire-csa-2014-2016', changeId: null })).toBe(
      'https://golden-thread.uk/id/dataset/lancashire-csa-2014-2016/source/Our%20Partnership',
    );
    expect(sourceIri(STEPS[3]?.evidence as Step['evidence'])).toBe('https://golden-thread.uk/id/change/c-1/source/Added%20by%20an%20editor');
    // A relationship's dates are days the data states: xsd:date, and not PROV's instants.
    expect(hops[0]).toMatchObject({ 'gt:validFrom': { '@value': '2014-04-01', '@type': 'xsd:date' } });
    expect(JSON.stringify(pack['@graph'])).not.toContain('prov:startedAtTime');
  });

  it('stamps the pack: generated-at and its making as xsd:dateTime on the Entity and the Activity, the data version, and the licence as unknown', () => {
    expect(pack['@type']).toEqual(['prov:Bundle', 'prov:Entity', 'gt:EvidencePack']);
    expect(pack['@id']).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(pack['prov:generatedAtTime']).toEqual({ '@value': STAMP.generatedAt, '@type': 'xsd:dateTime' });
    const activity = pack['prov:wasGeneratedBy'] as Node;
    expect(activity['@type']).toBe('prov:Activity');
    expect(activity['prov:startedAtTime']).toEqual({ '@value': STAMP.startedAt, '@type': 'xsd:dateTime' });
    expect(activity['prov:endedAtTime']).toEqual({ '@value': STAMP.generatedAt, '@type': 'xsd:dateTime' });
    for (const time of [pack['prov:generatedAtTime'], activity['prov:startedAtTime'], activity['prov:endedAtTime']]) {
      expect((time as { '@value': string })['@value']).toMatch(DATE_TIME);
    }
    expect(pack['prov:wasDerivedFrom']).toEqual([{ '@id': 'https://golden-thread.uk/id/dataset/uk-legal-basis' }]);
    expect(pack['gt:datasets']).toEqual([expect.objectContaining({ 'gt:sha256': 'a'.repeat(64), 'gt:licence': 'unknown' })]);
    expect(pack['gt:licence']).toMatch(/^unknown/);
    expect(pack).not.toHaveProperty('dct:license');
    const claimed = pack[PACK_CHECKSUM];
    const rest = { ...pack };
    delete rest[PACK_CHECKSUM];
    expect(sha256(JSON.stringify(rest))).toBe(claimed);
  });
});
