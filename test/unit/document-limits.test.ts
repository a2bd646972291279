import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS, documentRule } from '../../src/http/limits/document.js';

const schema = buildSchema(`
  directive @tag on FIELD
  type Query { coverage(id: ID): Coverage, thing: Thing }
  type Coverage { id: ID, name: String }
  type Thing { id: ID, name: String, thing: Thing }
`);
const { aliases, rootFields, directives, repeats, fields } = DOCUMENT_LIMITS;
const refusal = (query: string) => documentRule(schema, parse(query))?.extensions;
const times = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');

describe('the document shape rule', () => {
  it('allows a field at one place in the answer up to the repeat limit, and refuses one more', () => {
    expect(refusal(`{ thing { ${times(repeats, () => 'id')} } }`)).toBeUndefined();
    expect(refusal(`{ thing { ${times(repeats + 1, () => 'id')} } }`)).toMatchObject({
      rule: 'repeats',
      found: repeats + 1,
      limit: repeats,
      selection: 'thing.id',
    });
  });

  it('counts a place through fragment spreads and inline fragments', () => {
    const fragment = 'fragment F on Thing { id }';
    expect(refusal(`{ thing { ${times(repeats, () => '...F')} } } ${fragment}`)).toBeUndefined();
    expect(refusal(`{ thing { ${times(repeats + 1, () => '...F')} } } ${fragment}`)).toMatchObject({ rule: 'repeats', selection: 'thing.id' });
    expect(refusal(`{ thing { ${times(repeats + 1, () => '... on Thing { name }')} } }`)).toMatchObject({ rule: 'repeats', selection: 'thing.name' });
  });

  it('counts repeats nested in repeats together, since validation compares them all', () => {
    // Four of each in every selection set, but 4 x 4 fields land on thing.thing.
    expect(refusal(`{ ${times(4, () => `thing { ${times(4, () => 'thing { id }')} }`)} }`)).toMatchObject({
      rule: 'repeats',
      found: 16,
      selection: 'thing.thing',
    });
  });

  it('refuses the 11,900-repeat document of the security issue by its repeats', () => {
    expect(refusal(`{ thing { ${'id '.repeat(11_900)}} }`)).toMatchObject({ rule: 'repeats', found: 11_900 });
  });

  it('allows as many fields as the limit once fragments are expanded, and refuses one more', () => {
    expect(fields).toBe(10_000);
    const small = { ...DOCUMENT_LIMITS, fields: 5 };
    const rule = (query: string) => documentRule(schema, parse(query), small)?.extensions;
    expect(rule('{ a: thing { ...F } b: thing { id } } fragment F on Thing { id name }')).toBeUndefined();
    expect(rule('{ a: thing { ...F } b: thing { ...F } } fragment F on Thing { id name }')).toMatchObject({ rule: 'fields', limit: 5 });
  });

  it('allows as many aliases as the limit, and refuses one more', () => {
    expect(rootFields).toBeGreaterThanOrEqual(aliases);
    expect(refusal(`{ thing { ${times(aliases, (i) => `a${i}: id`)} } }`)).toBeUndefined();
    expect(refusal(`{ thing { ${times(aliases + 1, (i) => `a${i}: id`)} } }`)).toMatchObject({ rule: 'aliases', found: aliases + 1, limit: aliases });
  });

  it('counts aliases inside fragments, once per spread', () => {
    const half = Math.ceil((aliases + 1) / 2);
    const query = `{ one: thing { ...F } two: thing { ...F } } fragment F on Thing { ${times(half, (i) => `a${i}: id`)} }`;
    expect(refusal(query)).toMatchObject({ rule: 'aliases', found: 2 * half + 2 });
  });

  it('refuses more distinct root fields than the limit, counted through fragments', () => {
    const small = { ...DOCUMENT_LIMITS, rootFields: 3 };
    const rule = (query: string) => documentRule(schema, parse(query), small)?.extensions;
    expect(rule('{ a: coverage b: coverage ...R } fragment R on Query { c: coverage ...R2 } fragment R2 on Query { a: coverage }')).toBeUndefined();
    expect(rule('{ a: coverage b: coverage ...R } fragment R on Query { c: coverage d: coverage }')).toMatchObject({
      rule: 'rootFields',
      found: 4,
      limit: 3,
    });
  });

  it('allows as many directives as the limit, and refuses one more', () => {
    const query = (n: number) => `{ ${times(Math.ceil(n / 2), (i) => `a${i}: thing @tag { id ${i * 2 + 1 < n ? '@tag' : ''} }`)} }`;
    expect(refusal(query(directives))).toBeUndefined();
    expect(refusal(query(directives + 1))).toMatchObject({ rule: 'directives', found: directives + 1, limit: directives });
  });

  it('finds directives and aliases written only in fragments, on spreads and on the operation', () => {
    const many = (n: number) => times(n, (i) => `a${i}: id @tag`);
    expect(refusal(`{ thing { ...F } } fragment F on Thing { ${many(Math.floor(directives / 2))} }`)).toBeUndefined();
    expect(refusal(`{ thing { ...F } } fragment F on Thing { ${many(directives + 1)} }`)).toMatchObject({ rule: 'directives', found: directives + 1 });
    expect(refusal(`{ thing { ...F } } fragment F on Thing { ${times(aliases + 1, (i) => `a${i}: id`)} }`)).toMatchObject({
      rule: 'aliases',
      found: aliases + 1,
    });
    // The operation's, the spread's and the fragment's own directive, and 48 on fields: 51.
    expect(refusal(`query Q @tag { t: thing { ...F @tag } } fragment F on Thing @tag { ${times(directives - 2, (i) => `a${i}: id @tag`)} }`)).toMatchObject({
      rule: 'directives',
      found: directives + 1,
    });
  });

  it('leaves a document with a fragment cycle to validation, without looping', () => {
    expect(refusal('{ thing { ...A } } fragment A on Thing { id ...B } fragment B on Thing { ...A }')).toBeUndefined();
  });
});
