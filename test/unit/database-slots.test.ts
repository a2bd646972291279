import { buildSchema, execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { boundQueryFields, databaseSlots } from '../../src/schema/database-slots.js';

/** A schema whose one root field records how many of its calls are running at once. */
function countingSchema() {
  const schema = buildSchema('type Query { work: Int }');
  const seen = { running: 0, most: 0 };
  schema.getQueryType()!.getFields().work!.resolve = async () => {
    seen.running += 1;
    seen.most = Math.max(seen.most, seen.running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    seen.running -= 1;
    return 1;
  };
  boundQueryFields(schema);
  return { schema, seen };
}

const aliases = (n: number) => parse(`{ ${Array.from({ length: n }, (_, i) => `a${i}: work`).join(' ')} }`);

describe('database slots', () => {
  it('runs at most the slots of a request at once, and answers every field', async () => {
    const { schema, seen } = countingSchema();
    const result = await execute({ schema, document: aliases(200), contextValue: { databaseSlots: databaseSlots(4) } });
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data ?? {})).toHaveLength(200);
    expect(seen.most).toBe(4);
  });

  it('gives each request its own slots', async () => {
    const { schema, seen } = countingSchema();
    await Promise.all([1, 2].map(() => execute({ schema, document: aliases(20), contextValue: { databaseSlots: databaseSlots(3) } })));
    expect(seen.most).toBe(6);
  });

  it('leaves a request without slots (an internal execute) unbounded', async () => {
    const { schema, seen } = countingSchema();
    await execute({ schema, document: aliases(10), contextValue: {} });
    expect(seen.most).toBe(10);
  });
});
