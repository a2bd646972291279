import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApplication, type Application } from '../../src/app.js';
import type { Database } from '../../src/database/driver.js';
import { createLogger } from '../../src/logger.js';
import { ENTITY_TYPES, RELATIONSHIPS, isRelationshipType, type EntityType, type LinkSpec } from '../../src/model/index.js';
import { testConfig, testDatabase } from '../support/graph.js';

let db: Database;
let app: Application;
/** The generated root query field that lists each entity type, read from the live schema. */
const rootField = new Map<string, string>();

interface Answer {
  data?: Record<string, { [field: string]: { id: string }[] }[]>;
  errors?: { message: string }[];
}

async function graphql(query: string, variables: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as Answer;
}

/** Whether the generated API lists `to` in `field` of the `type` entity with id `from`. */
async function reads(type: string, from: string, field: string, to: string): Promise<boolean> {
  const root = rootField.get(type);
  if (!root) return false;
  const answer = await graphql(`query ($from: ID!, $to: ID!) { ${root}(where: { id: { eq: $from } }) { ${field}(where: { id: { eq: $to } }) { id } } }`, {
    from,
    to,
  });
  return answer.errors === undefined && (answer.data?.[root]?.[0]?.[field] ?? []).some((node) => node.id === to);
}

beforeAll(async () => {
  db = await testDatabase();
  app = await startApplication(testConfig(), createLogger({ logLevel: 'silent' }));
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __schema { queryType { fields { name type { kind ofType { kind ofType { kind ofType { name } } } } } } } }' }),
  });
  const schema = (await response.json()) as {
    data: { __schema: { queryType: { fields: { name: string; type: { ofType?: { ofType?: { ofType?: { name?: string } } } } }[] } } };
  };
  for (const f of schema.data.__schema.queryType.fields) {
    const listed = f.type.ofType?.ofType?.ofType?.name;
    if (listed && (ENTITY_TYPES as readonly string[]).includes(listed) && !f.name.endsWith('Connection')) rootField.set(listed, f.name);
  }
});

afterAll(async () => {
  await app?.stop();
  await db?.close();
});

describe('every relationship in the seeded graph', () => {
  it('is readable through the generated API from both of its ends', async () => {
    // One sample of each (type, from type, to type) in the graph, with how many share it.
    const groups = await db.run<{ type: string; from: string; to: string; sampleFrom: string; sampleTo: string; count: number }>(
      `MATCH (a:Entity)-[r]->(b:Entity)
       WITH type(r) AS type, [l IN labels(a) WHERE l <> 'Entity'][0] AS from, [l IN labels(b) WHERE l <> 'Entity'][0] AS to, a.id AS aid, b.id AS bid
       WITH type, from, to, collect([aid, bid])[0] AS sample, count(*) AS count
       RETURN type, from, to, sample[0] AS sampleFrom, sample[1] AS sampleTo, count`,
      {},
      'READ',
    );
    expect(groups.length).toBeGreaterThan(20);
    // One at a time: each is a new query shape for the database to plan, and the test must pass on a busy machine.
    const results = [];
    for (const group of groups) {
      const links: readonly LinkSpec[] = isRelationshipType(group.type) ? RELATIONSHIPS[group.type].links : [];
      const link = links.find((l) => l.from === group.from && (l.to === '*' || l.to === group.to));
      const forward = link !== undefined && (await reads(group.from as EntityType, group.sampleFrom, link.out.name, group.sampleTo));
      const backward = link !== undefined && (await reads(group.to as EntityType, group.sampleTo, link.in.name, group.sampleFrom));
      results.push({ group, forward, backward });
    }
    const failed = results.filter((c) => !c.forward || !c.backward);
    expect(
      failed.map(
        ({ group, forward, backward }) => `${group.from} ${group.type} ${group.to} (${group.count})${forward ? '' : ' forward'}${backward ? '' : ' backward'}`,
      ),
    ).toEqual([]);
    expect(failed.reduce((sum, { group }) => sum + Number(group.count), 0)).toBe(0);
    // Two queries for each relationship shape in the graph, one at a time: Lancashire's actors, themes
    // and sections and the other partnerships' plans (issue 14) took the shapes from 67 to over 100.
  }, 900_000);
});
