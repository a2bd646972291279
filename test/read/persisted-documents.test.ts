/**
 * Persisted documents (src/http/persisted-documents.ts): the explorer's queries by SHA-256, so a
 * shared link is a short GET that HTTP caches revalidate, and that a cross-site page cannot turn
 * into anything but one of those reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentId, explorerQueries, readPersistedDocuments, renderPersistedDocuments } from '../../src/http/persisted-documents.js';
import { startHarness, type Harness } from '../support/harness.js';
import { httpGet } from '../support/http-get.js';

let h: Harness;
let QUERIES: Record<string, string>;
let SEARCH_ID: string;
beforeAll(async () => {
  h = await startHarness();
  QUERIES = await explorerQueries();
  SEARCH_ID = documentId(QUERIES.search!);
});
afterAll(async () => {
  await h?.close();
});

const address = (params: Record<string, string>) => `${h.app.url}?${new URLSearchParams(params).toString()}`;

describe('persisted documents', () => {
  it('lists every explorer query, and only reads, as committed', async () => {
    const manifest = readPersistedDocuments();
    expect(manifest.size).toBe(Object.keys(QUERIES).length);
    for (const document of Object.values(QUERIES)) expect(manifest.get(documentId(document))).toBe(document);
    for (const document of manifest.values()) expect(document).toMatch(/^\s*query\b/);
    expect(await renderPersistedDocuments()).toBe(`${JSON.stringify(Object.fromEntries([...manifest].sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`);
  });

  it('answers a GET by documentId with no preflight header, cacheable by anyone and revalidated by ETag', async () => {
    const first = await httpGet(address({ documentId: SEARCH_ID, variables: JSON.stringify({ text: 'domestic abuse' }) }));
    expect(first.status).toBe(200);
    const body = JSON.parse(first.text) as { data: { search: { id: string }[] } };
    expect(body.data.search.length).toBeGreaterThan(0);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const again = await httpGet(address({ documentId: SEARCH_ID, variables: JSON.stringify({ text: 'domestic abuse' }) }), { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('answers a POST by documentId the same as the document itself', async () => {
    const byId = await fetch(h.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId: SEARCH_ID, variables: { text: 'alcohol' } }),
    });
    const byText = await h.query(QUERIES.search!, { text: 'alcohol' });
    expect(byId.status).toBe(200);
    expect(await byId.json()).toEqual(byText);
  });

  it('refuses an unknown id, and an id sent with a document, naming the id', async () => {
    const unknown = await httpGet(address({ documentId: `sha256:${'0'.repeat(64)}` }));
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toMatchObject({
      errors: [{ extensions: { code: 'PERSISTED_DOCUMENT_NOT_FOUND', documentId: `sha256:${'0'.repeat(64)}` } }],
    });
    const both = await httpGet(address({ documentId: SEARCH_ID, query: '{ __typename }' }));
    expect(both.status).toBe(400);
    expect(JSON.parse(both.text)).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_DOCUMENT_NOT_FOUND' } }] });
  });

  it('still asks a GET with a document of its own for the preflight-forcing header', async () => {
    const plain = await httpGet(address({ query: '{ __typename }' }));
    expect(plain.status).toBe(400);
    expect(plain.headers['cache-control']).toBe('private, no-cache');
  });
});
