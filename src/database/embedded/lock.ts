/**
 * Which process runs the embedded Neo4j on a data folder: a pid lock file, and the connection
 * file that lets another process of ours (e.g. `npm run seed`) use it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddedDatabaseConfig } from '../../config.js';
import { ErrorCode, GoldenThreadError } from '../../errors.js';

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
export function takeLock(config: EmbeddedDatabaseConfig): void {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = lockPath(config);
  try {
    fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
    return;
  } catch {
    const holder = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new GoldenThreadError(
        ErrorCode.ALREADY_RUNNING,
        `Golden Thread is already running (process ${holder}) with the data folder ${config.dataDir}; stop it first, or set GT_DATA_DIR and GT_BOLT_PORT to run another copy.`,
      );
    }
    fs.writeFileSync(file, `${process.pid}\n`);
  }
}

export function releaseLock(config: EmbeddedDatabaseConfig): void {
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

/** Publishes the running database's address and password to our other processes, owner-readable only. */
export function publishConnection(config: EmbeddedDatabaseConfig, connection: EmbeddedConnection): void {
  fs.writeFileSync(connectionPath(config), JSON.stringify(connection), { mode: 0o600 });
}
