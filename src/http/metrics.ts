/**
 * GET /metrics in the Prometheus text format (prom-client): requests by route, GraphQL operation
 * and status, with their time; the database's statements and transactions by query name, the
 * queries in flight and the sessions open (src/database/instrument.ts); the response cache's hits,
 * misses and bytes; and Node's process metrics. Only this machine may read it, or with
 * GT_METRICS_TOKEN set, whoever sends that bearer token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { databaseMetrics } from '../database/instrument.js';
import { ErrorCode, errorAnswer } from '../errors.js';
import type { FinishedRequest } from './request-log.js';
import type { ResponseCache } from './response-cache.js';

/** Node's process metrics, registered once per process however many servers it starts. */
let processMetrics: Registry | undefined;
function processRegistry(): Registry {
  if (processMetrics === undefined) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/**
 * Distinct operation names kept as label values. A client names its operations, so without a
 * bound a script sending a new name each time would grow the metrics without end; past the
 * bound, new names count as `other`.
 */
export const MAX_OPERATION_NAMES = 100;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** The metrics of one HTTP server; the database and process metrics are the process's. */
export class HttpMetrics {
  private readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<'route' | 'operation' | 'status'>;
  private readonly duration: Histogram<'route' | 'operation' | 'status'>;

  constructor(cache?: ResponseCache) {
    const labelNames = ['route', 'operation', 'status'] as const;
    this.requests = new Counter({
      name: 'gt_http_requests_total',
      help: 'HTTP requests answered, by route, GraphQL operation name ("-" off /graphql, "anonymous" unnamed, "other" past the first 100 names) and status',
      labelNames,
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'gt_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer sent, by route, GraphQL operation name and status',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    if (cache) {
      const counted = (name: string, help: string, read: () => number) =>
        new Counter({
          name,
          help,
          registers: [this.registry],
          collect() {
            this.reset();
            this.inc(read());
          },
        });
      counted('gt_response_cache_hits_total', 'Requests answered from the response cache', () => cache.stats().hits);
      counted('gt_response_cache_misses_total', 'Keepable reads not in the response cache', () => cache.stats().misses);
      counted(
        'gt_response_cache_bypasses_total',
        'Requests the response cache did not look up (signed in, not a read, no-cache)',
        () => cache.stats().bypasses,
      );
      new Gauge({
        name: 'gt_response_cache_bytes',
        help: 'Bytes of answers kept (GT_RESPONSE_CACHE_MAX_BYTES at most)',
        registers: [this.registry],
        collect() {
          this.set(cache.stats().bytes);
        },
      });
      new Gauge({
        name: 'gt_response_cache_entries',
        help: 'Answers kept',
        registers: [this.registry],
        collect() {
          this.set(cache.stats().entries);
        },
      });
    }
  }

  /** The label for a request's operation name; see MAX_OPERATION_NAMES. */
  operationLabel(route: string, name: string | null | undefined): string {
    if (route !== '/graphql') return '-';
    if (name === null || name === undefined || name === '') return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_NAMES) return 'other';
    this.operations.add(name);
    return name;
  }

  record(request: FinishedRequest): void {
    const labels = { route: request.route, operation: this.operationLabel(request.route, request.graphql?.operation), status: String(request.status) };
    this.requests.inc(labels);
    this.duration.observe(labels, request.seconds);
  }

  async scrape(): Promise<string> {
    const parts = await Promise.all([this.registry.metrics(), databaseMetrics.metrics(), processRegistry().metrics()]);
    return parts.join('\n');
  }
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/;
/** A proxy on this machine relays strangers from a loopback address: it says so in these headers. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

function fromThisMachine(address: string | undefined, headers: IncomingHttpHeaders): boolean {
  return address !== undefined && LOOPBACK.test(address) && FORWARDING_HEADERS.every((name) => headers[name] === undefined);
}

/** Why a scrape is refused, or undefined when it may read the metrics. */
export function metricsRefusal(request: Request, token: string | undefined): { status: number; body: unknown } | undefined {
  if (token !== undefined) {
    const given = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (given !== undefined && sameSecret(given, token)) return undefined;
    return errorAnswer(ErrorCode.UNAUTHENTICATED, 'GET /metrics needs Authorization: Bearer <GT_METRICS_TOKEN>.');
  }
  if (fromThisMachine(request.socket.remoteAddress, request.headers)) return undefined;
  return errorAnswer(
    ErrorCode.FORBIDDEN,
    'GET /metrics answers only on this machine, not through a proxy; set GT_METRICS_TOKEN to let a scraper elsewhere read it.',
  );
}

export function metricsHandler(metrics: HttpMetrics, token: string | undefined): RequestHandler {
  return (request, response, next) => {
    const refusal = metricsRefusal(request, token);
    if (refusal) {
      if (refusal.status === 401) response.setHeader('www-authenticate', 'Bearer realm="metrics"');
      response.status(refusal.status).json(refusal.body);
      return;
    }
    metrics.scrape().then((text) => response.type(processRegistry().contentType).send(text), next);
  };
}
