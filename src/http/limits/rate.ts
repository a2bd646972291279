/** The per-client request rate on /graphql. */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { ErrorCode, errorAnswer } from '../../errors.js';
import type { Logger } from '../../logger.js';

/**
 * Who a request counts against: the `x-api-key` header when sent (so clients behind one NAT or
 * proxy can be told apart), else the client's address. The key is an identity for counting only,
 * not a credential: it is never checked.
 */
export function clientKey(request: Request): string {
  const key = request.get('x-api-key')?.trim();
  if (key) return `key:${key}`;
  // Groups an IPv6 client's /56, which one client can otherwise rotate through at will.
  return `ip:${ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? 'unknown')}`;
}

/** Seconds until the client's window resets, at least one; a minute when the limiter does not say. */
export function retryAfterSeconds(resetTime: Date | undefined, now: number): number {
  return resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - now) / 1000)) : 60;
}

/** At most `perMinute` requests per client per minute; `undefined` when the limit is off (0). */
export function rateLimiter(perMinute: number, logger: Logger): RequestHandler | undefined {
  if (perMinute === 0) return undefined;
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: clientKey,
    logger: {
      error: (error: unknown, message?: string) => logger.error({ err: error }, message ?? 'rate limiter error'),
      warn: (error: unknown, message?: string) => logger.warn({ err: error }, message ?? 'rate limiter warning'),
    },
    handler: (request, response) => {
      const wait = retryAfterSeconds((request as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime, Date.now());
      const answer = errorAnswer(ErrorCode.RATE_LIMITED, `Too many requests: the limit is ${perMinute} a minute per client; try again in ${wait} s.`, {
        retryAfterSeconds: wait,
      });
      response.status(answer.status).json(answer.body);
    },
  });
}
