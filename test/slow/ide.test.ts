/**
 * GraphiQL at GET /graphql, end to end in Debian's chromium (playwright-core) against the real
 * application: the bundle is built here (as `npm start` builds it), the page loads nothing from
 * another host under its CSP, the docs explorer reads the schema, and a query runs.
 */
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotFolder } from '../support/browser.js';
import { buildIde } from '../../src/cli/build-ide.js';
import { IDE_FILES } from '../../src/http/ide.js';
import { startHarness, type Harness } from '../support/harness.js';

const SHOTS = screenshotFolder('ide');

let h: Harness;
let browser: Browser;
let page: Page;
let base: string;
const foreignRequests: string[] = [];
const pageErrors: string[] = [];
const cspViolations: string[] = [];

beforeAll(async () => {
  await buildIde();
  h = await startHarness();
  base = h.app.url.replace(/\/graphql$/, '');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('GraphiQL at GET /graphql', () => {
  it('serves the page under a CSP that names no other host, and every bundle file', async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("worker-src 'self'");
    expect(csp).not.toMatch(/https?:|unsafe-eval|blob:/);
    const html = await response.text();
    expect(html).toContain('id="graphiql"');
    expect(html).not.toMatch(/https?:\/\//);
    // The old page linked to /explorer, a 404; the explorer is at /.
    expect(html).not.toContain('href="/explorer"');
    for (const file of IDE_FILES) expect((await fetch(`${base}/ide/${file}`)).status, file).toBe(200);
  });

  it('opens the docs explorer on the schema, with Query listed', async () => {
    await page.goto(`${base}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    await page.getByRole('button', { name: /show documentation explorer/i }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, '1-docs.png') });
  });

  it('runs { __typename } and shows the answer', async () => {
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('{ __typename }');
    await page.getByRole('button', { name: /execute query/i }).click();
    await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 60_000 }).toMatch(/"__typename":\s*"Query"/);
    await page.screenshot({ path: path.join(SHOTS, '2-answer.png') });
  });

  it('has the variables and headers editors, headers starting with the preflight header', async () => {
    await page.getByRole('button', { name: 'Headers' }).click();
    await expect.poll(() => page.locator('.graphiql-editor-tool').innerText(), { timeout: 30_000 }).toContain('Apollo-Require-Preflight');
    await page.getByRole('button', { name: 'Variables' }).click();
  });

  it('loaded nothing from another host, broke no CSP rule and threw nothing', () => {
    expect(foreignRequests).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
