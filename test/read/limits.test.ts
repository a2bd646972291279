import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApplication, type Application } from '../../src/app.js';
import type { Database } from '../../src/database/driver.js';
import { createLogger } from '../../src/logger.js';
import { SECRET, token } from '../support/auth.js';
import { testConfig, testDatabase } from '../support/graph.js';

interface GraphQLError {
  message: string;
  extensions?: Record<string, unknown> & { code?: string };
}
interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLError[];
  extensions?: Record<string, unknown>;
}

let db: Database;
/** Default limits, as a fresh install has them. */
let app: Application;
/** A tiny rate limit, so tripping it takes a handful of requests. */
let rated: Application;
/** NODE_ENV=production. */
let production: Application;

const RATE = 5;
const ACTIVITY = 'lancashire-csa-2014-2016/activity/7';
const AGREEMENT = 'lancashire-csa-2014-2016';
const logger = createLogger({ logLevel: 'silent' });

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLBody };
}

/** `levels` relationship fields nested in one another under `activities`, each asking for `limit` nodes. */
function nested(levels: number, limit: number): string {
  // activity -> contributesTo (Outcome) -> contributors (Activity) -> ... alternating.
  let inner = 'id';
  for (let level = levels; level >= 1; level -= 1) {
    inner = `${level % 2 === 1 ? 'contributesTo' : 'contributors'}(limit: ${limit}) { id ${inner} }`;
  }
  return `{ activities(limit: ${limit}) { ${inner} } }`;
}

beforeAll(async () => {
  db = await testDatabase();
  app = await startApplication(testConfig(), logger);
  rated = await startApplication(testConfig({ GT_RATE_LIMIT_PER_MINUTE: String(RATE) }), logger);
  production = await startApplication(testConfig({ NODE_ENV: 'production' }), logger);
});

afterAll(async () => {
  await app?.stop();
  await rated?.stop();
  await production?.stop();
  await db?.close();
});

describe('query depth and cost', () => {
  it('refuses a query nested deeper than the limit with its depth and the limit, running nothing', async () => {
    // 12 relationship levels under `activities`, plus `id`: 14 fields deep.
    const { status, body } = await post(app.url, { query: nested(12, 1) });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 14, limit: 12 });
    // The status travels in extensions.http inside the server only.
    expect(body.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect(body.errors?.[0]?.message).toContain('14');
  });

  it('refuses depth and cost before validation: a deep or dear document is refused for that, whatever else is wrong in it', async () => {
    // The security issue's chain of 30 fragments, each nesting 120 fields, took 188 ms to validate before being refused.
    const chain = Array.from({ length: 30 }, (_, i) => {
      let inner = i + 1 < 30 ? `...F${i + 1}` : 'noSuchField';
      for (let level = 120; level >= 1; level -= 1) inner = `${level % 2 === 1 ? 'contributesTo' : 'contributors'} { ${inner} }`;
      return `fragment F${i} on Activity { ${inner} }`;
    });
    const deep = await post(app.url, { query: `{ activities { ...F0 } } ${chain.join(' ')}` });
    expect(deep.status).toBe(400);
    expect(deep.body.errors).toHaveLength(1);
    expect(deep.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 30 * 120 + 2, limit: 12 });
    // Validation would have named the unknown field; the cost rule comes first too.
    const dear = await post(app.url, { query: '{ activities(limit: 500) { id noSuchField addresses(limit: 500) { id } } }' });
    expect(dear.status).toBe(400);
    // The unknown field has no price: 500 activities x (id + 500 addresses x id + 1) + 1.
    expect(dear.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 500 * (1 + 500 + 1) + 1, limit: 100_000 });
    // Within the limits, validation names it.
    const shallow = await post(app.url, { query: '{ activities(limit: 1) { id noSuchField } }' });
    expect(shallow.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('counts a list without `limit` as the page @limit gives it (50), not as one node', async () => {
    const { status, body } = await post(app.url, {
      query: 'query One($id: ID!) { activities(where: { id: { eq: $id } }) { id number contributesTo { number } } }',
      variables: { id: ACTIVITY },
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect((body.data?.activities as unknown[]).length).toBe(1);
    // activities: 50 x (id 1 + number 1 + contributesTo (50 x number 1 + 1)) + 1
    expect(body.extensions?.cost).toEqual({ estimated: 50 * (1 + 1 + (50 * 1 + 1)) + 1, limit: 100_000 });
  });

  it('refuses a query whose estimated cost is above the limit, with the cost and the limit', async () => {
    const { status, body } = await post(app.url, { query: '{ activities(limit: 500) { id addresses(limit: 500) { id } } }' });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    // 500 activities x (id + 500 priorities x id + 1) + 1
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 500 * (1 + 500 + 1) + 1, limit: 100_000 });
  });

  it('refuses the abuse the limits exist for: ten nested relationships of 500 each', async () => {
    const { status, body } = await post(app.url, { query: nested(10, 500) });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors?.[0]?.extensions?.cost).toBeGreaterThan(500 ** 10);
  });

  it('prices a `first` above @limit max at the max, since that is all it can return', async () => {
    const { status, body } = await post(app.url, { query: '{ activitiesConnection(first: 100000) { edges { node { id } } } }' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    // 500 x (edges 1 + node 1 + id 1) + 1: the connection's children count once per page row.
    expect(body.extensions?.cost).toEqual({ estimated: 500 * 3 + 1, limit: 100_000 });
  });

  it('gives the hand-written operations a fixed cost', async () => {
    const { body } = await post(app.url, { query: 'query T($id: ID!) { trace(activityId: $id) { message grounded } }', variables: { id: ACTIVITY } });
    expect(body.errors).toBeUndefined();
    expect(body.extensions?.cost).toEqual({ estimated: 100 + 2, limit: 100_000 });
    const search = await post(app.url, { query: '{ search(text: "alcohol", first: 10) { id name } }' });
    expect(search.body.errors).toBeUndefined();
    expect(search.body.extensions?.cost).toEqual({ estimated: 10 + 10 * 2, limit: 100_000 });
  });

  it('prices impact by its page: each dependent on it gets its own chain', async () => {
    const query = 'query I($first: Int) { impact(id: "ukpga/1998/37", first: $first) { totalCount } }';
    const small = await post(app.url, { query, variables: { first: 10 } });
    const large = await post(app.url, { query, variables: { first: 400 } });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.extensions?.cost).toEqual({ estimated: 100 + 10 + 1, limit: 100_000 });
    expect(large.body.extensions?.cost).toEqual({ estimated: 100 + 400 + 1, limit: 100_000 });
  });

  it('counts only the operation that runs when a document holds several', async () => {
    const query = `query Cheap { agreements { id } } query Dear ${nested(10, 500)}`;
    const { status, body } = await post(app.url, { query, operationName: 'Cheap' });
    expect(status).toBe(200);
    expect(body.extensions?.cost).toEqual({ estimated: 50 * 1 + 1, limit: 100_000 });
  });
});

describe('the shape of a document, refused before validation', () => {
  const times = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');

  it('refuses the 11,900-repeat document of the security issue at once, naming the rule', async () => {
    const started = performance.now();
    const { status, body } = await post(app.url, { query: `{ activities { ${'id '.repeat(11_900)}} }` });
    const ms = performance.now() - started;
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      rule: 'repeats',
      found: 11_900,
      limit: 10,
      selection: 'activities.id',
    });
    // Refused after validation it took 20 s in development, 53 s on the loaded test machine.
    expect(ms).toBeLessThan(5_000);
  });

  it('answers a field asked for ten times at one place, and refuses eleven', async () => {
    const ok = await post(app.url, { query: `{ agreements { ${times(10, () => 'id')} } }` });
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    const refused = await post(app.url, { query: `{ agreements { ${times(6, () => 'id')} ...A ...A ...A ...A ...A } } fragment A on Agreement { id }` });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      rule: 'repeats',
      found: 11,
      limit: 10,
      selection: 'agreements.id',
    });
  });

  it('runs 100 aliases of an operation a few at a time, other clients and /readyz unaffected; refuses 101 and 200', async () => {
    const wide = (n: number) => ({
      query: `query Wide($id: ID!) { ${times(n, (i) => `c${i}: coverage(agreementId: $id) { agreement { id } }`)} }`,
      variables: { id: AGREEMENT },
    });
    let running = true;
    const others: number[] = [];
    const ready: number[] = [];
    const probes = (async () => {
      while (running) {
        const [other, readyz] = await Promise.all([post(app.url, { query: '{ agreements(limit: 1) { id } }' }), fetch(app.url.replace('/graphql', '/readyz'))]);
        others.push(other.body.errors === undefined && other.status === 200 ? 200 : other.status);
        ready.push(readyz.status);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const { status, body } = await post(app.url, wide(100));
    running = false;
    await probes;
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data ?? {})).toHaveLength(100);
    expect(others.length).toBeGreaterThan(0);
    expect(new Set(others)).toEqual(new Set([200]));
    expect(new Set(ready)).toEqual(new Set([200]));

    for (const n of [101, 200]) {
      const refused = await post(app.url, wide(n));
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', rule: 'rootFields', found: n, limit: 100 });
    }
  });
});

describe('rate limit', () => {
  const query = { query: '{ agreements { id } }' };
  const bearer = async (subject: string, secret?: string) => ({ authorization: `Bearer ${await token({ roles: ['editor'] }, { subject, secret })}` });
  /** A fresh app, so each test starts with every client's budget full. */
  async function withApp(env: Record<string, string>, test: (url: string) => Promise<void>) {
    const limited = await startApplication(testConfig({ GT_JWT_SECRET: SECRET, ...env }), logger);
    try {
      await test(limited.url);
    } finally {
      await limited.stop();
    }
  }
  const statuses = async (url: string, n: number, headers: () => Record<string, string> | Promise<Record<string, string>>) => {
    const seen: number[] = [];
    for (let i = 0; i < n; i += 1) seen.push((await post(url, query, await headers())).status);
    return seen;
  };

  it('answers 429 RATE_LIMITED past the limit, with the standard headers, saying which budget ran out', async () => {
    for (let i = 1; i <= RATE; i += 1) {
      const ok = await post(rated.url, query);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit')).toMatch(new RegExp(`limit=${RATE}, remaining=${RATE - i}`));
    }
    const refused = await post(rated.url, query);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(refused.headers.get('ratelimit-policy')).toBe(`${RATE};w=60`);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const error = refused.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED', budget: 'requests', limit: RATE });
    expect(error?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(60);
    const base = rated.url.replace(/\/graphql$/, '');
    for (let i = 0; i < RATE + 2; i += 1) {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    }
  });

  it('does not start a fresh budget for a made-up x-api-key or X-Forwarded-For on each request (security issue 12, finding 6)', async () => {
    await withApp({ GT_RATE_LIMIT_PER_MINUTE: String(RATE) }, async (url) => {
      const madeUp = () => ({ 'x-api-key': crypto.randomUUID(), 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}` });
      expect(await statuses(url, RATE + 3, madeUp)).toEqual([...Array<number>(RATE).fill(200), 429, 429, 429]);
    });
  });

  it('gives each verified token subject its own budget, and a forged token none', async () => {
    await withApp({ GT_RATE_LIMIT_PER_MINUTE: String(RATE) }, async (url) => {
      expect(await statuses(url, RATE + 1, () => bearer('a@example.org'))).toEqual([...Array<number>(RATE).fill(200), 429]);
      // Another signed-in client, from the same address, is unaffected; so is the address itself.
      expect(await statuses(url, RATE + 1, () => bearer('b@example.org'))).toEqual([...Array<number>(RATE).fill(200), 429]);
      expect(await statuses(url, RATE - 1, () => ({}))).toEqual(Array<number>(RATE - 1).fill(200));
      // A token this server did not sign counts against its address: refused (401) while the
      // address has budget, then limited like any anonymous request, whatever subject it names.
      const forged = () => bearer(crypto.randomUUID(), 'a-secret-this-server-does-not-know-at-all');
      expect(await statuses(url, 2, forged)).toEqual([401, 429]);
      expect(await statuses(url, 1, () => ({}))).toEqual([429]);
    });
  });

  it('counts clients behind a trusted proxy by the address the proxy adds', async () => {
    await withApp({ GT_RATE_LIMIT_PER_MINUTE: String(RATE), GT_TRUST_PROXY: 'loopback' }, async (url) => {
      const from = (address: string) => () => ({ 'x-forwarded-for': address });
      expect(await statuses(url, RATE + 1, from('203.0.113.7'))).toEqual([...Array<number>(RATE).fill(200), 429]);
      expect(await statuses(url, RATE + 1, from('198.51.100.9'))).toEqual([...Array<number>(RATE).fill(200), 429]);
    });
  });

  it('charges each query its estimated cost: a client past its budget is refused while another runs', async () => {
    // activitiesConnection(first: 500) { edges { node { id } } } costs 500 x 3 + 1 = 1501.
    const dear = { query: '{ activitiesConnection(first: 500) { edges { node { id } } } }' };
    const cheap = { query: '{ agreements { id } }' }; // 50 x 1 + 1 = 51
    await withApp({ GT_MAX_QUERY_COST: '2000', GT_RATE_LIMIT_COST_PER_MINUTE: '4600' }, async (url) => {
      const a = await bearer('a@example.org');
      for (let i = 0; i < 3; i += 1) {
        const ok = await post(url, dear, a);
        expect(ok.status).toBe(200);
        expect(ok.body.extensions?.cost).toEqual({ estimated: 1501, limit: 2000 });
      }
      // 3 x 1501 = 4503 spent; a fourth would make 6004.
      const refused = await post(url, dear, a);
      expect(refused.status).toBe(429);
      expect(refused.body.data).toBeUndefined();
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', budget: 'cost', limit: 4600, remaining: 97, cost: 1501 });
      expect(refused.body.errors?.[0]?.message).toMatch(/costs 1501 and 97 of this client's 4600 a minute are left; try again in \d+ s/);
      // The refused query was not charged: a cheap one still fits in what is left, then one more does not.
      expect((await post(url, cheap, a)).status).toBe(200);
      expect((await post(url, cheap, a)).status).toBe(429);
      // Another client, and the anonymous address, have their own budgets.
      expect((await post(url, dear, await bearer('b@example.org'))).status).toBe(200);
      expect((await post(url, dear)).status).toBe(200);
    });
  });
});

describe('request bodies', () => {
  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE as JSON', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ agreements { id } } # ${'x'.repeat(110 * 1024)}` }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 100 * 1024 });
  });

  it('takes GT_MAX_BODY_BYTES as the limit', async () => {
    const small = await startApplication(testConfig({ GT_MAX_BODY_BYTES: '200' }), logger);
    try {
      const fits = await post(small.url, { query: '{ agreements { id } }' });
      expect(fits.status).toBe(200);
      const over = await post(small.url, { query: `{ agreements { id } } # ${'x'.repeat(200)}` });
      expect(over.status).toBe(413);
      expect(over.body.errors?.[0]?.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 200 });
    } finally {
      await small.stop();
    }
  });

  it('answers malformed JSON with 400 BAD_REQUEST as JSON, not an HTML page or a 500', async () => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ agreements { id } }"' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(body.errors?.[0]?.message).toMatch(/not valid JSON/);
  });
});

describe('production mode', () => {
  it('refuses introspection in production', async () => {
    const query = { query: '{ __schema { queryType { name } } }' };
    const open = await post(app.url, query);
    expect(open.status).toBe(200);
    expect(open.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const closed = await post(production.url, query, { accept: 'application/graphql-response+json' });
    expect(closed.status).toBe(400);
    expect(closed.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(closed.body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('serves no landing page in production', async () => {
    const development = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(development.status).toBe(200);
    expect(await development.text()).toContain('Golden Thread GraphQL API');
    const response = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/html/);
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(/<html|<form/i);
    // Nor GraphiQL's files, built or not.
    const bundle = await fetch(production.url.replace(/\/graphql$/, '/ide/graphiql.js'));
    expect(bundle.status).toBe(404);
  });

  it('publishes the schema file in production, where introspection is off', async () => {
    const response = await fetch(production.url.replace(/\/graphql$/, '/schema.graphql'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('type Query {');
  });

  it('refuses a GET or a text/plain POST without a preflight header (CSRF), and runs them with one', async () => {
    const get = `${production.url}?query=${encodeURIComponent('{ agreements { id } }')}`;
    const bare = await fetch(get);
    expect(bare.status).toBe(400);
    expect(await bare.text()).toMatch(/Cross-Site Request Forgery/);
    const withHeader = await fetch(get, { headers: { 'apollo-require-preflight': 'true' } });
    expect(withHeader.status).toBe(200);
    expect(((await withHeader.json()) as GraphQLBody).data?.agreements).toBeDefined();

    const plain = await fetch(production.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ agreements { id } }' }),
    });
    expect(plain.status).toBe(400);
    expect(await plain.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it('suggests no field names in production, where the schema is not public', async () => {
    const query = { query: '{ agreement { id } }' };
    const development = await post(app.url, query);
    expect(development.body.errors?.[0]?.message).toMatch(/Did you mean "agreements/);
    const response = await post(production.url, query, { accept: 'application/graphql-response+json' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.body.errors?.[0]?.message).toBe('Cannot query field "agreement" on type "Query".');
  });

  it('sends no stack traces in production', async () => {
    const query = { query: '{ trace(activityId: "no/such/activity") { message } }' };
    const development = await post(app.url, query);
    expect(development.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(development.body.errors?.[0]?.extensions?.stacktrace).toBeDefined();
    const response = await post(production.url, query);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(response.body.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    expect(JSON.stringify(response.body)).not.toMatch(/\.ts:\d+|node_modules/);
  });
});
