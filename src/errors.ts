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
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error whose message is one sentence a person can act on, and whose code a program can. */
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
