/**
 * The parts of the response cache that need no database: the bound on what it holds, the key of
 * a request, and how requests share reads of the graph's generation without using a stale one.
 */
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { GenerationReader } from '../../src/database/generation.js';
import { cacheKey, keptBody, ResponseCache } from '../../src/http/response-cache.js';

const post = (body: unknown, headers: Record<string, string> = {}): Request => ({ method: 'POST', body, headers, query: {} }) as unknown as Request;

describe('ResponseCache', () => {
  it('never holds more than its bound, dropping the least recently used', () => {
    const cache = new ResponseCache(10_000);
    cache.observe(1);
    for (let i = 0; i < 100; i++) cache.set(`key-${i}`, 1, { ...keptBody('x'.repeat(1_000)), headers: {} });
    const stats = cache.stats();
    expect(stats.bytes).toBeLessThanOrEqual(10_000);
    expect(stats.entries).toBe(9);
    expect(cache.get('key-99')).toBeDefined();
    expect(cache.get('key-0')).toBeUndefined();
  });

  it('keeps nothing larger than the whole bound, and nothing made before the newest generation seen', () => {
    const cache = new ResponseCache(1_000);
    cache.observe(5);
    cache.set('big', 5, { ...keptBody('x'.repeat(1_001)), headers: {} });
    cache.set('old', 4, { ...keptBody('x'), headers: {} });
    expect(cache.stats().entries).toBe(0);
  });

  it('counts an answer’s gzipped copy against the bound', () => {
    const kept = keptBody(JSON.stringify({ data: 'x'.repeat(5_000) }));
    expect(kept.gzip).toBeDefined();
    const cache = new ResponseCache(100_000);
    cache.observe(1);
    cache.set('a', 1, { ...kept, headers: {} });
    expect(cache.stats().bytes).toBe(kept.body.length + kept.gzip!.length + 'a'.length);
  });

  it('drops everything when a newer generation is seen', () => {
    const cache = new ResponseCache(10_000);
    cache.observe(1);
    cache.set('a', 1, { ...keptBody('answer'), headers: {} });
    cache.observe(1);
    expect(cache.stats().entries).toBe(1);
    cache.observe(2);
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0, generation: 2 });
  });
});

describe('cacheKey', () => {
  const query = 'query Q($id: ID!) { activities(where: { id: { eq: $id } }) { id } }';

  it('is the same for the same question however it is spaced, and differs by generation, variables and Accept', () => {
    const key = cacheKey(post({ query, variables: { id: 'a' } }), 1);
    expect(key).toBeDefined();
    expect(cacheKey(post({ query: query.replace(/ /g, '\n  '), variables: { id: 'a' } }), 1)).toBe(key);
    expect(cacheKey(post({ query, variables: { id: 'a' } }), 2)).not.toBe(key);
    expect(cacheKey(post({ query, variables: { id: 'b' } }), 1)).not.toBe(key);
    expect(cacheKey(post({ query, variables: { id: 'a' } }, { accept: 'application/graphql-response+json' }), 1)).not.toBe(key);
  });

  it('is undefined for anything that may write or that Apollo must refuse itself', () => {
    expect(cacheKey(post({ query: 'mutation { deleteActivities(where: {}) { nodesDeleted } }' }), 1)).toBeUndefined();
    expect(cacheKey(post({ query: 'query A { __typename } mutation B { __typename }', operationName: 'A' }), 1)).toBeUndefined();
    expect(cacheKey(post({ query: 'fragment F on Query { __typename }\nmutation { ...F }' }), 1)).toBeUndefined();
    expect(cacheKey(post({ query: 'subscription { x }' }), 1)).toBeUndefined();
    expect(cacheKey(post({ query: '{ "unterminated' }), 1)).toBeUndefined();
    expect(cacheKey(post({ query: '{ __typename }', extensions: { persistedQuery: {} } }), 1)).toBeUndefined();
    expect(cacheKey(post([{ query: '{ __typename }' }]), 1)).toBeUndefined();
    // A query that merely mentions the word is still a query.
    expect(cacheKey(post({ query: '{ search(text: "mutation") { id } }' }), 1)).toBeDefined();
  });
});

describe('GenerationReader', () => {
  function controlled() {
    const pending: ((value: number) => void)[] = [];
    let reads = 0;
    const reader = new GenerationReader(
      () =>
        new Promise<number>((resolve) => {
          reads++;
          pending.push(resolve);
        }),
    );
    return { reader, pending, reads: () => reads };
  }

  /** After the event loop's current turn: when a read that was asked for begins. */
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('answers a request only from a read that began after it arrived, and requests that arrived together share one', async () => {
    const { reader, pending, reads } = controlled();
    const early = reader.current();
    const alongside = reader.current();
    expect(reads()).toBe(0);
    await turn();
    expect(reads()).toBe(1);
    // Arrive while the first read is in flight: that read may predate a write they must see.
    const late = reader.current();
    const later = reader.current();
    await turn();
    expect(reads()).toBe(1);
    pending[0]!(1);
    expect(await early).toBe(1);
    expect(await alongside).toBe(1);
    await turn();
    expect(reads()).toBe(2);
    pending[1]!(2);
    expect(await late).toBe(2);
    expect(await later).toBe(2);
    expect(reader.count).toBe(2);
  });

  it('starts again after a failed read', async () => {
    let calls = 0;
    const reader = new GenerationReader(() => (++calls === 1 ? Promise.reject(new Error('database down')) : Promise.resolve(7)));
    const first = expect(reader.current()).rejects.toThrow('database down');
    // Arrives while the failing read is in flight: it waits for the next, which answers.
    await turn();
    const second = reader.current();
    await first;
    expect(await second).toBe(7);
    expect(await reader.current()).toBe(7);
    expect(calls).toBe(3);
  });
});
