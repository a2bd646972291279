/**
 * Evidence packs over HTTP (issue 17 item 3): the workbook and the PDF of a trace and a
 * coverage, the workbooks of an alignment and a comparison. Each is opened as a reader would
 * (exceljs for the workbook, the PDF's own text), its stamps are checked against the GraphQL
 * answer, and its content SHA-256 is recomputed by the rule the pack states. The refusals are the
 * API's: bad parameters, an unknown id, a bad token, and the per-client budgets /graphql has.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApplication } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { contentSha256, type PackTable } from '../../src/operations/packs/tables.js';
import { SECRET, token } from '../support/auth.js';
import { testConfig } from '../support/graph.js';
import { ACTIVITY, AGREEMENT, startHarness, type Harness } from '../support/harness.js';

// Each test makes several packs, each a full read and layout: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const logger = createLogger({ logLevel: 'silent' });
let h: Harness;
let base: string;

beforeAll(async () => {
  h = await startHarness();
  base = h.app.url.replace(/\/graphql$/, '');
});
afterAll(async () => h?.close());

interface Opened {
  front: Map<string, string>;
  tables: PackTable[];
}

const cellText = (value: ExcelJS.CellValue): string => (value === null || value === undefined ? '' : String(value));

/** Reads a pack workbook back: the front sheet's stamps, and every other sheet as its tables. */
async function openWorkbook(body: ArrayBuffer): Promise<Opened> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  const [frontSheet, ...sheets] = workbook.worksheets;
  const front = new Map<string, string>();
  frontSheet?.eachRow((row, n) => {
    if (n > 1) front.set(cellText(row.getCell(1).value), cellText(row.getCell(2).value));
  });
  const tables = sheets.map((sheet) => {
    const width = sheet.getRow(1).cellCount;
    const rows: string[][] = [];
    for (let r = 1; r <= sheet.rowCount; r++) rows.push(Array.from({ length: width }, (_, c) => cellText(sheet.getRow(r).getCell(c + 1).value)));
    const [header = [], ...rest] = rows;
    return { name: sheet.name, header, rows: rest };
  });
  return { front, tables };
}

/** The text a PDF viewer shows, one line per text object: the packs are written uncompressed in the standard fonts' encoding. */
function pdfLines(body: Buffer): string[] {
  const raw = body.toString('latin1');
  return [...raw.matchAll(/\nBT\n([\s\S]*?)\nET/g)].map(([, block]) =>
    [...(block ?? '').matchAll(/<([0-9a-f]*)>/g)].map(([, hex]) => Buffer.from(hex ?? '', 'hex').toString('latin1')).join(''),
  );
}
const flat = (lines: string[]) => lines.join(' ').replace(/\s+/g, ' ');

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { headers });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

async function refusal(path: string, status: number, code: string, headers: Record<string, string> = {}) {
  const { response, body } = await get(path, headers);
  expect(response.status, path).toBe(status);
  const answer = JSON.parse(body.toString('utf8')) as { errors: { message: string; extensions: { code: string } }[] };
  expect(answer.errors[0]?.extensions.code, path).toBe(code);
  return answer.errors[0];
}

interface TraceAnswer {
  generatedAt: string;
  datasets: { id: string; checksum: string }[];
  paths: {
    steps: { from: { id: string; name: string }; relationship: string; to: { id: string; name: string }; evidence: { quote: string | null; source: string } }[];
  }[];
}

describe('the trace pack', () => {
  const path = `/packs/trace.xlsx?activityId=${encodeURIComponent(ACTIVITY(11))}&asOf=2015-06-01`;
  let trace: TraceAnswer;
  beforeAll(async () => {
    ({ trace } = await h.data<{ trace: TraceAnswer }>(
      `query($id: ID!, $d: Date) { trace(activityId: $id, asOf: $d) { generatedAt datasets { id checksum } paths { steps { from { id name } relationship to { id name } evidence { quote source } } } } }`,
      { id: ACTIVITY(11), d: '2015-06-01' },
    ));
  });

  it('is a workbook stamped with as-at, generated-at and the datasets, whose content SHA-256 a reader can recompute', async () => {
    const before = Date.now();
    const { response, body } = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX);
    expect(response.headers.get('content-disposition')).toContain('trace-lancashire-csa-2014-2016-activity-11.xlsx');
    const { front, tables } = await openWorkbook(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    expect(front.get('as_at')).toBe('2015-06-01');
    expect(Date.parse(front.get('generated_at') ?? '')).toBeGreaterThanOrEqual(before - 1000);
    for (const d of trace.datasets) expect(front.get(`dataset ${d.id}`)).toContain(`import SHA-256 ${d.checksum}`);
    expect(front.get('content_sha256 covers')).toContain('JSON.stringify(tables)');
    const claimed = front.get('content_sha256');
    expect(claimed).toMatch(/^[0-9a-f]{64}$/);
    expect(response.headers.get('x-content-sha256')).toBe(claimed);
    expect(contentSha256(tables)).toBe(claimed);
    // Any edit to a cell no longer matches.
    const edited = tables.map((t, i) => (i === 0 ? { ...t, rows: [['x', ...(t.rows[0] ?? []).slice(1)], ...t.rows.slice(1)] } : t));
    expect(contentSha256(edited)).not.toBe(claimed);

    const chains = tables.find((t) => t.name === 'Chains') as PackTable;
    expect(chains.header).toEqual(expect.arrayContaining(['from_id', 'from', 'to_id', 'to', 'basis', 'quote', 'source', 'address']));
    const col = (name: string) => chains.header.indexOf(name);
    expect(chains.rows.length).toBe(trace.paths.reduce((n, p) => n + p.steps.length, 0));
    const step = trace.paths[0]?.steps[0];
    expect(chains.rows[0]?.[col('from')]).toBe(step?.from.name);
    expect(chains.rows[0]?.[col('to_id')]).toBe(step?.to.id);
    expect(chains.rows[0]?.[col('to')]).toBe(step?.to.name);
    // The address column is the source when the source is an address.
    for (const row of chains.rows) {
      const source = row[col('source')] as string;
      expect(row[col('address')]).toBe(/^https?:\/\//.test(source) ? new URL(source).href : '');
    }
    const quoted = trace.paths.flatMap((p) => p.steps).find((s) => s.evidence.quote !== null);
    expect(chains.rows.some((r) => r[col('quote')] === quoted?.evidence.quote)).toBe(true);
  });

  it('is a PDF with the same stamps, the chains with each quote and source address, and numbered pages', async () => {
    const { response, body } = await get(path.replace('.xlsx', '.pdf'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = flat(pdfLines(body));
    const sha = response.headers.get('x-content-sha256') as string;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(text).toContain(`Content SHA-256: ${sha}`);
    expect(text).toContain('As at: 2015-06-01');
    for (const d of trace.datasets) expect(text).toContain(d.checksum);
    // Quotes the standard fonts draw exactly (ASCII) appear word for word, however they wrap.
    const quotes = trace.paths
      .flatMap((p) => p.steps)
      .map((s) => s.evidence.quote)
      .filter((q): q is string => q !== null && /^[\x20-\x7e]+$/.test(q));
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes.slice(0, 5)) expect(text).toContain(quote.replace(/\s+/g, ' '));
    const address = trace.paths.flatMap((p) => p.steps).find((s) => /^https?:\/\/\S+$/.test(s.evidence.source) && s.evidence.source.length < 80)
      ?.evidence.source;
    expect(text).toContain(`Address: ${new URL(address as string).href}`);
    const pages = [...text.matchAll(/page (\d+) of (\d+)/g)];
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.map((m) => Number(m[1]))).toEqual(Array.from({ length: pages.length }, (_, i) => i + 1));
    expect(new Set(pages.map((m) => m[2]))).toEqual(new Set([String(pages.length)]));
  });
});

describe('the coverage, alignment and comparison packs', () => {
  it('coverage: a workbook of duties, discharges with evidence, and activities, names beside ids; and a PDF with the same SHA-256', async () => {
    const { coverage } = await h.data<{ coverage: { gaps: { id: string }[]; duties: { duty: { id: string } }[] } }>(
      `query($id: ID!) { coverage(agreementId: $id) { gaps { id } duties { duty { id } } } }`,
      { id: AGREEMENT },
    );
    const { response, body } = await get(`/packs/coverage.xlsx?agreementId=${AGREEMENT}`);
    expect(response.status).toBe(200);
    const { front, tables } = await openWorkbook(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    expect(tables.map((t) => t.name)).toEqual(['Duties', 'Discharges', 'Activities']);
    expect(contentSha256(tables)).toBe(front.get('content_sha256'));
    const duties = tables[0] as PackTable;
    expect(duties.rows).toHaveLength(coverage.duties.length);
    expect(duties.rows.filter((r) => r[3] === 'GAP').map((r) => r[0])).toEqual(coverage.gaps.map((g) => g.id).sort());
    expect(tables[1]?.header).toEqual(expect.arrayContaining(['by_id', 'by', 'basis', 'quote', 'source', 'address']));
    expect(tables[1]?.rows.length).toBeGreaterThan(0);

    // As at a day past the agreement's period (2016-03-31), as the explorer's dated view links it:
    // stamped with that date, and nothing of the agreement discharges a duty then.
    const dated = await get(`/packs/coverage.xlsx?agreementId=${AGREEMENT}&asOf=2016-04-01`);
    expect(dated.response.status).toBe(200);
    const late = await openWorkbook(dated.body.buffer.slice(dated.body.byteOffset, dated.body.byteOffset + dated.body.byteLength) as ArrayBuffer);
    expect(late.front.get('as_at')).toBe('2016-04-01');
    expect(late.tables[1]?.rows.filter((r) => r.includes(AGREEMENT) || r.some((cell) => String(cell).startsWith(`${AGREEMENT}/`)))).toEqual([]);

    const pdf = await get(`/packs/coverage.pdf?agreementId=${AGREEMENT}`);
    expect(pdf.response.status).toBe(200);
    // The same answer, so the same tables and the same figure (unless the graph changed, which the read tier never does).
    expect(pdf.response.headers.get('x-content-sha256')).toBe(front.get('content_sha256'));
    expect(flat(pdfLines(pdf.body))).toContain(`Content SHA-256: ${front.get('content_sha256')}`);
  });

  it('alignment and compare: workbooks with names beside ids', async () => {
    const alignment = await get(`/packs/alignment.xlsx?agreementId=${AGREEMENT}`);
    expect(alignment.response.status).toBe(200);
    const a = await openWorkbook(alignment.body.buffer.slice(alignment.body.byteOffset, alignment.body.byteOffset + alignment.body.byteLength) as ArrayBuffer);
    expect(a.tables[0]?.rows).toHaveLength(17);
    expect(a.tables[0]?.header).toEqual(expect.arrayContaining(['activity_id', 'activity', 'leads', 'lead_ids']));
    expect(contentSha256(a.tables)).toBe(a.front.get('content_sha256'));

    const other = 'safer-newport-2024-2029';
    const compared = await get(`/packs/compare.xlsx?agreementIds=${AGREEMENT},${other}&asOf=2015-01-01`);
    expect(compared.response.status).toBe(200);
    const c = await openWorkbook(compared.body.buffer.slice(compared.body.byteOffset, compared.body.byteOffset + compared.body.byteLength) as ArrayBuffer);
    expect(c.front.get('as_at')).toBe('2015-01-01');
    expect(c.tables.map((t) => t.name)).toEqual(['Agreements', 'Duties', 'Discharges', 'Priorities', 'Strategies', 'Indicators']);
    expect(c.tables[0]?.rows.map((r) => r[0])).toEqual([AGREEMENT, other]);
    expect(c.tables[1]?.header.slice(-2)).toEqual([expect.stringContaining(`(${AGREEMENT})`), expect.stringContaining(`(${other})`)]);
    expect(contentSha256(c.tables)).toBe(c.front.get('content_sha256'));
  });
});

describe('refusals are the API’s', () => {
  it('bad parameters are BAD_USER_INPUT, an unknown id NOT_FOUND, an unknown pack NOT_FOUND', async () => {
    await refusal(`/packs/trace.xlsx?activityId=${ACTIVITY(11)}&asOf=2014-02-30`, 400, 'BAD_USER_INPUT');
    await refusal(`/packs/trace.pdf?activityId=${ACTIVITY(11)}&activityId=${ACTIVITY(12)}`, 400, 'BAD_USER_INPUT');
    await refusal(`/packs/trace.xlsx?activityId=${ACTIVITY(11)}&depth=9`, 400, 'BAD_USER_INPUT');
    await refusal(`/packs/trace.xlsx`, 400, 'BAD_USER_INPUT');
    await refusal(`/packs/trace.xlsx?activityId=nowhere/activity/1`, 404, 'NOT_FOUND');
    await refusal(`/packs/coverage.pdf?agreementId=nowhere-csa-2099`, 404, 'NOT_FOUND');
    await refusal(`/packs/alignment.pdf?agreementId=${AGREEMENT}`, 404, 'NOT_FOUND');
    // compare takes at most 50 agreements: 50 unknown ones are looked for, 51 refused before any read.
    const many = (n: number) => Array.from({ length: n }, (_, i) => `nowhere-${i}`).join(',');
    await refusal(`/packs/compare.xlsx?agreementIds=${many(50)}`, 404, 'NOT_FOUND');
    const past = await refusal(`/packs/compare.xlsx?agreementIds=${many(51)}`, 400, 'BAD_USER_INPUT');
    expect(past?.message).toContain('at most 50');
  });

  it('a bad bearer token is refused (401) as on /graphql; no token reads, as reading is open', async () => {
    await refusal(`/packs/alignment.xlsx?agreementId=${AGREEMENT}`, 401, 'UNAUTHENTICATED', { authorization: 'Bearer not-a-token' });
    expect((await get(`/packs/alignment.xlsx?agreementId=${AGREEMENT}`)).response.status).toBe(200);
  });

  it('counts against the same per-client budgets as /graphql: requests, and cost (a trace costs 100)', async () => {
    // Two requests a minute: one GraphQL read and one pack fit, the next pack is the third and refused.
    const rated = await startApplication(testConfig({ GT_RATE_LIMIT_PER_MINUTE: '2' }), logger);
    const costed = await startApplication(testConfig({ GT_JWT_SECRET: SECRET, GT_MAX_QUERY_COST: '200', GT_RATE_LIMIT_COST_PER_MINUTE: '200' }), logger);
    try {
      const ratedBase = rated.url.replace(/\/graphql$/, '');
      const graphql = await fetch(rated.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(graphql.status).toBe(200);
      const pack = `/packs/alignment.xlsx?agreementId=${AGREEMENT}`;
      expect((await fetch(`${ratedBase}${pack}`)).status).toBe(200);
      const third = await fetch(`${ratedBase}${pack}`);
      expect(third.status).toBe(429);
      expect(((await third.json()) as { errors: { extensions: { code: string; budget: string } }[] }).errors[0]?.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        budget: 'requests',
      });

      // A budget of 200: two traces (100 each) use it up to the limit, a third is one past it.
      const costedBase = costed.url.replace(/\/graphql$/, '');
      const bearer = { authorization: `Bearer ${await token({ roles: ['editor'] }, { subject: 'packs@example.org' })}` };
      const trace = `${costedBase}/packs/trace.xlsx?activityId=${encodeURIComponent(ACTIVITY(7))}`;
      expect((await fetch(trace, { headers: bearer })).status).toBe(200);
      expect((await fetch(trace, { headers: bearer })).status).toBe(200);
      const over = await fetch(trace, { headers: bearer });
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await over.json()) as { errors: { extensions: Record<string, unknown> }[] }).errors[0]?.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        budget: 'cost',
        cost: 100,
        remaining: 0,
      });
      // Another client (by address, with no token) still has its own budget.
      expect((await fetch(trace)).status).toBe(200);
    } finally {
      await rated.stop();
      await costed.stop();
    }
  });
});

/** Just enough of a DOM for web/toolbar.js to build its toolbar outside a browser. */
class FakeNode {
  readonly children: FakeNode[] = [];
  readonly attributes = new Map<string, string>();
  className = '';
  text = '';
  constructor(readonly tag: string) {}
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  addEventListener() {}
  append(...children: FakeNode[]) {
    this.children.push(...children);
  }
  links(): FakeNode[] {
    return [...(this.tag === 'a' ? [this] : []), ...this.children.flatMap((c) => c.links())];
  }
}

describe("the explorer's pack links", () => {
  it('are built by web/toolbar.js for the view on show, and each downloads a valid file', async () => {
    const globals = globalThis as Record<string, unknown>;
    const saved = { document: globals.document, location: globals.location, Node: globals.Node };
    globals.Node = FakeNode;
    globals.document = { createElement: (tag: string) => new FakeNode(tag), createTextNode: (text: string) => Object.assign(new FakeNode('#text'), { text }) };
    try {
      const { toolbar } = (await import(pathToFileURL(path.join(PROJECT_ROOT, 'web', 'toolbar.js')).href)) as { toolbar: () => FakeNode };
      const views = [
        `#view=trace&id=${encodeURIComponent(ACTIVITY(7))}&asOf=2015-01-01`,
        `#view=coverage&id=${AGREEMENT}`,
        `#view=compare&ids=${AGREEMENT},safer-newport-2024-2029`,
      ];
      const links: { label: string; href: string }[] = [];
      for (const hash of views) {
        globals.location = { hash };
        links.push(
          ...toolbar()
            .links()
            .map((a) => ({ label: a.children.map((c) => c.text).join(''), href: a.attributes.get('href') as string })),
        );
      }
      expect(links.map((l) => l.href.split('?')[0])).toEqual([
        '/packs/trace.xlsx',
        '/packs/trace.pdf',
        '/packs/coverage.xlsx',
        '/packs/coverage.pdf',
        '/packs/alignment.xlsx',
        '/packs/compare.xlsx',
      ]);
      for (const link of links) {
        const { response, body } = await get(link.href);
        expect(response.status, link.href).toBe(200);
        expect(response.headers.get('content-disposition'), link.href).toMatch(/^attachment; filename=/);
        // A workbook is a zip (PK), a PDF starts %PDF-.
        expect(body.subarray(0, 4).toString('latin1'), link.label).toBe(link.href.includes('.pdf') ? '%PDF' : 'PK\u0003\u0004');
      }
    } finally {
      Object.assign(globals, saved);
    }
  });
});
