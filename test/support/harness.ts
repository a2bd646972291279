/** Starts the real application on the seeded test graph and queries it over HTTP. */
import { startApplication, type Application } from '../../src/app.js';
import type { Database } from '../../src/database/driver.js';
import { createLogger } from '../../src/logger.js';
import { resetToSeed, testConfig, testDatabase } from './graph.js';

export interface GraphQLResponse<T> {
  readonly data?: T | null;
  readonly errors?: readonly { message: string; extensions?: { code?: string } }[];
}

export interface Harness {
  readonly db: Database;
  readonly app: Application;
  query<T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Queries and fails on any error, returning data. */
  data<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The application on the run's seeded graph. `reset` (the slow tier only, which owns the whole
 * graph) imports the seed again first; read and write files use the graph as the run seeded it.
 */
export async function startHarness(options: { reset?: boolean } = {}): Promise<Harness> {
  const db = await testDatabase();
  if (options.reset) await resetToSeed(db);
  const app = await startApplication(testConfig(), createLogger({ logLevel: 'silent' }));
  const query = async <T>(text: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: text, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
  return {
    db,
    app,
    query,
    async data<T>(text: string, variables: Record<string, unknown> = {}): Promise<T> {
      const result = await query<T>(text, variables);
      if (result.errors && result.errors.length > 0) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      if (result.data === undefined || result.data === null) throw new Error('GraphQL returned no data');
      return result.data;
    },
    async close() {
      await app.stop();
      await db.close();
    },
  };
}

export const ACTIVITY = (n: number) => `lancashire-csa-2014-2016/activity/${n}`;
export const OUTCOME = (n: number) => `lancashire-csa-2014-2016/outcome/${n}`;
export const AGREEMENT = 'lancashire-csa-2014-2016';

export const STEP = `from { id type name } relationship to { id type name } reversed evidence { basis source quote note verified validFrom validTo }`;

/** An EntityRef as the operations answer it. */
export interface Ref {
  id: string;
  type: string;
  name: string;
}

/** One hop as STEP selects it. */
export interface Step {
  from: Ref;
  relationship: string;
  to: Ref;
  reversed: boolean;
  evidence: {
    basis: string;
    source: string;
    quote: string | null;
    note: string | null;
    verified: boolean | null;
    validFrom: string | null;
    validTo: string | null;
  };
}
