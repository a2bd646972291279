import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import type { Config } from '../config.js';
import { describeDriverError } from '../database/driver.js';
import { ErrorCode, GoldenThreadError, HTTP_STATUS } from '../errors.js';
import { libraryRefusal } from '../schema/neo4j-graphql/refusals.js';

/**
 * The last word on every error a client sees, and the only place errors are translated: a
 * GoldenThreadError from any layer keeps its code and sentence, the library's and the driver's
 * errors get one of our codes where we can tell what they are, and unknown ones lose their details
 * in production. Resolvers need not wrap anything: graphql-js keeps what they threw as
 * `originalError`. The HTTP status is not set here: Apollo has read `extensions.http` before this
 * runs (see requestError in src/errors.ts).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, config: Config): GraphQLFormattedError {
  const translated = ownError(formatted, error) ?? authorizationError(formatted, error) ?? formatted;
  const database = databaseError(translated, error);
  if (database) return database;
  const code = translated.extensions?.code;
  if (code === ErrorCode.INTERNAL_SERVER_ERROR && config.env === 'production') {
    return { message: 'Internal server error', extensions: { code } };
  }
  return translated;
}

/** What the original error was, inside GraphQL's wrapping (originalError) and any causes. */
function findCause<T>(error: unknown, is: (candidate: Error) => candidate is T & Error): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (is(current)) return current;
    // Duck-typed: under vitest, graphql can be loaded twice (its .mjs and .js builds).
    current = 'originalError' in current && current.originalError ? current.originalError : current.cause;
  }
  return undefined;
}

/**
 * A GoldenThreadError thrown by a lower layer: its code and message are meant for the client,
 * except the codes that are the server's own fault (a 500 in the table), whose wording may name
 * addresses and stays in our logs.
 */
function ownError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const own = findCause(error, (candidate): candidate is GoldenThreadError => candidate instanceof GoldenThreadError);
  if (own === undefined) return undefined;
  const code = HTTP_STATUS[own.code] === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : own.code;
  return { ...formatted, message: code === own.code ? own.message : formatted.message, extensions: { ...formatted.extensions, code } };
}

/**
 * @neo4j/graphql refuses with bare "Unauthenticated" / "Forbidden" errors and no code, and a
 * duplicate id surfaces as a constraint failure; give each our code and a sentence to act on.
 */
function authorizationError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const original = unwrapResolverError(error);
  if (!(original instanceof Error)) return undefined;
  const refusal = libraryRefusal(original);
  const base = { ...(formatted.path ? { path: formatted.path } : {}), ...(formatted.locations ? { locations: formatted.locations } : {}) };
  if (refusal?.kind === 'FORBIDDEN') {
    return {
      ...base,
      message: "Your token does not allow this change: an editor may change only entities whose partnership is the token's, and may not move them to another.",
      extensions: { code: ErrorCode.FORBIDDEN },
    };
  }
  if (refusal?.kind === 'UNAUTHENTICATED') {
    return {
      ...base,
      message: 'This change needs a bearer token (Authorization: Bearer <JWT>) with the role editor or admin.',
      extensions: { code: ErrorCode.UNAUTHENTICATED },
    };
  }
  if (refusal?.kind === 'DUPLICATE_ID') {
    const { id } = refusal;
    return {
      ...base,
      message: id
        ? `An entity with id "${id}" already exists; ids are unique across the graph.`
        : 'An entity with that id already exists; ids are unique across the graph.',
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    };
  }
  return undefined;
}

/** What a client is told; the server's address and the driver's wording stay in our logs. */
const DATABASE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.DATABASE_UNAVAILABLE]: 'The database cannot be reached right now; try again shortly (GET /readyz answers 200 once it is back).',
  [ErrorCode.DATABASE_TIMEOUT]: 'The database query took too long and was stopped; narrow the question and try again.',
};

/**
 * A database outage reaches here two ways: our operations already carry DATABASE_UNAVAILABLE
 * or DATABASE_TIMEOUT (src/database/driver.ts), while @neo4j/graphql's generated resolvers let
 * the driver's own error through, which Apollo would report as INTERNAL_SERVER_ERROR. Both
 * leave with the same code and the same sentence, so clients can retry on the code.
 */
function databaseError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  let code = formatted.extensions?.code;
  if (code !== ErrorCode.DATABASE_UNAVAILABLE && code !== ErrorCode.DATABASE_TIMEOUT) {
    const driverError = findDriverError(error);
    // The address is only used in the message, which is replaced below.
    code = driverError === undefined ? undefined : describeDriverError(driverError, { uri: 'Neo4j' }).code;
  }
  const message = typeof code === 'string' ? DATABASE_MESSAGES[code as ErrorCode] : undefined;
  if (message === undefined) return undefined;
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    // Outside production this keeps Apollo's stack trace, which names the real cause.
    extensions: { ...formatted.extensions, code },
  };
}

function findDriverError(error: unknown): Neo4jError | undefined {
  return findCause(error, (candidate): candidate is Neo4jError => candidate instanceof Neo4jError);
}
