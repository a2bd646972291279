/** Waiting for the launcher to say the database is ready, with a deadline and the JVM's last words. */
import type { ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { EmbeddedDatabaseConfig } from '../../config.js';
import { ErrorCode, GoldenThreadError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { launcherError, parseLauncherEvent, type LauncherEvent } from './launcher.js';

export type ReadyEvent = Extract<LauncherEvent, { event: 'ready' }>;

/** How the JVM ended: an exit code, or the signal that killed it. */
export interface JvmExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export function describeExit(exit: JvmExit): string {
  return exit.signal === null ? `code ${exit.code}` : `signal ${exit.signal}`;
}

/** How many of the JVM's last output lines are kept for the message when it dies. */
export const TAIL_LINES = 20;

/** Keeps `line` among the last TAIL_LINES. */
export function remember(tail: string[], line: string): void {
  tail.push(line);
  tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
}

/**
 * The last lines the JVM wrote that were not launcher events, kept for the message when it dies:
 * its stderr here, and stdout's other lines through waitUntilReady, where HotSpot reports an
 * out-of-memory exit ("Terminating due to java.lang.OutOfMemoryError").
 */
export function stderrTail(child: ChildProcessByStdio<Writable, Readable, Readable>): string[] {
  const tail: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim() !== '') remember(tail, line);
  });
  return tail;
}

/**
 * Resolves with the launcher's `ready` event; rejects on its `error` event, on exit before ready,
 * or after `startTimeoutMs` (killing the JVM, which would otherwise hold the store lock).
 */
export function waitUntilReady(
  child: ChildProcessByStdio<Writable, Readable, Readable>,
  exited: Promise<JvmExit>,
  tail: string[],
  config: EmbeddedDatabaseConfig,
  logger: Logger,
): Promise<ReadyEvent> {
  return new Promise<ReadyEvent>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new GoldenThreadError(
          ErrorCode.DATABASE_UNAVAILABLE,
          `The embedded Neo4j did not become ready within ${config.startTimeoutMs} ms; see ${path.join(config.dataDir, 'store', 'logs')} or raise GT_NEO4J_START_TIMEOUT_MS.`,
        ),
      );
    }, config.startTimeoutMs);
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const event = parseLauncherEvent(line);
      if (event === undefined) {
        if (line.trim() !== '') remember(tail, line);
        logger.debug({ line }, 'launcher output');
      } else if (event.event === 'ready') {
        clearTimeout(timer);
        resolve(event);
      } else if (event.event === 'error') {
        remember(tail, `${event.code}: ${event.message}`);
        clearTimeout(timer);
        reject(launcherError(event));
      } else {
        logger.info('embedded Neo4j stopped');
      }
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(
        new GoldenThreadError(
          ErrorCode.DATABASE_UNAVAILABLE,
          `The embedded Neo4j exited (${describeExit(exit)}) before it was ready: ${tail.slice(-3).join(' ') || 'no output'}.`,
        ),
      );
    });
  });
}
