/** JSON answers for bodies that are too large or not JSON (Express would otherwise send an HTML error page). */
import type { ErrorRequestHandler } from 'express';
import { ErrorCode, errorAnswer } from '../../errors.js';
import type { Logger } from '../../logger.js';

/** What body-parser attaches to the errors it raises. */
interface BodyParserError {
  readonly type?: unknown;
  readonly status?: unknown;
}

/** The answer for an error raised before GraphQL, or undefined for one that is the server's fault. */
export function bodyErrorAnswer(error: unknown, limitBytes: number): { status: number; body: unknown } | undefined {
  const { type, status } = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
  if (type === 'entity.too.large' || status === 413) {
    return errorAnswer(ErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than the limit of ${limitBytes} bytes.`, { limitBytes });
  }
  // A body that does not decompress reaches here as zlib's own error: status 400, no type.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message =
      type === 'entity.parse.failed'
        ? 'The request body is not valid JSON.'
        : type === undefined
          ? 'The request body cannot be read: it does not decode as its Content-Encoding says.'
          : `The request body cannot be read (${String(type)}).`;
    // body-parser's own 4xx is the more precise one (415 for a charset or encoding we do not read).
    return { status, body: errorAnswer(ErrorCode.BAD_REQUEST, message).body };
  }
  return undefined;
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
    let answer = bodyErrorAnswer(error, limitBytes);
    if (answer === undefined) {
      logger.error({ err: error }, 'request failed before GraphQL');
      answer = errorAnswer(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    }
    response.status(answer.status).json(answer.body);
  };
}
