/**
 * The map on /practices in a real browser (Debian's Chromium): visible at desktop and phone widths,
 * a click on a region filters the list to it (the URL gets region=…, the list is what /api/facets
 * gives for that state), keyboard users reach the regions, nothing comes from another origin.
 */
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, type TestBrowser } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: TestBrowser;
serverAndBrowser((s, b) => { server = s; browser = b; });

const api = async (query: string) =>
  (await (await fetch(`${server.url}api/facets${query}`)).json()) as { total: number; practices: Array<{ document: string }> };

describe('the map in Chromium', () => {
  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 375, height: 740 }],
  ])('is visible at %s width, fits the window, and shows the shaded regions', async (_, viewport) => {
    const page = await browser.page(server.url, viewport);
    await page.goto(`${server.url}practices?fund=esf`);
    const svg = page.locator('#map figure > svg');
    await svg.scrollIntoViewIfNeeded();
    expect(await svg.isVisible()).toBe(true);
    const box = (await svg.boundingBox())!;
    // On a phone the page's one column (1rem padding each side); on a desktop the explorer's right-hand column beside the list.
    expect(box.width).toBeGreaterThan(viewport.width < 1024 ? (viewport.width - 32) * 0.95 : 400);
    expect(box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.height).toBeGreaterThan(200);
    // Each shaded region is drawn with a size on screen, within the map.
    const regions = page.locator('#map a[data-region]');
    expect(await regions.count()).toBeGreaterThan(0);
    for (const region of await regions.all()) {
      const r = (await region.boundingBox())!;
      expect(r.width).toBeGreaterThan(2);
      expect(r.x).toBeGreaterThanOrEqual(box.x - 1);
      expect(r.x + r.width).toBeLessThanOrEqual(box.x + box.width + 1);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    expect(browser.refused).toEqual([]);
  });

  it('a click on a region filters the list to it, and its profile is one click away', async () => {
    const page = await browser.page(server.url);
    await page.goto(`${server.url}practices?fund=esf`);
    const region = page.locator('#map a[data-region="PL923"]');
    const count = Number(await region.getAttribute('data-count'));
    await Promise.all([page.waitForURL(/region=PL923/), region.locator('path').click()]);
    const url = new URL(page.url());
    expect(url.searchParams.getAll('region')).toEqual(['PL923']);
    expect(url.searchParams.getAll('fund')).toEqual(['esf']);
    const answer = await api(url.search);
    expect(answer.total).toBe(count);
    expect(await page.locator('#results').textContent()).toBe(`${answer.total} ${answer.total === 1 ? 'practice' : 'practices'}`);
    expect(await page.locator('#result-list ol a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(answer.practices.map((p) => p.document));
    // The selected region's summary, with its profile link, and its checkbox ticked.
    const profile = page.getByRole('link', { name: /Open the profile of Płocki/ });
    expect(await profile.isVisible()).toBe(true);
    expect(await profile.getAttribute('href')).toBe('/regions/PL923');
    expect(await page.getByRole('checkbox', { name: /PL923/ }).isChecked()).toBe(true);
    expect(browser.refused).toEqual([]);
  });

  it('a keyboard user reaches a region by Tab and follows it with Enter', async () => {
    const page = await browser.page(server.url);
    await page.goto(`${server.url}practices?country=ROU`);
    await page.locator('#map-title').scrollIntoViewIfNeeded();
    await page.getByRole('link', { name: 'Clear all' }).focus();
    let focused: string | null | undefined = null;
    for (let i = 0; i < 100 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('data-region'));
    }
    expect(focused).toBe('RO124');
    await Promise.all([page.waitForURL(/region=RO124/), page.keyboard.press('Enter')]);
    expect((await api(new URL(page.url()).search)).total).toBe(2);
    expect(browser.refused).toEqual([]);
  });
});
