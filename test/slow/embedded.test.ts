import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApplication } from '../../src/app.js';
import { loadConfig, type EmbeddedDatabaseConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/database/driver.js';
import { startEmbeddedNeo4j } from '../../src/database/embedded.js';
import { ErrorCode, GoldenThreadError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
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
      // Within one process the store lock answers; across processes (two `npm start`s) the pid file does.
      expect(error.message).toMatch(/^The data folder .+ is in use by another Neo4j process; stop it first or set GT_DATA_DIR to another folder\.$/);
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
