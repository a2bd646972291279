import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Four tiers, as vitest projects (README, "The two commands"). Groups run in `sequence.groupOrder`, one
 * group after another; the projects of one group run together.
 *
 * - unit (group 0): no database at all; its files run in parallel, and a run of only unit tests
 *   starts no Neo4j (the database is set up only by the projects below, and vitest sets up only
 *   the projects that have files in the run).
 * - read (group 0, beside unit): one graph, seeded once for the run by the global setup, shared
 *   by every read file in parallel; nothing in it writes.
 * - write (group 1, after every read): tests that change the graph take away what they added
 *   (test/support/scope.ts); one file at a time, so each test's before/after counts are its own.
 * - slow (group 2, last, one file at a time): faults, restarts, the embedded database, soak,
 *   the explorer in Chromium, fuzz, and the seed import tests, which own the whole graph.
 *
 * The fast tiers do not isolate files: a worker keeps its loaded modules (the app's dependencies
 * load once per worker, not once per file): the read tier's module import time fell from 92 s to
 * 17 s on the shared 2-core box. Nothing in them depends on fresh module state; slow keeps it.
 */
const WORKERS = 2;

export default defineConfig({
  // Node (and so `npm start`) loads graphql's CommonJS build for everyone; Vite would hand our
  // sources its .mjs build instead, and graphql refuses schema objects from a second copy.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: { NODE_ENV: 'test' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          isolate: false,
          include: ['test/unit/**/*.test.ts'],
          provide: { tier: 'unit' },
          sequence: { groupOrder: 0 },
          maxWorkers: WORKERS,
        },
      },
      {
        extends: true,
        test: {
          name: 'read',
          isolate: false,
          include: ['test/read/**/*.test.ts'],
          globalSetup: ['test/support/global-seed.ts'],
          provide: { tier: 'read' },
          sequence: { groupOrder: 0 },
          maxWorkers: WORKERS,
        },
      },
      {
        extends: true,
        test: {
          name: 'write',
          isolate: false,
          include: ['test/write/**/*.test.ts'],
          globalSetup: ['test/support/global-seed.ts'],
          provide: { tier: 'write' },
          sequence: { groupOrder: 1 },
          maxWorkers: 1,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          // Its tests start and stop whole Neo4j servers: one start took over 60 s at load 13.
          testTimeout: 300_000,
          include: ['test/slow/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          provide: { tier: 'slow' },
          sequence: { groupOrder: 2 },
          maxWorkers: 1,
        },
      },
    ],
  },
});
