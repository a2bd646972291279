/**
 * What the database calls cost, for /metrics (src/http/metrics.ts) and for traces: each statement
 * run through Database.run and each managed transaction (@neo4j/graphql's reads and writes, the
 * import, the export) is timed under the name of its cypher/ file, and becomes a span of the trace
 * of the request that made it. Without a tracer provider registered (no OTEL_EXPORTER_OTLP_ENDPOINT)
 * the OpenTelemetry API hands out spans that record nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Driver, ManagedTransaction, Session } from 'neo4j-driver';
import { Gauge, Histogram, Registry } from 'prom-client';
import { PROJECT_ROOT } from '../config.js';
import { cypher } from './cypher.js';

/** The process's database metrics; /metrics serves them beside the HTTP ones. */
export const databaseMetrics = new Registry();

const queryDuration = new Histogram({
  name: 'gt_database_query_duration_seconds',
  help: 'Time of each database statement (Database.run) or managed transaction, by cypher/ file name ("generated": written by @neo4j/graphql), mode and outcome',
  labelNames: ['query', 'mode', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [databaseMetrics],
});
const queriesInFlight = new Gauge({
  name: 'gt_database_queries_in_flight',
  help: "Statements and transactions running now, each holding one of the driver pool's connections",
  registers: [databaseMetrics],
});
const sessionsOpen = new Gauge({
  name: 'gt_database_sessions_open',
  help: 'Driver sessions opened by the application and not yet closed',
  registers: [databaseMetrics],
});

/** The tracer's name in every span this process makes. */
export const TRACER_NAME = 'golden-thread';
/** Fetched at each use: a test may register and unregister its own provider. */
const tracer = () => trace.getTracer(TRACER_NAME);

/** A statement not read from cypher/ (the library's, a probe's). */
export const GENERATED = 'generated';

const FRAGMENT = /\{\{\w+ [^}]+\}\}/;
let known: { readonly name: string; readonly pieces: readonly string[] }[] | undefined;

function cypherFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return cypherFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.cypher') ? [`${prefix}${entry.name.slice(0, -'.cypher'.length)}`] : [];
  });
}

/** The text between a file's `{{fragment variable}}` placeholders, which queries.ts fills from the model. */
function matches(text: string, pieces: readonly string[]): boolean {
  if (pieces.length === 1) return text === pieces[0];
  if (!text.startsWith(pieces[0]!) || !text.endsWith(pieces.at(-1)!)) return false;
  let from = pieces[0]!.length;
  for (const piece of pieces.slice(1, -1)) {
    const at = text.indexOf(piece, from);
    if (at === -1) return false;
    from = at + piece.length;
  }
  return from <= text.length - pieces.at(-1)!.length;
}

/** Our statements' names once found: as many as there are files, each text one string cypher.ts and queries.ts keep. */
const named = new Map<string, string>();

/** The cypher/ file a statement was read from (`queries/trace`), or GENERATED. */
export function statementName(text: string): string {
  const found = named.get(text);
  if (found !== undefined) return found;
  known ??= cypherFiles(path.join(PROJECT_ROOT, 'cypher')).map((name) => ({ name, pieces: cypher(name).split(FRAGMENT) }));
  const name = known.find((file) => matches(text, file.pieces))?.name;
  // Only ours are kept: @neo4j/graphql writes a new text for every shape of query.
  if (name !== undefined) named.set(text, name);
  return name ?? GENERATED;
}

type Mode = 'read' | 'write';

async function observe<T>(name: string, mode: Mode, work: (span: Span) => Promise<T>, named?: () => string): Promise<T> {
  const span = tracer().startSpan(`cypher ${name}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system.name': 'neo4j', 'db.query.summary': name, 'db.operation.mode': mode },
  });
  const started = process.hrtime.bigint();
  queriesInFlight.inc();
  let outcome = 'error';
  try {
    const result = await context.with(trace.setSpan(context.active(), span), () => work(span));
    outcome = 'ok';
    return result;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    queriesInFlight.dec();
    queryDuration.observe({ query: named?.() ?? name, mode, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    span.end();
  }
}

/** Times one statement run through Database.run and makes it a span. */
export function observeStatement<T>(text: string, mode: Mode, work: () => Promise<T>): Promise<T> {
  return observe(statementName(text), mode, work);
}

/**
 * Times each managed transaction of the driver's sessions, named after its first statement, and
 * counts the sessions open. Sessions of driver.executeQuery are not seen here (the driver binds
 * its own session factory): Database.run times those statements itself.
 */
export function instrumentDriver(driver: Driver): Driver {
  const open = driver.session.bind(driver);
  driver.session = (...args: Parameters<Driver['session']>) => {
    const session = open(...args);
    sessionsOpen.inc();
    let closed = false;
    const close = session.close.bind(session);
    session.close = () => {
      if (!closed) {
        closed = true;
        sessionsOpen.dec();
      }
      return close();
    };
    for (const [method, mode] of [
      ['executeRead', 'read'],
      ['executeWrite', 'write'],
    ] as const) {
      const original = session[method].bind(session) as (work: (tx: ManagedTransaction) => unknown, config?: unknown) => Promise<unknown>;
      session[method] = ((work: (tx: ManagedTransaction) => unknown, config?: unknown): Promise<unknown> => {
        let name: string | undefined;
        return observe(
          'transaction',
          mode,
          (span) =>
            original((tx) => {
              const run = tx.run.bind(tx);
              tx.run = ((query: Parameters<ManagedTransaction['run']>[0], ...rest: unknown[]) => {
                if (name === undefined) {
                  name = statementName(typeof query === 'object' && 'text' in query ? query.text : String(query));
                  span.updateName(`cypher ${name}`);
                  span.setAttribute('db.query.summary', name);
                }
                return (run as (...all: unknown[]) => unknown)(query, ...rest);
              }) as ManagedTransaction['run'];
              return work(tx);
            }, config),
          () => name ?? GENERATED,
        );
      }) as Session[typeof method];
    }
    return session;
  };
  return driver;
}
