import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { PROJECT_ROOT, type EmbeddedDatabaseConfig } from '../config.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import type { Logger } from '../logger.js';

const LAUNCHER_DIR = path.join(PROJECT_ROOT, 'launcher');
const POM = path.join(LAUNCHER_DIR, 'pom.xml');

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

/** The pinned Neo4j release, read from the one place it is written down. */
export function pinnedNeo4jVersion(): string {
  const match = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(fs.readFileSync(POM, 'utf8'));
  if (!match?.[1]) {
    throw new GoldenThreadError(ErrorCode.CONFIG_INVALID, `${POM} does not pin <neo4j.version>.`);
  }
  return match[1];
}

export interface Neo4jJars {
  readonly lib: string;
  readonly plugins: string;
}

/** Fetches the pinned jars with Maven once; later calls only check the cache. */
export function ensureNeo4jJars(cacheDir: string, logger: Logger): Neo4jJars {
  const version = pinnedNeo4jVersion();
  const home = path.join(cacheDir, 'neo4j', version);
  const jars: Neo4jJars = { lib: path.join(home, 'lib'), plugins: path.join(home, 'plugins') };
  if (fs.existsSync(path.join(home, 'COMPLETE'))) return jars;

  requireCommand('mvn', ['-v'], 'Maven (mvn) is needed once to fetch Neo4j from Maven Central: install it (for example `apt-get install maven`) or set NEO4J_URI to use your own Neo4j.');
  logger.info({ version, cache: home }, 'fetching Neo4j Community and APOC core with Maven (first start only)');
  const started = Date.now();
  const staging = `${home}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = spawnSync('mvn', ['-B', '-q', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(staging, 'lib')}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-5).join(' ');
    throw new GoldenThreadError(ErrorCode.PREREQUISITE_MISSING, `Maven could not fetch Neo4j ${version} from Maven Central; check the network or your Maven settings (${tail}).`);
  }
  // Neo4j loads procedures only from its plugin folder; the jars stay on the class path too,
  // as in a Neo4j server installation, so APOC's extension factories are found.
  fs.mkdirSync(path.join(staging, 'plugins'), { recursive: true });
  for (const jar of fs.readdirSync(path.join(staging, 'lib'))) {
    if (jar.startsWith('apoc-')) fs.copyFileSync(path.join(staging, 'lib', jar), path.join(staging, 'plugins', jar));
  }
  fs.writeFileSync(path.join(staging, 'COMPLETE'), `${version}\n`);
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(home), { recursive: true });
  fs.renameSync(staging, home);
  logger.info({ version, ms: Date.now() - started }, 'Neo4j jars cached');
  return jars;
}

function requireCommand(command: string, args: string[], message: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new GoldenThreadError(ErrorCode.PREREQUISITE_MISSING, message);
  }
  return `${result.stdout}${result.stderr}`;
}

function requireJava17(): void {
  const output = requireCommand('java', ['-version'], 'Java 17 or newer is needed to run the embedded Neo4j: install it (for example `apt-get install openjdk-17-jre-headless`) or set NEO4J_URI to use your own Neo4j.');
  const major = Number(/version "(\d+)/.exec(output)?.[1] ?? '0');
  if (major < 17) {
    throw new GoldenThreadError(ErrorCode.PREREQUISITE_MISSING, `Java 17 or newer is needed to run the embedded Neo4j, but \`java\` is version ${major}: install Java 17 or put it first on PATH.`);
  }
}

/**
 * Compiles Launcher.java once per version of its source into the cache, so later starts skip
 * the compile that `java Launcher.java` would repeat every time (about 2-3 s on this machine).
 */
function compiledLauncher(jars: Neo4jJars): string {
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
      throw new GoldenThreadError(ErrorCode.PREREQUISITE_MISSING, 'A Java 17 JDK (javac) is needed to build the embedded Neo4j launcher: install it (for example `apt-get install openjdk-17-jdk-headless`) or set NEO4J_URI to use your own Neo4j.');
    }
    throw new GoldenThreadError(ErrorCode.INTERNAL_SERVER_ERROR, `launcher/Launcher.java does not compile: ${result.stderr.trim().split('\n')[0]}`);
  }
  fs.rmSync(classes, { recursive: true, force: true });
  fs.renameSync(staging, classes);
  return classes;
}

export interface EmbeddedNeo4j {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly pid: number;
  readonly startMs: number;
  /** Stops the database cleanly; resolves once the JVM has exited. */
  stop(): Promise<void>;
}

type LauncherEvent =
  | { event: 'ready'; bolt: string; ms: number; pid: number }
  | { event: 'error'; code: string; message: string }
  | { event: 'stopped' };

const LOCK_FILE = 'golden-thread.pid';

function lockPath(config: EmbeddedDatabaseConfig): string {
  return path.join(config.dataDir, LOCK_FILE);
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A second start on the same data folder gets a plain answer instead of a lock trace. */
function takeLock(config: EmbeddedDatabaseConfig): void {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = lockPath(config);
  try {
    fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
    return;
  } catch {
    const holder = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new GoldenThreadError(ErrorCode.ALREADY_RUNNING, `Golden Thread is already running (process ${holder}) with the data folder ${config.dataDir}; stop it first, or set GT_DATA_DIR and GT_BOLT_PORT to run another copy.`);
    }
    fs.writeFileSync(file, `${process.pid}\n`);
  }
}

function releaseLock(config: EmbeddedDatabaseConfig): void {
  const file = lockPath(config);
  try {
    if (Number(fs.readFileSync(file, 'utf8').trim()) === process.pid) {
      fs.rmSync(file);
      fs.rmSync(connectionPath(config), { force: true });
    }
  } catch {
    // Already gone.
  }
}

const CONNECTION_FILE = 'connection.json';

function connectionPath(config: EmbeddedDatabaseConfig): string {
  return path.join(config.dataDir, CONNECTION_FILE);
}

export interface EmbeddedConnection {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
}

/**
 * The Bolt address and password of an embedded Neo4j another process of ours is running on
 * this data folder, so `npm run seed` can load into a running server instead of fighting it
 * for the store lock. The file is readable by its owner only.
 */
export function runningEmbedded(config: EmbeddedDatabaseConfig): EmbeddedConnection | undefined {
  try {
    const holder = Number(fs.readFileSync(lockPath(config), 'utf8').trim());
    if (!Number.isInteger(holder) || holder === process.pid || !isAlive(holder)) return undefined;
    return JSON.parse(fs.readFileSync(connectionPath(config), 'utf8')) as EmbeddedConnection;
  } catch {
    return undefined;
  }
}

/** Starts Neo4j through launcher/Launcher.java and resolves once Bolt accepts connections. */
export async function startEmbeddedNeo4j(config: EmbeddedDatabaseConfig, logger: Logger): Promise<EmbeddedNeo4j> {
  requireJava17();
  const jars = ensureNeo4jJars(config.cacheDir, logger);
  const classes = compiledLauncher(jars);
  takeLock(config);
  const password = randomBytes(18).toString('base64url');
  const args = [
    `-Xms${config.heap}`,
    `-Xmx${config.heap}`,
    ...JVM_OPENS,
    '-cp',
    `${classes}${path.delimiter}${jars.lib}${path.sep}*`,
    'Launcher',
    '--data', path.join(config.dataDir, 'store'),
    '--bolt-port', String(config.boltPort),
    '--plugins', jars.plugins,
    '--pagecache', config.pageCache,
  ];
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn('java', args, {
    env: { ...process.env, GT_NEO4J_PASSWORD: password },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only us, and we stop the database after the API
    // and the driver, in that order. If we die, its stdin closes and it stops itself.
    detached: true,
  });
  const stderrTail: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail.push(...chunk.split('\n').filter(Boolean));
    stderrTail.splice(0, Math.max(0, stderrTail.length - 20));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  exited.then(() => releaseLock(config), () => releaseLock(config));

  const ready = await new Promise<Extract<LauncherEvent, { event: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new GoldenThreadError(ErrorCode.DATABASE_UNAVAILABLE, `The embedded Neo4j did not become ready within ${config.startTimeoutMs} ms; see ${path.join(config.dataDir, 'store', 'logs')} or raise GT_NEO4J_START_TIMEOUT_MS.`));
    }, config.startTimeoutMs);
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let event: LauncherEvent;
      try {
        event = JSON.parse(line) as LauncherEvent;
      } catch {
        logger.debug({ line }, 'launcher output');
        return;
      }
      if (event.event === 'ready') {
        clearTimeout(timer);
        resolve(event);
      } else if (event.event === 'error') {
        clearTimeout(timer);
        reject(new GoldenThreadError(event.code === 'PORT_IN_USE' || event.code === 'STORE_LOCKED' ? ErrorCode.ALREADY_RUNNING : ErrorCode.DATABASE_UNAVAILABLE, event.message));
      } else {
        logger.info('embedded Neo4j stopped');
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new GoldenThreadError(ErrorCode.DATABASE_UNAVAILABLE, `The embedded Neo4j exited (code ${code}) before it was ready: ${stderrTail.slice(-3).join(' ') || 'no output'}.`));
    });
  });
  logger.info({ bolt: ready.bolt, ms: ready.ms, pid: ready.pid }, 'embedded Neo4j ready');
  const connection: EmbeddedConnection = { uri: ready.bolt, user: 'neo4j', password };
  fs.writeFileSync(connectionPath(config), JSON.stringify(connection), { mode: 0o600 });

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
