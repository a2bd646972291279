/**
 * Answers to repeated reads, kept in memory until the graph changes. The graph changes only
 * through this service's mutations and imports, and each raises the generation in the database
 * in the same transaction (src/database/generation.ts); an answer is kept under its request and
 * the generation it was made at, so once any process writes, every process stops serving what it
 * kept. Only anonymous queries are kept: a signed-in caller's answer may show what others may not
 * see. `Cache-Control: no-cache` on a request skips the kept answer (and keeps the fresh one).
 */
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import { stripIgnoredCharacters } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.js';

/** What a response says about the cache, in the `X-Cache` header. */
export type CacheOutcome = 'HIT' | 'MISS' | 'BYPASS';

interface Entry {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
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

export class ResponseCache {
  private readonly entries: LRUCache<string, Entry>;
  private generation: number | null = null;
  private hits = 0;
  private misses = 0;
  private bypasses = 0;

  constructor(readonly maxBytes: number) {
    this.entries = new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: (entry, key) => Math.max(1, entry.body.length + key.length) });
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
    if (entry.body.length + key.length > this.maxBytes) return;
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

/** The key of a request's answer at a generation; undefined when the request is not a keepable read. */
export function cacheKey(request: Request, generation: number): string | undefined {
  const asked = requestedQuery(request);
  if (asked === undefined) return undefined;
  let document: string;
  try {
    document = stripIgnoredCharacters(asked.query);
  } catch {
    // A document that does not lex is Apollo's to refuse, with its own message.
    return undefined;
  }
  if (WRITE_OPERATION.test(document)) return undefined;
  const parts = [generation, request.headers.accept ?? '', document, asked.operationName ?? null, asked.variables ?? null];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

function wantsFresh(request: Request): boolean {
  return /(?:^|,)\s*no-cache\s*(?:,|$)/i.test(request.headers['cache-control'] ?? '') || /no-cache/i.test(String(request.headers.pragma ?? ''));
}

function replay(response: Response, entry: Entry): void {
  for (const [name, value] of Object.entries(entry.headers)) response.setHeader(name, value);
  response.setHeader('x-cache', 'HIT' satisfies CacheOutcome);
  // Express adds the ETag and answers 304 to a GET whose If-None-Match matches it.
  response.status(200).send(entry.body);
}

/**
 * Answers a kept read at once, and keeps the answer of one that was not. Reads the generation
 * first (one small query shared by the requests of the moment); while the database cannot say,
 * the request goes on uncached and meets today's outage answers.
 */
export function responseCacheMiddleware(cache: ResponseCache, generation: () => Promise<number>, logger: Logger): RequestHandler {
  return (request, response, next) => {
    if (request.headers.authorization !== undefined || (request.method !== 'GET' && request.method !== 'POST')) {
      cache.bypassed();
      response.setHeader('x-cache', 'BYPASS' satisfies CacheOutcome);
      next();
      return;
    }
    generation().then(
      (current) => {
        cache.observe(current);
        const key = cacheKey(request, current);
        if (key === undefined) {
          cache.bypassed();
          response.setHeader('x-cache', 'BYPASS' satisfies CacheOutcome);
          next();
          return;
        }
        if (!wantsFresh(request)) {
          const entry = cache.get(key);
          if (entry !== undefined) {
            replay(response, entry);
            return;
          }
        } else {
          cache.bypassed();
        }
        response.setHeader('x-cache', (wantsFresh(request) ? 'BYPASS' : 'MISS') satisfies CacheOutcome);
        const ticket: Ticket = { keepable: false };
        tickets.set(response, ticket);
        const send = response.send.bind(response);
        response.send = (body?: unknown) => {
          if (ticket.keepable && response.statusCode === 200 && typeof body === 'string') {
            const headers: Record<string, string> = {};
            for (const name of KEPT_HEADERS) {
              const value = response.getHeader(name);
              if (typeof value === 'string') headers[name] = value;
            }
            cache.set(key, current, { body, headers });
          }
          return send(body);
        };
        next();
      },
      (error: unknown) => {
        logger.warn({ err: error }, 'graph generation unreadable; answering uncached');
        cache.bypassed();
        response.setHeader('x-cache', 'BYPASS' satisfies CacheOutcome);
        next();
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
