import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { soak, soakTable } from '../../bench/soak.js';
import { startApplication, type Application } from '../../src/app.js';
import type { Database } from '../../src/database/driver.js';
import { createLogger } from '../../src/logger.js';
import { resetToSeed, testConfig, testDatabase } from '../support/graph.js';

let db: Database;
let app: Application;

beforeAll(async () => {
  db = await testDatabase();
  await resetToSeed(db);
  // The limiter would (rightly) refuse 20 clients on one address; this measures the API.
  app = await startApplication(testConfig({ GT_RATE_LIMIT_PER_MINUTE: '0' }), createLogger({ logLevel: 'silent' }));
});

afterAll(async () => {
  await app?.stop();
  await db?.close();
});

/**
 * Retained heap allowed to grow over the run (after a forced GC before and after). A warm API
 * keeps well under 1 MB here (measured); a per-request leak of a few KB over the thousand or so
 * requests of this run crosses it.
 */
const HEAP_GROWTH_LIMIT_MB = 16;

describe('a short soak (20 clients, 10 s) on loopback', () => {
  it('answers every request cleanly and keeps its heap steady', async () => {
    const result = await soak({ url: app.url, connections: 20, durationSeconds: 10, warmupSeconds: 3 });
    console.log(`short soak:\n${soakTable(result)}`);
    expect(result.firstFailure).toBeNull();
    expect(result.failed).toBe(0);
    // Throughput depends on what else the machine runs; two answers per client keeps this from
    // passing on nothing.
    expect(result.requests).toBeGreaterThanOrEqual(2 * 20);
    expect(result.heapGrowthMb).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
  }, 120_000);
});
