/**
 * The explorer's /practices page in a real browser (Debian's Chromium) without JavaScript, as the
 * server renders it: a person ticks a facet and applies it, sees the counts and results change
 * and the URL hold the selection, and goes back. What the page lists is what /api/facets gives
 * for the same URL. (With JavaScript: explorer-js.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, type TestBrowser } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: TestBrowser;
serverAndBrowser((s, b) => { server = s; browser = b; });

const apiDocuments = async (query: string) =>
  ((await (await fetch(`${server.url}api/facets${query}`)).json()) as { practices: Array<{ document: string }> }).practices.map((p) => p.document);

describe('/practices in Chromium, without JavaScript', () => {
  it('filters by a ticked facet, keeps the selection in the URL, and goes back', async () => {
    const page = await browser.page(server.url, undefined, { javaScript: false });
    await page.goto(`${server.url}practices`);
    const results = () => page.locator('#result-list ol a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(await results()).toEqual(await apiDocuments(''));
    expect(await page.locator('#results').textContent()).toBe('18 practices');

    await page.getByRole('checkbox', { name: /European Social Fund/ }).first().check();
    await page.getByRole('checkbox', { name: /Predominantly rural/i }).check();
    await Promise.all([page.waitForURL(/fund=/), page.getByRole('button', { name: 'Apply filters' }).click()]);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/practices');
    expect(url.searchParams.getAll('typology')).toEqual(['predominantly-rural']);
    expect(await results()).toEqual(await apiDocuments(url.search));
    expect((await results()).length).toBeLessThan(18);
    expect(await page.getByRole('checkbox', { name: /Predominantly rural/i }).isChecked()).toBe(true);

    await page.goBack();
    expect(new URL(page.url()).search).toBe('');
    expect(await results()).toHaveLength(18);
    expect(browser.refused).toEqual([]);
  });

  it('searches by text typed into the box, diacritics aside', async () => {
    const page = await browser.page(server.url, undefined, { javaScript: false });
    await page.goto(`${server.url}practices`);
    await page.getByLabel('Search practices').fill('Darjiu');
    await Promise.all([page.waitForURL(/q=Darjiu/), page.getByLabel('Search practices').press('Enter')]);
    expect(await page.locator('#result-list ol a').first().textContent()).toMatch(/Dârjiu/);
    expect(browser.refused).toEqual([]);
  });

  it('fits a phone-sized window: nothing wider than the screen', async () => {
    const page = await browser.page(server.url, { width: 375, height: 740 });
    await page.goto(`${server.url}practices`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
