/**
 * GraphQL over HTTP, as the specification's audit (graphql-http's serverAudits) and its status
 * rules per media type see the running application.
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

const JSON_ONLY = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

async function post(body: unknown, accept?: string): Promise<{ status: number; contentType: string; codes: string[]; hasData: boolean }> {
  const response = await fetch(harness.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accept === undefined ? {} : { accept }) },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    codes: (answer.errors ?? []).map((error) => error.extensions?.code ?? ''),
    hasData: 'data' in answer,
  };
}

describe('GraphQL over HTTP', () => {
  it('passes every MUST and every SHOULD of the graphql-http audit (stock Apollo: 55 of 61, 20 of 23 SHOULDs)', async () => {
    const results: AuditResult[] = [];
    // One at a time, so a busy machine sees the same requests in the same order every run.
    for (const audit of serverAudits({ url: harness.app.url })) results.push(await audit.fn());
    const failing = (level: string) =>
      results.filter((result) => result.name.startsWith(level) && result.status !== 'ok').map((result) => `${result.id} ${result.name}`);
    const count = (level: string) => results.filter((result) => result.name.startsWith(level)).length;
    expect(failing('MUST')).toEqual([]);
    expect(failing('SHOULD')).toEqual([]);
    expect([count('MUST'), count('SHOULD'), count('MAY')]).toEqual([13, 23, 25]);
    // The three MAYs left are GETs of a `query` without a preflight-forcing header: Apollo's CSRF
    // prevention refuses them on purpose (a persisted document's GET needs none).
    expect(
      failing('MAY')
        .map((name) => name.slice(0, 4))
        .sort(),
    ).toEqual(['5A70', '6A70', 'D6D5']);
    expect(results.filter((result) => result.status === 'ok')).toHaveLength(58);
  }, 120_000);

  it.each([
    ['a document that does not parse', { query: '{ agreements { id ' }, 'GRAPHQL_PARSE_FAILED'],
    ['a document nested past the bracket limit', { query: `{ agreements ${'{'.repeat(129)}` }, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', { query: '{ agreements { colour } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable of the wrong type', { query: 'query ($n: Int) { agreements(limit: $n) { id } }', variables: { n: 'many' } }, 'BAD_USER_INPUT'],
    [
      'a date that is not a calendar day',
      { query: 'query ($d: Date!) { trace(activityId: "x", asOf: $d) { message } }', variables: { d: '2014-02-30' } },
      'BAD_USER_INPUT',
    ],
  ])('answers %s with 400 to application/graphql-response+json and 200 to application/json, never with data', async (_name, body, code) => {
    const modern = await post(body, `${GRAPHQL_RESPONSE}, ${JSON_ONLY};q=0.9`);
    expect([modern.status, modern.codes, modern.hasData]).toEqual([400, [code], false]);
    expect(modern.contentType).toContain(GRAPHQL_RESPONSE);
    for (const accept of [JSON_ONLY, '*/*', undefined]) {
      const legacy = await post(body, accept);
      expect([legacy.status, legacy.codes, legacy.hasData], String(accept)).toEqual([200, [code], false]);
      expect(legacy.contentType).toContain(JSON_ONLY);
    }
  });

  it('keeps our own refusals’ statuses for both media types: they are this server’s limits, not GraphQL’s request errors', async () => {
    for (const accept of [GRAPHQL_RESPONSE, JSON_ONLY]) {
      expect((await post({ query: '{ agreements(limit: -1) { id } }' }, accept)).status).toBe(400);
      expect((await post({ query: `{ agreements { ${'id '.repeat(11)} } }` }, accept)).status).toBe(400);
    }
  });

  it('refuses a mutation by GET with 405 and Allow: POST, and an Accept it cannot meet with 406', async () => {
    const url = `${harness.app.url}?query=${encodeURIComponent('mutation { deleteActivities { nodesDeleted } }')}`;
    const get = await fetch(url, { headers: { accept: JSON_ONLY, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const image = await fetch(harness.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'image/png' },
      body: '{"query":"{ __typename }"}',
    });
    expect(image.status).toBe(406);
  });
});

describe('compressed answers', () => {
  const TRACE = JSON.stringify({
    query: 'query Chains($id: ID!) { trace(activityId: $id) { message paths { steps { relationship from { id } to { id } } } } }',
    variables: { id: 'lancashire-csa-2014-2016/activity/11' },
  });

  /** A POST through node:http, which, unlike fetch, neither asks for compression nor undoes it. */
  function ask(headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; bytes: Buffer }> {
    return new Promise((resolve, reject) => {
      const request = http.request(harness.app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, bytes: Buffer.concat(chunks) }));
      });
      request.on('error', reject);
      request.end(TRACE);
    });
  }

  it('gzips an answer of 1 kB or more for a client that takes gzip, and sends it as it is to one that does not (kept answers: test/unit/response-cache-hits)', async () => {
    const plain = await ask({ 'accept-encoding': 'identity', 'cache-control': 'no-cache' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThan(1024);
    const fresh = await ask({ 'accept-encoding': 'gzip', 'cache-control': 'no-cache' });
    expect(fresh.headers['content-encoding']).toBe('gzip');
    expect(fresh.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(fresh.bytes).toString()).toBe(plain.bytes.toString());
    expect(fresh.bytes.length).toBeLessThan(plain.bytes.length / 5);
  });
});
