import { describe, expect, it } from 'vitest';
import { loadConfig, type EmbeddedDatabaseConfig, type RestartPolicy } from '../../src/config.js';
import { isOutOfMemory, nextRestartDelay } from '../../src/database/embedded/restarts.js';

const policy: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 8_000, maxRestarts: 5, windowMs: 60_000 };

describe('restarting the embedded Neo4j', () => {
  it('waits 1 s, then twice as long each time, capped', () => {
    const now = 1_000_000;
    const delays: (number | undefined)[] = [];
    const restarts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const delay = nextRestartDelay(policy, restarts, now + i);
      delays.push(delay);
      restarts.push(now + i);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, undefined]);
  });

  it('gives up at maxRestarts within the window, and not one restart before', () => {
    const now = 1_000_000;
    expect(nextRestartDelay(policy, [now - 4, now - 3, now - 2, now - 1], now)).toBe(8_000);
    expect(nextRestartDelay(policy, [now - 5, now - 4, now - 3, now - 2, now - 1], now)).toBeUndefined();
    expect(nextRestartDelay({ ...policy, maxRestarts: 0 }, [], now)).toBeUndefined();
  });

  it('forgets restarts older than the window, so a rare crash waits the first delay again', () => {
    const now = 1_000_000;
    const old = [now - 60_000, now - 60_001, now - 70_000, now - 80_000, now - 90_000];
    expect(nextRestartDelay(policy, old, now)).toBe(1_000);
    expect(nextRestartDelay(policy, [...old, now - 59_999], now)).toBe(2_000);
  });

  it('is configured by GT_NEO4J_RESTART_* with the documented defaults', () => {
    expect((loadConfig({}).database as EmbeddedDatabaseConfig).restart).toEqual({ firstDelayMs: 1_000, maxDelayMs: 30_000, maxRestarts: 5, windowMs: 600_000 });
    const set = loadConfig({
      GT_NEO4J_RESTART_DELAY_MS: '50',
      GT_NEO4J_RESTART_MAX_DELAY_MS: '200',
      GT_NEO4J_MAX_RESTARTS: '0',
      GT_NEO4J_RESTART_WINDOW_MS: '1000',
    });
    expect((set.database as EmbeddedDatabaseConfig).restart).toEqual({ firstDelayMs: 50, maxDelayMs: 200, maxRestarts: 0, windowMs: 1_000 });
    expect(() => loadConfig({ GT_NEO4J_MAX_RESTARTS: '-1' })).toThrow(/GT_NEO4J_MAX_RESTARTS/);
  });

  it("recognises HotSpot's out-of-memory exit in the JVM's last lines", () => {
    expect(isOutOfMemory(['Terminating due to java.lang.OutOfMemoryError: Java heap space'])).toBe(true);
    expect(isOutOfMemory(['2026-12-01 INFO Started.'])).toBe(false);
  });
});
