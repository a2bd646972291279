/**
 * What keeps one client from starving the others when the API is on the internet: a query depth
 * and cost budget checked before anything runs, a per-client request rate, and JSON answers for
 * bodies that are too large or not JSON (Express would otherwise send an HTML error page).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import {
  GraphQLError,
  Kind,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLOutputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { ErrorCode, errorAnswer, requestError } from '../errors.js';
import type { Logger } from '../logger.js';

/** A type's `@limit`: the page a list gets without `limit`/`first`, and the most it ever returns. */
export interface PageLimit {
  readonly default: number;
  readonly max: number;
}

/** `@limit` of every type and interface that declares one, by type name. */
export type PageLimits = ReadonlyMap<string, PageLimit>;

/**
 * A type without `@limit` returns every node a filter matches; nothing bounds that, so we count
 * it as a large page rather than pretend it is small.
 */
const UNLIMITED_PAGE = 1000;

/**
 * Reads `@limit(default, max)` from the SDL. @neo4j/graphql strips its directives from the
 * executable schema, so the source is the only place the page sizes are still written down.
 */
export function pageLimitsOf(typeDefs: string): PageLimits {
  const limits = new Map<string, PageLimit>();
  for (const definition of parse(typeDefs, { noLocation: true }).definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const directive = definition.directives?.find((d) => d.name.value === 'limit');
    if (!directive) continue;
    const argument = (name: string): number | undefined => {
      const value = directive.arguments?.find((a) => a.name.value === name)?.value;
      return value?.kind === Kind.INT ? Number(value.value) : undefined;
    };
    const max = argument('max');
    // @neo4j/graphql pages by `max` when no `default` is given.
    const pageDefault = argument('default') ?? max ?? UNLIMITED_PAGE;
    limits.set(definition.name.value, { default: pageDefault, max: max ?? UNLIMITED_PAGE });
  }
  return limits;
}

/**
 * The hand-written operations (schema/operations.graphql) each run one fixed Cypher walk whose
 * size does not depend on the fields asked for: the resolver builds the whole answer, and the
 * selection only trims what is sent. So each costs a fixed amount, set against the generated
 * queries' unit of one node read (a trace or impact walks a few hundred relationships on the
 * Lancashire graph, coverage and alignment read one agreement's neighbourhood, path is one
 * bounded shortest-path search), plus one per field sent. Search reads one full-text index and
 * its cost grows with the hits asked for.
 */
export const OPERATION_COSTS: Readonly<Record<string, (args: Record<string, unknown>, childComplexity: number) => number>> = {
  'Query.trace': (_args, child) => 100 + child,
  // Impact walks the whole dependency set once, then builds one chain per dependent on the page.
  'Query.impact': (args, child) => 100 + Math.min(typeof args.first === 'number' ? Math.max(args.first, 0) : 50, 500) + child,
  'Query.coverage': (_args, child) => 100 + child,
  'Query.alignment': (_args, child) => 100 + child,
  'Query.path': (_args, child) => 50 + child,
  // The resolver answers 20 hits by default and never more than 100.
  'Query.search': (args, child) => 10 + Math.min(typeof args.first === 'number' ? Math.max(args.first, 0) : 20, 100) * child,
};

/** The type whose nodes a paged field returns: `[Activity!]!`, or the `node` of a connection's edges. */
function pagedType(type: GraphQLOutputType): string | undefined {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return getNamedType(inner).name;
  const named = getNamedType(inner);
  if (!isObjectType(named)) return undefined;
  const edges = named.getFields().edges;
  if (!edges) return undefined;
  const edge = getNamedType(edges.type);
  if (!isObjectType(edge) && !isInterfaceType(edge)) return undefined;
  const node = edge.getFields().node;
  return node ? getNamedType(node.type).name : undefined;
}

/**
 * How many nodes a field marked by @neo4j/graphql's complexity estimators can return. Their own
 * estimator counts a list without `limit`/`first` as one node, but @limit(default: 50) makes it
 * return up to 50, so we count the page @limit really gives, and never more than its max.
 */
function pageSize(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, limits: PageLimits): number {
  const typeName = pagedType(field.type);
  const limit = (typeName === undefined ? undefined : limits.get(typeName)) ?? { default: UNLIMITED_PAGE, max: UNLIMITED_PAGE };
  const asked = typeof args.limit === 'number' ? args.limit : typeof args.first === 'number' ? args.first : undefined;
  return asked === undefined ? limit.default : Math.min(Math.max(asked, 0), limit.max);
}

/** Fixed costs for our operations, then @limit-aware page costs for generated fields, else one per field. */
export function costEstimators(limits: PageLimits): ComplexityEstimator[] {
  const operations: ComplexityEstimator = ({ type, field, args, childComplexity }: ComplexityEstimatorArgs) =>
    OPERATION_COSTS[`${type.name}.${field.name}`]?.(args, childComplexity);
  const pages: ComplexityEstimator = ({ field, args, childComplexity }: ComplexityEstimatorArgs) => {
    // `features.complexityEstimators` marks exactly the fields that read the database page by page.
    if (field.extensions?.complexity === undefined) return undefined;
    return childComplexity * pageSize(field, args, limits) + 1;
  };
  return [operations, pages, simpleEstimator({ defaultComplexity: 1 })];
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * How many fields deep the operation nests, counting the root field as 1: `{ activities { id } }`
 * is 2. Introspection fields are left out: their depth is bounded by the schema, and the standard
 * introspection query nests `ofType` further than any real query needs.
 */
export function queryDepth(operation: OperationDefinitionNode, document: DocumentNode): number {
  const fragments = fragmentsOf(document);
  const depthOf = (selectionSet: SelectionSetNode, inFragments: ReadonlySet<string>): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, inFragments) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, inFragments));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Validation has already refused cycles; the guard only keeps this function total.
        if (!fragment || inFragments.has(name)) continue;
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...inFragments, name])));
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
}

export interface QueryLimits {
  readonly maxCost: number;
  readonly maxDepth: number;
  readonly pageLimits: PageLimits;
}

/**
 * More field nodes than this (fragments expanded) is refused before its cost is even summed: a
 * few nested fragment spreads can otherwise expand to millions of nodes to walk.
 */
const MAX_QUERY_NODES = 10_000;

const rejection = (code: ErrorCode, message: string, extensions: Record<string, unknown>) => requestError(code, message, extensions);

/**
 * Checks depth, then estimated cost, once the operation is known and before it runs; reports the
 * cost of an accepted query in the response's `extensions.cost` so clients can see their budget.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<BaseContext> {
  const estimators = costEstimators(limits.pageLimits);
  return {
    async requestDidStart() {
      let accepted: number | undefined;
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          // Apollo has refused a document without a runnable operation before this hook.
          if (!operation) return;
          const depth = queryDepth(operation, document);
          if (depth > limits.maxDepth) {
            throw rejection(ErrorCode.QUERY_TOO_DEEP, `The query nests ${depth} fields deep; the limit is ${limits.maxDepth}. Ask for fewer levels and follow up with a query by id.`, {
              depth,
              limit: limits.maxDepth,
            });
          }
          // Only the operation that will run, so another operation in the same document costs nothing.
          const query: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsOf(document).values()] };
          let cost: number;
          try {
            cost = getComplexity({ schema, query, estimators, variables: request.variables ?? {}, maxQueryNodes: MAX_QUERY_NODES });
          } catch (error) {
            if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
              throw rejection(ErrorCode.QUERY_TOO_COMPLEX, `The query has more than ${MAX_QUERY_NODES} fields once its fragments are expanded; the cost limit is ${limits.maxCost}.`, {
                cost: null,
                limit: limits.maxCost,
              });
            }
            // Bad variables: execution refuses them with its own, clearer, error.
            return;
          }
          if (cost > limits.maxCost) {
            throw rejection(
              ErrorCode.QUERY_TOO_COMPLEX,
              `The query could read about ${cost} nodes; the limit is ${limits.maxCost}. Ask for smaller pages (limit, first) or fewer nested lists.`,
              { cost, limit: limits.maxCost },
            );
          }
          accepted = cost;
        },
        async willSendResponse({ response }) {
          if (accepted === undefined || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { estimated: accepted, limit: limits.maxCost } };
        },
      };
    },
  };
}

/**
 * Who a request counts against: the `x-api-key` header when sent (so clients behind one NAT or
 * proxy can be told apart), else the client's address. The key is an identity for counting only,
 * not a credential: it is never checked.
 */
function clientKey(request: Request): string {
  const key = request.get('x-api-key')?.trim();
  if (key) return `key:${key}`;
  // Groups an IPv6 client's /56, which one client can otherwise rotate through at will.
  return `ip:${ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? 'unknown')}`;
}

/** At most `perMinute` requests per client per minute; `undefined` when the limit is off (0). */
export function rateLimiter(perMinute: number, logger: Logger): RequestHandler | undefined {
  if (perMinute === 0) return undefined;
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: clientKey,
    logger: { error: (error: unknown, message?: string) => logger.error({ err: error }, message ?? 'rate limiter error'), warn: (error: unknown, message?: string) => logger.warn({ err: error }, message ?? 'rate limiter warning') },
    handler: (request, response) => {
      const resetTime = (request as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfterSeconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 60;
      const answer = errorAnswer(ErrorCode.RATE_LIMITED, `Too many requests: the limit is ${perMinute} a minute per client; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
      response.status(answer.status).json(answer.body);
    },
  });
}

/** What body-parser attaches to the errors it raises. */
interface BodyParserError {
  readonly type?: unknown;
  readonly status?: unknown;
}

/**
 * Answers every error raised before GraphQL on /graphql as GraphQL-shaped JSON: a body over the
 * limit is 413, one that is not JSON (or not in a charset or encoding we read) is 400 or 415;
 * anything else is a 500 whose details stay in the log.
 */
export function bodyErrorHandler(limitBytes: number, logger: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const { type, status } = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
    if (type === 'entity.too.large' || status === 413) {
      const answer = errorAnswer(ErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than the limit of ${limitBytes} bytes.`, { limitBytes });
      response.status(answer.status).json(answer.body);
      return;
    }
    // A body that does not decompress reaches here as zlib's own error: status 400, no type.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message =
        type === 'entity.parse.failed' ? 'The request body is not valid JSON.' : type === undefined ? 'The request body cannot be read: it does not decode as its Content-Encoding says.' : `The request body cannot be read (${type}).`;
      // body-parser's own 4xx is the more precise one (415 for a charset or encoding we do not read).
      response.status(status).json(errorAnswer(ErrorCode.BAD_REQUEST, message).body);
      return;
    }
    logger.error({ err: error }, 'request failed before GraphQL');
    const answer = errorAnswer(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    response.status(answer.status).json(answer.body);
  };
}
