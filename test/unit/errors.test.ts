import { GraphQLError, locatedError, type GraphQLFormattedError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ErrorCode, errorAnswer, GoldenThreadError, HTTP_STATUS, requestError, userError } from '../../src/errors.js';
import { formatError } from '../../src/http/format-error.js';

const development = loadConfig({ NODE_ENV: 'development' });
const production = loadConfig({ NODE_ENV: 'production' });

/** What Apollo hands formatError for an error a resolver threw: graphql-js's wrapping, then toJSON. */
function fromResolver(thrown: Error): { formatted: GraphQLFormattedError; error: GraphQLError } {
  const error = locatedError(thrown, undefined, ['trace']);
  return { formatted: { ...error.toJSON(), extensions: { ...error.extensions, code: error.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR } }, error };
}

describe('the error table', () => {
  it('gives every code an HTTP status', () => {
    for (const code of Object.values(ErrorCode)) expect(HTTP_STATUS[code], code).toBeGreaterThanOrEqual(400);
  });

  it('puts the status only on refusals of the whole request', () => {
    expect(userError(ErrorCode.NOT_FOUND, 'gone').extensions).toEqual({ code: 'NOT_FOUND' });
    expect(requestError(ErrorCode.QUERY_TOO_DEEP, 'deep', { depth: 12 }).extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 12, http: { status: 400 } });
    expect(requestError(ErrorCode.UNAUTHENTICATED, 'who?').extensions.http).toEqual({ status: 401 });
    expect(errorAnswer(ErrorCode.RATE_LIMITED, 'slow down', { retryAfterSeconds: 3 })).toEqual({
      status: 429,
      body: { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 3 } }] },
    });
  });

  it('lets extensions not override the code', () => {
    expect(userError(ErrorCode.FORBIDDEN, 'no', { code: 'OK' }).extensions.code).toBe('FORBIDDEN');
  });
});

describe('formatError, the only translator', () => {
  it('answers a GoldenThreadError from a resolver with its code and sentence, unwrapped', () => {
    for (const config of [development, production]) {
      const { formatted, error } = fromResolver(new GoldenThreadError(ErrorCode.NOT_FOUND, 'No activity has the id "x".'));
      const answer = formatError(formatted, error, config);
      expect(answer.extensions?.code).toBe('NOT_FOUND');
      expect(answer.message).toBe('No activity has the id "x".');
      expect(answer.path).toEqual(['trace']);
    }
  });

  it('keeps BAD_USER_INPUT from a lower layer', () => {
    const { formatted, error } = fromResolver(new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'first must be a whole number of at least 1.'));
    expect(formatError(formatted, error, production).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("masks a GoldenThreadError that is the server's own fault in production", () => {
    const { formatted, error } = fromResolver(new GoldenThreadError(ErrorCode.CONFIG_INVALID, 'Neo4j at bolt://10.0.0.1 rejected the password.'));
    expect(formatError(formatted, error, production)).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(formatError(formatted, error, development).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it("gives the driver's outage our code and sentence, without the address", () => {
    const driver = new Neo4jError('Could not connect to bolt://127.0.0.1:7687', 'ServiceUnavailable', 'N/A', 'N/A');
    const wrapped = new GoldenThreadError(ErrorCode.DATABASE_UNAVAILABLE, 'Neo4j at bolt://127.0.0.1:7687 cannot be reached.', { cause: driver });
    for (const thrown of [driver, wrapped]) {
      const { formatted, error } = fromResolver(thrown);
      const answer = formatError(formatted, error, production);
      expect(answer.extensions?.code).toBe('DATABASE_UNAVAILABLE');
      expect(answer.message).not.toMatch(/bolt:|127\.0\.0\.1/);
    }
  });

  it('masks an unknown error in production', () => {
    const { formatted, error } = fromResolver(new TypeError('cannot read properties of undefined'));
    expect(formatError(formatted, error, production)).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
