import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import type { Config } from '../config.js';
import { describeDriverError } from '../database/driver.js';
import { ErrorCode } from '../errors.js';

/**
 * The last word on every error a client sees: errors that reach here without one of our codes
 * get one where we can tell what they are, and unknown ones lose their details in production.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, config: Config): GraphQLFormattedError {
  const authorization = authorizationError(formatted, error);
  if (authorization) return authorization;
  const database = databaseError(formatted, error);
  if (database) return database;
  const code = formatted.extensions?.code;
  if (code === ErrorCode.INTERNAL_SERVER_ERROR && config.env === 'production') {
    return { message: 'Internal server error', extensions: { code } };
  }
  void error;
  return formatted;
}

/**
 * @neo4j/graphql refuses with bare "Unauthenticated" / "Forbidden" errors and no code, and a
 * duplicate id surfaces as a constraint failure; give each our code and a sentence to act on.
 */
function authorizationError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const original = unwrapResolverError(error);
  if (!(original instanceof Error)) return undefined;
  const base = { ...(formatted.path ? { path: formatted.path } : {}), ...(formatted.locations ? { locations: formatted.locations } : {}) };
  if (original.name === 'Neo4jGraphQLForbiddenError' || (original.name === 'Neo4jGraphQLError' && original.message === 'Forbidden')) {
    return { ...base, message: "Your token does not allow this change: an editor may change only entities whose partnership is the token's, and may not move them to another.", extensions: { code: ErrorCode.FORBIDDEN } };
  }
  if (original.name === 'Neo4jGraphQLAuthenticationError' || (original.name === 'Neo4jGraphQLError' && original.message === 'Unauthenticated')) {
    return { ...base, message: 'This change needs a bearer token (Authorization: Bearer <JWT>) with the role editor or admin.', extensions: { code: ErrorCode.UNAUTHENTICATED } };
  }
  if (original.name === 'Neo4jGraphQLConstraintValidationError' || ('code' in original && original.code === 'Neo.ClientError.Schema.ConstraintValidationFailed')) {
    const id = /property `id` = '([^']*)'/.exec(original.message)?.[1];
    return { ...base, message: id ? `An entity with id "${id}" already exists; ids are unique across the graph.` : 'An entity with that id already exists; ids are unique across the graph.', extensions: { code: ErrorCode.BAD_USER_INPUT } };
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

/** The driver's error inside GraphQL's wrapping (originalError) and any causes. */
function findDriverError(error: unknown): Neo4jError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (current instanceof Neo4jError) return current;
    // Duck-typed: under vitest, graphql can be loaded twice (its .mjs and .js builds).
    current = 'originalError' in current && current.originalError ? current.originalError : current.cause;
  }
  return undefined;
}
