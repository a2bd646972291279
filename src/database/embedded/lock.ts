/**
 * Which process runs the embedded Neo4j on a data folder: a pid lock file, and the connection
 * file that lets another process of ours (e.g. `npm run seed`) use it. Both belong to the Node
 * process that supervises the database, not to its JVM: the lock stays while the JVM is
 * restarted after a crash (a second process seeing it gone started its own JVM on the folder),
 * the connection file is there only while the database is up, and both go when the Node process
 * stops it. Neo4j's own store_lock in the store folder refuses a second live JVM besides
 * (STORE_LOCKED), but not one started while ours is down.
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

/**
 * The data folders this process holds: the pid file cannot tell a second start in the same
 * process (a test, an embedding program) from the first, and while the first one's JVM is
 * restarting, Neo4j's store lock is free.
 */
const heldHere = new Set<string>();

function alreadyRunning(config: EmbeddedDatabaseConfig, holder: number): GoldenThreadError {
  return new GoldenThreadError(
    ErrorCode.ALREADY_RUNNING,
    `Golden Thread is already running (process ${holder}) with the data folder ${config.dataDir}; stop it first, or set GT_DATA_DIR and GT_BOLT_PORT to run another copy.`,
  );
}

/** A second start on the same data folder gets a plain answer instead of a lock trace. */
export function takeLock(config: EmbeddedDatabaseConfig): void {
  const folder = path.resolve(config.dataDir);
  if (heldHere.has(folder)) throw alreadyRunning(config, process.pid);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = lockPath(config);
  try {
    fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
  } catch {
    const holder = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) throw alreadyRunning(config, holder);
    fs.writeFileSync(file, `${process.pid}\n`);
  }
  heldHere.add(folder);
}

export function releaseLock(config: EmbeddedDatabaseConfig): void {
  heldHere.delete(path.resolve(config.dataDir));
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
 * Another live process of ours that holds this data folder, and the Bolt address and password of
 * its database while that is up: the connection file is withdrawn while the holder restarts its
 * database, so `npm run seed` waits for it instead of fighting it for the store lock. The file is
 * readable by its owner only.
 */
export function embeddedHolder(config: EmbeddedDatabaseConfig): { readonly holder: number; readonly connection: EmbeddedConnection | undefined } | undefined {
  let holder: number;
  try {
    holder = Number(fs.readFileSync(lockPath(config), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(holder) || holder === process.pid || !isAlive(holder)) return undefined;
  try {
    return { holder, connection: JSON.parse(fs.readFileSync(connectionPath(config), 'utf8')) as EmbeddedConnection };
  } catch {
    return { holder, connection: undefined };
  }
}

/** While the database restarts, other processes must not try to use it (see embeddedHolder). */
export function withdrawConnection(config: EmbeddedDatabaseConfig): void {
  fs.rmSync(connectionPath(config), { force: true });
}

/** Publishes the running database's address and password to our other processes, owner-readable only. */
export function publishConnection(config: EmbeddedDatabaseConfig, connection: EmbeddedConnection): void {
  fs.writeFileSync(connectionPath(config), JSON.stringify(connection), { mode: 0o600 });
}
