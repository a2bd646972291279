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

/** The last lines the JVM wrote to stderr, kept for the message if it dies before it is ready. */
export function stderrTail(child: ChildProcessByStdio<Writable, Readable, Readable>, keep = 20): string[] {
  const tail: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    tail.push(...chunk.split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - keep));
  });
  return tail;
}

/**
 * Resolves with the launcher's `ready` event; rejects on its `error` event, on exit before ready,
 * or after `startTimeoutMs` (killing the JVM, which would otherwise hold the store lock).
 */
export function waitUntilReady(
  child: ChildProcessByStdio<Writable, Readable, Readable>,
  exited: Promise<number | null>,
  tail: readonly string[],
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
        logger.debug({ line }, 'launcher output');
      } else if (event.event === 'ready') {
        clearTimeout(timer);
        resolve(event);
      } else if (event.event === 'error') {
        clearTimeout(timer);
        reject(launcherError(event));
      } else {
        logger.info('embedded Neo4j stopped');
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new GoldenThreadError(
          ErrorCode.DATABASE_UNAVAILABLE,
          `The embedded Neo4j exited (code ${code}) before it was ready: ${tail.slice(-3).join(' ') || 'no output'}.`,
        ),
      );
    });
  });
}
