import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startApplication, type Application } from '../../src/app.js';
import { PROJECT_ROOT, loadConfig, type EmbeddedDatabaseConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/database/driver.js';
import { startEmbeddedNeo4j } from '../../src/database/embedded.js';
import { ErrorCode, GoldenThreadError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { lancashireEditor, postGraphql, SECRET } from '../support/auth.js';
import { freePort } from '../support/ports.js';

const logger = createLogger({ logLevel: 'silent' });
const folders: string[] = [];

async function embeddedConfig(dataDir?: string): Promise<EmbeddedDatabaseConfig> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gt-embedded-'));
  folders.push(dir);
  const config = loadConfig({ GT_DATA_DIR: dir, GT_BOLT_PORT: String(await freePort()), GT_NEO4J_HEAP: '512m', GT_NEO4J_PAGECACHE: '64m' });
  if (config.database.kind !== 'embedded') throw new Error('expected embedded');
  return config.database;
}

afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the embedded Neo4j', () => {
  it('keeps its data across a restart, and its API tracks it going down and coming back', async () => {
    const config = await embeddedConfig();
    const first = await startEmbeddedNeo4j(config, logger);
    const db = await connectDatabase({ uri: first.uri, user: first.user, password: first.password, database: undefined }, 5000);
    await db.run("CREATE (:Probe {id: 'survives-restart'})", {}, 'WRITE');
    await db.close();
    await first.stop();

    // Same data folder, a new process: the node is still there, and APOC is loaded.
    const second = await startEmbeddedNeo4j(config, logger);
    const again = await connectDatabase({ uri: second.uri, user: second.user, password: second.password, database: undefined }, 5000);
    const rows = await again.run<{ id: string; apoc: string }>('MATCH (p:Probe) RETURN p.id AS id, apoc.version() AS apoc');
    expect(rows).toEqual([{ id: 'survives-restart', apoc: expect.stringMatching(/^5\.26\./) }]);

    // The API over it: /readyz goes 503 when the database stops, and the process stays up.
    const app = await startApplication(
      loadConfig({ NODE_ENV: 'test', NEO4J_URI: second.uri, NEO4J_PASSWORD: second.password, PORT: '0', GT_SEED: 'never', LOG_LEVEL: 'silent' }),
      logger,
    );
    const readyz = app.url.replace(/graphql$/, 'readyz');
    try {
      expect((await fetch(readyz)).status).toBe(200);
      await again.close();
      await second.stop();
      const down = await fetch(readyz);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unavailable', database: 'down' });
    } finally {
      await app.stop();
    }
  }, 240_000);

  it('refuses a second start on the same data folder with a plain sentence', async () => {
    const config = await embeddedConfig();
    const running = await startEmbeddedNeo4j(config, logger);
    try {
      const error = (await startEmbeddedNeo4j({ ...config, boltPort: await freePort() }, logger).catch((e: unknown) => e)) as GoldenThreadError;
      expect(error).toBeInstanceOf(GoldenThreadError);
      expect(error.code).toBe(ErrorCode.ALREADY_RUNNING);
      // Within one process too: while the first one's JVM restarts, Neo4j's store lock is free.
      expect(error.message).toBe(
        `Golden Thread is already running (process ${process.pid}) with the data folder ${config.dataDir}; stop it first, or set GT_DATA_DIR and GT_BOLT_PORT to run another copy.`,
      );
    } finally {
      await running.stop();
    }
  });

  it('says which port is taken when Bolt cannot bind', async () => {
    const config = await embeddedConfig();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(config.boltPort, '127.0.0.1', resolve));
    try {
      const error = (await startEmbeddedNeo4j(config, logger).catch((e: unknown) => e)) as GoldenThreadError;
      expect(error.code).toBe(ErrorCode.ALREADY_RUNNING);
      expect(error.message).toBe(`Port ${config.boltPort} on 127.0.0.1 is already in use; set GT_BOLT_PORT to a free port or stop what is using it.`);
    } finally {
      blocker.close();
    }
  });

  it('says what to install when Java is missing', async () => {
    const config = await embeddedConfig();
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const error = (await startEmbeddedNeo4j(config, logger).catch((e: unknown) => e)) as GoldenThreadError;
      expect(error.code).toBe(ErrorCode.PREREQUISITE_MISSING);
      expect(error.message).toMatch(/^Java 17 or newer is needed to run the embedded Neo4j: install it/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('says what to install when Maven is missing and the jars are not cached', async () => {
    const config = { ...(await embeddedConfig()), cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gt-cache-')) };
    folders.push(config.cacheDir);
    const saved = process.env.PATH;
    // Java stays reachable, Maven does not.
    const javaOnly = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-path-'));
    folders.push(javaOnly);
    fs.symlinkSync(fs.realpathSync('/usr/bin/java'), path.join(javaOnly, 'java'));
    process.env.PATH = javaOnly;
    try {
      const error = (await startEmbeddedNeo4j(config, logger).catch((e: unknown) => e)) as GoldenThreadError;
      expect(error.code).toBe(ErrorCode.PREREQUISITE_MISSING);
      expect(error.message).toMatch(/^Maven \(mvn\) is needed once to fetch Neo4j/);
    } finally {
      process.env.PATH = saved;
    }
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `probe` is true, checking every `everyMs`; the ms it took, or undefined at the deadline. */
async function within(deadlineMs: number, probe: () => boolean | Promise<boolean>, everyMs = 200): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < deadlineMs) {
    if (await Promise.resolve(probe()).catch(() => false)) return Math.round(performance.now() - started);
    await sleep(everyMs);
  }
  return undefined;
}

/** Java processes whose command line names this data folder (Linux /proc): the JVMs on its store. */
function jvmsOn(dataDir: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (path.basename(args[0] ?? '') === 'java' && args.includes(path.join(dataDir, 'store'))) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

interface LogLine {
  msg: string;
  level: number;
  signal?: string | null;
  exitCode?: number | null;
  gaveUp?: boolean;
  restartInMs?: number;
  lastLines?: string[];
  logs?: string;
}

interface Answer {
  status: number;
  ms: number;
  codes: (string | undefined)[] | undefined;
  data: Record<string, unknown> | null | undefined;
}

async function graphql(url: string, query: string): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, ms: Math.round(performance.now() - started), codes: body.errors?.map((e) => e.extensions?.code), data: body.data };
}

const ACTIVITY = 'lancashire-csa-2014-2016/activity/7';
const UPDATE = `mutation ($id: ID!, $notes: String) {
  updateActivities(where: { id: { eq: $id } }, update: { notes: { set: $notes } }) { activities { id notes } }
}`;

const NOTES = `{ activities(where: { id: { eq: "${ACTIVITY}" } }) { notes } }`;

const READS = {
  generated: '{ activities(where: { id: { eq: "lancashire-csa-2014-2016/activity/7" } }) { id name } }',
  search: '{ search(text: "abuse") { id } }',
} as const;

describe.runIf(fs.existsSync('/proc/self/cmdline'))('the supervised embedded Neo4j under the API', () => {
  let app: Application | undefined;
  afterAll(async () => {
    await app?.stop();
  });

  it('answers DATABASE_TIMEOUT through a freeze, restarts after kill -9 with the same data, never lets a second JVM open the folder, and gives up after too many exits', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-supervised-'));
    folders.push(dataDir);
    const boltPort = await freePort();
    const env = {
      NODE_ENV: 'test',
      PORT: '0',
      GT_DATA_DIR: dataDir,
      GT_BOLT_PORT: String(boltPort),
      GT_NEO4J_HEAP: '512m',
      GT_NEO4J_PAGECACHE: '64m',
      GT_SEED: 'always',
      GT_RATE_LIMIT_PER_MINUTE: '0',
      GT_JWT_SECRET: SECRET,
      // A deadline (2.5 s + 2 s) below the driver's 5 s wait for a new connection, so a frozen
      // server is met with DATABASE_TIMEOUT, not DATABASE_UNAVAILABLE.
      GT_QUERY_TIMEOUT_MS: '2500',
      // A loaded 2-core machine has taken over 100 s to start Neo4j.
      GT_NEO4J_START_TIMEOUT_MS: '400000',
      GT_NEO4J_RESTART_DELAY_MS: '200',
      GT_NEO4J_MAX_RESTARTS: '1',
    };
    const log: LogLine[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void log.push(JSON.parse(line) as LogLine) });
    app = await startApplication(loadConfig(env), logger);
    const embedded = app.embedded!;
    const url = app.url;
    const healthz = url.replace(/graphql$/, 'healthz');
    const readyz = url.replace(/graphql$/, 'readyz');
    const before: Record<string, Answer> = {};
    for (const [name, query] of Object.entries(READS)) {
      before[name] = await graphql(url, query);
      expect(before[name]?.codes, name).toBeUndefined();
    }
    expect(jvmsOn(dataDir)).toEqual([embedded.pid]);

    // Frozen for three times the deadline: each read, and a mutation, answers DATABASE_TIMEOUT while it still is.
    const editor = await lancashireEditor();
    const notesBefore = await graphql(url, NOTES);
    expect(notesBefore.codes).toBeUndefined();
    const deadlineMs = app.database.deadlineMs;
    const frozenPid = embedded.pid;
    process.kill(frozenPid, 'SIGSTOP');
    let frozen = true;
    const thaw = sleep(3 * deadlineMs).then(() => {
      frozen = false;
      process.kill(frozenPid, 'SIGCONT');
    });
    let frozenAnswers: [string, Answer, boolean][];
    try {
      frozenAnswers = await Promise.all([
        ...Object.entries(READS).map(async ([name, query]) => {
          const answer = await graphql(url, query);
          return [name, answer, frozen] as [string, Answer, boolean];
        }),
        (async () => {
          const started = performance.now();
          const { body } = await postGraphql(url, UPDATE, { id: ACTIVITY, notes: 'written while frozen' }, editor);
          const answer: Answer = {
            status: 200,
            ms: Math.round(performance.now() - started),
            codes: body.errors?.map((e) => e.extensions?.code),
            data: body.data,
          };
          return ['mutation', answer, frozen] as [string, Answer, boolean];
        })(),
      ]);
    } finally {
      await thaw;
    }
    for (const [name, answer, stillFrozen] of frozenAnswers) {
      expect(answer.codes, `${name} while frozen`).toEqual(['DATABASE_TIMEOUT']);
      expect(stillFrozen, `${name} answered only after the freeze ended (${answer.ms} ms)`).toBe(true);
    }
    // Thawed, the same connections serve again, and the abandoned mutation never committed.
    expect(await within(30_000, async () => (await graphql(url, READS.generated)).codes === undefined)).toBeDefined();
    await sleep(2_000);
    const notesAfter = await graphql(url, NOTES);
    expect(notesAfter.data?.activities).toEqual(notesBefore.data?.activities);
    expect(JSON.stringify(notesAfter.data)).not.toContain('written while frozen');

    // kill -9: logged with the signal, restarted on the same port and password, same answers.
    const killedPid = embedded.pid;
    process.kill(killedPid, 'SIGKILL');
    const exitLogged = await within(30_000, () => log.some((line) => line.signal === 'SIGKILL'));
    expect(exitLogged, 'the exit should be logged').toBeDefined();
    const exitLine = log.find((line) => line.signal === 'SIGKILL')!;
    expect(exitLine).toMatchObject({ level: 50, exitCode: null, restartInMs: 200, logs: path.join(dataDir, 'store', 'logs') });
    expect(exitLine.msg).toMatch(/^the embedded Neo4j exited \(signal SIGKILL\); restarting it in 200 ms$/);
    // A JVM takes seconds to start, so it is still restarting now.
    const restarting = await fetch(readyz);
    expect(restarting.status).toBe(503);
    expect(await restarting.json()).toMatchObject({ status: 'unavailable', database: 'restarting' });
    expect((await fetch(healthz)).status, 'restarting is not failing').toBe(200);

    // While it restarts, an import on the same folder waits for it and starts no JVM of its own,
    // and a second server refuses the folder.
    const importer = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'cli', 'seed.ts')], {
      cwd: PROJECT_ROOT,
      // Its own timeout is the default's order: after kill -9 Neo4j rebuilds indexes for a while.
      env: { ...process.env, ...env, NEO4J_URI: '', LOG_LEVEL: 'warn', GT_QUERY_TIMEOUT_MS: '120000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let importOutput = '';
    importer.stdout.setEncoding('utf8').on('data', (chunk: string) => (importOutput += chunk));
    importer.stderr.setEncoding('utf8').on('data', (chunk: string) => (importOutput += chunk));
    const imported = new Promise<number | null>((resolve) => importer.once('exit', (code) => resolve(code)));
    const second = (await startApplication(loadConfig(env), logger).catch((error: unknown) => error)) as GoldenThreadError;
    expect(second.code).toBe(ErrorCode.ALREADY_RUNNING);
    let mostJvms = 0;
    let importDone = false;
    void imported.then(() => (importDone = true));
    while (!importDone) {
      mostJvms = Math.max(mostJvms, jvmsOn(dataDir).length);
      await sleep(100);
    }
    expect(await imported, importOutput).toBe(0);
    expect(mostJvms, 'JVMs seen on the data folder at once').toBe(1);
    expect(await within(180_000, async () => (await fetch(readyz)).status === 200), 'back by itself').toBeDefined();
    expect(embedded.pid).not.toBe(killedPid);
    expect(jvmsOn(dataDir)).toEqual([embedded.pid]);
    for (const [name, query] of Object.entries(READS)) {
      // Neo4j may still be rebuilding indexes after the kill, past this test's short query timeout.
      let after: Answer | undefined;
      await within(120_000, async () => (after = await graphql(url, query)).codes === undefined, 1_000);
      expect(after?.codes, name).toBeUndefined();
      expect(after?.data, name).toEqual(before[name]?.data);
    }
    expect((await fetch(healthz)).status).toBe(200);

    // Exits past GT_NEO4J_MAX_RESTARTS (1): given up, and /healthz says so.
    process.kill(embedded.pid, 'SIGKILL');
    expect(await within(30_000, () => log.some((line) => line.gaveUp === true))).toBeDefined();
    const health = await fetch(healthz);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: 'failing',
      database: 'down',
      reason: expect.stringMatching(/signal SIGKILL.*given up after 1 restarts/),
    });
    const ready = await fetch(readyz);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', database: 'down' });
    expect(await graphql(url, READS.generated)).toMatchObject({ codes: ['DATABASE_UNAVAILABLE'] });
    await sleep(1_000);
    expect(jvmsOn(dataDir), 'not restarted after giving up').toEqual([]);

    await app.stop();
    app = undefined;
    expect(fs.existsSync(path.join(dataDir, 'golden-thread.pid')), 'the lock is released on stop').toBe(false);
    console.log(
      [
        'supervised embedded Neo4j figures:',
        `  frozen ${3 * deadlineMs} ms (deadline ${deadlineMs} ms): ${frozenAnswers.map(([name, answer]) => `${name} DATABASE_TIMEOUT in ${answer.ms} ms`).join(', ')}`,
        `  kill -9: exit logged ${exitLogged} ms after; most JVMs on the folder at once during restart and a concurrent import: ${mostJvms}`,
      ].join('\n'),
    );
  }, 900_000);
});
