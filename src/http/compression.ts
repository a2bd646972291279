/**
 * Compressed answers for clients that ask (`Accept-Encoding`; browsers, fetch, curl --compressed
 * and most HTTP libraries do): a trace's 22 kB of JSON is 1.6 kB gzipped. The `compression`
 * library negotiates and streams; an answer replayed from memory (X-Cache: HIT) is left alone,
 * since the response cache keeps it compressed once and replays those bytes.
 */
import zlib from 'node:zlib';
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Below this, compressing costs more than it saves (the library's own default). */
export const COMPRESS_MIN_BYTES = 1024;

/** gzip at the level the library uses by default, for answers kept and replayed. */
export function gzipped(body: Buffer): Buffer {
  return zlib.gzipSync(body, { level: zlib.constants.Z_DEFAULT_COMPRESSION });
}

/** Whether a request's `Accept-Encoding` takes gzip over the body as it is. */
export function acceptsGzip(request: Request): boolean {
  return request.acceptsEncodings('gzip', 'identity') === 'gzip';
}

export function compressAnswers(): RequestHandler {
  return compression({
    threshold: COMPRESS_MIN_BYTES,
    // Brotli's default quality (11) is for files compressed once: per answer it costs more than
    // the query. Quality 4 still beats gzip's size at gzip's speed.
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    filter: (request: Request, response: Response) => response.getHeader('x-cache') !== 'HIT' && compression.filter(request, response),
  });
}
