import neo4j, { type Driver, type SessionMode, type QueryConfig, type QueryResult, Neo4jError } from 'neo4j-driver';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import { deadlinedDriver, deadlineFor, withDeadline } from './deadline.js';
import { instrumentDriver, observeStatement } from './instrument.js';

export interface DatabaseTarget {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly database: string | undefined;
}

/** The connection the rest of the application uses; knows nothing of how Neo4j was started. */
export interface Database {
  readonly driver: Driver;
  readonly target: DatabaseTarget;
  /** Name to pass to sessions; undefined means the server's default database. */
  readonly name: string | undefined;
  readonly queryTimeoutMs: number;
  /** The client-side deadline of one call: a little past the server's queryTimeoutMs (see deadline.ts). */
  readonly deadlineMs: number;
  /**
   * Runs `work` under the client-side deadline: DATABASE_TIMEOUT once deadlineMs pass, and every
   * session `work` opened through `driver` is closed then, so its transaction cannot commit late.
   */
  withDeadline<T>(work: () => Promise<T>): Promise<T>;
  /** Runs one parameterised statement in its own transaction. */
  run<T extends Record<string, unknown>>(cypher: string, params?: Record<string, unknown>, mode?: SessionMode): Promise<T[]>;
  /**
   * Runs one read statement as `run` does for reads (one auto-commit exchange, one retry, the
   * deadline), keeping the whole result (records and summary) and the driver's own errors, for
   * @neo4j/graphql's generated reads, whose error mapping reads them.
   */
  readResult(cypher: string, params?: Record<string, unknown>): Promise<QueryResult>;
  /** True when the server answers a trivial query within a few seconds. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** One place that turns driver failures into errors a person can act on. */
export function describeDriverError(error: unknown, target: Pick<DatabaseTarget, 'uri'>): GoldenThreadError {
  if (error instanceof GoldenThreadError) return error;
  if (error instanceof Neo4jError) {
    if (error.code === 'Neo.ClientError.Security.Unauthorized' || error.code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
      return new GoldenThreadError(
        ErrorCode.CONFIG_INVALID,
        `Neo4j at ${target.uri} rejected the user name or password; check NEO4J_USER and NEO4J_PASSWORD.`,
        { cause: error },
      );
    }
    if (
      error.code === 'ServiceUnavailable' ||
      error.code === 'SessionExpired' ||
      // Bolt is up but the graph is not (yet): a restart still recovering the store.
      error.code === 'Neo.TransientError.General.DatabaseUnavailable' ||
      /acquisition timed out|Connection was closed/i.test(error.message)
    ) {
      return new GoldenThreadError(
        ErrorCode.DATABASE_UNAVAILABLE,
        `Neo4j at ${target.uri} cannot be reached; check that it is running and that NEO4J_URI is right.`,
        { cause: error },
      );
    }
    if (error.code === 'Neo.ClientError.Database.DatabaseNotFound') {
      return new GoldenThreadError(ErrorCode.CONFIG_INVALID, `Neo4j at ${target.uri} has no such database; check NEO4J_DATABASE.`, { cause: error });
    }
    if (
      error.code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') ||
      error.code === 'Neo.TransientError.Transaction.MaxExecutionTimeout' ||
      error.code.includes('TransactionTimedOut')
    ) {
      return new GoldenThreadError(ErrorCode.DATABASE_TIMEOUT, 'The database query took too long and was stopped; narrow the question and try again.', {
        cause: error,
      });
    }
  }
  return new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, `Unexpected database error: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}

/**
 * How long the driver keeps trying before a request fails while the database is down. Its
 * defaults retry a transaction for 30 s (and a stopped server answered a GraphQL request after
 * 30-56 s, measured), so a client waited long past the query timeout to learn nothing. Retry
 * keeps one attempt, about a second later (the driver's first back-off, which cannot be set),
 * enough for a dropped connection or a deadlock but not to wait out an outage; /readyz and the
 * DATABASE_UNAVAILABLE code tell clients when to come back. Connecting gets 3 s: loopback and a
 * LAN answer in milliseconds, a TLS handshake to a hosted Neo4j in well under a second.
 */
const OUTAGE_TIMINGS = {
  maxTransactionRetryTime: 500,
  connectionTimeout: 3_000,
  connectionAcquisitionTimeout: 5_000,
} as const;

/**
 * One read statement as an auto-commit transaction: RUN and PULL in one exchange, where a managed
 * transaction adds BEGIN and a COMMIT round trip for nothing a read needs. A read that fails with
 * an error the driver calls retriable (a pooled connection the server dropped, a leader change)
 * is tried once more, as the managed transaction's retry did, so an outage still answers
 * DATABASE_UNAVAILABLE within about a second. The deadline closes the session, dropping a late
 * answer.
 */
async function readAutoCommit(
  driver: Driver,
  target: DatabaseTarget,
  cypher: string,
  params: Record<string, unknown>,
  queryTimeoutMs: number,
  deadlineMs: number,
): Promise<QueryResult> {
  const once = async (): Promise<QueryResult> => {
    const session = driver.session({ database: target.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.run(cypher, params, { timeout: queryTimeoutMs });
    } finally {
      await session.close().catch(() => undefined);
    }
  };
  return withDeadline(deadlineMs, async () => {
    try {
      return await once();
    } catch (error) {
      if (!(error instanceof Neo4jError && error.retriable)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      return once();
    }
  });
}

/** How long a retriable read waits before its one retry: about the managed transaction's first back-off. */
const RETRY_DELAY_MS = 1_000;

/**
 * Opens a driver and proves the server is usable for @neo4j/graphql: reachable, credentials
 * accepted, and the APOC core procedures it calls installed.
 */
export async function connectDatabase(target: DatabaseTarget, queryTimeoutMs: number): Promise<Database> {
  const driver = deadlinedDriver(
    neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), {
      ...OUTAGE_TIMINGS,
      maxConnectionPoolSize: 100,
      disableLosslessIntegers: true,
      userAgent: 'golden-thread/0.1',
    }),
  );
  instrumentDriver(driver);
  const deadlineMs = deadlineFor(queryTimeoutMs);
  const database: Database = {
    driver,
    target,
    name: target.database,
    queryTimeoutMs,
    deadlineMs,
    withDeadline: (work) => withDeadline(deadlineMs, work),
    async run<T extends Record<string, unknown>>(cypher: string, params: Record<string, unknown> = {}, mode: SessionMode = 'READ'): Promise<T[]> {
      try {
        if (mode === 'READ')
          return (await readAutoCommit(driver, target, cypher, params, queryTimeoutMs, deadlineMs)).records.map((record) => record.toObject() as T);
        // Aborting closes the query's session, so a late answer is dropped and nothing commits.
        const abort = new AbortController();
        const config: QueryConfig = {
          database: target.database,
          routing: neo4j.routing.WRITE,
          transactionConfig: { timeout: queryTimeoutMs },
          signal: abort.signal,
        };
        const result = await withDeadline(
          deadlineMs,
          () => driver.executeQuery(cypher, params, config),
          () => abort.abort(),
        );
        return result.records.map((record) => record.toObject() as T);
      } catch (error) {
        throw describeDriverError(error, target);
      }
    },
    readResult: (cypher, params = {}) => observeStatement(cypher, 'read', () => readAutoCommit(driver, target, cypher, params, queryTimeoutMs, deadlineMs)),
    async ping(timeoutMs = 2_000): Promise<boolean> {
      const session = driver.session({ database: target.database, defaultAccessMode: neo4j.session.READ });
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      try {
        return await Promise.race([
          session.run('RETURN 1').then(
            () => true,
            () => false,
          ),
          timeout,
        ]);
      } finally {
        session.close().catch(() => undefined);
      }
    },
    close: () => driver.close(),
  };
  // Timed and traced as one statement (src/database/instrument.ts), the deadline's wait included.
  const runStatement = database.run.bind(database);
  database.run = (cypher, params, mode = 'READ') => observeStatement(cypher, mode === 'READ' ? 'read' : 'write', () => runStatement(cypher, params, mode));
  try {
    await driver.verifyConnectivity({ database: target.database });
    const session = driver.session({ database: target.database });
    try {
      await session.run('RETURN apoc.version() AS version');
    } catch (error) {
      if (error instanceof Neo4jError && error.code === 'Neo.ClientError.Statement.SyntaxError') {
        throw new GoldenThreadError(
          ErrorCode.PREREQUISITE_MISSING,
          `Neo4j at ${target.uri} has no APOC core plugin, which @neo4j/graphql needs; install APOC core into its plugins folder.`,
        );
      }
      throw error;
    } finally {
      await session.close();
    }
  } catch (error) {
    await driver.close();
    throw describeDriverError(error, target);
  }
  return database;
}
