/**
 * The explorer page at `/`, end to end in Debian's chromium (driven by playwright-core) against
 * the real application and the seeded test graph. Screenshots of each view go to test-results/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page, type Request, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotFolder } from '../support/browser.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { ACTIVITY, AGREEMENT, STEP, startHarness, type Harness, type Ref, type Step } from '../support/harness.js';

const SHOTS = screenshotFolder('explorer');

let h: Harness;
let browser: Browser;
let page: Page;
let base: string;
const foreignRequests: string[] = [];
const pageErrors: string[] = [];

// A reset imports the whole seed; on a loaded 2-core machine that alone has taken three minutes.
beforeAll(async () => {
  h = await startHarness({ reset: true });
  base = h.app.url.replace(/\/graphql$/, '');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // A coverage or impact answer has taken over 30 s with seven other test runs on two cores.
  page.setDefaultTimeout(120_000);
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith('blob:') && !url.startsWith('data:')) foreignRequests.push(url);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 600_000);

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
    // Each hit's first link opens it; activities and agreements also link to their own page.
    const hits = page.locator('#hits li a:not(.about)');
    expect(await hits.count()).toBe(search.length);
    expect(await hits.first().textContent()).toBe(search[0]?.name);
    await shot('1-search-alcohol');
  });

  it("opens activity 7's trace, draws it, and shows a hop's STATED evidence from the graph", async () => {
    const link = page.locator(`#hits a:not(.about)[href*="${encodeURIComponent(ACTIVITY(7))}"]`);
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
    other.setDefaultTimeout(120_000);
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
    phone.setDefaultTimeout(120_000);
    await phone.goto(`${base}/#view=trace&id=${encodeURIComponent(ACTIVITY(7))}`);
    await phone.waitForSelector('body[data-view="trace"] #hops');
    await phone.waitForTimeout(300);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(SHOTS, '7-trace-375px.png'), fullPage: true, timeout: 120_000 });
    await phone.goto(`${base}/#view=coverage&id=${AGREEMENT}`);
    await phone.waitForSelector('body[data-view="coverage"] #duties');
    await phone.screenshot({ path: path.join(SHOTS, '8-coverage-375px.png') });
    await phone.close();
  });

  it('shows the view its address names when the reader clicks on before a slow view answers, and cancels the slow request', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-view="home"]');
    // The coverage query is held at the network until the next view has drawn: as slow as it gets.
    const coverageId = Object.entries(
      JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'web', 'persisted-documents.json'), 'utf8')) as Record<string, string>,
    ).find(([, document]) => document.startsWith('query Coverage('))![0];
    let held: Route | undefined;
    let heldRequest: Request | undefined;
    const arrived = new Promise<void>((resolve) => {
      void page.route(
        (url) => url.pathname === '/graphql' && url.searchParams.get('documentId') === coverageId,
        (route) => {
          held = route;
          heldRequest = route.request();
          resolve();
        },
      );
    });
    const failed = new Promise<string>((resolve) =>
      page.on('requestfailed', (request) => request === heldRequest && resolve(request.failure()?.errorText ?? '')),
    );
    await page.getByRole('navigation').getByRole('link', { name: 'Coverage' }).click();
    await arrived;
    // At once, while coverage is still loading: an activity from the home page, still on screen.
    const activity = page.locator(`#view a[href*="${encodeURIComponent(ACTIVITY(7))}"]`).first();
    await activity.click();
    await page.waitForSelector('body[data-view="trace"] #hops');
    // The page cancelled the coverage request; answering it now must change nothing.
    await expect(failed).resolves.toMatch(/abort/i);
    await held!.continue().catch(() => undefined);
    // unroute(matcher) drops only the very function given; unrouteAll is what lets every later
    // coverage request of this page through (left in place, each one was held for good).
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    // Give a late answer every chance to draw: the page's own next request round trip.
    await page.evaluate(() => fetch('/explorer/style.css').then((r) => r.text()));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const { trace } = await h.data<{ trace: { activity: Ref } }>(`query($id: ID!) { trace(activityId: $id) { activity { id type name } } }`, {
      id: ACTIVITY(7),
    });
    expect(page.url()).toContain(`view=trace`);
    expect(page.url()).toContain(encodeURIComponent(ACTIVITY(7)));
    await expect(page.locator('body').getAttribute('data-view')).resolves.toBe('trace');
    await expect(page.locator('h1').textContent()).resolves.toContain(trace.activity.name);
    expect(await page.locator('#duties').count()).toBe(0);
  });

  it('lists every Act and provision a trace reaches, open on the page', async () => {
    await page.goto(`${base}/#view=trace&id=${encodeURIComponent(ACTIVITY(7))}`);
    await page.waitForSelector('body[data-view="trace"] #reaches');
    const { trace } = await h.data<{ trace: { legislation: Ref[]; provisions: Ref[] } }>(
      `query($id: ID!) { trace(activityId: $id) { legislation { id type name } provisions { id type name } } }`,
      { id: ACTIVITY(7) },
    );
    expect(trace.provisions.length).toBeGreaterThan(4);
    const provisions = page.locator('#reaches [data-reaches="provisions"] li a');
    expect(await provisions.allTextContents()).toEqual(trace.provisions.map((r) => r.name));
    const acts = page.locator('#reaches [data-reaches="legislation"] li a');
    expect(await acts.allTextContents()).toEqual(trace.legislation.map((r) => r.name));
    // Shown, not folded away: every one is visible without a click.
    for (const link of await acts.all()) expect(await link.isVisible()).toBe(true);
    for (const link of await provisions.all()) expect(await link.isVisible()).toBe(true);
  });

  it('draws a 50-node diagram in layers with labels of at least 10 px', async () => {
    await page.goto(`${base}/#view=impact&id=${encodeURIComponent('ukpga/1998/37')}&first=50`);
    await page.waitForSelector('body[data-view="impact"] #hops');
    await page.waitForFunction(() => (window as unknown as { explorer: { cy: unknown } }).explorer.cy !== null);
    const drawn = await page.evaluate(() => {
      type Node = { data(k: string): { type: string; id: string }; style(k: string): string; position(): { x: number; y: number } };
      const cy = (window as unknown as { explorer: { cy: { zoom(): number; nodes(): Node[] & { length: number }; container(): HTMLElement } } }).explorer.cy;
      const nodes = [...cy.nodes()];
      const px = nodes.map((n) => cy.zoom() * parseFloat(n.style('font-size')));
      const subject = nodes.find((n) => n.data('ref').id === 'ukpga/1998/37')!;
      const activities = nodes.filter((n) => n.data('ref').type === 'ACTIVITY');
      return {
        count: nodes.length,
        smallest: Math.min(...px),
        subjectY: subject.position().y,
        lowestActivityY: Math.min(...activities.map((n) => n.position().y)),
        boxWidth: cy.container().clientWidth,
      };
    });
    expect(drawn.count).toBeGreaterThanOrEqual(50);
    expect(drawn.smallest).toBeGreaterThanOrEqual(10);
    // Layered: the Act on top, every activity it reaches below it.
    expect(drawn.lowestActivityY).toBeGreaterThan(drawn.subjectY);
    await shot('9-impact-50-nodes');
  });

  it('gives every entity a page: its facts, the law on legislation.gov.uk, its evidence, what backs it and what it touches', async () => {
    // From a search hit.
    await page.goto(`${base}/#view=search&q=${encodeURIComponent('Crime and Disorder Act 1998')}`);
    await page.waitForSelector('body[data-view="search"] #hits');
    await page
      .locator(`#hits a[href*="view=entity"][href$="${encodeURIComponent('ukpga/1998/37/section/6')}"]`)
      .first()
      .click();
    await page.waitForSelector('body[data-view="entity"] #facts');
    const { provisions } = await h.data<{ provisions: { name: string; number: string }[] }>(
      `query { provisions(where: { id: { eq: "ukpga/1998/37/section/6" } }) { name number } }`,
    );
    await expect(page.locator('h1').textContent()).resolves.toContain(provisions[0]!.name);
    await expect(page.locator('#facts [data-fact="number"]').textContent()).resolves.toBe(provisions[0]!.number);
    await expect(page.locator('#legislation-link').getAttribute('href')).resolves.toBe('https://www.legislation.gov.uk/ukpga/1998/37/section/6');
    // What backs it: the section is part of its Act, with that hop's evidence.
    const backs = page.locator('#backs tbody tr', { hasText: 'PART_OF' });
    expect(await backs.count()).toBeGreaterThan(0);
    await expect(backs.first().textContent()).resolves.toContain('Crime and Disorder Act 1998');
    expect(await page.locator('#own-evidence tbody tr').count()).toBeGreaterThan(0);
    // What it touches: the same counts as impact.
    const { impact } = await h.data<{ impact: { activityCount: number; agreementCount: number } }>(
      `query { impact(id: "ukpga/1998/37/section/6") { activityCount agreementCount } }`,
    );
    await expect(page.locator('#touches').textContent()).resolves.toContain(`Activities (${impact.activityCount})`);
    await shot('10-entity-section-6');

    // The Act's own page, from the section's link to it.
    // Only the hash changes, so wait for this entity's facts, not the last page's.
    const factsOf = (id: string) => page.waitForFunction((want) => document.querySelector('#facts [data-fact="id"]')?.textContent === want, id);
    await page.goto(`${base}/#view=entity&id=${encodeURIComponent('ukpga/1998/37')}`);
    await factsOf('ukpga/1998/37');
    await expect(page.locator('#legislation-link').getAttribute('href')).resolves.toBe('https://www.legislation.gov.uk/ukpga/1998/37');
    await expect(page.locator('#facts [data-fact="id"]').textContent()).resolves.toBe('ukpga/1998/37');

    // A duty: no legislation.gov.uk link of its own, but the provision that imposes it backs it.
    await page.goto(`${base}/#view=entity&id=duty-cda-1998-s6-crime-disorder-strategy`);
    await factsOf('duty-cda-1998-s6-crime-disorder-strategy');
    expect(await page.locator('#legislation-link').count()).toBe(0);
    await expect(page.locator('#backs').textContent()).resolves.toContain('IMPOSED_BY');

    // An unknown id says so.
    await page.goto(`${base}/#view=entity&id=no-such-entity`);
    await page.waitForSelector('body[data-view="error"]');
    await expect(page.locator('#view').textContent()).resolves.toContain('no-such-entity');
  });

  it('filters the coverage to its gaps and sorts it by any column, both kept in the address', async () => {
    await page.goto(`${base}/#view=coverage&id=${AGREEMENT}`);
    await page.waitForSelector('body[data-view="coverage"] #duties');
    const { coverage } = await h.data<{ coverage: { duties: { duty: Ref; gap: boolean }[] } }>(
      `query($id: ID!) { coverage(agreementId: $id) { duties { duty { id type name } gap } } }`,
      { id: AGREEMENT },
    );
    const gaps = coverage.duties.filter((d) => d.gap).length;
    expect(gaps).toBeGreaterThan(0);
    expect(gaps).toBeLessThan(coverage.duties.length);
    await page.getByLabel(/Only gaps/).check();
    await page.waitForFunction(() => location.hash.includes('gaps=1'));
    await page.waitForFunction((n) => document.querySelectorAll('#duties tbody tr').length === n, gaps);
    expect(await page.locator('#duties tbody tr.gap').count()).toBe(gaps);

    // Sort by duty name, then again for the reverse; ties and all, the same order the reader's language gives.
    await page.locator('#duties th[data-column="duty"] a').click();
    await page.waitForFunction(() => location.hash.includes('sort=duty'));
    await page.waitForSelector('#duties th[data-column="duty"][aria-sort="ascending"]');
    const names = await page.locator('#duties tbody th a').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })));
    expect(names.length).toBe(gaps);
    await page.locator('#duties th[data-column="duty"] a').click();
    await page.waitForSelector('#duties th[data-column="duty"][aria-sort="descending"]');
    expect(await page.locator('#duties tbody th a').allTextContents()).toEqual([...names].reverse());

    // All duties again, gaps first.
    await page.getByLabel(/Only gaps/).uncheck();
    await page.waitForFunction((n) => document.querySelectorAll('#duties tbody tr').length === n, coverage.duties.length);
    await page.locator('#duties th[data-column="gap"] a').click();
    await page.waitForSelector('#duties th[data-column="gap"][aria-sort="ascending"]');
    const flags = await page.locator('#duties tbody tr').evaluateAll((rows) => rows.map((r) => r.classList.contains('gap')));
    expect(flags).toEqual([...Array(gaps).fill(true), ...Array(coverage.duties.length - gaps).fill(false)]);
    // A copied link reopens the same rows in the same order.
    const other = await browser.newPage();
    other.setDefaultTimeout(120_000);
    await other.goto(page.url());
    await other.waitForSelector('#duties th[data-column="gap"][aria-sort="ascending"]');
    expect(await other.locator('#duties tbody th a').allTextContents()).toEqual(await page.locator('#duties tbody th a').allTextContents());
    await other.close();
  });

  it('answers the coverage as at the date in the address: in its period, and one day past its end', async () => {
    type Dated = { asOf: string | null; inForce: boolean; outOfForce: { reason: string } | null; duties: { gap: boolean }[]; activities: unknown[] };
    const at = async (asOf: string) =>
      (
        await h.data<{ coverage: Dated }>(
          `query($id: ID!, $asOf: Date) { coverage(agreementId: $id, asOf: $asOf) { asOf inForce outOfForce { reason } duties { gap } activities { backed } } }`,
          { id: AGREEMENT, asOf },
        )
      ).coverage;
    // The agreement's period ends on 2016-03-31.
    for (const day of ['2016-03-31', '2016-04-01']) {
      const api = await at(day);
      await page.goto(`${base}/#view=coverage&id=${AGREEMENT}&asOf=${day}`);
      await page.waitForFunction((want) => document.querySelector('#coverage-as-of')?.textContent?.includes(`As at ${want}`), day);
      await expect(page.getByLabel('As at').inputValue()).resolves.toBe(day);
      expect(await page.locator('#duties tbody tr').count()).toBe(api.duties.length);
      expect(await page.locator('#duties tbody tr.gap').count()).toBe(api.duties.filter((d) => d.gap).length);
      expect(await page.locator('#activities tbody tr').count()).toBe(api.activities.length);
      if (day === '2016-03-31') {
        expect(api.inForce).toBe(true);
        expect(await page.locator('#out-of-force').count()).toBe(0);
      } else {
        expect(api.inForce).toBe(false);
        await expect(page.locator('#out-of-force').textContent()).resolves.toContain(api.outOfForce!.reason);
      }
    }
    await shot('14-coverage-as-at-2016-04-01');
  });

  it('on a 375px phone, shows the Gap column and the diagram without sideways scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    phone.setDefaultTimeout(120_000);
    await phone.goto(`${base}/#view=coverage&id=${AGREEMENT}`);
    await phone.waitForSelector('body[data-view="coverage"] #duties');
    const gapCell = phone.locator('#duties tr.gap td.gap-cell').first();
    await gapCell.scrollIntoViewIfNeeded();
    const cell = (await gapCell.boundingBox())!;
    expect(cell.x).toBeGreaterThanOrEqual(0);
    expect(cell.x + cell.width).toBeLessThanOrEqual(375);
    await expect(gapCell.textContent()).resolves.toContain('Gap');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(SHOTS, '11-coverage-gap-375px.png') });

    await phone.goto(`${base}/#view=impact&id=${encodeURIComponent('ukpga/1998/37')}&first=50`);
    await phone.waitForSelector('body[data-view="impact"] #hops');
    await phone.waitForFunction(() => (window as unknown as { explorer: { cy: unknown } }).explorer.cy !== null);
    const diagram = (await phone.locator('#diagram').boundingBox())!;
    expect(diagram.width).toBeGreaterThan(300);
    expect(diagram.x + diagram.width).toBeLessThanOrEqual(375);
    const smallest = await phone.evaluate(() => {
      const cy = (window as unknown as { explorer: { cy: { zoom(): number; nodes(): { style(k: string): string }[] } } }).explorer.cy;
      return Math.min(...[...cy.nodes()].map((n) => cy.zoom() * parseFloat(n.style('font-size'))));
    });
    expect(smallest).toBeGreaterThanOrEqual(10);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await phone.locator('#diagram').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: path.join(SHOTS, '12-impact-diagram-375px.png') });
    await phone.close();
  });

  it('prints the view alone: no toolbar, the whole diagram on the page, tables not cropped', async () => {
    await page.goto(`${base}/#view=trace&id=${encodeURIComponent(ACTIVITY(7))}`);
    await page.waitForSelector('body[data-view="trace"] #hops');
    await page.waitForFunction(() => (window as unknown as { explorer: { cy: unknown } }).explorer.cy !== null);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const shown = (selector: string) => [...document.querySelectorAll(selector)].some((el) => getComputedStyle(el).display !== 'none');
      const img = document.querySelector<HTMLImageElement>('#diagram img.print-diagram');
      const main = document.querySelector('main')!.getBoundingClientRect();
      const tables = [...document.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right);
      return {
        header: shown('header'),
        toolbar: shown('.toolbar'),
        canvas: shown('#diagram canvas'),
        image: img !== null && getComputedStyle(img).display !== 'none',
        imageFits: img !== null && img.getBoundingClientRect().right <= main.right + 1,
        tablesFit: tables.every((right) => right <= main.right + 1),
      };
    });
    expect(printed).toEqual({ header: false, toolbar: false, canvas: false, image: true, imageFits: true, tablesFit: true });
    await page.pdf({ path: path.join(SHOTS, '13-trace-print.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await page.locator('#diagram img.print-diagram').count()).toBe(0);
  });

  it('made no request off this server and raised no script errors', () => {
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
