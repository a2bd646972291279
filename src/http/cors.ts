import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * The request headers a partner's page may send: JSON bodies, a bearer token, Apollo's CSRF
 * header (a GET or a simple POST needs it), a revalidation of a kept answer, and a request id.
 */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'accept',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'if-none-match',
  'cache-control',
  'x-request-id',
] as const;

/**
 * The response headers a page may read beyond the few browsers always show: the persisted
 * documents' ETag, whether the answer was kept (X-Cache), the request id, when to retry after a
 * 429, and an export's file name.
 */
export const CORS_EXPOSED_HEADERS = ['ETag', 'X-Cache', 'X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'Content-Disposition'] as const;

/**
 * Lets pages from the listed origins call the API from a browser; none when the list is empty.
 * A listed origin's preflight is answered 204 here, before the rate limit and the GraphQL
 * checks; an unlisted origin gets no CORS header at all, so its browser keeps the answer from it.
 * Every answer says `Vary: Origin`, as the same URL answers differently by origin and the
 * persisted-document GETs may be kept by shared caches. Credentials are allowed because nothing
 * here rides on ambient credentials: the API sets no cookies, and a token is sent explicitly.
 */
export function corsMiddleware(origins: readonly string[]): RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  const listed = new Set(origins);
  const allow = cors({
    origin: [...listed],
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    credentials: true,
    // Browsers cap it (Chromium at 2 h); ten minutes spares most preflights.
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (request, response, next) => {
    response.vary('Origin');
    const origin = request.headers.origin;
    if (origin !== undefined && listed.has(origin)) allow(request, response, next);
    else next();
  };
}
