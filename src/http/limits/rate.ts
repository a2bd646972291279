/** The per-client budgets on /graphql: requests a minute, and estimated cost a minute. */
import { HeaderMap, type BaseContext, type GraphQLResponse } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { ErrorCode, errorAnswer } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { CredentialCheck } from '../../schema/credentials.js';

const WINDOW_MS = 60_000;

/** Each request's client, decided once by identifyClients. */
const requestClients = new WeakMap<Request, string>();
/**
 * Each context's client, copied by rememberClient. A property rather than a WeakMap: Apollo hands
 * plugins a copy of the context (Object.assign), which keeps own enumerable symbol properties.
 */
const CLIENT = Symbol('rate-limit client');

/**
 * The client's address, as Express's `trust proxy` (GT_TRUST_PROXY) reads it. An IPv6 client
 * counts by its /56, which one client can otherwise rotate through at will.
 */
export function addressKey(request: Request): string {
  return `ip:${ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? 'unknown')}`;
}

/**
 * Who a request counts against: the subject of a bearer token this server verifies, else the
 * client's address. Nothing the client merely declares (a header, an unverified token) is an
 * identity: a made-up one would start a fresh budget with every request.
 */
export async function clientKey(request: Request, check: CredentialCheck): Promise<string> {
  try {
    const claims = await check(request.headers.authorization);
    if (claims) return `sub:${claims.sub}`;
  } catch {
    // A bad token is refused (401) when the request's context is built; until then it counts
    // against its address like any anonymous request.
  }
  return addressKey(request);
}

/** Decides each request's client before the limiters run. */
export function identifyClients(check: CredentialCheck): RequestHandler {
  return async (request, _response, next) => {
    requestClients.set(request, await clientKey(request, check));
    next();
  };
}

export function clientOf(request: Request): string {
  return requestClients.get(request) ?? addressKey(request);
}

/** Ties a request's GraphQL context to its client, so the cost budget can charge it. */
export function rememberClient(context: object, request: Request): void {
  Object.defineProperty(context, CLIENT, { value: clientOf(request), enumerable: true });
}

/** Seconds until the client's window resets, at least one; a minute when the limiter does not say. */
export function retryAfterSeconds(resetTime: Date | undefined, now: number): number {
  return resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - now) / 1000)) : 60;
}

/** At most `perMinute` requests per client per minute; `undefined` when the limit is off (0). */
export function rateLimiter(perMinute: number, logger: Logger): RequestHandler | undefined {
  if (perMinute === 0) return undefined;
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: clientOf,
    logger: {
      error: (error: unknown, message?: string) => logger.error({ err: error }, message ?? 'rate limiter error'),
      warn: (error: unknown, message?: string) => logger.warn({ err: error }, message ?? 'rate limiter warning'),
    },
    handler: (request, response) => {
      const wait = retryAfterSeconds((request as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime, Date.now());
      const answer = errorAnswer(ErrorCode.RATE_LIMITED, `Too many requests: the limit is ${perMinute} requests a minute per client; try again in ${wait} s.`, {
        retryAfterSeconds: wait,
        budget: 'requests',
        limit: perMinute,
      });
      response.status(answer.status).json(answer.body);
    },
  });
}

export type BudgetCharge =
  { readonly accepted: true; readonly remaining: number } | { readonly accepted: false; readonly remaining: number; readonly retryAfterSeconds: number };

/**
 * Estimated cost a minute per client, in fixed one-minute windows held in this process (several
 * API processes each count on their own). A query that does not fit is refused and not charged,
 * so a client over its budget can still run queries that fit in what is left.
 */
export class CostBudget {
  private readonly windows = new Map<string, { used: number; resetsAt: number }>();
  private nextSweep = 0;

  constructor(readonly perMinute: number) {}

  charge(client: string, cost: number, now: number = Date.now()): BudgetCharge {
    if (now >= this.nextSweep) {
      // Forgets clients whose window has ended, so the map holds only this minute's clients.
      for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
      this.nextSweep = now + WINDOW_MS;
    }
    let window = this.windows.get(client);
    if (!window || window.resetsAt <= now) {
      window = { used: 0, resetsAt: now + WINDOW_MS };
      this.windows.set(client, window);
    }
    if (window.used + cost > this.perMinute) {
      return { accepted: false, remaining: this.perMinute - window.used, retryAfterSeconds: Math.max(1, Math.ceil((window.resetsAt - now) / 1000)) };
    }
    window.used += cost;
    return { accepted: true, remaining: this.perMinute - window.used };
  }
}

/** Charges a query's estimated cost to its client; the 429 answer when it does not fit, else null. */
export type CostCharge = (context: BaseContext, cost: number) => GraphQLResponse | null;

export function costCharge(budget: CostBudget): CostCharge {
  return (context, cost) => {
    const client = (context as { [CLIENT]?: unknown })[CLIENT];
    const verdict = budget.charge(typeof client === 'string' ? client : 'unknown', cost);
    if (verdict.accepted) return null;
    const wait = verdict.retryAfterSeconds;
    const answer = errorAnswer(
      ErrorCode.RATE_LIMITED,
      `Too much work: this query costs ${cost} and ${verdict.remaining} of this client's ${budget.perMinute} a minute are left; try again in ${wait} s, or ask for less.`,
      { retryAfterSeconds: wait, budget: 'cost', limit: budget.perMinute, remaining: verdict.remaining, cost },
    );
    return {
      http: { status: answer.status, headers: new HeaderMap([['retry-after', String(wait)]]) },
      body: { kind: 'single', singleResult: answer.body },
    };
  };
}
