/**
 * The embedded Neo4j: starts it through launcher/Launcher.java, keeps it running, and stops it.
 * The pieces are in embedded/: prerequisites (Java), jars (Maven fetch), launcher (compile,
 * command line, events), lock (who runs it on a data folder), readiness (waiting for Bolt) and
 * restarts (the back-off after an unexpected exit).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { EmbeddedDatabaseConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { ensureNeo4jJars, type Neo4jJars } from './embedded/jars.js';
import { compiledLauncher, launcherArgs } from './embedded/launcher.js';
import { publishConnection, releaseLock, takeLock, withdrawConnection } from './embedded/lock.js';
import { requireJava17 } from './embedded/prerequisites.js';
import { describeExit, stderrTail, waitUntilReady, type JvmExit, type ReadyEvent } from './embedded/readiness.js';
import { isOutOfMemory, nextRestartDelay } from './embedded/restarts.js';

export { ensureNeo4jJars, pinnedNeo4jVersion, type Neo4jJars } from './embedded/jars.js';
export { embeddedHolder, isAlive, type EmbeddedConnection } from './embedded/lock.js';
export { nextRestartDelay } from './embedded/restarts.js';

/**
 * Whether the database is there: `restarting` after an unexpected exit while a restart is due or
 * under way, `down` once it was given up (it kept dying) and will not come back by itself.
 */
export type EmbeddedState = { readonly status: 'up' } | { readonly status: 'restarting' | 'down'; readonly reason: string } | { readonly status: 'stopped' };

export interface EmbeddedNeo4j {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  /** The JVM running now: a restart brings a new one, on the same port with the same password. */
  readonly pid: number;
  readonly startMs: number;
  /** How many times it was restarted after an unexpected exit. */
  readonly restarts: number;
  state(): EmbeddedState;
  /** Stops the database cleanly (and any restart due); resolves once the JVM has exited. */
  stop(): Promise<void>;
}

interface Jvm {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  readonly exited: Promise<JvmExit>;
  readonly ready: Promise<ReadyEvent>;
  /** Its last lines of output other than launcher events. */
  readonly tail: readonly string[];
}

function launch(config: EmbeddedDatabaseConfig, args: readonly string[], password: string, logger: Logger): Jvm {
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn('java', args, {
    env: { ...process.env, GT_NEO4J_PASSWORD: password },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only us, and we stop the database after the API
    // and the driver, in that order. If we die, its stdin closes and it stops itself.
    detached: true,
  });
  const tail = stderrTail(child);
  const exited = new Promise<JvmExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = waitUntilReady(child, exited, tail, config, logger);
  // A failed restart is reported by the exit it ends in; the first start's caller awaits `ready`.
  ready.catch(() => undefined);
  return { child, exited, ready, tail };
}

/** The last warnings and errors in Neo4j's own log (the JVM's output rarely says why Neo4j stopped). */
function neo4jLogErrors(config: EmbeddedDatabaseConfig, keep = 3): string[] {
  const file = path.join(config.dataDir, 'store', 'logs', 'debug.log');
  try {
    const size = fs.statSync(file).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, buffer, 0, length, size - length);
    } finally {
      fs.closeSync(fd);
    }
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => / (ERROR|WARN) /.test(line))
      .slice(-keep);
  } catch {
    return [];
  }
}

/**
 * Starts Neo4j through launcher/Launcher.java, resolves once Bolt accepts connections, and
 * supervises it: an unexpected exit is logged as one error line (exit code or signal, the JVM's
 * last output, out of memory or not, Neo4j's last logged errors) and the database is started
 * again on the same port with the same password, so the application's driver reconnects by
 * itself, after the back-off of config.restart; after too many restarts it is given up. The data
 * folder's lock and connection file stay ours throughout, so no other process of ours starts a
 * second JVM on the folder while this one is restarting.
 */
export async function startEmbeddedNeo4j(config: EmbeddedDatabaseConfig, logger: Logger): Promise<EmbeddedNeo4j> {
  requireJava17();
  const jars: Neo4jJars = ensureNeo4jJars(config.cacheDir, logger);
  const classes = compiledLauncher(jars);
  takeLock(config);
  const password = randomBytes(18).toString('base64url');
  const args = launcherArgs(config, jars, classes);

  let jvm = launch(config, args, password, logger);
  let ready: ReadyEvent;
  try {
    ready = await jvm.ready;
  } catch (error) {
    await jvm.exited;
    releaseLock(config);
    throw error;
  }
  logger.info({ bolt: ready.bolt, ms: ready.ms, pid: ready.pid }, 'embedded Neo4j ready');
  publishConnection(config, { uri: ready.bolt, user: 'neo4j', password });

  let state: EmbeddedState = { status: 'up' };
  let stopping: Promise<void> | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  const restartedAt: number[] = [];

  const restart = async () => {
    restartTimer = undefined;
    if (stopping) return;
    const next = launch(config, args, password, logger);
    jvm = next;
    supervise(next);
    try {
      ready = await next.ready;
    } catch {
      // Its exit is reported by supervise().
      return;
    }
    if (stopping || jvm !== next) return;
    state = { status: 'up' };
    publishConnection(config, { uri: ready.bolt, user: 'neo4j', password });
    logger.warn({ jvm: ready.pid, ms: ready.ms, restarts: restartedAt.length }, 'embedded Neo4j restarted');
  };

  const died = (dead: Jvm, exit: JvmExit) => {
    withdrawConnection(config);
    const lastLines = dead.tail.slice(-10);
    const delayMs = nextRestartDelay(config.restart, restartedAt, Date.now());
    const reason = `the embedded Neo4j exited (${describeExit(exit)})${isOutOfMemory(lastLines) ? ' out of memory' : ''}`;
    const fields = {
      jvm: dead.child.pid,
      exitCode: exit.code,
      signal: exit.signal,
      outOfMemory: isOutOfMemory(lastLines),
      lastLines,
      neo4jLog: neo4jLogErrors(config),
      logs: path.join(config.dataDir, 'store', 'logs'),
    };
    if (delayMs === undefined) {
      state = {
        status: 'down',
        reason: `${reason}; given up after ${restartedAt.length} restarts within ${config.restart.windowMs} ms`,
      };
      logger.error({ ...fields, restarts: restartedAt.length, gaveUp: true }, `${reason}; not restarting it again (GT_NEO4J_MAX_RESTARTS)`);
      return;
    }
    state = { status: 'restarting', reason };
    restartedAt.push(Date.now());
    logger.error({ ...fields, restartInMs: delayMs, restart: restartedAt.length }, `${reason}; restarting it in ${delayMs} ms`);
    restartTimer = setTimeout(() => void restart(), delayMs);
  };

  function supervise(watched: Jvm): void {
    void watched.exited.then((exit) => {
      if (!stopping) died(watched, exit);
    });
  }
  supervise(jvm);

  return {
    uri: ready.bolt,
    user: 'neo4j',
    password,
    get pid() {
      return ready.pid;
    },
    get startMs() {
      return ready.ms;
    },
    get restarts() {
      return restartedAt.length;
    },
    state: () => state,
    stop() {
      stopping ??= (async () => {
        clearTimeout(restartTimer);
        const { child, exited } = jvm;
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(killer);
        }
        state = { status: 'stopped' };
        releaseLock(config);
      })();
      return stopping;
    },
  };
}
