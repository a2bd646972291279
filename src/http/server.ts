import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { isLoopbackHost, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { OperationCost } from '../operations/cost.js';
import { compressAnswers } from './compression.js';
import { corsMiddleware } from './cors.js';
import { explorerRouter } from './explorer.js';
import { nestingGuard, requestChecksPlugin } from './request-checks.js';
import { formatError } from './format-error.js';
import { IDE_CSP, idePage, ideRouter } from './ide.js';
import { publicSchemaRouter } from './public-schema.js';
import { graphqlOverHttpPlugin, rememberMediaType } from './graphql-over-http.js';
import { readTypeDefs } from '../schema/build.js';
import { bodyErrorHandler } from './limits/body.js';
import { answerClientErrors } from './limits/client-errors.js';
import { costLimitPlugin } from './limits/cost.js';
import { documentGuard, MAX_TOKENS } from './limits/document.js';
import { pageLimitsOf } from '../schema/neo4j-graphql/page-limits.js';
import { costCharge, CostBudget, identifyClients, rateLimiter, rememberClient } from './limits/rate.js';
import { credentialCheck } from '../schema/credentials.js';
import { persistedDocuments } from './persisted-documents.js';
import { rememberTicket, responseCacheMiddleware, responseCachePlugin, type ResponseCache } from './response-cache.js';
import { uploadRouter, type UploadDependencies } from './upload.js';
import type { Database } from '../database/driver.js';
import { datasetExportRouter } from './dataset-export.js';
import { actorPseudonymKey } from '../schema/audit-trail.js';
import { HttpMetrics, metricsHandler } from './metrics.js';
import { rememberClientKey, requestLog, requestLogPlugin } from './request-log.js';
import { graphqlSpanPlugin, graphqlSpans, httpSpans } from './tracing.js';
import { packsRouter } from './packs.js';

export interface HttpDependencies<TContext extends BaseContext = BaseContext> {
  readonly config: Config;
  readonly logger: Logger;
  readonly schema: GraphQLSchema;
  /** Whether the database answers; /readyz reports it. */
  readonly isDatabaseReady: () => Promise<boolean>;
  /**
   * What the embedded database's supervisor knows (src/database/embedded.ts): `restarting` makes
   * /readyz 503, `down` (given up, not coming back by itself) makes /healthz 503 too.
   */
  readonly databaseState?: () => { readonly status: string; readonly reason?: string };
  /** Builds the per-request context (the database handle, dataloaders). */
  readonly context: (request: express.Request) => Promise<TContext>;
  /** The hand-written operations' prices, by `Type.field`; see src/schema/resolvers.ts. */
  readonly operationCosts: Readonly<Record<string, OperationCost>>;
  /** Checks of the layers above that read the request's context (e.g. its credentials). */
  readonly plugins?: readonly ApolloServerPlugin<TContext>[];
  /** The documents a client may name by `documentId` (persisted-documents.ts). */
  readonly persistedDocuments?: ReadonlyMap<string, string>;
  /** Answers kept for repeated reads, and how to read the graph's generation; absent when off. */
  readonly responseCache?: {
    readonly cache: ResponseCache;
    readonly generation: () => Promise<number>;
    /** Reads of the generation made so far, reported beside the hits they served. */
    readonly generationReads?: () => number;
  };
  /** When given, `POST /datasets/:dataset/upload` takes uploads (src/http/upload.ts). */
  readonly upload?: UploadDependencies;
  /** The graph, for the dataset downloads (src/http/dataset-export.ts); without it they are not served. */
  readonly database?: Database;
}

export interface RunningServer<TContext extends BaseContext = BaseContext> {
  readonly url: string;
  readonly port: number;
  readonly apollo: ApolloServer<TContext>;
  /** Stops taking requests, lets in-flight ones finish, then closes. */
  stop(): Promise<void>;
}

/**
 * Lets the event loop take in every request that reached the server before stop() was called.
 * A busy process can hold a connection still in the listen backlog, or accepted with its request
 * bytes not yet read; the drain plugin ends each socket without a request at once and close()
 * resets the backlog, so such a request, sent before SIGTERM, would be cut off ("other side
 * closed", ECONNRESET). One loop turn accepts the backlog, the next reads the new sockets, so
 * this waits until a whole turn brings no new connection or request; the bound only stops a
 * steady stream of later arrivals from holding the shutdown open.
 */
async function takeInArrivedRequests(httpServer: http.Server): Promise<void> {
  let arrivals = 0;
  const arrived = () => void arrivals++;
  httpServer.on('connection', arrived).on('request', arrived);
  try {
    let seen = -1;
    for (let turn = 0; arrivals !== seen && turn < 50; turn++) {
      seen = arrivals;
      // Two immediates span a whole turn, its poll phase included, wherever this was called from.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    httpServer.off('connection', arrived).off('request', arrived);
  }
}

export async function startHttpServer<TContext extends BaseContext>(deps: HttpDependencies<TContext>): Promise<RunningServer<TContext>> {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Which hop's X-Forwarded-For address is the client's; without it, every client behind a proxy has the proxy's address.
  app.set('trust proxy', config.trustProxy);
  // First: each request gets its id, its log line and its count, refusals included, and its trace.
  const pseudonymKey = actorPseudonymKey(config.auth.jwtSecret);
  const metrics = new HttpMetrics(deps.responseCache?.cache);
  app.use(requestLog(logger, pseudonymKey, (finished) => metrics.record(finished)));
  if (config.tracing) app.use(httpSpans());
  // First, so a preflight is answered before any limit and every refusal stays readable by the page.
  const cors = corsMiddleware(config.corsOrigins);
  if (cors) app.use(cors);
  app.use(compressAnswers());
  const httpServer = http.createServer(
    {
      requestTimeout: config.httpRequestTimeoutMs,
      headersTimeout: config.httpHeadersTimeoutMs,
      keepAliveTimeout: config.httpKeepAliveTimeoutMs,
      // Node enforces the two timeouts above only at this interval (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, config.httpHeadersTimeoutMs),
    },
    app,
  );
  answerClientErrors(httpServer, { requestTimeoutMs: config.httpRequestTimeoutMs, headersTimeoutMs: config.httpHeadersTimeoutMs });
  const costLimits = { maxCost: config.maxQueryCost, pageLimits: pageLimitsOf(readTypeDefs()), operationCosts: deps.operationCosts };
  // One budget for /graphql and the evidence packs (src/http/packs.ts), which run the same reads.
  const costBudget = config.rateLimitCostPerMinute === 0 ? undefined : new CostBudget(config.rateLimitCostPerMinute);
  const apollo = new ApolloServer<TContext>({
    schema: deps.schema,
    introspection: config.introspection,
    // Apollo's default, said out loud: a GET or a simple-content-type POST must carry a
    // preflight-forcing header, so a cross-site form or <img> cannot run an operation.
    csrfPrevention: true,
    // A body under the size limit can still nest thousands deep and exhaust the parser's stack;
    // a token budget refuses it first, with a message that says so. The largest real query (a
    // create of 100 entities with links) stays far below it.
    parseOptions: { maxTokens: MAX_TOKENS },
    // Without introspection the schema is not public, and "Did you mean …?" in a validation
    // error would give its field names away one guess at a time.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    // main() owns the signals and stops the API, the driver and the database in that order;
    // Apollo's own handlers would race it and re-raise the signal mid-shutdown.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: config.env !== 'production',
    formatError: (formatted, error) => formatError(formatted, error, config),
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer,
        // The drain's hard cut is for a request stuck past its own limit, not a slow one: its
        // queries stop at GT_QUERY_TIMEOUT_MS and it then answers DATABASE_TIMEOUT. Apollo's 10 s
        // default equalled that limit, so on a loaded machine a request that had waited for the
        // database was cut before its answer; twice the limit leaves room for the wait.
        stopGracePeriodMillis: 2 * config.queryTimeoutMs,
      }),
      // Cache-Control is ours to set (persisted-documents.ts): Apollo's would say no-store to every
      // answer, and its hints cost a hook on every field resolved (a trace resolves thousands).
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(logger),
      ...(config.tracing ? [graphqlSpanPlugin()] : []),
      requestChecksPlugin(),
      graphqlOverHttpPlugin(),
      costLimitPlugin(costLimits, costBudget === undefined ? undefined : costCharge(costBudget)),
      ...(deps.plugins ?? []),
      ...(deps.responseCache ? [responseCachePlugin()] : []),
      // A production server shows no page at all: ours below is skipped, and Apollo's is off.
      ...(config.env === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_request, response) => {
    const state = deps.databaseState?.();
    if (state?.status === 'down') {
      // A restart of this process is what would bring the database back.
      response.status(503).json({ status: 'failing', database: 'down', reason: state.reason, uptimeSeconds: Math.round(process.uptime()) });
      return;
    }
    response.json({
      status: 'ok',
      uptimeSeconds: Math.round(process.uptime()),
      ...(deps.responseCache
        ? { responseCache: { ...deps.responseCache.cache.stats(), generationReads: deps.responseCache.generationReads?.() ?? null } }
        : {}),
    });
  });
  app.get('/metrics', metricsHandler(metrics, config.metricsToken));
  app.get('/readyz', async (_request, response) => {
    const state = deps.databaseState?.();
    if (state !== undefined && state.status !== 'up') {
      response.status(503).json({ status: 'unavailable', database: state.status, reason: state.reason, schema: 'ready' });
      return;
    }
    const database = await deps.isDatabaseReady();
    response.status(database ? 200 : 503).json({ status: database ? 'ready' : 'unavailable', database: database ? 'up' : 'down', schema: 'ready' });
  });
  app.use(explorerRouter());
  app.use(publicSchemaRouter(deps.schema));
  // GraphiQL's files, like its page below, only outside production.
  if (config.env !== 'production') app.use(ideRouter());
  if (deps.upload) app.use(uploadRouter(deps.upload));
  if (deps.database) app.use(datasetExportRouter(deps.database, logger));
  // Only /graphql does work worth rationing; probes and the explorer's files stay free.
  if (config.rateLimitPerMinute !== 0 || config.rateLimitCostPerMinute !== 0)
    app.use(['/graphql', '/packs'], identifyClients(credentialCheck(config.auth)), rememberClientKey(pseudonymKey));
  const limiter = rateLimiter(config.rateLimitPerMinute, logger);
  if (limiter) app.use(['/graphql', '/packs'], limiter);
  if (deps.database) app.use(packsRouter({ database: deps.database, credentials: credentialCheck(config.auth), costBudget, logger }));
  app.get('/graphql', (request, response, next) => {
    if (
      config.env !== 'production' &&
      request.accepts(['html', 'json']) === 'html' &&
      request.query.query === undefined &&
      request.query.documentId === undefined
    ) {
      response.type('html').set('Content-Security-Policy', IDE_CSP).send(idePage('/graphql'));
      return;
    }
    next();
  });
  app.use(
    '/graphql',
    express.json({ limit: config.maxBodyBytes }),
    persistedDocuments(deps.persistedDocuments ?? new Map()),
    nestingGuard(),
    // Before the document checks: a kept answer was made from a document that passed them.
    ...(deps.responseCache ? [responseCacheMiddleware(deps.responseCache.cache, deps.responseCache.generation, logger)] : []),
    documentGuard(deps.schema, { maxDepth: config.maxQueryDepth, cost: costLimits }),
    ...(config.tracing ? [graphqlSpans()] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const context = await deps.context(req);
        rememberClient(context, req);
        rememberTicket(context, res);
        rememberMediaType(context, req);
        return context;
      },
    }),
  );
  app.use('/graphql', bodyErrorHandler(config.maxBodyBytes, logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
  logger.info({ url }, 'GraphQL API listening');
  if (config.env !== 'production' && !isLoopbackHost(config.host)) {
    logger.warn(
      { host: config.host, env: config.env },
      `GT_ALLOW_PUBLIC_DEVELOPMENT: this ${config.env} server listens on ${config.host}, beyond loopback, with stack traces, introspection and its query page on; use NODE_ENV=production for anything public`,
    );
  }
  return {
    url,
    port,
    apollo,
    stop: async () => {
      await takeInArrivedRequests(httpServer);
      await apollo.stop();
    },
  };
}
