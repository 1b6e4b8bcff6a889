/**
 * The explorer's /practices page with its script (web/explorer/), in Debian's Chromium: a person
 * types and the list follows without submitting; ticks a facet and the counts, the list and the
 * URL follow without a page load; goes back and forward through the states; and the download
 * links carry the state. Nothing is loaded from another origin, nothing is logged as an error and
 * the Content Security Policy refuses nothing. (Without the script: practices.test.ts.)
 */
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, type TestBrowser } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: TestBrowser;
serverAndBrowser((s, b) => { server = s; browser = b; });

interface Api {
  total: number;
  practices: Array<{ document: string }>;
  facets: Record<string, { values: Array<{ value: string; count: number; selected: boolean }> }>;
}
const api = async (query: string) => (await (await fetch(`${server.url}api/facets${query}`, { headers: { 'accept-language': 'en-GB' } })).json()) as Api;

interface Explorer {
  readonly page: Page;
  /** Console errors, uncaught exceptions and the script's own warnings. */
  readonly problems: string[];
  /** Requests the page made (documents, scripts, fetches). */
  readonly requests: Request[];
}

/** /practices in a fresh page, watched: console errors, CSP violations, requests. */
async function open(query = ''): Promise<Explorer> {
  const page = await browser.page(server.url);
  const problems: string[] = [];
  const requests: Request[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.text().startsWith('explorer:')) problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => requests.push(request));
  // An init script runs before the page's own (and is not subject to its policy).
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${server.url}practices${query}`);
  // The module script has run once the Apply button is hidden.
  await page.getByRole('button', { name: 'Apply filters' }).waitFor({ state: 'hidden' });
  await page.evaluate(() => { (window as unknown as { marker: string }).marker = 'the same page'; });
  return { page, problems, requests };
}

/** Nothing went wrong, and this is still the page first loaded (no navigation). */
async function clean({ page, problems }: Explorer): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('the same page');
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
  expect(problems).toEqual([]);
  expect(browser.refused).toEqual([]);
}

const listed = (page: Page) => page.locator('#result-list ol a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
const search = (page: Page) => new URL(page.url()).search;
/** name=value → [checked, count] of each facet checkbox shown. */
const boxes = (page: Page) => page.locator('#facets input[type=checkbox]').evaluateAll((inputs) => Object.fromEntries(inputs.map((i) => {
  const input = i as HTMLInputElement;
  return [`${input.name}=${input.value}`, [input.checked, Number(/\((\d+)\)/.exec(input.parentElement?.textContent ?? '')?.[1])]];
})));
const apiBoxes = (answer: Api) => Object.fromEntries(Object.entries(answer.facets).flatMap(([name, facet]) =>
  facet.values.filter((v) => v.count > 0 || v.selected).map((v) => [`${name}=${v.value}`, [v.selected, v.count]])));

/** The page shows exactly what /api/facets gives for its URL: list, count, boxes and their counts. */
async function showsItsUrl(page: Page): Promise<void> {
  const answer = await api(search(page));
  await expect.poll(() => listed(page)).toEqual(answer.practices.map((p) => p.document));
  expect(await page.locator('#results').textContent()).toBe(`${answer.total} ${answer.total === 1 ? 'practice' : 'practices'}`);
  expect(await boxes(page)).toEqual(apiBoxes(answer));
}

describe('/practices in Chromium, with its script', () => {
  it('lists what a person types without submitting: "Darjiu" finds Dârjiu, the URL gets q=Darjiu, the focus stays in the box', async () => {
    const explorer = await open();
    const { page } = explorer;
    const entries = await page.evaluate(() => history.length);
    const box = page.getByLabel('Search practices');
    await box.click();
    await box.pressSequentially('Darjiu', { delay: 20 });
    await expect.poll(() => search(page)).toBe('?q=Darjiu');
    await showsItsUrl(page);
    expect(await page.locator('#result-list ol a').first().textContent()).toMatch(/Dârjiu/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    expect(await page.title()).toMatch(/^Good practices \(\d+\)/);
    // Debounced: the keystrokes came faster than the pause, so far fewer fetches than letters.
    const fetches = explorer.requests.filter((r) => r.resourceType() === 'fetch');
    expect(fetches.length).toBeGreaterThanOrEqual(1);
    expect(fetches.length).toBeLessThan(6);
    // Typing replaced the history entry rather than adding one per pause.
    expect(await page.evaluate(() => history.length)).toBe(entries);
    await clean(explorer);
  });

  it('applies a ticked facet at once: counts, list, URL and download links follow, without a page load', async () => {
    const explorer = await open();
    const { page } = explorer;
    await page.getByRole('checkbox', { name: /European Social Fund/ }).first().check();
    await expect.poll(() => search(page)).toBe('?fund=esf');
    await showsItsUrl(page);
    // The box ticked keeps the focus, although the facets were swapped.
    expect(await page.evaluate(() => { const a = document.activeElement as HTMLInputElement | null; return `${a?.name}=${a?.value}`; })).toBe('fund=esf');

    await page.getByRole('checkbox', { name: /Predominantly rural/i }).check();
    await expect.poll(() => search(page)).toBe('?fund=esf&typology=predominantly-rural');
    await showsItsUrl(page);
    expect((await listed(page)).length).toBeLessThan(18);

    const href = (name: string) => page.getByRole('link', { name, exact: true }).getAttribute('href');
    expect(await href('CSV')).toBe('/practices.csv?fund=esf&typology=predominantly-rural');
    expect(await href('JSON-LD')).toBe('/practices.jsonld?fund=esf&typology=predominantly-rural');
    const query = new URLSearchParams(new URL((await href('Open in the SPARQL editor'))!, server.url).hash.slice(1)).get('query')!;
    expect(query).toMatch(/VALUES \?fund \{\s*fund:esf\s*\}/);
    expect(query).toMatch(/VALUES \?typology \{\s*typology:predominantly-rural\s*\}/);
    // What the links give is what the page shows.
    const csv = await (await fetch(new URL((await href('CSV'))!, server.url))).text();
    expect(csv.trim().split('\r\n')).toHaveLength(1 + (await listed(page)).length);

    const documents = explorer.requests.filter((r) => r.resourceType() === 'document');
    expect(documents.map((r) => r.url())).toEqual([`${server.url}practices`]);
    await clean(explorer);
  });

  it('goes back and forward through the states, each restored: boxes, count and list', async () => {
    const explorer = await open();
    const { page } = explorer;
    await page.getByRole('checkbox', { name: /European Social Fund/ }).first().check();
    await expect.poll(() => search(page)).toBe('?fund=esf');
    await showsItsUrl(page);
    await page.getByRole('checkbox', { name: /Predominantly rural/i }).check();
    await expect.poll(() => search(page)).toBe('?fund=esf&typology=predominantly-rural');
    await showsItsUrl(page);
    const rural = page.getByRole('checkbox', { name: /Predominantly rural/i });

    await page.goBack();
    await expect.poll(() => search(page)).toBe('?fund=esf');
    await showsItsUrl(page);
    expect(await rural.isChecked()).toBe(false);

    await page.goBack();
    await expect.poll(() => search(page)).toBe('');
    await showsItsUrl(page);
    expect(await page.locator('#results').textContent()).toBe('18 practices');

    await page.goForward();
    await expect.poll(() => search(page)).toBe('?fund=esf');
    await showsItsUrl(page);

    await page.goForward();
    await expect.poll(() => search(page)).toBe('?fund=esf&typology=predominantly-rural');
    await showsItsUrl(page);
    expect(await rural.isChecked()).toBe(true);
    await clean(explorer);
  });

  it('clears the selection without a page load, and restores the text on back', async () => {
    const explorer = await open('?q=rural&fund=esf');
    const { page } = explorer;
    await page.getByRole('link', { name: 'Clear all' }).click();
    await expect.poll(() => search(page)).toBe('');
    await showsItsUrl(page);
    expect(await page.getByLabel('Search practices').inputValue()).toBe('');
    await page.goBack();
    await expect.poll(() => search(page)).toBe('?q=rural&fund=esf');
    await showsItsUrl(page);
    expect(await page.getByLabel('Search practices').inputValue()).toBe('rural');
    await clean(explorer);
  });

  it('never lets a slow answer overwrite a newer one', async () => {
    const explorer = await open();
    const { page } = explorer;
    // The answer for "rural" comes a second late; "Darjiu", typed meanwhile, is asked for after it.
    await page.route(/\/practices\?q=rural$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.fallback().catch(() => undefined); // aborted by then
    });
    expect((await api('?q=rural')).practices).not.toEqual((await api('?q=Darjiu')).practices);
    const box = page.getByLabel('Search practices');
    await box.fill('rural');
    await expect.poll(() => explorer.requests.some((r) => r.url().endsWith('/practices?q=rural'))).toBe(true);
    await box.fill('Darjiu');
    await expect.poll(() => search(page)).toBe('?q=Darjiu');
    await showsItsUrl(page);
    await page.waitForTimeout(1500);
    expect(search(page)).toBe('?q=Darjiu');
    await showsItsUrl(page);
    await clean(explorer);
  });

  it('announces the count in a polite live region, and loads its script from our origin as a module', async () => {
    const explorer = await open();
    const { page } = explorer;
    expect(await page.locator('#results').getAttribute('aria-live')).toBe('polite');
    const scripts = await page.locator('script').evaluateAll((s) => s.map((e) => [e.getAttribute('type'), e.getAttribute('src'), e.textContent]));
    expect(scripts).toEqual([['module', expect.stringMatching(/^\/assets\/explorer\.[0-9a-f]{12}\.js$/), '']]);
    await clean(explorer);
  });
});
