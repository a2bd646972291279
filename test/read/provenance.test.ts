/**
 * Answers that can be checked later (issue 15 item 8): every operation's answer says when it was
 * made, its asOf, the datasets it read with the SHA-256 of their import, and the last API change;
 * the JSON-LD evidence pack carries the same and a SHA-256 of its own content. The checksums are
 * recomputed here from the seed files' bytes, not read back from what the import stored.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { ACTIVITY, AGREEMENT, startHarness, type Harness } from '../support/harness.js';

const LEGAL = 'uk-legal-basis';
const META = 'generatedAt asOf datasets { id checksum importedAt files entities relationships } lastChangeId lastChangeAt';
interface Meta {
  generatedAt: string;
  asOf: string | null;
  datasets: { id: string; checksum: string; importedAt: string; files: number; entities: number; relationships: number }[];
  lastChangeId: string | null;
  lastChangeAt: string | null;
}

/** The import's rule, done again by hand: SHA-256 of a dataset folder's .yaml files' bytes, in name order. */
function folderChecksum(dataset: string): string {
  const folder = path.join(PROJECT_ROOT, 'seed', dataset);
  const hash = createHash('sha256');
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.yaml'))
    .sort())
    hash.update(readFileSync(path.join(folder, file)));
  return hash.digest('hex');
}

let h: Harness;
let expected: Map<string, string>;
beforeAll(async () => {
  h = await startHarness();
  // Every dataset folder under seed/ is imported whole by the test setup.
  const datasets = readdirSync(path.join(PROJECT_ROOT, 'seed'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'schema')
    .map((entry) => entry.name);
  expected = new Map(datasets.map((d) => [d, folderChecksum(d)]));
});
afterAll(async () => h?.close());

/** Runs one operation and checks the metadata every answer must carry; returns the answer. */
async function answered(field: string, document: string, variables: Record<string, unknown>, asOf: string | null): Promise<Meta & Record<string, unknown>> {
  const before = Date.now();
  const data = await h.data<Record<string, Meta & Record<string, unknown>>>(document, variables);
  const after = Date.now();
  const answer = data[field] as Meta & Record<string, unknown>;
  const made = Date.parse(answer.generatedAt);
  expect(answer.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  expect(made).toBeGreaterThanOrEqual(before - 1000);
  expect(made).toBeLessThanOrEqual(after + 1000);
  expect(answer.asOf).toBe(asOf);
  // The read tier never writes: no API change is in the test graph, only imports.
  expect(answer.lastChangeId).toBeNull();
  expect(answer.lastChangeAt).toBeNull();
  for (const d of answer.datasets) {
    expect(d.checksum, d.id).toBe(expected.get(d.id));
    expect(Number.isNaN(Date.parse(d.importedAt))).toBe(false);
    // As every stamp writes an instant, three digits of milliseconds (Neo4j's own text drops trailing zeros).
    expect(new Date(d.importedAt).toISOString()).toBe(d.importedAt);
    expect(d.files).toBe(readdirSync(path.join(PROJECT_ROOT, 'seed', d.id)).filter((f) => f.endsWith('.yaml')).length);
  }
  return answer;
}

const ids = (answer: Meta) => answer.datasets.map((d) => d.id);

describe('every answer says when it was made, as at when, and from which datasets', () => {
  it('trace: both datasets its chains cross, asOf as asked, and the same checksums the import recorded', async () => {
    const answer = await answered(
      'trace',
      `query($id: ID!, $d: Date) { trace(activityId: $id, asOf: $d) { ${META} } }`,
      { id: ACTIVITY(11), d: '2014-06-01' },
      '2014-06-01',
    );
    expect(ids(answer)).toEqual(expect.arrayContaining([AGREEMENT, LEGAL]));
    const rows = await h.db.run<{ id: string; sha256: string }>('MATCH (d:Dataset) RETURN d.id AS id, d.sha256 AS sha256');
    for (const d of answer.datasets) expect(rows.find((r) => r.id === d.id)?.sha256).toBe(d.checksum);
  });

  it('impact, coverage and alignment: the same, with asOf null where no date was asked', async () => {
    const impact = await answered('impact', `query($id: ID!) { impact(id: $id, first: 5) { ${META} } }`, { id: 'ukpga/1998/37/section/6' }, null);
    expect(ids(impact)).toEqual(expect.arrayContaining([AGREEMENT, LEGAL]));
    const coverage = await answered('coverage', `query($id: ID!) { coverage(agreementId: $id) { ${META} } }`, { id: AGREEMENT }, null);
    expect(ids(coverage)).toEqual(expect.arrayContaining([AGREEMENT, LEGAL]));
    const alignment = await answered('alignment', `query($id: ID!) { alignment(agreementId: $id) { ${META} } }`, { id: AGREEMENT }, null);
    expect(ids(alignment)).toEqual(expect.arrayContaining([AGREEMENT, LEGAL]));
  });

  it('searchAnswer and pathAnswer: search and path with the same hits and steps, plus their provenance', async () => {
    const search = await answered(
      'searchAnswer',
      `query($t: String!) { searchAnswer(text: $t, first: 5) { hits { id } ${META} } }`,
      { t: 'Crime and Disorder Act' },
      null,
    );
    const plain = await h.data<{ search: { id: string }[] }>(`query($t: String!) { search(text: $t, first: 5) { id } }`, { t: 'Crime and Disorder Act' });
    expect(search.hits).toEqual(plain.search);
    expect(ids(search)).toContain(LEGAL);
    const path = await answered(
      'pathAnswer',
      `query($a: ID!, $b: ID!) { pathAnswer(fromId: $a, toId: $b) { connected steps { relationship } ${META} } }`,
      { a: ACTIVITY(11), b: 'ukpga/1998/37' },
      null,
    );
    expect(path.connected).toBe(true);
    expect(ids(path)).toEqual(expect.arrayContaining([AGREEMENT, LEGAL]));
  });

  it('compare: the datasets of every agreement compared', async () => {
    const answer = await answered(
      'compare',
      `query($ids: [ID!]!, $d: Date) { compare(agreementIds: $ids, asOf: $d) { ${META} } }`,
      { ids: [AGREEMENT], d: '2015-01-01' },
      '2015-01-01',
    );
    expect(ids(answer)).toEqual(expect.arrayContaining([AGREEMENT, LEGAL]));
  });

  it('the old fields answer as before: search and path still answer lists', async () => {
    const data = await h.data<{ search: unknown[]; path: unknown[] }>(
      `query($a: ID!) { search(text: "alcohol", first: 3) { id } path(fromId: $a, toId: $a) { relationship } }`,
      { a: ACTIVITY(7) },
    );
    expect(data.search.length).toBeGreaterThan(0);
    expect(data.path).toEqual([]);
  });
});

describe('the JSON-LD evidence pack', () => {
  it('carries generatedAt, asOf, the datasets with their checksums, and a SHA-256 of its own content that matches it', async () => {
    const { trace } = await h.data<{ trace: { jsonld: string } & Meta }>(`query($id: ID!, $d: Date) { trace(activityId: $id, asOf: $d) { jsonld ${META} } }`, {
      id: ACTIVITY(16),
      d: '2015-06-01',
    });
    const pack = JSON.parse(trace.jsonld) as Record<string, unknown>;
    expect(pack['prov:generatedAtTime']).toEqual({ '@value': trace.generatedAt, '@type': 'xsd:dateTime' });
    expect(pack['gt:asOf']).toEqual({ '@value': '2015-06-01', '@type': 'xsd:date' });
    expect(pack['gt:datasets']).toEqual(
      trace.datasets.map((d) => ({
        '@id': `https://golden-thread.uk/id/dataset/${d.id}`,
        '@type': 'prov:Entity',
        'gt:dataset': d.id,
        'gt:sha256': expected.get(d.id),
        'gt:importedAt': { '@value': d.importedAt, '@type': 'xsd:dateTime' },
        'gt:licence': 'unknown',
      })),
    );
    // No API change in the read tier's graph, so the pack names none.
    expect(pack).not.toHaveProperty('gt:lastChangeId');
    expect(pack['@graph']).toBeInstanceOf(Array);

    const claimed = pack['gt:contentSha256'];
    expect(claimed).toMatch(/^[0-9a-f]{64}$/);
    delete pack['gt:contentSha256'];
    expect(createHash('sha256').update(JSON.stringify(pack)).digest('hex')).toBe(claimed);
    // One changed character in the content no longer matches.
    pack['gt:lastChangeId'] = 'x';
    expect(createHash('sha256').update(JSON.stringify(pack)).digest('hex')).not.toBe(claimed);
  });
});
