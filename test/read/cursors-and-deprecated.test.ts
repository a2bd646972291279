/**
 * Partner tools page through connections and read the public schema: a cursor the API never gave
 * out is refused everywhere (not silently read as the first page), and the schema they introspect
 * carries none of @neo4j/graphql's deprecated members.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/operations/impact/paging.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 300_000);

afterAll(async () => {
  await h?.close();
});

const ROOT = `query ($after: String) { activitiesConnection(first: 2, after: $after, sort: [{ id: ASC }]) { edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }`;
const NESTED = `query ($after: String) { agreements(where: { id: { eq: "lancashire-csa-2014-2016" } }) { requiredByConnection(first: 2, after: $after) { edges { node { id } } pageInfo { endCursor } } } }`;
const IMPACT = `query ($after: String) { impact(id: "lancashire-csa-2014-2016/outcome/3", first: 1, after: $after) { endCursor dependents { entity { id } cursor } } }`;

interface RootPage {
  activitiesConnection: { edges: { cursor: string; node: { id: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } };
}

const codes = (answer: { errors?: readonly { extensions?: { code?: string } }[] }) => (answer.errors ?? []).map((error) => error.extensions?.code);

describe('connection cursors', () => {
  let realCursor: string;
  let impactCursor: string;

  beforeAll(async () => {
    const page = await h.data<RootPage>(ROOT);
    expect(page.activitiesConnection.pageInfo.hasNextPage).toBe(true);
    realCursor = page.activitiesConnection.pageInfo.endCursor;
    // An offset of 1: 17 bytes, so the library's cursor ends in padding that a re-encoding can drop.
    expect(realCursor).toMatch(/=$/);
    // Made as impact makes its cursors, so the generated connections' checks need no slow impact run.
    impactCursor = encodeCursor({ id: 'lancashire-csa-2014-2016/activity/7', type: 'ACTIVITY', name: 'Activity 7' } as Parameters<typeof encodeCursor>[0]);
  });

  it('pages on with the endCursor it gave out, on a root and a nested connection', async () => {
    const first = await h.data<RootPage>(ROOT);
    const second = await h.data<RootPage>(ROOT, { after: realCursor });
    expect(second.activitiesConnection.edges).toHaveLength(2);
    expect(second.activitiesConnection.edges.map((edge) => edge.node.id)).not.toContain(first.activitiesConnection.edges[1]?.node.id);
    expect(codes(await h.query(NESTED, { after: realCursor }))).toEqual([]);
  });

  it.each([
    ['made up', () => 'made-up'],
    ['empty', () => ''],
    ['truncated by one character', () => realCursor.slice(0, -1)],
    ['truncated to its prefix', () => realCursor.slice(0, 20)],
    ['re-encoded without its padding', () => Buffer.from(realCursor, 'base64').toString('base64url')],
    ['with a negative offset', () => Buffer.from('arrayconnection:-1').toString('base64')],
    ['past a 64-bit offset', () => Buffer.from('arrayconnection:12345678901234567890123').toString('base64')],
    ['impact’s cursor', () => impactCursor],
  ])('refuses a cursor %s on a generated connection, root or nested, with BAD_USER_INPUT and HTTP 400', async (_name, cursor) => {
    for (const query of [ROOT, NESTED]) {
      const response = await fetch(h.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { after: cursor() } }),
      });
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
      expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors?.[0]?.message).toBe('after is not a cursor this API gave out; use an endCursor from a previous page.');
      expect(answer.data).toBeUndefined();
    }
  });

  it.each([
    ['made up', () => 'made-up'],
    ['truncated', () => impactCursor.slice(0, -3)],
    ['a generated connection’s', () => realCursor],
  ])('refuses a cursor %s on impact, our own paged operation, with BAD_USER_INPUT', async (_name, cursor) => {
    const answer = await h.query(IMPACT, { after: cursor() });
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(answer.errors?.[0]?.message).toMatch(/after must be an endCursor/);
  });

  it('still pages impact with its own cursor', async () => {
    expect(codes(await h.query(IMPACT, { after: impactCursor }))).toEqual([]);
  });
});

describe('the public schema', () => {
  it('has no deprecated field, argument, input field or enum value (@neo4j/graphql’s are left out)', async () => {
    const introspection = await h.data<{
      __schema: {
        types: {
          name: string;
          fields: { name: string; isDeprecated: boolean; args: { name: string; isDeprecated: boolean }[] }[] | null;
          inputFields: { name: string; isDeprecated: boolean }[] | null;
          enumValues: { name: string; isDeprecated: boolean }[] | null;
        }[];
      };
    }>(`{ __schema { types { name
      fields(includeDeprecated: true) { name isDeprecated args(includeDeprecated: true) { name isDeprecated } }
      inputFields(includeDeprecated: true) { name isDeprecated }
      enumValues(includeDeprecated: true) { name isDeprecated } } } }`);
    const types = introspection.__schema.types;
    const deprecated = types.flatMap((type) => [
      ...(type.fields ?? []).flatMap((field) => [
        ...(field.isDeprecated ? [`${type.name}.${field.name}`] : []),
        ...field.args.filter((arg) => arg.isDeprecated).map((arg) => `${type.name}.${field.name}(${arg.name})`),
      ]),
      ...(type.inputFields ?? []).filter((field) => field.isDeprecated).map((field) => `${type.name}.${field.name}`),
      ...(type.enumValues ?? []).filter((value) => value.isDeprecated).map((value) => `${type.name}.${value.name}`),
    ]);
    expect(deprecated).toEqual([]);
    // The introspection did list the generated schema, not an empty one.
    expect(types.length).toBeGreaterThan(1_000);
    const where = types.find((type) => type.name === 'ActivityWhere');
    expect(where?.inputFields?.map((field) => field.name)).toEqual(expect.arrayContaining(['id', 'name']));
    expect(where?.inputFields?.map((field) => field.name)).not.toContain('id_EQ');
  });
});
