/**
 * The client-side deadline on database calls. The query timeout (GT_QUERY_TIMEOUT_MS) is enforced
 * by the server, so a server that is frozen (SIGSTOP, a stop-the-world pause, a hung host) enforces
 * nothing, and the driver then waits without end: a 20 s freeze held every request for 20 s.
 *
 * Why a race of our own: neo4j-driver 6 has no client-side query or read timeout. Measured against
 * a SIGSTOPped Neo4j 5.26: executeQuery's `signal` (abort) only closes the session, and the query's
 * promise stayed pending until the server was resumed; session.close() also waits for the server.
 * `connectionTimeout` bounds only opening a connection, `connectionLivenessCheckTimeout` only
 * checks idle ones, and the read timeout the driver does have is set by the server's hint
 * (`connection.recv_timeout_seconds`, Neo4j's keep-alive times its probes: 120 s by default).
 * So the caller gets DATABASE_TIMEOUT from a timer here, and every session the call opened is
 * closed then: its transaction can no longer commit, and its connection goes back to the pool as
 * soon as the server answers again (a frozen server answers nothing, to a new connection either).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Driver, Session, SessionConfig } from 'neo4j-driver';

type TransactionConfig = Parameters<Session['executeRead']>[1];
import { ErrorCode, GoldenThreadError } from '../errors.js';

/** How far past the server's own timeout the client gives up: the server's answer normally comes first. */
export const DEADLINE_MARGIN_MS = 2_000;

export function deadlineFor(queryTimeoutMs: number): number {
  return queryTimeoutMs + DEADLINE_MARGIN_MS;
}

/** The sessions opened inside one deadline, to close if it passes. */
interface Scope {
  readonly sessions: Set<Session>;
}

const scopes = new AsyncLocalStorage<Scope>();

export function deadlineError(ms: number): GoldenThreadError {
  return new GoldenThreadError(
    ErrorCode.DATABASE_TIMEOUT,
    `The database did not answer within ${ms} ms and the query was abandoned; narrow the question and try again.`,
  );
}

/**
 * Runs `work`, rejecting with DATABASE_TIMEOUT once `ms` pass; then `abandon` runs and every session
 * opened (through a driver from `deadlinedDriver`) inside `work` is closed, without waiting for them.
 */
export function withDeadline<T>(ms: number, work: () => Promise<T>, abandon?: () => unknown): Promise<T> {
  const scope: Scope = { sessions: new Set() };
  const running = scopes.run(scope, work);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(deadlineError(ms));
      try {
        abandon?.();
      } catch {
        // Abandoning is best effort; the caller already has its answer.
      }
      for (const session of scope.sessions) session.close().catch(() => undefined);
    }, ms);
  });
  // The late outcome of abandoned work must not surface as an unhandled rejection.
  running.catch(() => undefined);
  return Promise.race([running, expired]).finally(() => clearTimeout(timer));
}

/**
 * The driver the application uses: its sessions join the deadline they are opened in, and their
 * managed transactions (executeRead/executeWrite, as @neo4j/graphql and the impact read run them)
 * that carry a server timeout get a deadline of their own, `margin` past it (the import's is
 * IMPORT_TIMEOUT_MS, so a load may run for minutes). A transaction with no timeout gets none.
 */
export function deadlinedDriver(driver: Driver): Driver {
  const open = driver.session.bind(driver);
  driver.session = (config?: SessionConfig) => {
    const session = open(config);
    scopes.getStore()?.sessions.add(session);
    for (const method of ['executeRead', 'executeWrite'] as const) {
      const original = session[method].bind(session) as (work: unknown, txConfig?: TransactionConfig) => Promise<unknown>;
      session[method] = ((work: unknown, txConfig?: TransactionConfig): Promise<unknown> => {
        const timeout = txConfig?.timeout;
        if (typeof timeout !== 'number' || timeout <= 0) return original(work, txConfig);
        return withDeadline(
          deadlineFor(timeout),
          () => original(work, txConfig),
          () => session.close().catch(() => undefined),
        );
      }) as Session[typeof method];
    }
    return session;
  };
  return driver;
}
