import { GraphQLError } from 'graphql';

/**
 * The error codes a client can act on. Apollo's own codes come first; ours follow.
 * Anything thrown without one of these is masked as INTERNAL_SERVER_ERROR by the server.
 * @see https://www.apollographql.com/docs/apollo-server/data/errors
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  DATABASE_TIMEOUT: 'DATABASE_TIMEOUT',
  CONFIG_INVALID: 'CONFIG_INVALID',
  SEED_INVALID: 'SEED_INVALID',
  ALREADY_RUNNING: 'ALREADY_RUNNING',
  PREREQUISITE_MISSING: 'PREREQUISITE_MISSING',
  /** The query's estimated cost is above the limit; `extensions.cost` and `extensions.limit` say by how much. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The query nests deeper than the limit; `extensions.depth` and `extensions.limit`. */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** Too many requests from this client; `extensions.retryAfterSeconds` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The request body is larger than the limit; `extensions.limitBytes`. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The request's headers are larger than Node's limit (16 kB); `extensions.limitBytes`. */
  REQUEST_HEADERS_TOO_LARGE: 'REQUEST_HEADERS_TOO_LARGE',
  /** The client did not send its headers or whole request in time; `extensions.timeoutMs`. */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** `documentId` names no persisted document (web/persisted-documents.json), or came with a `query` too. */
  PERSISTED_DOCUMENT_NOT_FOUND: 'PERSISTED_DOCUMENT_NOT_FOUND',
  /** A confirmed upload's plan no longer matches what the upload would do: the graph changed since its dry run; `extensions.plan` is the new one. */
  PLAN_STALE: 'PLAN_STALE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The HTTP status of a request refused as a whole with each code. A response has one status but
 * may carry several field errors next to data, so only a refusal of the whole request (before
 * execution: credentials, limits, request checks, bodies) sets it; an executed request answers
 * 200 whatever its field errors, as GraphQL over HTTP asks of application/json responses.
 * The codes that never reach a client (configuration, seed, start-up) are 500 for completeness.
 */
export const HTTP_STATUS = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  INTERNAL_SERVER_ERROR: 500,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  DATABASE_UNAVAILABLE: 503,
  DATABASE_TIMEOUT: 504,
  CONFIG_INVALID: 500,
  SEED_INVALID: 500,
  ALREADY_RUNNING: 500,
  PREREQUISITE_MISSING: 500,
  QUERY_TOO_COMPLEX: 400,
  QUERY_TOO_DEEP: 400,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  PERSISTED_DOCUMENT_NOT_FOUND: 400,
  PLAN_STALE: 409,
} as const satisfies Record<ErrorCode, number>;

/** What a client may read beside the code: numbers and names that say how to fix the request. */
export type ErrorExtensions = Readonly<Record<string, unknown>>;

/**
 * A field error the client sees with its code; the answer stays 200 and other fields are still
 * answered. For the schema layer's resolvers and wrappers; lower layers throw GoldenThreadError,
 * which src/http/format-error.ts gives the same shape.
 */
export function userError(code: ErrorCode, message: string, extensions: ErrorExtensions = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/**
 * Refuses the whole request before anything runs, with the table's HTTP status. Apollo reads
 * `extensions.http` before formatError and takes it out of the answer, so the status never
 * reaches the client's JSON.
 */
export function requestError(code: ErrorCode, message: string, extensions: ErrorExtensions = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http: { status: HTTP_STATUS[code] } } });
}

/** The GraphQL-shaped JSON body and status for a refusal sent before GraphQL is reached (Express). */
export function errorAnswer(
  code: ErrorCode,
  message: string,
  extensions: ErrorExtensions = {},
): { status: number; body: { errors: [{ message: string; extensions: Record<string, unknown> }] } } {
  return { status: HTTP_STATUS[code], body: { errors: [{ message, extensions: { ...extensions, code } }] } };
}

/**
 * An error whose message is one sentence a person can act on, and whose code a program can. Thrown
 * by every layer that knows nothing of GraphQL (config, database, seed, operations); when one
 * escapes a resolver, src/http/format-error.ts answers with its code and message.
 */
export class GoldenThreadError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: readonly string[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GoldenThreadError';
    this.code = code;
    this.details = options?.details ?? [];
  }
}

export function isGoldenThreadError(error: unknown): error is GoldenThreadError {
  return error instanceof GoldenThreadError;
}
