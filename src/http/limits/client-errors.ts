/**
 * Node's answers to requests it cannot read (headers too large, too slow, malformed), sent as
 * the same GraphQL-shaped JSON as every other refusal instead of Node's empty bodies.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode, errorAnswer } from '../../errors.js';

/** The raw HTTP/1.1 answer for an error Node's parser raised, or undefined to just close. */
export function clientErrorResponse(error: NodeJS.ErrnoException, timeouts: { requestTimeoutMs: number; headersTimeoutMs: number }): string {
  const answer =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? errorAnswer(ErrorCode.REQUEST_HEADERS_TOO_LARGE, `The request headers are larger than the limit of ${http.maxHeaderSize} bytes.`, {
          limitBytes: http.maxHeaderSize,
        })
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? errorAnswer(
            ErrorCode.REQUEST_TIMEOUT,
            `The request was not received within ${timeouts.requestTimeoutMs} ms (headers within ${timeouts.headersTimeoutMs} ms).`,
            {
              timeoutMs: timeouts.requestTimeoutMs,
            },
          )
        : errorAnswer(ErrorCode.BAD_REQUEST, 'The request is not valid HTTP.');
  const body = JSON.stringify(answer.body);
  return [
    `HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Replaces Node's default 'clientError' answer; like it, says nothing once a response has begun. */
export function answerClientErrors(server: http.Server, timeouts: { requestTimeoutMs: number; headersTimeoutMs: number }): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset or a closed socket has no one to answer; an idle keep-alive timing out is not an error to report.
    const started = (socket as Duplex & { _httpMessage?: { _headerSent?: boolean } })._httpMessage?._headerSent === true;
    if (!socket.writable || started || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(error, timeouts));
  });
}
