import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../src/config.js';
import { freePort } from '../test/support/ports.js';

/**
 * The application as the benchmarks run it: production mode, its own embedded Neo4j in a
 * throw-away folder on free loopback ports, no per-client rate limit (one load generator is one
 * client) and no per-request log line at info (it would measure the terminal as much as the API).
 */
export async function benchAppConfig(prefix: string, overrides: Record<string, string>): Promise<{ config: Config; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const config = loadConfig({
    NODE_ENV: 'production',
    GT_DATA_DIR: dataDir,
    GT_BOLT_PORT: String(await freePort()),
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    GT_RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...(process.env.GT_NEO4J_HEAP ? { GT_NEO4J_HEAP: process.env.GT_NEO4J_HEAP } : {}),
    ...(process.env.GT_NEO4J_PAGECACHE ? { GT_NEO4J_PAGECACHE: process.env.GT_NEO4J_PAGECACHE } : {}),
    ...(process.env.GT_CACHE_DIR ? { GT_CACHE_DIR: process.env.GT_CACHE_DIR } : {}),
    ...overrides,
  });
  return { config, dataDir };
}
