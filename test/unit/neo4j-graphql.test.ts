/**
 * Contract tests: each checks one assumption src/schema/neo4j-graphql/ makes about @neo4j/graphql,
 * against the installed version and without a database, so an upgrade that breaks one fails here.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { execute, graphql, isObjectType, type GraphQLSchema } from 'graphql';
import type { Transaction } from 'neo4j-driver';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTypeDefs } from '../../src/schema/build.js';
import { readsPageByPage } from '../../src/schema/neo4j-graphql/complexity.js';
import { pageLimitsOf, pageSize } from '../../src/schema/neo4j-graphql/page-limits.js';
import { deprecatedMembers, EXCLUDE_DEPRECATED_FIELDS } from '../../src/schema/neo4j-graphql/deprecated.js';
import { cursorOffset, isForeignCursor, isGeneratedConnection, libraryCursor } from '../../src/schema/neo4j-graphql/cursors.js';
import { autoCommitReads, inTransaction } from '../../src/schema/neo4j-graphql/execution-context.js';
import { generatedMutations, matchingIdsQuery } from '../../src/schema/neo4j-graphql/generated-mutations.js';
import { verifiedJwt } from '../../src/schema/neo4j-graphql/jwt.js';
import { entityTypeCallbacks } from '../../src/schema/neo4j-graphql/populated-by.js';
import { generatedTypesExposing, requireHiddenFromQueries } from '../../src/schema/neo4j-graphql/read-only-fields.js';
import { libraryRefusal } from '../../src/schema/neo4j-graphql/refusals.js';
import { operationResolvers } from '../../src/schema/resolvers.js';
import { strictDates } from '../../src/schema/scalars.js';

let schema: GraphQLSchema;

// Neither is exported, so they are loaded from where the installed library keeps them.
const require = createRequire(import.meta.url);
type ErrorClass = new (message: string) => Error;
const libraryErrors = require(path.join(path.dirname(require.resolve('@neo4j/graphql')), 'classes/Error.js')) as Record<
  'Neo4jGraphQLForbiddenError' | 'Neo4jGraphQLAuthenticationError' | 'Neo4jGraphQLConstraintValidationError',
  ErrorClass
>;
// The library's own dependency, which makes its connection cursors.
const relay = require(require.resolve('graphql-relay', { paths: [path.dirname(require.resolve('@neo4j/graphql'))] })) as {
  offsetToCursor(offset: number): string;
};

/** Looks like a transaction to the library and records the Cypher it is given; answers nothing useful. */
function recordingTransaction(): { tx: Transaction; runs: { cypher: string; params: Record<string, unknown> }[] } {
  const runs: { cypher: string; params: Record<string, unknown> }[] = [];
  const tx = {
    run: async (cypher: string, params: Record<string, unknown>) => {
      runs.push({ cypher, params });
      // Before a mutation the library asks the server's version; answer as a 5.x server would.
      const version = Object.assign(['5.26.0', 'community'], { toObject: () => ['5.26.0', 'community'] });
      return { records: cypher.includes('dbms.components') ? [version] : [], summary: { counters: { updates: () => ({}) } } };
    },
  };
  return { tx: tx as unknown as Transaction, runs };
}

beforeAll(async () => {
  schema = await new Neo4jGraphQL({
    typeDefs: readTypeDefs(),
    resolvers: operationResolvers as never,
    features: { complexityEstimators: true, populatedBy: { callbacks: entityTypeCallbacks() } },
  }).getSchema();
}, 120_000);

describe('@neo4j/graphql, as src/schema/neo4j-graphql/ assumes it', () => {
  it('runs the generated Cypher in the transaction put in executionContext', async () => {
    const { tx, runs } = recordingTransaction();
    const context: Record<string, unknown> = {};
    await inTransaction(context, tx, () => graphql({ schema, source: '{ activities(limit: 1) { id } }', contextValue: context }));
    expect(runs.some((run) => run.cypher.includes(':Activity'))).toBe(true);
    expect(context.executionContext).toBeUndefined();
  });

  it('runs a query operation’s reads as autoCommitReads gives them: one readResult per statement, its records read', async () => {
    const { tx, runs } = recordingTransaction();
    const read: string[] = [];
    const reads = autoCommitReads({
      readResult: (cypher, params) => {
        read.push(cypher);
        return tx.run(cypher, params ?? {}) as never;
      },
    });
    const result = await graphql({ schema, source: '{ activities(limit: 1) { id } }', contextValue: { executionContext: reads } });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ activities: [] });
    expect(read.filter((cypher) => cypher.includes(':Activity'))).toHaveLength(1);
    expect(runs).toHaveLength(read.length);
  });

  it('takes context.jwt as verified claims and hands them to the Cypher as $jwt', async () => {
    const { tx, runs } = recordingTransaction();
    const mutation = 'mutation { updateActivities(where: { id: { eq: "x" } }, update: { notes: { set: "n" } }) { activities { id } } }';
    await graphql({ schema, source: mutation, contextValue: { executionContext: tx, ...verifiedJwt({ sub: 'a', roles: ['admin'] }) } });
    expect(runs.find((run) => run.cypher.includes('updateActivities') || 'jwt' in run.params)?.params.jwt).toMatchObject({ roles: ['admin'] });
  });

  it('names the mutations create|update|delete + plural, each beside its list query', () => {
    const mutations = generatedMutations(schema);
    const activity = mutations
      .filter((m) => m.listField === 'activities')
      .map((m) => m.verb)
      .sort();
    expect(activity).toEqual(['create', 'delete', 'update']);
    const updateActivities = mutations.find((m) => m.field.name === 'updateActivities');
    expect(updateActivities?.whereType).toBeDefined();
    expect(updateActivities?.relationshipFields.size).toBeGreaterThan(0);
    expect(updateActivities?.relationshipFields.has('notes')).toBe(false);
    expect(mutations.every((m) => schema.getQueryType()?.getFields()[m.listField])).toBe(true);
  });

  it('takes where and limit on a list query, as the audit reads the ids a change matches', async () => {
    const { tx, runs } = recordingTransaction();
    const document = matchingIdsQuery('activities', { kind: 'ObjectValue' as never, fields: [] }, 101);
    const result = await execute({ schema, document, contextValue: { executionContext: tx } });
    expect(result.errors?.some((error) => /Unknown argument|Cannot query field/.test(error.message)) ?? false).toBe(false);
    expect(runs.some((run) => run.cypher.includes(':Activity'))).toBe(true);
  });

  it('refuses with errors named as refusals.ts reads them', () => {
    expect(libraryRefusal(new libraryErrors.Neo4jGraphQLForbiddenError('Forbidden'))).toEqual({ kind: 'FORBIDDEN' });
    expect(libraryRefusal(new libraryErrors.Neo4jGraphQLAuthenticationError('Unauthenticated'))).toEqual({ kind: 'UNAUTHENTICATED' });
    expect(
      libraryRefusal(new libraryErrors.Neo4jGraphQLConstraintValidationError("Node(1) already exists with label `Activity` and property `id` = 'a/1'")),
    ).toEqual({ kind: 'DUPLICATE_ID', id: 'a/1' });
  });

  it('marks exactly the paged fields with a complexity estimator', () => {
    const query = schema.getQueryType()?.getFields();
    expect(query?.activities && readsPageByPage(query.activities)).toBe(true);
    expect(query?.activitiesConnection && readsPageByPage(query.activitiesConnection)).toBe(true);
    expect(query?.trace && readsPageByPage(query.trace)).toBe(false);
  });

  it('keeps no @limit in the executable schema, and pages a list or a connection by its node type', () => {
    expect(schema.getDirective('limit')).toBeUndefined();
    const limits = new Map([['Legislation', { default: 7, max: 9 }]]);
    const query = schema.getQueryType()?.getFields();
    expect(query?.legislations && pageSize(query.legislations, {}, limits)).toBe(7);
    expect(query?.legislationsConnection && pageSize(query.legislationsConnection, { first: 100 }, limits)).toBe(9);
    expect(pageLimitsOf(readTypeDefs()).get('Legislation')).toEqual({ default: 50, max: 500 });
  });

  it('has a Date scalar that scalars.ts can put its strict check in front of', () => {
    const date = schema.getType('Date');
    expect(date && 'parseValue' in date).toBe(true);
    strictDates(schema);
    const strict = schema.getType('Date') as { parseValue(value: unknown): unknown };
    expect(() => strict.parseValue('2014-02-30')).toThrow(/not a day in the calendar/);
    expect(String(strict.parseValue('2014-04-01'))).toBe('2014-04-01');
  });

  it('sets `type` from its @populatedBy callback in the CREATE itself, though the create input has no `type`', async () => {
    const input = schema.getType('ActivityCreateInput') as { getFields(): Record<string, unknown> };
    expect(Object.keys(input.getFields())).not.toContain('type');
    const { tx, runs } = recordingTransaction();
    const create = 'mutation { createDuties(input: [{ id: "d", name: "n" }, { id: "e", name: "m" }]) { duties { id } } }';
    const result = await graphql({ schema, source: create, contextValue: { executionContext: tx, ...verifiedJwt({ sub: 'a', roles: ['admin'] }) } });
    expect(result.errors).toBeUndefined();
    const statement = runs.find((run) => /CREATE \(\w+:Duty/.test(run.cypher));
    const set = [...(statement?.cypher ?? '').matchAll(/\.type = \$(\w+)/g)].map((match) => statement?.params[match[1] ?? '']);
    expect(set).toEqual(['DUTY', 'DUTY']);
  });

  it("writes connection cursors as graphql-relay's arrayconnection offsets", () => {
    expect(cursorOffset(relay.offsetToCursor(42))).toBe(42);
    expect(isForeignCursor(relay.offsetToCursor(42))).toBe(false);
    expect(isForeignCursor(relay.offsetToCursor(Number.MAX_SAFE_INTEGER))).toBe(false);
    expect(isForeignCursor(Buffer.from('arrayconnection:12345678901234567890123').toString('base64'))).toBe(true);
    expect(isForeignCursor(Buffer.from('arrayconnection:-1').toString('base64'))).toBe(true);
    for (const offset of [0, 1, 49, 500, 123_456_789]) expect(libraryCursor(offset)).toBe(relay.offsetToCursor(offset));
  });

  it('refuses every cursor but the exact one the library writes: made up, truncated, re-encoded, or our own operations’', () => {
    const real = relay.offsetToCursor(49);
    expect(isForeignCursor(real)).toBe(false);
    for (const forged of [
      'made-up',
      '',
      real.slice(0, -1),
      real.slice(0, -4),
      relay.offsetToCursor(4).replace(/=+$/, ''),
      Buffer.from('arrayconnection:049').toString('base64'),
      Buffer.from('arrayconnection:49 ').toString('base64'),
      Buffer.from('arrayconnection:49').toString('base64url') + '.',
      Buffer.from('arrayconnection:1e3').toString('base64'),
      Buffer.from(JSON.stringify(['Name', 'some/id']), 'utf8').toString('base64url'),
    ]) {
      expect(isForeignCursor(forged), JSON.stringify(forged)).toBe(true);
    }
  });

  it('takes `after` only on its …Connection fields (edges and pageInfo), so our own operations keep their cursors', () => {
    const withAfter: string[] = [];
    const generated: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!field.args.some((argument) => argument.name === 'after')) continue;
        withAfter.push(`${type.name}.${field.name}`);
        if (isGeneratedConnection(field)) generated.push(`${type.name}.${field.name}`);
      }
    }
    expect(generated).toEqual(expect.arrayContaining(['Query.activitiesConnection', 'Activity.contributesToConnection', 'Query.auditEventsConnection']));
    expect(withAfter.filter((name) => !generated.includes(name))).toEqual(['Query.impact']);
  });

  it('ignores a connection cursor it cannot read and pages from the start (why request-checks.ts refuses one)', async () => {
    const skips: unknown[] = [];
    for (const after of [relay.offsetToCursor(49), 'made-up']) {
      const { tx, runs } = recordingTransaction();
      const result = await graphql({
        schema,
        source: `{ activitiesConnection(first: 1, after: "${after}") { edges { node { id } } } }`,
        contextValue: { executionContext: tx },
      });
      expect(result.errors).toBeUndefined();
      const statement = runs.find((run) => /SKIP/.test(run.cypher));
      skips.push(statement ? statement.params[/SKIP \$(\w+)/.exec(statement.cypher)?.[1] ?? ''] : undefined);
    }
    expect(skips.map((skip) => (skip as { low?: number } | undefined)?.low)).toEqual([50, 0]);
  });

  it('marks thousands of generated members deprecated, and leaves every one out with features.excludeDeprecatedFields', async () => {
    // The contract schema above is built without the exclusion, so the count shows what it removes.
    expect(deprecatedMembers(schema).length).toBeGreaterThan(2_000);
    const excluded = await new Neo4jGraphQL({
      typeDefs: readTypeDefs(),
      resolvers: operationResolvers as never,
      features: { excludeDeprecatedFields: EXCLUDE_DEPRECATED_FIELDS, populatedBy: { callbacks: entityTypeCallbacks() } },
    }).getSchema();
    expect(deprecatedMembers(excluded)).toEqual([]);
    // The generic forms stay.
    const where = excluded.getType('ActivityWhere') as { getFields(): Record<string, unknown> };
    expect(Object.keys(where.getFields())).toEqual(expect.arrayContaining(['id', 'name', 'contributesTo', 'contributesToConnection']));
    expect(Object.keys(where.getFields())).not.toContain('id_EQ');
  }, 120_000);

  it('leaves a field marked not filterable, sortable or aggregatable out of every where, sort and aggregate type', () => {
    expect(generatedTypesExposing(schema, 'AuditEvent', 'actor')).toEqual([]);
    expect(requireHiddenFromQueries(schema, 'AuditEvent', 'actor').name).toBe('actor');
    // The check sees an ordinary field where the library puts it, so an empty answer above means something.
    expect(generatedTypesExposing(schema, 'AuditEvent', 'operation')).toEqual(expect.arrayContaining(['AuditEventSort', 'AuditEventWhere']));
    expect(() => requireHiddenFromQueries(schema, 'AuditEvent', 'operation')).toThrow(/AuditEventWhere/);
  });
});
