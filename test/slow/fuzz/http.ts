/**
 * A bare HTTP client for the fuzz cases. fetch() cannot send a lying or missing content-type as
 * freely, nor a chunked body without a length, and gives up on a body the server stops reading
 * (a 413); node:http lets each case say exactly what goes on the wire.
 */
import http from 'node:http';
import { Readable } from 'node:stream';

export interface HttpRequest {
  readonly method: string;
  /** Appended to the endpoint, e.g. `?query=…`. */
  readonly search?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Send the body with chunked transfer encoding and no content-length. */
  readonly chunked?: boolean;
}

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export function send(url: string, request: HttpRequest, timeoutMs = 30_000): Promise<HttpAnswer> {
  const target = new URL(url + (request.search ?? ''));
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const headers: Record<string, string> = { ...request.headers };
  if (body !== undefined && !request.chunked) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: request.method, headers, timeout: timeoutMs },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // A server that answers 413 before reading the whole body may close the socket under the
    // rest of it; the answer already received is what counts.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (body === undefined) req.end();
    else if (request.chunked) Readable.from([body.subarray(0, body.length >> 1), body.subarray(body.length >> 1)]).pipe(req);
    else req.end(body);
  });
}
