/**
 * The hit path of the response cache (src/http/response-cache.ts) through a real Express app, with
 * the generation given rather than read: a hit is answered before anything downstream runs, yet
 * still writes its request log line, and a request that differs in its variables, its operation
 * or its Accept header never gets another request's answer.
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLog } from '../../src/http/request-log.js';
import { cacheKey, keptBody, responseCacheMiddleware, ResponseCache } from '../../src/http/response-cache.js';
import { httpGet } from '../support/http-get.js';

const QUERY = 'query Read($id: ID!) { activities(where: { id: { eq: $id } }) { id } }';
const lines: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  }),
);
const cache = new ResponseCache(1024 * 1024);
let downstream = 0;
let server: ReturnType<ReturnType<typeof express>['listen']>;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(
    requestLog(logger, Buffer.from('a test key for client pseudonyms')),
    express.json(),
    responseCacheMiddleware(cache, () => Promise.resolve(1), logger),
    (request, response) => {
      downstream++;
      response.json({ answeredBy: 'downstream', asked: request.body as unknown });
    },
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** What a miss of `body` keeps: the middleware's own key for it, at generation 1. */
function keep(body: Record<string, unknown>, answer: string, headers: Record<string, string> = {}): void {
  const key = cacheKey({ method: 'POST', body, headers: { accept: '*/*', ...headers }, query: {} } as never, 1)!;
  cache.observe(1);
  // As a miss keeps it: with the operation Apollo resolved, which a hit's log line names.
  const operation = typeof body.operationName === 'string' ? body.operationName : null;
  cache.set(key, 1, { ...keptBody(answer), headers: { 'content-type': 'application/json; charset=utf-8' }, etag: `W/"${answer.length}-kept"`, operation });
}

describe('a response cache hit', () => {
  it('is answered without running anything downstream, and still logs its request line', async () => {
    const asked = { query: QUERY, variables: { id: 'a' }, operationName: 'Read' };
    keep(asked, '{"data":{"activities":[{"id":"a"}]}}');
    const before = downstream;
    lines.length = 0;
    const response = await post(asked, { accept: '*/*' });
    expect(response.headers.get('x-cache')).toBe('HIT');
    expect(await response.text()).toBe('{"data":{"activities":[{"id":"a"}]}}');
    expect(downstream).toBe(before);
    // The request log's one line, written when the answer has gone.
    await expect.poll(() => lines.length).toBe(1);
    expect(lines).toEqual([expect.objectContaining({ msg: 'graphql request', operation: 'Read', operationType: 'query', cache: 'HIT', status: 200 })]);
  });

  it('is never another question’s answer: other variables, operation name or Accept go downstream', async () => {
    keep({ query: QUERY, variables: { id: 'a' } }, '{"data":"for a"}');
    for (const [body, headers] of [
      [{ query: QUERY, variables: { id: 'b' } }, { accept: '*/*' }],
      [{ query: QUERY, variables: { id: 'a', extra: 1 } }, { accept: '*/*' }],
      [{ query: QUERY, variables: { id: 'a' }, operationName: 'Other' }, { accept: '*/*' }],
      [{ query: QUERY, variables: { id: 'a' } }, { accept: 'application/graphql-response+json' }],
      [{ query: `${QUERY} `.replace('{ id }', '{ id name }'), variables: { id: 'a' } }, { accept: '*/*' }],
    ] as const) {
      const response = await post(body, headers);
      expect(response.headers.get('x-cache')).toBe('MISS');
      expect(((await response.json()) as { answeredBy: string }).answeredBy).toBe('downstream');
    }
    // The same question spaced otherwise is the same question.
    const spaced = await post({ query: QUERY.replace(/ /g, '\n   '), variables: { id: 'a' } }, { accept: '*/*' });
    expect(spaced.headers.get('x-cache')).toBe('HIT');
  });

  it('skips the kept answer for Cache-Control: no-cache, and answers 304 to a matching If-None-Match', async () => {
    const asked = { query: QUERY, variables: { id: 'c' } };
    keep(asked, '{"data":"for c"}');
    const fresh = await post(asked, { accept: '*/*', 'cache-control': 'no-cache' });
    expect(fresh.headers.get('x-cache')).toBe('BYPASS');
    expect(((await fresh.json()) as { answeredBy: string }).answeredBy).toBe('downstream');
    const address = `${url}?${new URLSearchParams({ query: QUERY, variables: JSON.stringify({ id: 'c' }) }).toString()}`;
    const key = cacheKey({ method: 'GET', headers: { accept: '*/*' }, query: { query: QUERY, variables: JSON.stringify({ id: 'c' }) } } as never, 1)!;
    cache.set(key, 1, { ...keptBody('{"data":"for c"}'), headers: {}, etag: 'W/"16-kept"' });
    const revalidated = await httpGet(address, { accept: '*/*', 'if-none-match': 'W/"16-kept"' });
    expect(revalidated).toMatchObject({ status: 304, text: '' });
    expect(revalidated.headers['x-cache']).toBe('HIT');
    const other = await httpGet(address, { accept: '*/*', 'if-none-match': 'W/"16-other"' });
    expect(other).toMatchObject({ status: 200, text: '{"data":"for c"}' });
    expect(other.headers['x-cache']).toBe('HIT');
  });

  it('replays a larger answer gzipped (compressed once, when kept) to a client that takes gzip, and as it is to one that does not', async () => {
    const asked = { query: QUERY, variables: { id: 'large' } };
    const answer = JSON.stringify({ data: { text: 'golden thread '.repeat(200) } });
    keep(asked, answer);
    const zipped = await post(asked, { accept: '*/*', 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers.get('x-cache')).toBe('HIT');
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(Number(zipped.headers.get('content-length'))).toBeLessThan(answer.length / 10);
    expect(await zipped.text()).toBe(answer);
    const plain = await post(asked, { accept: '*/*', 'accept-encoding': 'identity' });
    expect(plain.headers.get('x-cache')).toBe('HIT');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length'))).toBe(answer.length);
    expect(await plain.text()).toBe(answer);
  });
});
