/**
 * The public schema as a contract, on the real application: GET /schema.graphql serves exactly
 * the committed schema/contract/public.graphql (so `npm run generate -- --check` guards what is
 * served), with an ETag a client can revalidate; and today's schema breaks nothing of the last
 * release's (schema/contract/released.graphql) that CHANGELOG.md does not record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApplication, type Application } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { PUBLIC_SCHEMA_FILE, RELEASED_SCHEMA_FILE } from '../../src/http/public-schema.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from '../support/graph.js';
import { checkContract, latestRelease, linesSince, releaseOf } from '../support/schema-contract.js';

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

let app: Application;
let base: string;
let served: string;

beforeAll(async () => {
  app = await startApplication(testConfig(), createLogger({ logLevel: 'silent' }));
  base = app.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await app?.stop();
});

describe('the public schema contract', () => {
  it('GET /schema.graphql serves the committed public schema as text, with a strong ETag that revalidates to 304', async () => {
    const response = await fetch(`${base}/schema.graphql`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    served = await response.text();
    // Not a byte more or less than the file in the repository: the running server is the contract.
    expect(served === read(PUBLIC_SCHEMA_FILE), `${PUBLIC_SCHEMA_FILE} differs from the served schema: run npm run generate`).toBe(true);
    const again = await fetch(`${base}/schema.graphql`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const stale = await fetch(`${base}/schema.graphql`, { headers: { 'if-none-match': '"not-this-one"' } });
    expect(stale.status).toBe(200);
  });

  it('the baseline is the latest release CHANGELOG.md dates', () => {
    const changelog = read('CHANGELOG.md');
    expect(releaseOf(read(RELEASED_SCHEMA_FILE)), `${RELEASED_SCHEMA_FILE} must be the public schema of the latest dated release in CHANGELOG.md`).toBe(
      latestRelease(changelog),
    );
  });

  it('breaks nothing of the last release that CHANGELOG.md does not record with a deprecation period', async () => {
    const released = read(RELEASED_SCHEMA_FILE);
    const verdict = await checkContract(released, served, linesSince(read('CHANGELOG.md'), releaseOf(released) ?? ''));
    const list = verdict.unrecorded.map((change) => `${change.path}: ${change.message}`);
    expect(list, `breaking changes since ${releaseOf(released)} with no CHANGELOG.md line naming them and their deprecation period`).toEqual([]);
  }, 180_000);
});
