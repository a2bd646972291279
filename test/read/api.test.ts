import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApplication, type Application } from '../../src/app.js';
import type { Database } from '../../src/database/driver.js';
import { createLogger } from '../../src/logger.js';
import { testConfig, testDatabase } from '../support/graph.js';

let db: Database;
let app: Application;
let base: string;

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return {
    status: response.status,
    body: (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

beforeAll(async () => {
  db = await testDatabase();
  app = await startApplication(testConfig(), createLogger({ logLevel: 'silent' }));
  base = app.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await app?.stop();
  await db?.close();
});

describe('the API over a real Neo4j', () => {
  it('answers a generated query end to end from the database', async () => {
    const { status, body } = await graphql(
      `
        query Activity($id: ID!) {
          activities(where: { id: { eq: $id } }) {
            id
            number
            text
            contributesTo(sort: [{ number: ASC }]) {
              number
            }
          }
        }
      `,
      { id: 'lancashire-csa-2014-2016/activity/7' },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const activities = body.data?.activities as { number: number; text: string; contributesTo: { number: number }[] }[];
    expect(activities).toHaveLength(1);
    expect(activities[0]?.text).toContain('Lancashire Alcohol Strategy');
    expect(activities[0]?.contributesTo.map((o) => o.number)).toEqual(expect.arrayContaining([3, 4]));
  });

  it('returns evidence on relationships through the generated connections', async () => {
    const { body } = await graphql(`
      {
        agreements(where: { id: { eq: "lancashire-csa-2014-2016" } }) {
          requiredByConnection {
            edges {
              node {
                id
              }
              properties {
                basis
                source
              }
            }
          }
        }
      }
    `);
    const edges = (body.data?.agreements as { requiredByConnection: { edges: { node: { id: string }; properties: { basis: string; source: string } }[] } }[])[0]
      ?.requiredByConnection.edges;
    expect(edges?.[0]?.node.id).toBe('uksi/2007/1830/regulation/9');
    expect(edges?.[0]?.properties.basis).toBe('EXTERNAL');
    expect(edges?.[0]?.properties.source).toMatch(/legislation\.gov\.uk/);
  });

  it('rejects an unknown field with a validation code, not a 500', async () => {
    const { status, body } = await graphql('{ activities { colour } }');
    // Sent without Accept, so answered as application/json: 200, the error in the body (test/read/graphql-over-http.test.ts).
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('/healthz says the process is alive', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('/readyz says the database is reachable', async () => {
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', database: 'up' });
  });

  it('GET on the endpoint in a browser gives the offline GraphiQL page (or how to build it), not a CDN landing page', async () => {
    const response = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('Golden Thread GraphQL API');
    // Built: the GraphiQL mount point; not built (no npm start before this run): the command that builds it.
    expect(html).toMatch(/id="graphiql"|npm run build:ide/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain('href="/explorer"');
  });
});
