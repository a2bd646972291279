/** CORS for configured origins, with a one-field schema: nothing here needs a database. */
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startHttpServer, type RunningServer } from '../../src/http/server.js';
import { documentId } from '../../src/http/persisted-documents.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../support/ports.js';

const LISTED = 'https://tool.example.org';
const ALSO_LISTED = 'http://localhost:5173';
const UNLISTED = 'https://evil.example.net';
const DOCUMENT = '{ hello }';

let server: RunningServer;
let closed: RunningServer;

async function start(origins: string | undefined): Promise<RunningServer> {
  return startHttpServer({
    config: loadConfig({ NODE_ENV: 'test', PORT: String(await freePort()), ...(origins === undefined ? {} : { GT_CORS_ORIGINS: origins }) }),
    logger: createLogger({ logLevel: 'silent' }),
    schema: buildSchema('type Query { hello: String }'),
    isDatabaseReady: async () => true,
    context: async () => ({}),
    operationCosts: {},
    persistedDocuments: new Map([[documentId(DOCUMENT), DOCUMENT]]),
  });
}

beforeAll(async () => {
  server = await start(` ${LISTED}, ${ALSO_LISTED} `);
  closed = await start(undefined);
});

afterAll(async () => {
  await server?.stop();
  await closed?.stop();
});

const corsHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

/** What a browser sends before a cross-site POST with JSON and a bearer token. */
function preflight(url: string, origin: string, headers = 'content-type,authorization'): Promise<Response> {
  return fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });
}

describe('CORS (GT_CORS_ORIGINS)', () => {
  it('answers a listed origin’s preflight 204 with the methods, headers and exposed headers a partner tool needs', async () => {
    const response = await preflight(server.url, LISTED, 'content-type,authorization,apollo-require-preflight,if-none-match,cache-control');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')?.split(',')).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(response.headers.get('access-control-allow-headers')?.split(',')).toEqual(
      expect.arrayContaining(['content-type', 'authorization', 'apollo-require-preflight', 'if-none-match', 'cache-control']),
    );
    expect(response.headers.get('access-control-expose-headers')?.split(',')).toEqual(expect.arrayContaining(['ETag', 'X-Cache', 'X-Request-Id']));
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    // The second listed origin is its own, not the first one's.
    expect((await preflight(server.url, ALSO_LISTED)).headers.get('access-control-allow-origin')).toBe(ALSO_LISTED);
  });

  it('gives an unlisted origin no CORS header at all, on a preflight or a request, so its browser withholds the answer', async () => {
    const refused = await preflight(server.url, UNLISTED);
    expect(corsHeaders(refused)).toEqual([]);
    expect(refused.headers.get('vary')).toMatch(/\bOrigin\b/);
    const answer = await fetch(server.url, {
      method: 'POST',
      headers: { origin: UNLISTED, 'content-type': 'application/json' },
      body: JSON.stringify({ query: DOCUMENT }),
    });
    expect(corsHeaders(answer)).toEqual([]);
    // An origin that only starts like a listed one is another origin.
    expect(corsHeaders(await preflight(server.url, `${LISTED}.evil.example.net`))).toEqual([]);
    expect(corsHeaders(await preflight(server.url, `${LISTED}:8443`))).toEqual([]);
  });

  it('lets a listed origin send a credentialed POST (a bearer token) and read the answer', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { origin: LISTED, 'content-type': 'application/json', authorization: 'Bearer not-checked-by-this-schema' },
      body: JSON.stringify({ query: DOCUMENT }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(await response.json()).toMatchObject({ data: { hello: null } });
  });

  it('keeps Apollo’s CSRF prevention: a listed origin’s GET of a document still needs the preflight-forcing header', async () => {
    const url = `${server.url}?query=${encodeURIComponent(DOCUMENT)}`;
    const bare = await fetch(url, { headers: { origin: LISTED, accept: 'application/json' } });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toMatch(/Cross-Site Request Forgery/);
    const forced = await fetch(url, { headers: { origin: LISTED, accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(forced.status).toBe(200);
    expect(forced.headers.get('access-control-allow-origin')).toBe(LISTED);
  });

  it('serves a persisted document’s GET (no preflight-forcing header) to a listed origin, with its ETag readable', async () => {
    const url = `${server.url}?documentId=${documentId(DOCUMENT)}`;
    const first = await fetch(url, { headers: { origin: LISTED, accept: 'application/json' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(first.headers.get('access-control-expose-headers')).toMatch(/\bETag\b/);
    expect(first.headers.get('etag')).toBeTruthy();
    expect(await first.json()).toMatchObject({ data: { hello: null } });
  });

  it('sends no CORS header when GT_CORS_ORIGINS is empty, as before', async () => {
    const refused = await preflight(closed.url, LISTED);
    expect(corsHeaders(refused)).toEqual([]);
    const answer = await fetch(closed.url, {
      method: 'POST',
      headers: { origin: LISTED, 'content-type': 'application/json' },
      body: JSON.stringify({ query: DOCUMENT }),
    });
    expect(answer.status).toBe(200);
    expect(corsHeaders(answer)).toEqual([]);
  });

  it('refuses a configured value that is not an exact origin', () => {
    for (const bad of ['*', 'https://tool.example.org/', 'https://tool.example.org/app', 'tool.example.org', 'https://tool.example.org:443', 'null']) {
      expect(() => loadConfig({ GT_CORS_ORIGINS: bad }), bad).toThrow(/GT_CORS_ORIGINS must list exact origins/);
    }
    expect(loadConfig({ GT_CORS_ORIGINS: `${LISTED},${ALSO_LISTED}` }).corsOrigins).toEqual([LISTED, ALSO_LISTED]);
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });
});
