/** launcher/Launcher.java: compiled once per source version, its command line, and what it prints. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddedDatabaseConfig } from '../../config.js';
import { ErrorCode, GoldenThreadError } from '../../errors.js';
import { LAUNCHER_DIR, type Neo4jJars } from './jars.js';

/**
 * The JVM options Neo4j 5 needs on Java 17: its off-heap page cache and Netty reach into
 * JDK internals that the module system closes by default (the same list Neo4j's own start
 * script passes).
 */
const JVM_OPENS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-exports=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:+UseG1GC',
  '-XX:+ExitOnOutOfMemoryError',
];

/**
 * Compiles Launcher.java once per version of its source into the cache, so later starts skip
 * the compile that `java Launcher.java` would repeat every time (about 2-3 s on this machine).
 */
export function compiledLauncher(jars: Neo4jJars): string {
  const source = path.join(LAUNCHER_DIR, 'Launcher.java');
  const hash = createHash('sha256').update(fs.readFileSync(source)).digest('hex').slice(0, 12);
  const classes = path.join(path.dirname(jars.lib), `launcher-${hash}`);
  if (fs.existsSync(path.join(classes, 'Launcher.class'))) return classes;
  const staging = `${classes}.partial-${process.pid}`;
  fs.mkdirSync(staging, { recursive: true });
  const result = spawnSync('javac', ['-nowarn', '-d', staging, '-cp', `${jars.lib}${path.sep}*`, source], { encoding: 'utf8' });
  if (result.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (result.error) {
      throw new GoldenThreadError(
        ErrorCode.PREREQUISITE_MISSING,
        'A Java 17 JDK (javac) is needed to build the embedded Neo4j launcher: install it (for example `apt-get install openjdk-17-jdk-headless`) or set NEO4J_URI to use your own Neo4j.',
      );
    }
    throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, `launcher/Launcher.java does not compile: ${result.stderr.trim().split('\n')[0]}`);
  }
  fs.rmSync(classes, { recursive: true, force: true });
  fs.renameSync(staging, classes);
  return classes;
}

/** The java command line that runs the launcher on the configured store, port and memory. */
export function launcherArgs(config: EmbeddedDatabaseConfig, jars: Neo4jJars, classes: string): string[] {
  return [
    `-Xms${config.heap}`,
    `-Xmx${config.heap}`,
    ...JVM_OPENS,
    '-cp',
    `${classes}${path.delimiter}${jars.lib}${path.sep}*`,
    'Launcher',
    '--data',
    path.join(config.dataDir, 'store'),
    '--bolt-port',
    String(config.boltPort),
    '--plugins',
    jars.plugins,
    '--pagecache',
    config.pageCache,
    '--tx-memory',
    config.txMemory,
  ];
}

/** One JSON line the launcher prints on stdout. */
export type LauncherEvent =
  { event: 'ready'; bolt: string; ms: number; pid: number } | { event: 'error'; code: string; message: string } | { event: 'stopped' };

/** A launcher line as its event, or undefined for any other output (Neo4j's own logging). */
export function parseLauncherEvent(line: string): LauncherEvent | undefined {
  try {
    const event = JSON.parse(line) as unknown;
    return typeof event === 'object' && event !== null && 'event' in event ? (event as LauncherEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** The launcher's refusal as our error: another store or port holder means we are already running. */
export function launcherError(event: Extract<LauncherEvent, { event: 'error' }>): GoldenThreadError {
  return new GoldenThreadError(
    event.code === 'PORT_IN_USE' || event.code === 'STORE_LOCKED' ? ErrorCode.ALREADY_RUNNING : ErrorCode.DATABASE_UNAVAILABLE,
    event.message,
  );
}
