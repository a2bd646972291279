/**
 * The embedded Neo4j: starts it through launcher/Launcher.java and stops it. The pieces are in
 * embedded/: prerequisites (Java), jars (Maven fetch), launcher (compile, command line, events),
 * lock (who runs it on a data folder) and readiness (waiting for Bolt).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import type { EmbeddedDatabaseConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { ensureNeo4jJars } from './embedded/jars.js';
import { compiledLauncher, launcherArgs } from './embedded/launcher.js';
import { publishConnection, releaseLock, takeLock } from './embedded/lock.js';
import { requireJava17 } from './embedded/prerequisites.js';
import { stderrTail, waitUntilReady } from './embedded/readiness.js';

export { ensureNeo4jJars, pinnedNeo4jVersion, type Neo4jJars } from './embedded/jars.js';
export { isAlive, runningEmbedded, type EmbeddedConnection } from './embedded/lock.js';

export interface EmbeddedNeo4j {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly pid: number;
  readonly startMs: number;
  /** Stops the database cleanly; resolves once the JVM has exited. */
  stop(): Promise<void>;
}

/** Starts Neo4j through launcher/Launcher.java and resolves once Bolt accepts connections. */
export async function startEmbeddedNeo4j(config: EmbeddedDatabaseConfig, logger: Logger): Promise<EmbeddedNeo4j> {
  requireJava17();
  const jars = ensureNeo4jJars(config.cacheDir, logger);
  const classes = compiledLauncher(jars);
  takeLock(config);
  const password = randomBytes(18).toString('base64url');
  const args = launcherArgs(config, jars, classes);
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn('java', args, {
    env: { ...process.env, GT_NEO4J_PASSWORD: password },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only us, and we stop the database after the API
    // and the driver, in that order. If we die, its stdin closes and it stops itself.
    detached: true,
  });
  const tail = stderrTail(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  exited.then(
    () => releaseLock(config),
    () => releaseLock(config),
  );

  const ready = await waitUntilReady(child, exited, tail, config, logger);
  logger.info({ bolt: ready.bolt, ms: ready.ms, pid: ready.pid }, 'embedded Neo4j ready');
  publishConnection(config, { uri: ready.bolt, user: 'neo4j', password });

  let stopping: Promise<void> | undefined;
  return {
    uri: ready.bolt,
    user: 'neo4j',
    password,
    pid: ready.pid,
    startMs: ready.ms,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(killer);
      })();
      return stopping;
    },
  };
}
