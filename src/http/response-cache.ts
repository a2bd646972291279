/**
 * Answers to repeated reads, kept in memory until the graph changes. The graph changes only
 * through this service's mutations and imports, and each raises the generation in the database
 * in the same transaction (src/database/generation.ts); an answer is kept under its request and
 * the generation it was made at, so once any process writes, every process stops serving what it
 * kept. Only anonymous queries are kept: a signed-in caller's answer may show what others may not
 * see. `Cache-Control: no-cache` on a request skips the cache: the answer is made afresh and not
 * kept, so no generation is read for it.
 */
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import { stripIgnoredCharacters } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.js';
import { acceptsGzip, COMPRESS_MIN_BYTES, gzipped } from './compression.js';
import { currentGraphQLOutcome, noteGraphQLOutcome } from './request-log.js';

/** What a response says about the cache, in the `X-Cache` header. */
export type CacheOutcome = 'HIT' | 'MISS' | 'BYPASS';

interface Entry {
  /** The answer as sent, encoded once, not on every hit. */
  readonly body: Buffer;
  /** The same answer gzipped once, for the many clients that accept it; absent for small answers, sent as they are. */
  readonly gzip?: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  /** The ETag Express gave the answer, replayed so a hit need not hash the body again. */
  readonly etag?: string;
  /** The operation Apollo resolved for it (named in the document or the request), for the hit's log line and metrics. */
  readonly operation?: string | null;
}

export interface ResponseCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly generation: number | null;
  readonly hits: number;
  readonly misses: number;
  readonly bypasses: number;
}

/** The response headers an answer is kept with and replayed with. */
const KEPT_HEADERS = ['content-type', 'cache-control', 'vary'] as const;

/**
 * A top-level `mutation` or `subscription` in a document with ignored characters stripped: every
 * definition then starts the document or follows the `}` that closes the one before. A match
 * inside a string only makes a query uncached, never a mutation kept.
 */
const WRITE_OPERATION = /(?:^|\})(?:mutation|subscription)(?![A-Za-z0-9_])/;

/**
 * Carried on the request context so the plugin can tell the middleware an answer may be kept. A
 * property rather than a WeakMap on the context: Apollo hands plugins a copy of the context
 * (Object.assign), which keeps own enumerable symbol properties.
 */
const TICKET = Symbol('response-cache ticket');
const tickets = new WeakMap<Response, Ticket>();
interface Ticket {
  keepable: boolean;
}

function sizeOf(entry: Entry): number {
  return entry.body.length + (entry.gzip?.length ?? 0);
}

/** What is kept of an answer: its bytes, and gzipped when it is worth it. */
export function keptBody(body: string): Pick<Entry, 'body' | 'gzip'> {
  const bytes = Buffer.from(body);
  return bytes.length >= COMPRESS_MIN_BYTES ? { body: bytes, gzip: gzipped(bytes) } : { body: bytes };
}

export class ResponseCache {
  private readonly entries: LRUCache<string, Entry>;
  private generation: number | null = null;
  private hits = 0;
  private misses = 0;
  private bypasses = 0;

  constructor(readonly maxBytes: number) {
    this.entries = new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: (entry, key) => Math.max(1, sizeOf(entry) + key.length) });
  }

  /** Everything kept was made at an older generation once a newer one is seen: free it now. */
  observe(generation: number): void {
    if (this.generation !== null && generation > this.generation) this.entries.clear();
    if (this.generation === null || generation > this.generation) this.generation = generation;
  }

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) this.misses++;
    else this.hits++;
    return entry;
  }

  set(key: string, generation: number, entry: Entry): void {
    // An answer made while a newer generation was already seen would be kept under an old key no
    // request asks for again; skip it rather than let it take room.
    if (this.generation !== null && generation < this.generation) return;
    if (sizeOf(entry) + key.length > this.maxBytes) return;
    this.entries.set(key, entry);
  }

  bypassed(): void {
    this.bypasses++;
  }

  stats(): ResponseCacheStats {
    return {
      entries: this.entries.size,
      bytes: this.entries.calculatedSize,
      maxBytes: this.maxBytes,
      generation: this.generation,
      hits: this.hits,
      misses: this.misses,
      bypasses: this.bypasses,
    };
  }
}

/** The query, operation name and variables a GET or POST carries, or undefined when not a keepable query. */
function requestedQuery(request: Request): { query: string; operationName: unknown; variables: unknown } | undefined {
  if (request.method === 'POST') {
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const { query, operationName, variables, extensions } = body as Record<string, unknown>;
    if (typeof query !== 'string' || extensions !== undefined) return undefined;
    return { query, operationName, variables };
  }
  if (request.method === 'GET') {
    const { query, operationName, variables, extensions } = request.query;
    if (typeof query !== 'string' || extensions !== undefined) return undefined;
    if (variables !== undefined && typeof variables !== 'string') return undefined;
    try {
      return { query, operationName, variables: variables === undefined ? undefined : (JSON.parse(variables) as unknown) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Documents as the key holds them (ignored characters stripped), by their text as sent, or null
 * for one that is not a keepable query. Clients repeat the same few texts, so a hit lexes nothing;
 * bounded by the characters it holds, and a document larger than a twentieth of that is not kept.
 */
const NORMALISED_MAX_CHARS = 4 * 1024 * 1024;
const normalised = new LRUCache<string, string | false>({
  maxSize: NORMALISED_MAX_CHARS,
  sizeCalculation: (value, key) => key.length + (value || '').length + 1,
});

function normalise(query: string): string | undefined {
  const known = normalised.get(query);
  if (known !== undefined) return known === false ? undefined : known;
  let document: string | false;
  try {
    document = stripIgnoredCharacters(query);
    if (WRITE_OPERATION.test(document)) document = false;
  } catch {
    // A document that does not lex is Apollo's to refuse, with its own message.
    document = false;
  }
  if (query.length <= NORMALISED_MAX_CHARS / 20) normalised.set(query, document);
  return document === false ? undefined : document;
}

/** What a request asks, independent of the generation; undefined when it is not a keepable read. */
function questionOf(request: Request): string | undefined {
  const asked = requestedQuery(request);
  if (asked === undefined) return undefined;
  const document = normalise(asked.query);
  if (document === undefined) return undefined;
  const parts = [request.headers.accept ?? '', document, asked.operationName ?? null, asked.variables ?? null];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** The key of a request's answer at a generation; undefined when the request is not a keepable read. */
export function cacheKey(request: Request, generation: number): string | undefined {
  const question = questionOf(request);
  return question === undefined ? undefined : `${generation}:${question}`;
}

function wantsFresh(request: Request): boolean {
  return /(?:^|,)\s*no-cache\s*(?:,|$)/i.test(request.headers['cache-control'] ?? '') || /no-cache/i.test(String(request.headers.pragma ?? ''));
}

/**
 * Answers from memory without Express's send: the body is kept as sent, its ETag with it, and a
 * GET whose If-None-Match names that ETag gets 304, as Express would answer.
 */
function replay(request: Request, response: Response, entry: Entry): void {
  for (const name in entry.headers) response.setHeader(name, entry.headers[name]!);
  response.setHeader('x-cache', 'HIT' satisfies CacheOutcome);
  if (entry.etag !== undefined) response.setHeader('etag', entry.etag);
  if (entry.etag !== undefined && request.fresh) {
    response.statusCode = 304;
    response.end();
    return;
  }
  response.statusCode = 200;
  const gzip = entry.gzip !== undefined && acceptsGzip(request) ? entry.gzip : undefined;
  if (entry.gzip !== undefined) response.vary('Accept-Encoding');
  if (gzip !== undefined) response.setHeader('content-encoding', 'gzip');
  const body = gzip ?? entry.body;
  response.setHeader('content-length', body.length);
  response.end(body);
}

/**
 * A hit never reaches Apollo, whose plugin names the operation for the request's log line and
 * metrics (src/http/request-log.ts, which writes that one line, marked HIT from X-Cache): the
 * entry kept the name Apollo resolved for the same question.
 */
function noteHit(entry: Entry): void {
  noteGraphQLOutcome({ operation: entry.operation ?? null, operationType: 'query' });
}

function bypass(cache: ResponseCache, response: Response, next: () => void): void {
  cache.bypassed();
  response.setHeader('x-cache', 'BYPASS' satisfies CacheOutcome);
  next();
}

/**
 * Answers a kept read at once, and keeps the answer of one that was not. What the request asks is
 * worked out first, without the database; a request that cannot be kept goes straight on. Then
 * one small read of the generation, shared by the requests of the moment (GenerationReader): a
 * write through another process must be seen at once, so no request is answered without one.
 * While the database cannot say, the request goes on uncached and meets today's outage answers.
 */
export function responseCacheMiddleware(cache: ResponseCache, generation: () => Promise<number>, logger: Logger): RequestHandler {
  return (request, response, next) => {
    if (request.headers.authorization !== undefined || (request.method !== 'GET' && request.method !== 'POST')) return bypass(cache, response, next);
    // A fresh answer is asked for: nothing to look up, so no generation to read first (and the answer is not kept).
    if (wantsFresh(request)) return bypass(cache, response, next);
    const question = questionOf(request);
    if (question === undefined) return bypass(cache, response, next);
    generation().then(
      (current) => {
        cache.observe(current);
        const key = `${current}:${question}`;
        const entry = cache.get(key);
        if (entry !== undefined) {
          noteHit(entry);
          replay(request, response, entry);
          return;
        }
        response.setHeader('x-cache', 'MISS' satisfies CacheOutcome);
        const ticket: Ticket = { keepable: false };
        tickets.set(response, ticket);
        const send = response.send.bind(response);
        response.send = (body?: unknown) => {
          const keep = ticket.keepable && response.statusCode === 200 && typeof body === 'string';
          const sent = send(body);
          if (keep) {
            const headers: Record<string, string> = {};
            for (const name of KEPT_HEADERS) {
              const value = response.getHeader(name);
              if (typeof value === 'string') headers[name] = value;
            }
            const etag = response.getHeader('etag');
            const operation = currentGraphQLOutcome()?.operation;
            cache.set(key, current, {
              ...keptBody(body),
              headers,
              ...(typeof etag === 'string' ? { etag } : {}),
              ...(operation !== undefined ? { operation } : {}),
            });
          }
          return sent;
        };
        next();
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'graph generation unreadable; answering uncached');
        bypass(cache, response, next);
      },
    );
  };
}

/** Hands the request's ticket to its GraphQL context, where the plugin below finds it. */
export function rememberTicket(context: object, response: Response): void {
  const ticket = tickets.get(response);
  if (ticket !== undefined) Object.defineProperty(context, TICKET, { value: ticket, enumerable: true });
}

/** Marks an answer keepable: a query operation that ran and answered without any error. */
export function responseCachePlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, response }) {
          const ticket = (contextValue as { [TICKET]?: Ticket })[TICKET];
          if (ticket === undefined) return;
          ticket.keepable = operation?.operation === 'query' && response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) === 0;
        },
      };
    },
  };
}
