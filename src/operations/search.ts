/** search(text, first): full-text search over every entity, best first. */
import neo4j from 'neo4j-driver';
import { cypher } from '../database/cypher.js';
import type { Database } from '../database/driver.js';
import { ErrorCode, GoldenThreadError } from '../errors.js';
import { pricedPage, type OperationCost } from './cost.js';
import type { EntityTypeName } from '../model/index.js';
import type { EntityRef } from './shapes.js';

export interface SearchHit {
  readonly id: string;
  readonly type: EntityTypeName;
  readonly name: string;
  readonly score: number;
  readonly entity: EntityRef;
}

export const SEARCH_DEFAULT_FIRST = 20;
export const SEARCH_MAX_FIRST = 100;

/** Reads one full-text index; every hit on the page carries the fields selected under it. */
export const searchCost: OperationCost = (args, child) => 10 + pricedPage(args.first, SEARCH_DEFAULT_FIRST, SEARCH_MAX_FIRST) * child;
/**
 * Longer text is refused: enough for any real query, and it bounds the Lucene query. Refused
 * rather than cut, so nobody is shown hits for words they cannot see were dropped.
 */
export const SEARCH_MAX_LENGTH = 500;

/**
 * Makes any text a plain Lucene query of terms: every character the query syntax gives meaning
 * to (+ - && || ! ( ) { } [ ] ^ " ~ * ? : \ /) is backslash-escaped, and the operator words
 * AND, OR, NOT are lower-cased so they are searched for (and dropped as stop words), never obeyed.
 */
export function escapeLucene(text: string): string {
  return text
    .replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`)
    .replace(/\b(AND|OR|NOT|TO)\b/g, (word) => word.toLowerCase())
    .replace(/\s+/g, ' ')
    .trim();
}

export function searchLimit(first: unknown): number {
  if (first === undefined || first === null) return SEARCH_DEFAULT_FIRST;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1)
    throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'first must be a whole number of at least 1.');
  return Math.min(first, SEARCH_MAX_FIRST);
}

interface SearchRow extends Record<string, unknown> {
  readonly id: string;
  readonly type: EntityTypeName;
  readonly name: string;
  readonly score: number;
}

export async function search(db: Database, args: { text: unknown; first?: unknown }): Promise<SearchHit[]> {
  if (typeof args.text !== 'string' || args.text.trim() === '') throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, 'Search text must not be empty.');
  const length = [...args.text].length;
  if (length > SEARCH_MAX_LENGTH)
    throw new GoldenThreadError(ErrorCode.BAD_USER_INPUT, `Search text is ${length} characters long; the limit is ${SEARCH_MAX_LENGTH}.`);
  const first = searchLimit(args.first);
  const query = escapeLucene(args.text);
  // Text that is nothing but punctuation the analyzer drops would be an empty Lucene query.
  if (!/[\p{L}\p{N}]/u.test(query)) return [];
  const rows = await db.run<SearchRow>(cypher('queries/search'), { query, first: neo4j.int(first) }, 'READ');
  return rows.map((row) => ({ id: row.id, type: row.type, name: row.name, score: row.score, entity: { id: row.id, type: row.type, name: row.name } }));
}
