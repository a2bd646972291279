/**
 * Page sizes need more nodes of one type than the seed has: 600 extra principles, created for
 * this file and removed after it (every one carries dataset 'limits-test', which nothing else does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApplication, type Application } from '../../src/app.js';
import type { Database } from '../../src/database/driver.js';
import { createLogger } from '../../src/logger.js';
import { testConfig, testDatabase } from '../support/graph.js';
import { GraphScope } from '../support/scope.js';

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

let db: Database;
let app: Application;
let scope: GraphScope | undefined;

async function post(url: string, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as GraphQLBody };
}

beforeAll(async () => {
  db = await testDatabase();
  app = await startApplication(testConfig(), createLogger({ logLevel: 'silent' }));
});

afterAll(async () => {
  await app?.stop();
  await db?.close();
});

describe('page size', () => {
  const EXTRA = 600;
  beforeAll(async () => {
    scope = await GraphScope.open(db);
    await scope.marks('Principle', 'dataset', 'limits-test');
    await db.run(
      `UNWIND range(1, $n) AS i
       CREATE (:Principle:Entity { id: 'limits-test/principle/' + i, type: 'PRINCIPLE', name: 'Principle ' + i, dataset: 'limits-test' })`,
      { n: EXTRA },
      'WRITE',
    );
  });
  afterAll(async () => {
    await scope?.close();
  });

  it('returns at most 500 nodes when asked for more than @limit max', async () => {
    const { status, body } = await post(app.url, { query: '{ principles(limit: 1000) { id } }' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.principles as unknown[]).toHaveLength(500);
  });

  it('returns the @limit default of 50 when no limit is given', async () => {
    const { body } = await post(app.url, { query: '{ principles { id } }' });
    expect(body.data?.principles as unknown[]).toHaveLength(50);
  });

  it('caps a connection page at 500 too, but only says there is a next page when `first` is at most 500', async () => {
    type Page = { totalCount: number; edges: unknown[]; pageInfo: { hasNextPage: boolean } };
    const page = async (first: number) => {
      const { body } = await post(app.url, {
        query: `{ principlesConnection(first: ${first}) { totalCount edges { node { id } } pageInfo { hasNextPage } } }`,
      });
      expect(body.errors).toBeUndefined();
      return body.data?.principlesConnection as Page;
    };
    const over = await page(1000);
    expect(over.edges).toHaveLength(500);
    expect(over.totalCount).toBeGreaterThan(EXTRA);
    // @neo4j/graphql 7.6.3 compares the rows against the `first` asked for, not the capped page,
    // so a client asking past the max is told there is nothing more; totalCount still tells.
    expect(over.pageInfo.hasNextPage).toBe(false);
    const atMax = await page(500);
    expect(atMax.edges).toHaveLength(500);
    expect(atMax.pageInfo.hasNextPage).toBe(true);
  });
});
