/** The operations' exports (CSV, Mermaid, JSON-LD): pure, graph in, text out. */
import { describe, expect, it } from 'vitest';
import { csvCell, renderCsv } from '../../src/operations/render/csv.js';
import { entityIri, renderTraceJsonLd } from '../../src/operations/render/jsonld.js';
import { escapeLabel, nodeIds, renderMermaid } from '../../src/operations/render/mermaid.js';

type Diagram = Parameters<typeof renderMermaid>[0];
type Trace = Parameters<typeof renderTraceJsonLd>[0];
type Step = Trace['paths'][number]['steps'][number];

const ACT = { id: 'ukpga/1998/37', type: 'LEGISLATION', name: 'Crime and Disorder Act 1998' } as const;
const SECTION = { id: 'ukpga/1998/37/section/6', type: 'PROVISION', name: 'Section 6' } as const;
const ACTIVITY = { id: 'lancashire-csa-2014-2016/activity/11', type: 'ACTIVITY', name: 'A "reducing reoffending" strategy [draft] <v2>' } as const;
const EVIDENCE: Step['evidence'] = {
  basis: 'STATED',
  source: 'https://www.legislation.gov.uk/ukpga/1998/37/section/6',
  quote: 'shall formulate',
  note: null,
  verified: true,
  validFrom: '1998-09-30',
  validTo: null,
  assertedBy: 'DATASET',
  dataset: 'uk-legal-basis',
  changeId: null,
};

describe('CSV', () => {
  it('quotes what needs quoting, doubles quotes, and ends rows with CRLF', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(17)).toBe('17');
    expect(renderCsv(['id', 'name'], [['a', 'b, c']])).toBe('id,name\r\na,"b, c"\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const text of ['=SUM(A1)', '+1', '-1', '@cmd', '\tx']) expect(csvCell(text).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
});

describe('Mermaid', () => {
  it('escapes every character that is Mermaid syntax, and folds line breaks', () => {
    const escaped = escapeLabel('a "b" <c> [d] {e} (f) | g # h & i `j`\nk');
    expect(escaped).not.toMatch(/["<>[\]{}()|`\n]/);
    expect(escaped).toBe('a #quot;b#quot; #lt;c#gt; #91;d#93; #123;e#125; #40;f#41; #124; g #35; h #38; i #96;j#96; k');
  });

  it('gives every entity a distinct id of letters, digits and underscores', () => {
    const ids = nodeIds(['ukpga/1998/37', 'ukpga-1998-37', 'ukpga/1998/37', '///']);
    expect([...ids.keys()]).toEqual(['ukpga/1998/37', 'ukpga-1998-37', '///']);
    const values = [...ids.values()];
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(value).toMatch(/^n_[A-Za-z0-9_]+$/);
  });

  it('draws each node once and each edge once, dotted where asked, with classes by type', () => {
    const diagram: Diagram = {
      nodes: [ACTIVITY],
      edges: [
        { from: SECTION, label: 'PART_OF', to: ACT },
        { from: SECTION, label: 'PART_OF', to: ACT },
        { from: ACTIVITY, label: 'RESTS_ON', to: SECTION, dotted: true },
      ],
      highlight: [ACTIVITY.id],
    };
    const text = renderMermaid(diagram);
    const lines = text.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines.filter((l) => l.includes('-->|"PART_OF"|'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('-.->|"RESTS_ON"|'))).toHaveLength(1);
    expect(lines.filter((l) => /^\s+n_\w+\[/.test(l))).toHaveLength(3);
    expect(text).toContain('#quot;reducing reoffending#quot;');
    expect(text).not.toContain('"reducing');
    expect(text).toContain('classDef law');
  });
});

describe('JSON-LD', () => {
  it("names legislation by its legislation.gov.uk URI and anything else by an IRI under the project's base", () => {
    expect(entityIri(ACT)).toBe('http://www.legislation.gov.uk/id/ukpga/1998/37');
    expect(entityIri(ACTIVITY)).toBe('https://golden-thread.uk/id/activity/lancashire-csa-2014-2016/activity/11');
  });

  it('writes each hop as a prov:Influence derived from its source, and the law in ELI terms', () => {
    const steps: Step[] = [
      { from: ACTIVITY, relationship: 'RESTS_ON', to: SECTION, reversed: false, evidence: EVIDENCE },
      { from: SECTION, relationship: 'PART_OF', to: ACT, reversed: false, evidence: { ...EVIDENCE, basis: 'EXTERNAL', quote: null } },
    ];
    const doc = JSON.parse(
      renderTraceJsonLd({
        subject: ACTIVITY,
        asOf: '2015-01-01',
        paths: [{ steps, endsAt: ACT, grounded: true, verified: true, editorMade: false, weakestBasis: 'EXTERNAL', weakestEvidence: null }],
      }),
    ) as {
      '@context': Record<string, string>;
      '@graph': Record<string, unknown>[];
    };
    expect(doc['@context']).toMatchObject({ eli: 'http://data.europa.eu/eli/ontology#', prov: 'http://www.w3.org/ns/prov#' });
    const byId = new Map(doc['@graph'].map((n) => [n['@id'], n]));
    expect(byId.get(entityIri(ACT))).toMatchObject({ '@type': ['eli:LegalResource', 'prov:Entity'], 'eli:title': ACT.name });
    expect(byId.get(entityIri(SECTION))).toMatchObject({
      '@type': ['eli:LegalResourceSubdivision', 'prov:Entity'],
      'eli:is_part_of': [{ '@id': entityIri(ACT) }],
    });
    const hops = doc['@graph'].filter((n) => n['@type'] === 'prov:Influence');
    expect(hops).toHaveLength(2);
    expect(hops[0]).toMatchObject({
      'gt:relationship': 'RESTS_ON',
      'prov:wasDerivedFrom': { '@id': EVIDENCE.source },
      'gt:quote': 'shall formulate',
      'gt:validFrom': { '@value': '1998-09-30', '@type': 'xsd:date' },
    });
    expect(hops[1]).not.toHaveProperty('gt:quote');
    expect(hops[0]).toMatchObject({ 'gt:assertedBy': 'DATASET', 'gt:dataset': 'uk-legal-basis' });
    expect(hops[0]).not.toHaveProperty('gt:changeId');
    const trace = byId.get('_:trace');
    expect(trace).toMatchObject({ 'gt:subject': { '@id': entityIri(ACTIVITY) }, 'gt:asOf': { '@value': '2015-01-01', '@type': 'xsd:date' } });
  });
});
