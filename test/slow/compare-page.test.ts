/**
 * The explorer's compare view in Debian's chromium (driven by playwright-core) against the real
 * application: choose three agreements, see each duty's status in each and the priorities they
 * share, download the CSV, copy the link and reopen it. Lancashire is the seed's; the two other
 * plans are written by this file (the slow tier owns the graph) with the facts stated below, and
 * every expectation is checked against those facts and the compare answer of the API.
 *
 * Facts: "Alphaford Safety Plan" (made by the Alphaford CSP, which the re-offending strategy duty
 * binds) has activity 1 "Offender management" discharging that duty and the priority "Domestic
 * abuse"; "Betaford Safety Plan" (made by the Betaford CSP, also bound by that duty) discharges
 * nothing and has the priorities "Domestic Abuse" and "Knife crime".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotFolder } from '../support/browser.js';
import { AGREEMENT, startHarness, type Harness } from '../support/harness.js';

const SHOTS = screenshotFolder('compare');
const REOFFENDING = 'duty-cda-1998-s6-reoffending-strategy';
const ALPHA = 'compare-page-alphaford-plan';
const BETA = 'compare-page-betaford-plan';

let h: Harness;
let browser: Browser;
let page: Page;
let base: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  h = await startHarness({ reset: true });
  const e = { basis: 'STATED', source: 'Test plan' };
  await h.db.run(
    `
    CREATE (ac:Entity:Board {id: $alpha + '-csp', type: 'BOARD', name: 'Alphaford CSP'})
    CREATE (bc:Entity:Board {id: $beta + '-csp', type: 'BOARD', name: 'Betaford CSP'})
    CREATE (a:Entity:Agreement {id: $alpha, type: 'AGREEMENT', name: 'Alphaford Safety Plan'})
    CREATE (b:Entity:Agreement {id: $beta, type: 'AGREEMENT', name: 'Betaford Safety Plan'})
    CREATE (a)-[:MADE_BY $e]->(ac), (b)-[:MADE_BY $e]->(bc)
    CREATE (x:Entity:Activity {id: $alpha + '/activity/1', type: 'ACTIVITY', name: 'Offender management', number: 1})
    CREATE (a)-[:HAS_ACTIVITY $e]->(x)
    CREATE (p1:Entity:Priority {id: $alpha + '/priority/da', type: 'PRIORITY', name: 'Domestic abuse'})
    CREATE (p2:Entity:Priority {id: $beta + '/priority/da', type: 'PRIORITY', name: 'Domestic Abuse'})
    CREATE (p3:Entity:Priority {id: $beta + '/priority/knife', type: 'PRIORITY', name: 'Knife crime'})
    CREATE (a)-[:HAS_PRIORITY $e]->(p1), (b)-[:HAS_PRIORITY $e]->(p2), (b)-[:HAS_PRIORITY $e]->(p3)
    WITH ac, bc, x
    MATCH (d:Duty {id: $duty})
    CREATE (d)-[:BINDS $e]->(ac), (d)-[:BINDS $e]->(bc), (x)-[:DISCHARGES $e]->(d)
    `,
    { alpha: ALPHA, beta: BETA, duty: REOFFENDING, e },
    'WRITE',
  );
  base = h.app.url.replace(/\/graphql$/, '');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

interface Comparison {
  csv: string;
  duties: { duty: { id: string }; cells: { status: string }[] }[];
  priorities: { key: string; commonality: string }[];
}

describe('the compare view', () => {
  it('opens from the header, lets a reader choose three agreements, and shows each duty in each', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-view="home"]');
    await page.getByRole('navigation').getByRole('link', { name: 'Compare' }).click();
    await page.waitForSelector('body[data-view="compare"] #compare-form');
    for (const name of ['Alphaford Safety Plan', 'Betaford Safety Plan']) await page.getByLabel(name).check();
    const lancashire = await h.data<{ agreements: { name: string }[] }>(`query($id: ID!) { agreements(where: { id: { eq: $id } }) { name } }`, {
      id: AGREEMENT,
    });
    await page.getByLabel(lancashire.agreements[0]?.name ?? '').check();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.waitForSelector('body[data-view="compare"] #compare-duties');

    // The order is the page's (agreements by name): Alphaford, Betaford, Lancashire.
    const ids = [ALPHA, BETA, AGREEMENT];
    expect(decodeURIComponent(page.url())).toContain(`ids=${ids.join(',')}`);
    const { compare } = await h.data<{ compare: Comparison }>(
      `query($ids: [ID!]!) { compare(agreementIds: $ids) { csv duties { duty { id } cells { status } } priorities { key commonality } } }`,
      { ids },
    );
    expect(await page.locator('#compare-duties tbody tr').count()).toBe(compare.duties.length);
    const row = page.locator(`#compare-duties tr[data-duty="${REOFFENDING}"] td`);
    expect(await row.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status')))).toEqual(['DISCHARGED', 'GAP', 'DISCHARGED']);
    await expect(row.nth(0).textContent()).resolves.toContain('Offender management');
    await expect(row.nth(1).textContent()).resolves.toBe('Gap');
    // "Domestic abuse" / "Domestic Abuse" / Lancashire's "Domestic Abuse": one row, in all three.
    await expect(page.locator('#compare-priorities tr[data-key="domesticabuse"] td').first().textContent()).resolves.toBe('In all');
    await expect(page.locator('#compare-priorities tr[data-key="knifecrime"] td').first().textContent()).resolves.toBe('Only one');
    expect(compare.priorities.find((p) => p.key === 'domesticabuse')?.commonality).toBe('ALL');
    await page.screenshot({ path: path.join(SHOTS, '1-compare.png'), fullPage: true });

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download comparison CSV' }).click()]);
    const text = readFileSync(await csv.path(), 'utf8');
    // The header, after the stamp lines (generated_at differs between the two answers) and a blank line.
    expect(text.split('\r\n')[3]).toBe(compare.csv.split('\r\n')[3]);
    expect(
      text
        .split('\r\n')
        .filter((l) => l.startsWith('duty,'))
        .sort(),
    ).toEqual(
      compare.csv
        .split('\r\n')
        .filter((l) => l.startsWith('duty,'))
        .sort(),
    );
  });

  it('copies a link that reopens the same comparison, as-at date included', async () => {
    await page.getByLabel('As at').fill('2015-06-01');
    await page.getByLabel('As at').dispatchEvent('change');
    await page.waitForFunction(() => location.hash.includes('asOf=2015-06-01'));
    // The undated table stays on the page while the dated one loads: wait for the dated one.
    await page.waitForFunction(() => document.querySelector('#compared')?.textContent?.includes(': in force on 2015-06-01') === true);
    await page.getByRole('button', { name: 'Copy link to this view' }).click();
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toContain(page.url());
    const other = await browser.newPage();
    await other.goto(page.url());
    await other.waitForSelector('body[data-view="compare"] #compare-duties');
    expect(await other.locator('#compare-duties tbody tr').count()).toBe(await page.locator('#compare-duties tbody tr').count());
    await expect(other.locator('#compared').textContent()).resolves.toContain(': in force on 2015-06-01');
    expect(await other.locator('input[name="agreement"]:checked').count()).toBe(3);
    await other.close();
    expect(pageErrors).toEqual([]);
  });
});
