/**
 * The explorer page at `/`, end to end in Debian's chromium (driven by playwright-core) against
 * the real application and the seeded test graph. Screenshots of each view go to test-results/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { ACTIVITY, AGREEMENT, STEP, startHarness, type Harness, type Ref, type Step } from '../support/harness.js';

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'explorer');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let h: Harness;
let browser: Browser;
let page: Page;
let base: string;
const foreignRequests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({ reset: true });
  base = h.app.url.replace(/\/graphql$/, '');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith('blob:') && !url.startsWith('data:')) foreignRequests.push(url);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

describe('explorer page', () => {
  it('serves the page and its scripts from this server, with no CDN', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/https?:\/\//);
    const cytoscape = await fetch(`${base}/explorer/vendor/cytoscape.min.js`);
    expect(cytoscape.status).toBe(200);
    expect((await cytoscape.text()).length).toBeGreaterThan(100_000);
    // GET /graphql in a browser is still the offline developer page.
    const dev = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(await dev.text()).toContain('Golden Thread GraphQL API');
  });

  it('searches for "alcohol" and lists hits that open', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-view="home"]');
    await shot('0-home');
    await page.getByLabel('Search', { exact: true }).fill('alcohol');
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-view="search"] #hits');
    const { search } = await h.data<{ search: Ref[] }>(`query($t: String!) { search(text: $t, first: 30) { id type name } }`, { t: 'alcohol' });
    expect(search.length).toBeGreaterThan(0);
    const hits = page.locator('#hits li a');
    expect(await hits.count()).toBe(search.length);
    expect(await hits.first().textContent()).toBe(search[0]?.name);
    await shot('1-search-alcohol');
  });

  it("opens activity 7's trace, draws it, and shows a hop's STATED evidence from the graph", async () => {
    const link = page.locator(`#hits a[href*="${encodeURIComponent(ACTIVITY(7))}"]`);
    if (await link.count()) await link.first().click();
    else await page.goto(`${base}/#view=trace&id=${encodeURIComponent(ACTIVITY(7))}`);
    await page.waitForSelector('body[data-view="trace"] #hops');
    await page.waitForFunction(() => (window as unknown as { explorer: { cy: unknown } }).explorer.cy !== null);
    expect(page.url()).toContain(encodeURIComponent(ACTIVITY(7)));

    const { trace } = await h.data<{ trace: { activity: Ref; paths: { steps: Step[] }[] } }>(
      `query($id: ID!) { trace(activityId: $id) { activity { id type name } paths { steps { ${STEP} } } } }`,
      { id: ACTIVITY(7) },
    );
    await expect(page.locator('h1').textContent()).resolves.toContain(trace.activity.name);
    const stated = trace.paths.flatMap((p) => p.steps).find((s) => s.evidence.basis === 'STATED' && s.evidence.quote);
    expect(stated, 'activity 7 has a STATED hop with a quote').toBeDefined();
    const key = `${stated!.from.id}|${stated!.relationship}|${stated!.to.id}`;

    // The diagram has an edge for every hop in the table.
    const counts = await page.evaluate(() => {
      const { cy, hops } = (window as unknown as { explorer: { cy: { edges(): { length: number } }; hops: unknown[] } }).explorer;
      return { edges: cy.edges().length, hops: hops.length };
    });
    expect(counts.edges).toBe(counts.hops);
    expect(await page.locator('#hops tbody tr').count()).toBe(counts.hops);
    await shot('2-trace-activity-7');

    // Keyboard: focus the hop's button and press Enter.
    const button = page.locator(`#hops button.hop[data-key="${key}"]`);
    await button.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('#evidence');
    await expect(panel.isVisible()).resolves.toBe(true);
    await expect(panel.locator('[data-field="basis"]').textContent()).resolves.toContain('STATED');
    await expect(panel.locator('[data-field="quote"]').textContent()).resolves.toBe(stated!.evidence.quote);
    await expect(panel.locator('[data-field="source"]').textContent()).resolves.toBe(stated!.evidence.source);
    await expect(button.getAttribute('aria-pressed')).resolves.toBe('true');
    // The same hop is selected in the diagram.
    const selected = await page.evaluate(() =>
      (window as unknown as { explorer: { cy: { edges(s: string): { map(f: (e: { data(k: string): string }) => string): string[] } } } }).explorer.cy
        .edges(':selected')
        .map((e) => e.data('label')),
    );
    expect(selected).toEqual([stated!.relationship]);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, '3-trace-evidence.png') });

    // Tapping an edge in the canvas shows that hop's evidence too.
    const tapped = await page.evaluate(() => {
      const { cy, hops } = (
        window as unknown as { explorer: { cy: { getElementById(id: string): { emit(e: string): void } }; hops: { step: { evidence: { source: string } } }[] } }
      ).explorer;
      const last = hops.length - 1;
      cy.getElementById('e' + last).emit('tap');
      return hops[last]!.step.evidence.source;
    });
    await expect(panel.locator('[data-field="source"]').textContent()).resolves.toBe(tapped);
  });

  it('downloads the trace exports as files with the API text', async () => {
    const { trace } = await h.data<{ trace: { mermaid: string; jsonld: string } }>(`query($id: ID!) { trace(activityId: $id) { mermaid jsonld } }`, {
      id: ACTIVITY(7),
    });
    const [mermaid] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Mermaid' }).click()]);
    expect(readFileSync(await mermaid.path(), 'utf8')).toBe(trace.mermaid);
    const [jsonld] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON-LD' }).click()]);
    expect(jsonld.suggestedFilename()).toMatch(/\.jsonld$/);
    // The same pack but for when each was made (and so the seal over its content).
    const unstamped = (text: string) => {
      const pack = JSON.parse(text) as Record<string, unknown>;
      for (const key of ['@id', 'prov:generatedAtTime', 'prov:wasGeneratedBy', 'gt:contentSha256']) delete pack[key];
      return pack;
    };
    expect(unstamped(readFileSync(await jsonld.path(), 'utf8'))).toEqual(unstamped(trace.jsonld));
  });

  it('keeps the as-at date in the URL, so a copied link reopens the same view', async () => {
    await page.getByLabel('As at').fill('2015-06-01');
    await page.getByLabel('As at').dispatchEvent('change');
    await page.waitForFunction(() => location.hash.includes('asOf=2015-06-01'));
    await page.waitForSelector('body[data-view="trace"] #hops');
    const url = page.url();
    const other = await browser.newPage();
    await other.goto(url);
    await other.waitForSelector('body[data-view="trace"] #hops');
    await expect(other.locator('h1').textContent()).resolves.toBe(await page.locator('h1').textContent());
    await expect(other.getByLabel('As at').inputValue()).resolves.toBe('2015-06-01');
    await other.close();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.waitForFunction(() => !location.hash.includes('asOf'));
  });

  it('shows what depends on the Crime and Disorder Act 1998', async () => {
    await page.goto(`${base}/#view=impact&id=${encodeURIComponent('ukpga/1998/37')}`);
    await page.waitForSelector('body[data-view="impact"] #dependents');
    const { impact } = await h.data<{ impact: { activities: Ref[] } }>(`query { impact(id: "ukpga/1998/37") { activities { id } } }`);
    await expect(page.locator('#dependents').textContent()).resolves.toContain(`Activities (${impact.activities.length})`);
    await shot('4-impact-cda-1998');
  });

  it('pages through what depends on the Act, keeping the counts of all and the page in the URL', async () => {
    await page.goto(`${base}/#view=impact&id=${encodeURIComponent('ukpga/1998/37')}&first=10`);
    await page.waitForSelector('body[data-view="impact"] #pager');
    const { impact } = await h.data<{ impact: { totalCount: number; activityCount: number } }>(
      `query { impact(id: "ukpga/1998/37") { totalCount activityCount } }`,
    );
    await expect(page.locator('#pager').textContent()).resolves.toContain(`Showing 10 of ${impact.totalCount} dependents`);
    await expect(page.locator('#dependents').textContent()).resolves.toContain(`Activities (${impact.activityCount})`);
    const firstPage = await page.locator('#dependents td a').allTextContents();
    await page.locator('#pager').getByRole('link', { name: 'Next page' }).click();
    await page.waitForFunction(() => location.hash.includes('after='));
    // Only the second page links back to the first, so this waits for it to be drawn.
    await page.locator('#pager').getByRole('link', { name: 'First page' }).waitFor();
    const secondPage = await page.locator('#dependents td a').allTextContents();
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
    await shot('4b-impact-second-page');
  });

  it('shows the coverage with gaps and unbacked activities highlighted, and downloads the CSV', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-view="home"]');
    await page.getByRole('navigation').getByRole('link', { name: 'Coverage' }).click();
    await page.waitForSelector('body[data-view="coverage"] #duties');
    const { coverage } = await h.data<{ coverage: { gaps: Ref[]; unbacked: Ref[]; csv: string } }>(
      `query($id: ID!) { coverage(agreementId: $id) { gaps { id name } unbacked { id name } csv } }`,
      { id: AGREEMENT },
    );
    expect(coverage.gaps.length).toBeGreaterThan(0);
    const gapRows = page.locator('#duties tr.gap');
    expect(await gapRows.count()).toBe(coverage.gaps.length);
    await expect(gapRows.first().textContent()).resolves.toContain('Gap');
    expect(await page.locator('#activities tr.unbacked').count()).toBe(coverage.unbacked.length);
    const background = await gapRows
      .first()
      .locator('td')
      .first()
      .evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download coverage CSV' }).click()]);
    // The same file but for when each answer was made (its generated_at line).
    const unstampedCsv = (text: string) => text.replace(/^\uFEFFgenerated_at,[^\r]*\r\n/, '');
    expect(unstampedCsv(readFileSync(await csv.path(), 'utf8'))).toBe(unstampedCsv(coverage.csv));
    await shot('5-coverage');
    await gapRows.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, '6-coverage-gap.png') });
  });

  it('fits a 375px phone without sideways scrolling of the page', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await phone.goto(`${base}/#view=trace&id=${encodeURIComponent(ACTIVITY(7))}`);
    await phone.waitForSelector('body[data-view="trace"] #hops');
    await phone.waitForTimeout(300);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(SHOTS, '7-trace-375px.png'), fullPage: true });
    await phone.goto(`${base}/#view=coverage&id=${AGREEMENT}`);
    await phone.waitForSelector('body[data-view="coverage"] #duties');
    await phone.screenshot({ path: path.join(SHOTS, '8-coverage-375px.png') });
    await phone.close();
  });

  it('made no request off this server and raised no script errors', () => {
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
