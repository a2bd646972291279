import { buildSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { queryDepth } from '../../src/http/limits/depth.js';
import { documentGuard, operationRule } from '../../src/http/limits/document.js';
import { pageLimitsOf } from '../../src/schema/neo4j-graphql/page-limits.js';

const schema = buildSchema(`
  directive @limit(default: Int, max: Int) on OBJECT
  type Thing @limit(default: 10, max: 50) { id: ID, thing: Thing, things(limit: Int): [Thing!]! }
  type Query { thing: Thing, things(limit: Int): [Thing!]! }
`);
for (const type of [schema.getQueryType(), schema.getType('Thing')]) {
  const field = (type as ReturnType<typeof schema.getQueryType>)?.getFields().things;
  if (field) field.extensions = { ...field.extensions, complexity: true };
}
const cost = {
  maxCost: 1_000,
  pageLimits: pageLimitsOf('directive @limit(default: Int, max: Int) on OBJECT\ntype Thing @limit(default: 10, max: 50) { id: ID! }'),
  operationCosts: {},
};
const limits = { maxDepth: 12, cost };
const rule = (query: string, operationName?: string, variables: Record<string, unknown> = {}) =>
  operationRule(schema, parse(query), operationName, variables, limits)?.extensions;
const nest = (levels: number, inner = 'id') => Array.from({ length: levels }).reduce<string>((text) => `thing { ${text} }`, inner);

describe('depth and cost, checked before validation', () => {
  it('allows the depth limit and refuses one more, with the depth and the limit', () => {
    expect(rule(`{ ${nest(11)} }`)).toBeUndefined();
    expect(rule(`{ ${nest(12)} }`)).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 13, limit: 12 });
  });

  it('refuses a document too deep before validation would find anything else wrong with it', () => {
    expect(rule(`{ ${nest(12, 'noSuchField')} }`)).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 13 });
    // Within the limits, the unknown field is left for validation to name.
    expect(rule(`{ ${nest(3, 'noSuchField')} }`)).toBeUndefined();
  });

  it('refuses a chain of fragments thousands deep (the security issue: 30 x 120) by its depth', () => {
    const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Thing { ${nest(120, i + 1 < 30 ? `...F${i + 1}` : 'id')} }`);
    expect(rule(`{ thing { ...F0 } } ${fragments.join(' ')}`)).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 30 * 120 + 2, limit: 12 });
  });

  it('counts each fragment once, so spreads doubling at every level cost no more than the document', () => {
    // Expanded, this is 2^40 spreads; counted once per fragment, 41 steps.
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Thing { ${i + 1 < 40 ? `thing { ...F${i + 1} ...F${i + 1} }` : 'id'} }`);
    const document = parse(`{ thing { ...F0 } } ${fragments.join(' ')}`);
    const operation = getOperationAST(document);
    expect(operation && queryDepth(operation, document)).toBe(1 + 39 + 1);
  });

  it('refuses a query over the cost limit, pricing the operation that will run with its variables', () => {
    expect(rule('query Q($n: Int) { things(limit: $n) { id } }', undefined, { n: 50 })).toBeUndefined();
    expect(rule('{ things(limit: 50) { things(limit: 50) { id } } }')).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 50 * (50 * 1 + 1) + 1, limit: 1_000 });
    const both = `query Cheap { thing { id } } query Dear { things(limit: 50) { things(limit: 50) { id } } }`;
    expect(rule(both, 'Cheap')).toBeUndefined();
    expect(rule(both, 'Dear')).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });

  it('leaves to Apollo what it refuses itself: no operation to run, a fragment cycle, bad variables', () => {
    const both = `query A { ${nest(20)} } query B { ${nest(20)} }`;
    expect(rule(both)).toBeUndefined();
    expect(rule(both, 'C')).toBeUndefined();
    expect(rule('{ things { ...A } } fragment A on Thing { things { ...B } } fragment B on Thing { ...A }')).toBeUndefined();
    expect(rule('query Q($n: Int) { things(limit: $n) { id } }', undefined, { n: 'many' })).toBeUndefined();
  });
});

describe('the guard remembers only what it passed', () => {
  // Passes are remembered by document, operation and variables: the same document with a page
  // one past what the limit allows must still be priced and refused, however often it passed before.
  const guard = documentGuard(schema, limits);
  const ask = (body: Record<string, unknown>) => {
    let status = 0;
    let passed = false;
    const response = {
      status(code: number) {
        status = code;
        return this;
      },
      json() {
        return this;
      },
    };
    guard({ body, query: {} } as never, response as never, () => (passed = true));
    return passed ? 'passed' : status;
  };
  const query = 'query Q($n: Int, $m: Int) { things(limit: $n) { things(limit: $m) { id } } }';

  it('prices every new set of variables, a repeat of a pass included, at the limit and one past it', () => {
    // 19 x (50 + 1) + 1 = 970 is within the 1,000 limit; 20 x 51 + 1 = 1,021 is not.
    for (let i = 0; i < 3; i++) expect(ask({ query, variables: { n: 19, m: 50 } })).toBe('passed');
    expect(ask({ query, variables: { n: 20, m: 50 } })).toBe(400);
    expect(ask({ query, variables: { n: 20, m: 50 }, operationName: 'Q' })).toBe(400);
    expect(ask({ query, variables: { n: 19, m: 50 } })).toBe('passed');
  });
});
