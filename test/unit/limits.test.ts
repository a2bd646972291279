import fs from 'node:fs';
import path from 'node:path';
import { buildSchema as buildSdl, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { costRule } from '../../src/http/limits/cost.js';
import { depthRule, queryDepth } from '../../src/http/limits/depth.js';
import { pageLimitsOf } from '../../src/schema/neo4j-graphql/page-limits.js';
import { operationCosts } from '../../src/schema/resolvers.js';

const OPERATIONS_SDL = fs.readFileSync(path.join(PROJECT_ROOT, 'schema/operations.graphql'), 'utf8');

/** The root fields schema/operations.graphql declares: the hand-written operations. */
function declaredRootFields(): string[] {
  return parse(OPERATIONS_SDL).definitions.flatMap((definition) =>
    (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.name.value === 'Query'
      ? (definition.fields ?? []).map((field) => field.name.value)
      : [],
  );
}

function operationOf(query: string) {
  const document = parse(query);
  return { document, operation: document.definitions[0] as OperationDefinitionNode };
}

describe('operation costs', () => {
  it('prices every root field schema/operations.graphql declares, above the default of 1', () => {
    const fields = declaredRootFields();
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) {
      const cost = operationCosts[`Query.${field}`];
      expect(cost, `Query.${field} has no declared cost`).toBeTypeOf('function');
      expect(cost?.({}, 1), field).toBeGreaterThan(1);
    }
  });

  it('prices a page by what the operation will really read', () => {
    expect(operationCosts['Query.impact']?.({ first: 10 }, 1)).toBe(100 + 10 + 1);
    expect(operationCosts['Query.impact']?.({ first: 100_000 }, 1)).toBe(100 + 500 + 1);
    expect(operationCosts['Query.search']?.({}, 2)).toBe(10 + 20 * 2);
  });
});

describe('the depth and cost rules', () => {
  const schema = buildSdl(`
    directive @limit(default: Int, max: Int) on OBJECT
    type Thing @limit(default: 10, max: 50) { id: ID! things(limit: Int): [Thing!]! }
    type Query { things(limit: Int): [Thing!]! trace: Thing }
  `);
  const pageLimits = pageLimitsOf('directive @limit(default: Int, max: Int) on OBJECT\ntype Thing @limit(default: 10, max: 50) { id: ID! }');
  // buildSchema knows nothing of @neo4j/graphql's markers, so mark the paged fields as it would.
  for (const type of [schema.getQueryType(), schema.getType('Thing')]) {
    const field = (type as ReturnType<typeof schema.getQueryType>)?.getFields().things;
    if (field) field.extensions = { ...field.extensions, complexity: true };
  }

  it('counts depth from the root field, through fragments', () => {
    const { document, operation } = operationOf('query { things { ...F } } fragment F on Thing { things { id } }');
    expect(queryDepth(operation, document)).toBe(3);
    expect(depthRule(operation, document, 3)).toBeUndefined();
    expect(depthRule(operation, document, 2)?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 3, limit: 2, http: { status: 400 } });
  });

  it("prices a list by @limit's page, and an operation by its own price", () => {
    const limits = { maxCost: 1000, pageLimits, operationCosts: { 'Query.trace': (_args: unknown, child: number) => 100 + child } };
    const { document, operation } = operationOf('{ things { id } trace { id } }');
    expect(costRule(schema, operation, document, {}, limits)).toEqual({ cost: 10 * 1 + 1 + 100 + 1 });
    const over = operationOf('{ things(limit: 500) { things(limit: 500) { id } } }');
    const verdict = costRule(schema, over.operation, over.document, {}, limits);
    expect('refusal' in verdict && verdict.refusal.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 50 * (50 + 1) + 1, limit: 1000 });
  });
});
