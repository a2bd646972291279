/**
 * Operations without a database: every request's log line (request id, status, a pseudonymous
 * client), refusals included; /metrics and who may read it; the bounds on what a client can put
 * into a label or a log field; and library console output turned into JSON lines.
 */
import { buildSchema } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { statementName, GENERATED } from '../../src/database/instrument.js';
import { cypher } from '../../src/database/cypher.js';
import { HttpMetrics, MAX_OPERATION_NAMES } from '../../src/http/metrics.js';
import { clientPseudonym, requestIdOf, routeOf } from '../../src/http/request-log.js';
import { startHttpServer, type RunningServer } from '../../src/http/server.js';
import { createLogger, routeConsoleToLogger } from '../../src/logger.js';
import { query } from '../../src/operations/queries.js';
import { credentialCheck, type Claims } from '../../src/schema/credentials.js';
import { actorPseudonym, actorPseudonymKey } from '../../src/schema/audit-trail.js';
import { SECRET, token } from '../support/auth.js';
import { capture, value } from '../support/observe.js';
import { freePort } from '../support/ports.js';

const METRICS_TOKEN = 'metrics-token-0123456789';
const BODY_LIMIT = 2_000;
const RATE_LIMIT = 5;

interface Started {
  server: RunningServer<{ claims: Claims | undefined }>;
  base: string;
  lines: Record<string, unknown>[];
}

async function start(env: Record<string, string>): Promise<Started> {
  const config = loadConfig({ NODE_ENV: 'test', PORT: String(await freePort()), GT_JWT_SECRET: SECRET, GT_MAX_BODY_BYTES: String(BODY_LIMIT), ...env });
  const { stream, lines } = capture();
  const check = credentialCheck(config.auth);
  const server = await startHttpServer({
    config,
    logger: createLogger({ logLevel: 'info' }, stream),
    schema: buildSchema('type Query { hello: String }'),
    isDatabaseReady: async () => true,
    // As the application's context does (src/schema/context.ts): a bad token refuses the request.
    context: async (request) => ({ claims: await check(request.headers.authorization) }),
    operationCosts: {},
  });
  return { server, base: new URL(server.url).origin, lines };
}

const post = (base: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** The one request line a request id left, after its answer: written when the response finishes. */
async function lineOf(lines: Record<string, unknown>[], requestId: string): Promise<Record<string, unknown>[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const found = lines.filter((line) => line.requestId === requestId && (line.msg === 'graphql request' || line.msg === 'http request'));
    if (found.length > 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return [];
}

describe('request log', () => {
  let api: Started;
  beforeAll(async () => {
    api = await start({ GT_RATE_LIMIT_PER_MINUTE: '0', GT_METRICS_TOKEN: METRICS_TOKEN });
  });
  afterAll(async () => {
    await api?.server.stop();
  });

  it('takes a well-formed X-Request-Id (up to 128 characters), answers it back, and replaces one past the limit or with a line break', async () => {
    expect(requestIdOf('a'.repeat(128))).toBe('a'.repeat(128));
    expect(requestIdOf('a'.repeat(129))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf('abc\r\nx')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf('{"level":60}')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(undefined)).toMatch(/^[0-9a-f-]{36}$/);

    const kept = await post(api.base, '{"query":"{ hello }"}', { 'x-request-id': 'edge-7f3a:1' });
    expect(kept.headers.get('x-request-id')).toBe('edge-7f3a:1');
    const [line] = await lineOf(api.lines, 'edge-7f3a:1');
    expect(line).toMatchObject({ requestId: 'edge-7f3a:1', status: 200, route: '/graphql', method: 'POST', msg: 'graphql request' });
    expect(line!.client).toMatch(/^client-[0-9a-f]{16}$/);
    expect(JSON.stringify(line)).not.toContain('127.0.0.1');

    const replaced = await post(api.base, '{"query":"{ hello }"}', { 'x-request-id': 'x'.repeat(129) });
    const id = replaced.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await lineOf(api.lines, id)).toHaveLength(1);
  });

  it('names a signed-in client by the audit trail’s pseudonym of its subject, never by its token', async () => {
    const key = actorPseudonymKey(SECRET);
    expect(clientPseudonym(key, 'sub:editor@example.org')).toBe(actorPseudonym(key, 'editor@example.org'));
    expect(clientPseudonym(key, 'ip:203.0.113.9')).toMatch(/^client-[0-9a-f]{16}$/);
    expect(clientPseudonym(key, 'ip:203.0.113.9')).not.toBe(clientPseudonym(key, 'ip:203.0.113.10'));

    const bearer = await token({ roles: ['editor'] }, { subject: 'editor@example.org' });
    await post(api.base, '{"query":"query Hello { hello }"}', { 'x-request-id': 'signed-in', authorization: `Bearer ${bearer}` });
    const [line] = await lineOf(api.lines, 'signed-in');
    expect(line).toMatchObject({ status: 200, operation: 'Hello', operationType: 'query' });
    expect(JSON.stringify(line)).not.toContain(bearer);
    expect(JSON.stringify(line)).not.toContain('editor@example.org');
  });

  it('leaves one line for each refusal: 413 at the body limit plus one, bad JSON, CSRF, 401 (a bad token; /metrics without one)', async () => {
    const padded = (size: number) => {
      const shell = '{"query":"{ hello }","variables":{"pad":""}}';
      return shell.replace('"pad":""', `"pad":"${'p'.repeat(size - shell.length)}"`);
    };
    expect(padded(BODY_LIMIT)).toHaveLength(BODY_LIMIT);
    const cases: { id: string; send: () => Promise<Response>; status: number; route: string }[] = [
      { id: 'at-limit', send: () => post(api.base, padded(BODY_LIMIT), { 'x-request-id': 'at-limit' }), status: 200, route: '/graphql' },
      { id: 'too-large', send: () => post(api.base, padded(BODY_LIMIT + 1), { 'x-request-id': 'too-large' }), status: 413, route: '/graphql' },
      { id: 'bad-json', send: () => post(api.base, '{"query":', { 'x-request-id': 'bad-json' }), status: 400, route: '/graphql' },
      {
        id: 'csrf',
        send: () => fetch(`${api.base}/graphql?query=%7Bhello%7D`, { headers: { accept: 'application/json', 'x-request-id': 'csrf' } }),
        status: 400,
        route: '/graphql',
      },
      {
        id: 'bad-token',
        send: () => post(api.base, '{"query":"{ hello }"}', { 'x-request-id': 'bad-token', authorization: 'Bearer not.a.jwt' }),
        status: 401,
        route: '/graphql',
      },
      { id: 'no-metrics-token', send: () => fetch(`${api.base}/metrics`, { headers: { 'x-request-id': 'no-metrics-token' } }), status: 401, route: '/metrics' },
    ];
    for (const { id, send, status, route } of cases) {
      const response = await send();
      expect(response.status, id).toBe(status);
      expect(response.headers.get('x-request-id'), id).toBe(id);
      const lines = await lineOf(api.lines, id);
      expect(lines, id).toHaveLength(1);
      expect(lines[0], id).toMatchObject({ requestId: id, status, route, level: 30 });
      expect(lines[0]!.client, id).toMatch(/^client-[0-9a-f]{16}$/);
    }
  });
});

describe('rate-limited requests', () => {
  let api: Started;
  beforeAll(async () => {
    api = await start({ GT_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), GT_RATE_LIMIT_COST_PER_MINUTE: '0' });
  });
  afterAll(async () => {
    await api?.server.stop();
  });

  it('logs the request at the limit as answered and the one past it as 429, each once', async () => {
    for (let n = 1; n <= RATE_LIMIT + 1; n++) await post(api.base, '{"query":"{ hello }"}', { 'x-request-id': `rate-${n}` });
    expect(await lineOf(api.lines, `rate-${RATE_LIMIT}`)).toMatchObject([{ status: 200 }]);
    expect(await lineOf(api.lines, `rate-${RATE_LIMIT + 1}`)).toMatchObject([{ status: 429, route: '/graphql' }]);
  });
});

describe('/metrics', () => {
  let api: Started;
  beforeAll(async () => {
    api = await start({ GT_RATE_LIMIT_PER_MINUTE: '0', GT_METRICS_TOKEN: METRICS_TOKEN });
  });
  afterAll(async () => {
    await api?.server.stop();
  });
  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }) => fetch(`${api.base}/metrics`, { headers });

  it('counts requests by route, operation name and status, with their time, beside Node’s own metrics', async () => {
    const before = await (await scrape()).text();
    for (let n = 0; n < 3; n++) await post(api.base, '{"query":"query Hello { hello }"}');
    await post(api.base, '{"query":"{ hello }"}');
    await post(api.base, '{"query":');
    await fetch(`${api.base}/healthz`);
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const after = await response.text();
    const moved = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
    expect(moved('gt_http_requests_total', { route: '/graphql', operation: 'Hello', status: '200' })).toBe(3);
    expect(moved('gt_http_requests_total', { route: '/graphql', operation: 'anonymous', status: '200' })).toBe(1);
    expect(moved('gt_http_requests_total', { route: '/graphql', operation: 'anonymous', status: '400' })).toBe(1);
    expect(moved('gt_http_requests_total', { route: '/healthz', operation: '-', status: '200' })).toBe(1);
    expect(moved('gt_http_request_duration_seconds_count', { route: '/graphql', operation: 'Hello', status: '200' })).toBe(3);
    expect(value(after, 'gt_http_request_duration_seconds_bucket', { route: '/graphql', operation: 'Hello', status: '200', le: '+Inf' })).toBe(3);
    expect(value(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(after).toContain('# TYPE gt_database_query_duration_seconds histogram');
  });

  it('refuses a scrape without the token or with a wrong one (401), and from a proxy when no token is set (403)', async () => {
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${METRICS_TOKEN}x` })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}` })).status).toBe(401);
    const refused = await scrape({});
    expect(refused.headers.get('www-authenticate')).toContain('Bearer');
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });

    const local = await start({ GT_RATE_LIMIT_PER_MINUTE: '0' });
    try {
      expect((await fetch(`${local.base}/metrics`)).status).toBe(200);
      const proxied = await fetch(`${local.base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(proxied.status).toBe(403);
      expect(await proxied.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
      // The 403 leaves its line too, at info (a scrape that succeeds is logged at debug).
      expect(await lineOf(local.lines, proxied.headers.get('x-request-id')!)).toMatchObject([{ status: 403, route: '/metrics', level: 30 }]);
      expect((await fetch(`${local.base}/metrics`, { headers: { forwarded: 'for=203.0.113.9' } })).status).toBe(403);
    } finally {
      await local.server.stop();
    }
  });

  it(`keeps ${MAX_OPERATION_NAMES} operation names as labels and counts the ones past them as other`, () => {
    const metrics = new HttpMetrics();
    for (let n = 1; n <= MAX_OPERATION_NAMES; n++) expect(metrics.operationLabel('/graphql', `Op${n}`)).toBe(`Op${n}`);
    expect(metrics.operationLabel('/graphql', 'Op1')).toBe('Op1');
    expect(metrics.operationLabel('/graphql', `Op${MAX_OPERATION_NAMES + 1}`)).toBe('other');
    expect(metrics.operationLabel('/graphql', 'not a name"} 1')).toBe('other');
    expect(metrics.operationLabel('/graphql', undefined)).toBe('anonymous');
    expect(metrics.operationLabel('/healthz', 'Op1')).toBe('-');
    expect(routeOf('/datasets/lancashire-csa-2014-2016/export.xlsx')).toBe('/datasets/:dataset/export.xlsx');
    expect(routeOf('/no/such/page')).toBe('other');
  });
});

describe('query names', () => {
  it('names a statement after its cypher/ file, fragments filled in, and anything else as generated', () => {
    expect(statementName(query('trace'))).toBe('queries/trace');
    expect(statementName(query('coverage'))).toBe('queries/coverage');
    expect(statementName(cypher('graph/generation'))).toBe('graph/generation');
    expect(statementName('MATCH (n) RETURN n')).toBe(GENERATED);
    expect(statementName(`${query('trace')}\nRETURN 1`)).toBe(GENERATED);
  });
});

describe('console output', () => {
  const saved = { ...console };
  const listeners = process.listeners('warning');
  afterEach(() => {
    Object.assign(console, saved);
    process.removeAllListeners('warning');
    for (const listener of listeners) process.on('warning', listener);
  });

  it('turns library console output and Node warnings into JSON lines, the known @neo4j/graphql notice at debug with the reason', async () => {
    const { stream, lines } = capture();
    routeConsoleToLogger(createLogger({ logLevel: 'debug' }, stream));
    console.warn(
      "'@authentication', '@authorization' and/or @subscriptionsAuthorization detected - please ensure that you either specify authorization settings in 'features.authorization'. This warning can be ignored if you intend to pass a decoded JWT into 'context.jwt' on every request.",
    );
    console.warn('something else %d', 42);
    process.emitWarning('a test warning', { code: 'GT_TEST' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines[0]).toMatchObject({ level: 20, source: 'console' });
    expect(lines[0]!.why).toContain('context.jwt');
    expect(lines[1]).toMatchObject({ level: 40, source: 'console', msg: 'something else 42' });
    expect(lines[2]).toMatchObject({ level: 40, source: 'node', code: 'GT_TEST', msg: 'a test warning' });
  });
});
