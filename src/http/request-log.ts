/**
 * One log line per HTTP request, refusals included (429, 413, bad JSON, CSRF, 401, 403), written
 * when its answer has gone: its request id, a pseudonym of its client, its route, status and time,
 * and for GraphQL its operation and error codes. Every other line logged while the request is
 * handled carries the same request id and client (the logger's mixin, src/logger.ts).
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import { requestScope, type Logger, type RequestLogFields } from '../logger.js';
import { actorPseudonym } from '../schema/audit-trail.js';
import { addressKey, clientOf } from './limits/rate.js';

/** What a client may send as X-Request-Id: a proxy's or a caller's id, short and free of anything a log reader could misread. */
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * The client key the rate limits count by (src/http/limits/rate.ts), as a pseudonym: a token
 * subject becomes the audit trail's `actor-…` pseudonym of it (the same one, with GT_JWT_SECRET
 * set), an address `client-` and 16 hex digits of an HMAC; neither can be turned back.
 */
export function clientPseudonym(key: Buffer, clientKey: string): string {
  if (clientKey.startsWith('sub:')) return actorPseudonym(key, clientKey.slice('sub:'.length));
  return `client-${createHmac('sha256', key).update(clientKey).digest('hex').slice(0, 16)}`;
}

/** The paths the log and the metrics name, so a label never carries an id or a typo someone sent. */
const ROUTES = new Set(['/', '/graphql', '/healthz', '/readyz', '/metrics']);

export function routeOf(path: string): string {
  if (ROUTES.has(path)) return path;
  const dataset = /^\/datasets\/[^/]+\/(upload|export\.xlsx|export\.yaml)$/.exec(path);
  if (dataset) return `/datasets/:dataset/${dataset[1]}`;
  if (path.startsWith('/explorer/')) return '/explorer/*';
  return 'other';
}

/** What the GraphQL layer learns about a request, for its log line and its metrics. */
export interface GraphQLOutcome {
  operation?: string | null;
  operationType?: string;
  errors?: string[];
}
const outcomes = new WeakMap<RequestLogFields, GraphQLOutcome>();

/** A finished request, as the metrics record it. */
export interface FinishedRequest {
  readonly route: string;
  readonly status: number;
  readonly seconds: number;
  readonly graphql: GraphQLOutcome | undefined;
}

const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * First in the chain: gives the request its id (X-Request-Id, accepted when well formed, else a
 * new UUID, and always answered), runs the rest inside its log scope, and writes its line once the
 * answer is sent or the client went away. Probes and scrapes that succeed log at debug.
 */
export function requestLog(logger: Logger, pseudonymKey: Buffer, onFinished?: (request: FinishedRequest) => void): RequestHandler {
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    const fields: RequestLogFields = { requestId: requestIdOf(request.headers['x-request-id']), client: clientPseudonym(pseudonymKey, addressKey(request)) };
    const route = routeOf(request.path);
    response.setHeader('x-request-id', fields.requestId);
    let logged = false;
    const finish = () => {
      if (logged) return;
      logged = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const graphql = outcomes.get(fields);
      const aborted = !response.writableFinished;
      const status = response.statusCode;
      const line = {
        requestId: fields.requestId,
        client: fields.client,
        method: request.method,
        route,
        status,
        ms: Math.round(seconds * 1e5) / 100,
        ...(graphql ? { operation: graphql.operation ?? null, operationType: graphql.operationType, errors: graphql.errors } : {}),
        ...(typeof response.getHeader('x-cache') === 'string' ? { cache: response.getHeader('x-cache') } : {}),
        ...(aborted ? { aborted } : {}),
      };
      const level = status >= 500 ? 'error' : QUIET_ROUTES.has(route) && status < 400 ? 'debug' : 'info';
      logger[level](line, route === '/graphql' ? 'graphql request' : 'http request');
      onFinished?.({ route, status, seconds, graphql });
    };
    response.once('finish', finish);
    response.once('close', finish);
    requestScope.run(fields, next);
  };
}

/** After the rate limits decided who the client is (a verified token's subject): name it so from here on. */
export function rememberClientKey(pseudonymKey: Buffer): RequestHandler {
  return (request: Request, _response, next) => {
    const fields = requestScope.getStore();
    if (fields) fields.client = clientPseudonym(pseudonymKey, clientOf(request));
    next();
  };
}

/** For an answer given without Apollo (a response-cache hit): the operation it answered, for the request's one log line and its metrics. */
export function noteGraphQLOutcome(outcome: GraphQLOutcome): void {
  const fields = requestScope.getStore();
  if (fields) outcomes.set(fields, outcome);
}

/** What Apollo's plugin learnt of the current request so far (its operation, once resolved). */
export function currentGraphQLOutcome(): GraphQLOutcome | undefined {
  const fields = requestScope.getStore();
  return fields ? outcomes.get(fields) : undefined;
}

/** Tells the request's log line and metrics which operation ran and which error codes it answered. */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      // Shows a request has reached the API while it is still running (the SIGTERM test waits
      // for it); debug, so a production log keeps one line per request.
      logger.debug('graphql request started');
      const fields = requestScope.getStore();
      const outcome: GraphQLOutcome = {};
      if (fields) outcomes.set(fields, outcome);
      return {
        async didResolveOperation({ operation }) {
          if (operation) outcome.operationType = operation.operation;
        },
        async willSendResponse(requestContext) {
          outcome.operation = requestContext.operationName ?? requestContext.request.operationName ?? null;
          const errors = requestContext.errors?.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          if (errors && errors.length > 0) outcome.errors = errors;
        },
      };
    },
  };
}
