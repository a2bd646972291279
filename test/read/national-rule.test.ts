/**
 * The `national` rule as Neo4j runs it (issue 14): a national review, assessment, standard or
 * report is never national strategy backing, a national strategy of any other kind still is, and
 * the seeded graph's national strategies are all still counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database/driver.js';
import { CYPHER_FRAGMENTS, NOT_BACKING_KINDS, STRATEGY_KIND, enumValues } from '../../src/model/index.js';
import { testDatabase } from '../support/graph.js';

let db: Database;

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db?.close();
});

const national = (variable: string): string => {
  const rule = CYPHER_FRAGMENTS.national;
  if (!rule) throw new Error('the model has no national rule');
  return rule(variable);
};

describe('the national rule in Neo4j', () => {
  it('counts every national kind but a review, an assessment, a standard and a report', async () => {
    const kinds = [...enumValues(STRATEGY_KIND), null];
    const rows = await db.run<{ kind: string | null; national: boolean; local: boolean }>(
      `UNWIND $kinds AS kind WITH kind, {scope: 'NATIONAL', kind: kind} AS s, {scope: 'LOCAL', kind: kind} AS l
       RETURN kind, ${national('s')} AS national, ${national('l')} AS local`,
      { kinds },
    );
    expect(rows).toHaveLength(kinds.length);
    for (const row of rows) {
      expect(row.national, String(row.kind)).toBe(!NOT_BACKING_KINDS.includes(row.kind ?? ''));
      expect(row.local, String(row.kind)).toBe(false);
    }
  });

  it('still counts every national strategy of the seeded graph', async () => {
    const [row] = await db.run<{ scoped: number; counted: number }>(
      `MATCH (s:Strategy) WHERE s.scope = 'NATIONAL'
       RETURN count(s) AS scoped, count(CASE WHEN ${national('s')} THEN 1 END) AS counted`,
    );
    expect(Number(row?.scoped)).toBeGreaterThan(10);
    expect(Number(row?.counted)).toBe(Number(row?.scoped));
  });
});
