/**
 * The setup every write-tier file shares: the test graph, an API on it that verifies tokens signed
 * with SECRET, and a scope that takes away what each test adds (test/support/scope.ts).
 */
import { afterAll, beforeAll } from 'vitest';
import { startApplication, type Application } from '../../src/app.js';
import type { Database } from '../../src/database/driver.js';
import { createLogger } from '../../src/logger.js';
import { SECRET } from './auth.js';
import { testConfig, testDatabase } from './graph.js';
import { useGraphScope } from './scope.js';

export interface SignedInApi {
  /** The test graph, for reading what the API wrote (and for the rare direct write a test needs). */
  readonly db: Database;
  /** The API's base URL. */
  readonly url: string;
}

export function useSignedInApi(): { readonly api: SignedInApi; readonly scope: ReturnType<typeof useGraphScope> } {
  let db: Database | undefined;
  let app: Application | undefined;
  beforeAll(async () => {
    db = await testDatabase();
    app = await startApplication(testConfig({ GT_JWT_SECRET: SECRET }), createLogger({ logLevel: 'silent' }));
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: use it inside a test or a hook`);
    return value;
  };
  const api: SignedInApi = {
    get db() {
      return started(db, 'the test database');
    },
    get url() {
      return started(app, 'the API').url;
    },
  };
  return { api, scope: useGraphScope(() => api.db) };
}
