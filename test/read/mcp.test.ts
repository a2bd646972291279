/**
 * The MCP server end to end (issue 17 item 8): `src/cli/mcp.ts` spawned over stdio, as an agent's
 * client runs it, on the run's seeded graph (NEO4J_URI, no seed import), driven by the SDK's own
 * Client. Its answers are the operations' answers, evidence and provenance included; bad input
 * is a tool error saying what was wrong, and the server keeps serving after it.
 */
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Database } from '../../src/database/driver.js';
import { trace } from '../../src/operations/trace.js';
import { ACTIVITY } from '../support/harness.js';
import { testDatabase } from '../support/graph.js';

/** Per request, and for the tests that run the heavier walks (impact, coverage, compare): generous on a busy 2-core machine. */
const SLOW = { timeout: 240_000 };
const LONG = 300_000;

let client: Client;
let db: Database;
let stderr = '';

beforeAll(async () => {
  const target = inject('neo4j');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    NEO4J_URI: target.uri,
    NEO4J_USER: target.user,
    NEO4J_PASSWORD: target.password,
    ...(target.database ? { NEO4J_DATABASE: target.database } : {}),
    GT_SEED: 'never',
    GT_QUERY_TIMEOUT_MS: '120000',
    LOG_LEVEL: 'info',
  };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli/mcp.ts')],
    cwd: PROJECT_ROOT,
    env,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  client = new Client({ name: 'golden-thread-test', version: '1.0.0' });
  await client.connect(transport, SLOW);
  db = await testDatabase();
});

afterAll(async () => {
  await client?.close();
  await db?.close();
});

const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args }, undefined, SLOW)) as CallToolResult;
const text = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

interface Stamped {
  generatedAt: string;
  asOf: string | null;
  datasets: { id: string; checksum: string }[];
  lastChangeId: string | null;
}

describe('the MCP server', () => {
  it('lists the five tools, each with its input schema', async () => {
    const { tools } = await client.listTools(undefined, SLOW);
    expect(tools.map((t) => t.name).sort()).toEqual(['compare', 'coverage', 'impact', 'search', 'trace']);
    const search = tools.find((t) => t.name === 'search');
    expect(search?.inputSchema.required).toEqual(['text']);
    expect(Object.keys(search?.inputSchema.properties ?? {})).toEqual(['text', 'first', 'kinds']);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('searches as the API does: the Act first for its title and its citation, with provenance', async () => {
    for (const [query, id] of [
      ['Crime and Disorder Act 1998', 'ukpga/1998/37'],
      ['CDA 1998 s.17', 'ukpga/1998/37/section/17'],
    ] as const) {
      const result = await call('search', { text: query, first: 3 });
      expect(result.isError, text(result)).toBeFalsy();
      const answer = result.structuredContent as unknown as Stamped & { hits: { id: string; match: string }[] };
      expect(answer.hits[0]?.id).toBe(id);
      expect(JSON.parse(text(result))).toEqual(answer);
      expect(Date.parse(answer.generatedAt)).not.toBeNaN();
      expect(answer.asOf).toBeNull();
      const legal = answer.datasets.find((d) => d.id === 'uk-legal-basis');
      expect(legal?.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
    const kinds = await call('search', { text: 'Lancashire', kinds: ['AGREEMENT'] });
    expect((kinds.structuredContent as { hits: { id: string }[] }).hits.map((h) => h.id)).toEqual(['lancashire-csa-2014-2016']);
  });

  it('traces activity 7 to the law with the same chains and evidence as the trace operation, as at a day', async () => {
    const result = await call('trace', { activityId: ACTIVITY(7), asOf: '2015-06-01' });
    expect(result.isError, text(result)).toBeFalsy();
    const answer = result.structuredContent as unknown as Stamped & Awaited<ReturnType<typeof trace>>;
    const direct = await trace(db, { activityId: ACTIVITY(7), asOf: '2015-06-01' });
    expect(answer.paths).toEqual(JSON.parse(JSON.stringify(direct.paths)));
    expect(answer.paths.length).toBeGreaterThan(0);
    expect(answer.legislation.map((l) => l.id)).toContain('ukpga/1998/37');
    for (const step of answer.paths.flatMap((p) => p.steps)) {
      expect(['STATED', 'INFERRED', 'EXTERNAL']).toContain(step.evidence.basis);
      expect(step.evidence.source.length).toBeGreaterThan(0);
    }
    expect(answer.paths.flatMap((p) => p.steps).some((s) => s.evidence.quote)).toBe(true);
    expect(answer.asOf).toBe('2015-06-01');
    expect(answer.datasets.map((d) => d.id)).toEqual(expect.arrayContaining(['lancashire-csa-2014-2016', 'uk-legal-basis']));
  });

  it(
    'answers impact, coverage and compare from the same operations',
    async () => {
      const impact = await call('impact', { id: 'ukpga/1998/37', first: 5 });
      expect(impact.isError, text(impact)).toBeFalsy();
      expect((impact.structuredContent as { totalCount: number }).totalCount).toBeGreaterThan(0);
      const coverage = await call('coverage', { agreementId: 'lancashire-csa-2014-2016' });
      expect(coverage.isError, text(coverage)).toBeFalsy();
      expect((coverage.structuredContent as { duties: unknown[] }).duties.length).toBeGreaterThan(0);
      const compare = await call('compare', { agreementIds: ['lancashire-csa-2014-2016'] });
      expect(compare.isError, text(compare)).toBeFalsy();
      expect((compare.structuredContent as { agreements: unknown[] }).agreements).toHaveLength(1);
    },
    LONG,
  );

  it(
    'gives a clear tool error for bad input, and keeps serving',
    async () => {
      const cases: [string, Record<string, unknown>, RegExp][] = [
        ['search', { text: '' }, /must not be empty.*BAD_USER_INPUT/],
        ['search', { text: 'x'.repeat(501) }, /501 characters long; the limit is 500.*BAD_USER_INPUT/],
        ['search', { text: 'Lancashire', first: 'ten' }, /first/],
        ['search', { text: 'Lancashire', kinds: ['ACT'] }, /kinds/],
        ['search', {}, /text/],
        ['trace', { activityId: 'no-such-activity' }, /no-such-activity.*NOT_FOUND/],
        ['trace', { activityId: ACTIVITY(7), asOf: '2015-02-30' }, /BAD_USER_INPUT/],
        ['compare', { agreementIds: [] }, /BAD_USER_INPUT/],
        ['impact', { id: 'no-such-entity' }, /no-such-entity.*NOT_FOUND/],
        ['impact', { id: 'ukpga/1998/37', first: 0 }, /BAD_USER_INPUT/],
      ];
      for (const [name, args, message] of cases) {
        const result = await call(name, args);
        expect(result.isError, `${name} ${JSON.stringify(args).slice(0, 60)}`).toBe(true);
        expect(text(result)).toMatch(message);
      }
      const after = await call('search', { text: 'MASH', first: 1 });
      expect((after.structuredContent as { hits: { id: string }[] }).hits[0]?.id).toBe('multi-agency-safeguarding-hub');
    },
    LONG,
  );

  it('writes its log to standard error as JSON lines, leaving standard output to the protocol', () => {
    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines.some((line) => line.includes('MCP server ready on stdio'))).toBe(true);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
  });
});
