/**
 * The response cache (src/http/response-cache.ts) against the real database, through two API
 * processes' worth of servers on one graph: a repeated anonymous read is answered from memory,
 * and a write through either server is seen at once through both, never a kept answer from before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApplication, type Application } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { lancashireEditor, SECRET, token } from '../support/auth.js';
import { testConfig } from '../support/graph.js';
import { httpGet } from '../support/http-get.js';
import { useSignedInApi } from '../support/signed-in-api.js';

const ACTIVITY = 'lancashire-csa-2014-2016/activity/7';
const READ = `query Read($id: ID!) { activities(where: { id: { eq: $id } }) { id name notes } }`;
const UPDATE_NOTES = `mutation Notes($id: ID!, $notes: String!) {
  updateActivities(where: { id: { eq: $id } }, update: { notes: { set: $notes } }) { activities { id notes } }
}`;

interface Sent {
  readonly status: number;
  readonly cache: string | null;
  readonly etag: string | null;
  readonly text: string;
}

const { api, scope } = useSignedInApi();
const servers: Application[] = [];

async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Sent> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, cache: response.headers.get('x-cache'), etag: response.headers.get('etag'), text: await response.text() };
}

async function get(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Sent> {
  const address = `${url}?${new URLSearchParams({ query, variables: JSON.stringify(variables) }).toString()}`;
  const got = await httpGet(address, { 'apollo-require-preflight': 'true', ...headers });
  const header = (name: string) => (typeof got.headers[name] === 'string' ? (got.headers[name] as string) : null);
  return { status: got.status, cache: header('x-cache'), etag: header('etag'), text: got.text };
}

const notesIn = (sent: Sent): unknown => (JSON.parse(sent.text) as { data: { activities: { notes: unknown }[] } }).data.activities[0]?.notes;

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    servers.push(
      await startApplication(testConfig({ GT_JWT_SECRET: SECRET, GT_RESPONSE_CACHE_MAX_BYTES: String(4 * 1024 * 1024) }), createLogger({ logLevel: 'silent' })),
    );
  }
});
afterAll(async () => {
  for (const server of servers) await server.stop();
});

describe('the response cache', () => {
  it('answers a repeated anonymous read from memory, with the same answer', async () => {
    const [one] = servers;
    const first = await post(one!.url, READ, { id: ACTIVITY });
    const second = await post(one!.url, READ, { id: ACTIVITY });
    expect(first.status).toBe(200);
    expect(second).toMatchObject({ status: 200, cache: 'HIT', text: first.text });
    // The same document with other spacing is the same question.
    const spaced = await post(one!.url, READ.replace(/ /g, '   '), { id: ACTIVITY });
    expect(spaced).toMatchObject({ cache: 'HIT', text: first.text });
    // Other variables are another question.
    const other = await post(one!.url, READ, { id: 'lancashire-csa-2014-2016/activity/8' });
    expect(other.cache).toBe('MISS');
  });

  it('sees a write through either server at once, through both', async () => {
    const [one, two] = servers;
    await scope().changes(ACTIVITY);
    // Both servers keep the answer from before the write.
    for (const server of [one!, two!]) {
      await post(server.url, READ, { id: ACTIVITY });
      expect((await post(server.url, READ, { id: ACTIVITY })).cache).toBe('HIT');
    }
    const notes = `Reviewed ${Date.now()}`;
    const written = await post(one!.url, UPDATE_NOTES, { id: ACTIVITY, notes }, { authorization: `Bearer ${await lancashireEditor()}` });
    expect(JSON.parse(written.text)).not.toHaveProperty('errors');
    for (const server of [two!, one!]) {
      const after = await post(server.url, READ, { id: ACTIVITY });
      expect(after.cache).toBe('MISS');
      expect(notesIn(after)).toBe(notes);
    }
  });

  it('keeps serving what it kept after a refused write, which changes nothing', async () => {
    const [one] = servers;
    await post(one!.url, READ, { id: ACTIVITY });
    expect((await post(one!.url, READ, { id: ACTIVITY })).cache).toBe('HIT');
    const stranger = await token({ roles: ['editor'], partnership: 'another-partnership' }, { subject: 'stranger@example.org' });
    const refused = await post(one!.url, UPDATE_NOTES, { id: ACTIVITY, notes: 'not mine' }, { authorization: `Bearer ${stranger}` });
    expect(JSON.parse(refused.text)).toHaveProperty('errors');
    expect((await post(one!.url, READ, { id: ACTIVITY })).cache).toBe('HIT');
  });

  it('skips the kept answer for Cache-Control: no-cache, for a signed-in caller and for a mutation', async () => {
    const [one] = servers;
    await post(one!.url, READ, { id: ACTIVITY });
    expect((await post(one!.url, READ, { id: ACTIVITY }, { 'cache-control': 'no-cache' })).cache).toBe('BYPASS');
    const signedIn = await post(one!.url, READ, { id: ACTIVITY }, { authorization: `Bearer ${await lancashireEditor()}` });
    expect(signedIn).toMatchObject({ status: 200, cache: 'BYPASS' });
    // A query document that also holds a mutation is never kept (the mutation is not run: no operationName).
    const mixed = await post(one!.url, `${READ} mutation M { __typename }`, { id: ACTIVITY });
    expect(mixed.cache).toBe('BYPASS');
  });

  it('gives a GET answer an ETag and answers 304 to If-None-Match', async () => {
    const [one] = servers;
    const first = await get(one!.url, READ, { id: ACTIVITY });
    expect(first.status).toBe(200);
    expect(first.etag).toBeTruthy();
    const again = await get(one!.url, READ, { id: ACTIVITY }, { 'if-none-match': first.etag! });
    expect(again.status).toBe(304);
    expect(again.cache).toBe('HIT');
    expect(again.text).toBe('');
  });

  it('reports how much it holds, within its bound', async () => {
    const [one] = servers;
    const health = (await (await fetch(new URL('/healthz', one!.url))).json()) as {
      responseCache: { bytes: number; maxBytes: number; entries: number; hits: number };
    };
    expect(health.responseCache.maxBytes).toBe(4 * 1024 * 1024);
    expect(health.responseCache.entries).toBeGreaterThan(0);
    expect(health.responseCache.bytes).toBeLessThanOrEqual(health.responseCache.maxBytes);
    expect(health.responseCache.hits).toBeGreaterThan(0);
  });

  it('is off when GT_RESPONSE_CACHE_MAX_BYTES is 0 (the test default)', async () => {
    const first = await post(api.url, READ, { id: ACTIVITY });
    expect(first.cache).toBeNull();
  });
});
