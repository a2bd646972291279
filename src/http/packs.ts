/**
 * Evidence packs to download (issue 17 item 3): `GET /packs/<answer>.xlsx` (trace, coverage,
 * alignment, compare) and `GET /packs/<answer>.pdf` (trace, coverage). Each runs the operation a
 * GraphQL read runs, with the same checks: a bad bearer token is refused (401), and the request
 * and its cost count against the client's budgets on /graphql (src/http/server.ts mounts the same
 * request limiter here; the cost is charged to the same budget). Parameters are the operation's
 * arguments; anything else, or one given twice, is BAD_USER_INPUT.
 */
import express, { type Request, type Response, type Router } from 'express';
import { GraphQLError } from 'graphql';
import pLimit from 'p-limit';
import type { Database } from '../database/driver.js';
import { ErrorCode, errorAnswer, isGoldenThreadError } from '../errors.js';
import type { Logger } from '../logger.js';
import { buildPack, PACK_COSTS, type PackKind } from '../operations/packs/build.js';
import { packPdf } from '../operations/packs/pdf.js';
import { packWorkbook } from '../operations/packs/workbook.js';
import type { CredentialCheck } from '../schema/credentials.js';
import { clientOf, type CostBudget } from './limits/rate.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/**
 * Laying a pack out takes tens to hundreds of milliseconds of CPU (a 25-agreement comparison the
 * most): one is built at a time and a few more wait; past that a caller is asked to come back.
 */
const WAITING = 4;
const RETRY_SECONDS = 5;

/** Each answer's parameters; compare's agreementIds may be repeated or comma-separated. */
const PARAMETERS: Readonly<Record<PackKind, readonly string[]>> = {
  trace: ['activityId', 'asOf'],
  coverage: ['agreementId', 'asOf'],
  alignment: ['agreementId'],
  compare: ['agreementIds', 'asOf'],
};
const PDF_KINDS: readonly PackKind[] = ['trace', 'coverage'];

export interface PackDependencies {
  readonly database: Database;
  readonly credentials: CredentialCheck;
  /** The cost budget /graphql charges; absent when it is off. */
  readonly costBudget?: CostBudget;
  readonly logger?: Logger;
}

class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(response: Response, refusal: Refusal): void {
  const answer = errorAnswer(refusal.code, refusal.message, refusal.extensions);
  response.status(answer.status).set(refusal.headers).json(answer.body);
}

/** The operation's arguments from the query string, refused when unknown or repeated. */
function argumentsOf(kind: PackKind, request: Request): Record<string, unknown> {
  const allowed = PARAMETERS[kind];
  const args: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request.query)) {
    if (!allowed.includes(name)) {
      throw new Refusal(ErrorCode.BAD_USER_INPUT, `The ${kind} pack takes ${allowed.join(' and ')}; "${name.slice(0, 100)}" is not one of them.`);
    }
    if (name === 'agreementIds') {
      args[name] = (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((v: unknown) => (typeof v === 'string' ? v.split(',') : [v]));
    } else if (typeof value !== 'string') {
      throw new Refusal(ErrorCode.BAD_USER_INPUT, `${name} must be given once, as text.`);
    } else args[name] = value;
  }
  return args;
}

export function packsRouter(deps: PackDependencies): Router {
  const router = express.Router();
  const one = pLimit(1);

  const serve = (kind: PackKind, format: 'xlsx' | 'pdf') => async (request: Request, response: Response) => {
    try {
      try {
        await deps.credentials(request.headers.authorization);
      } catch (error) {
        if (error instanceof GraphQLError) throw new Refusal(ErrorCode.UNAUTHENTICATED, error.message);
        throw error;
      }
      const args = argumentsOf(kind, request);
      if (one.pendingCount >= WAITING) {
        throw new Refusal(
          ErrorCode.RATE_LIMITED,
          `Too many packs at once; try again in ${RETRY_SECONDS} s.`,
          { retryAfterSeconds: RETRY_SECONDS },
          {
            'Retry-After': String(RETRY_SECONDS),
          },
        );
      }
      if (deps.costBudget) {
        const cost = PACK_COSTS[kind](args, 0);
        const verdict = deps.costBudget.charge(clientOf(request), cost);
        if (!verdict.accepted) {
          const wait = verdict.retryAfterSeconds;
          throw new Refusal(
            ErrorCode.RATE_LIMITED,
            `Too much work: this pack costs ${cost} and ${verdict.remaining} of this client's ${deps.costBudget.perMinute} a minute are left; try again in ${wait} s.`,
            { retryAfterSeconds: wait, budget: 'cost', limit: deps.costBudget.perMinute, remaining: verdict.remaining, cost },
            { 'Retry-After': String(wait) },
          );
        }
      }
      const built = await buildPack(deps.database, kind, args);
      const body = await one(() => (format === 'xlsx' || built.focus === null ? packWorkbook(built.pack) : packPdf(built.pack, built.focus)));
      response
        .status(200)
        .set('Cache-Control', 'no-store')
        .set('X-Content-SHA256', built.pack.contentSha256)
        .attachment(`${built.filename}.${format}`)
        .type(format === 'xlsx' ? XLSX_TYPE : 'application/pdf')
        .send(body);
    } catch (error) {
      if (error instanceof Refusal) send(response, error);
      else if (isGoldenThreadError(error)) send(response, new Refusal(error.code, error.message));
      else {
        deps.logger?.error({ err: error, pack: kind, format }, 'evidence pack failed');
        send(response, new Refusal(ErrorCode.INTERNAL_SERVER_ERROR, 'The pack could not be made; the server log says why.'));
      }
    }
  };

  for (const kind of Object.keys(PARAMETERS) as PackKind[]) {
    router.get(`/packs/${kind}.xlsx`, serve(kind, 'xlsx'));
    if (PDF_KINDS.includes(kind)) router.get(`/packs/${kind}.pdf`, serve(kind, 'pdf'));
  }
  router.use('/packs', (request, response) =>
    send(
      response,
      new Refusal(
        ErrorCode.NOT_FOUND,
        `No pack at ${request.method} /packs${request.path.slice(0, 100)}; there are ${Object.keys(PARAMETERS)
          .map((k) => `${k}.xlsx`)
          .join(', ')}, ${PDF_KINDS.map((k) => `${k}.pdf`).join(' and ')} (GET).`,
      ),
    ),
  );
  return router;
}
