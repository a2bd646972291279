/**
 * Traces and database metrics on the real graph: one request yields an HTTP span (continuing the
 * caller's traceparent), a GraphQL span under it and Cypher spans under that, named; /metrics
 * counts the database's statements by query name and the response cache's hits.
 */
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApplication, type Application } from '../../src/app.js';
import { startTracing, type Tracing } from '../../src/http/tracing.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from '../support/graph.js';
import { capture, value } from '../support/observe.js';

const AGREEMENT = 'lancashire-csa-2014-2016';
const ALIGN = 'query Align($id: ID!) { alignment(agreementId: $id) { agreement { id } } }';
/** The same read under another text, so nothing kept for ALIGN can answer it: its first request is a miss. */
const ALIGN_AGAIN = 'query AlignAgain($id: ID!) { alignment(agreementId: $id) { agreement { id } } }';
const GENERATED = 'query FewActivities { activities(limit: 1) { id } }';
/** A caller's W3C trace context: the trace this request joins, and the caller's span. */
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let app: Application;
const { stream, lines } = capture();

beforeAll(async () => {
  tracing = startTracing('golden-thread-test', new SimpleSpanProcessor(exporter));
  app = await startApplication(
    // The endpoint only switches the server's spans on; the spans go to the in-memory exporter registered above.
    testConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', GT_RESPONSE_CACHE_MAX_BYTES: String(1024 * 1024) }),
    createLogger({ logLevel: 'info' }, stream),
  );
});

afterAll(async () => {
  await app?.stop();
  await tracing?.shutdown();
});

const post = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });

/** The spans of one trace, once its server span has ended (it ends when the answer is sent). */
async function traceOf(traceId: string): Promise<ReadableSpan[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    if (spans.some((span) => span.parentSpanContext?.spanId === CALLER_SPAN)) return spans;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no server span for trace ${traceId}`);
}

describe('traces', () => {
  it('make one request an HTTP span, its GraphQL span, and Cypher spans under that, each named', async () => {
    const response = await post(ALIGN, { id: AGREEMENT }, { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`, 'cache-control': 'no-cache' });
    expect(response.status).toBe(200);
    const spans = await traceOf(TRACE_ID);

    const server = spans.find((span) => span.parentSpanContext?.spanId === CALLER_SPAN)!;
    expect(server.name).toBe('POST /graphql');
    expect(server.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 });
    expect(server.attributes['http.request.id']).toBe(response.headers.get('x-request-id'));

    const graphql = spans.filter((span) => span.parentSpanContext?.spanId === server.spanContext().spanId);
    expect(graphql.map((span) => span.name)).toEqual(['query Align']);
    expect(graphql[0]!.attributes).toMatchObject({ 'graphql.operation.name': 'Align', 'graphql.operation.type': 'query' });

    const cypher = spans.filter((span) => span.parentSpanContext?.spanId === graphql[0]!.spanContext().spanId);
    expect(cypher.map((span) => span.attributes['db.query.summary'])).toContain('queries/alignment');
    const alignment = cypher.find((span) => span.attributes['db.query.summary'] === 'queries/alignment')!;
    expect(alignment).toMatchObject({ name: 'cypher queries/alignment' });
    expect(alignment.attributes).toMatchObject({ 'db.system.name': 'neo4j', 'db.operation.mode': 'read' });
    // Every span of the request is in this one trace, and none is left without its parent.
    const ids = new Set(spans.map((span) => span.spanContext().spanId));
    for (const span of spans) expect([CALLER_SPAN, ...ids]).toContain(span.parentSpanContext?.spanId);
  });

  it('name a transaction @neo4j/graphql wrote as generated, under the GraphQL span', async () => {
    const traceId = 'a'.repeat(31) + '1';
    await post(GENERATED, {}, { traceparent: `00-${traceId}-${CALLER_SPAN}-01`, 'cache-control': 'no-cache' });
    const spans = await traceOf(traceId);
    const graphql = spans.find((span) => span.name === 'query FewActivities')!;
    const cypher = spans.filter((span) => span.parentSpanContext?.spanId === graphql.spanContext().spanId);
    expect(cypher.map((span) => span.name)).toContain('cypher generated');
  });
});

describe('database metrics', () => {
  const scrape = async () => (await fetch(new URL('/metrics', app.url))).text();

  it('count statements by query name and mode, the cache’s hits and misses, and nothing left in flight', async () => {
    const before = await scrape();
    await post(ALIGN, { id: AGREEMENT }, { 'cache-control': 'no-cache' });
    await post(GENERATED, {}, { 'cache-control': 'no-cache' });
    // The same anonymous read twice: a miss, then a hit.
    const first = await post(ALIGN_AGAIN, { id: AGREEMENT });
    const second = await post(ALIGN_AGAIN, { id: AGREEMENT });
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    // A request is counted when its answer has gone ('finish'), which can come just after the client has it.
    let after = await scrape();
    for (
      let attempt = 0;
      attempt < 100 &&
      value(after, 'gt_http_requests_total', { operation: 'AlignAgain' }) - value(before, 'gt_http_requests_total', { operation: 'AlignAgain' }) < 2;
      attempt++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await scrape();
    }
    const moved = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);

    expect(moved('gt_database_query_duration_seconds_count', { query: 'queries/alignment', mode: 'read', outcome: 'ok' })).toBe(2);
    expect(moved('gt_database_query_duration_seconds_count', { query: 'generated', mode: 'read', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(moved('gt_database_query_duration_seconds_sum', { query: 'queries/alignment' })).toBeGreaterThan(0);
    expect(moved('gt_response_cache_hits_total')).toBe(1);
    expect(moved('gt_response_cache_misses_total')).toBe(1);
    expect(value(after, 'gt_response_cache_bytes')).toBeGreaterThan(0);
    expect(moved('gt_http_requests_total', { route: '/graphql', operation: 'Align', status: '200' })).toBe(1);
    expect(moved('gt_http_requests_total', { route: '/graphql', operation: 'AlignAgain', status: '200' })).toBe(2);
    expect(value(after, 'gt_database_queries_in_flight')).toBe(0);
    expect(after).toContain('# TYPE gt_database_sessions_open gauge');
  });

  it('logs each request with its id, client and status, the kept answer marked as a hit', () => {
    const hits = lines.filter((line) => line.msg === 'graphql request' && line.cache === 'HIT');
    expect(hits.length).toBeGreaterThanOrEqual(1);
    expect(hits[0]).toMatchObject({ status: 200, route: '/graphql' });
    expect(hits[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(hits[0]!.client).toMatch(/^client-[0-9a-f]{16}$/);
  });
});
