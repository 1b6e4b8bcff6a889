/**
 * The explorer's two urban–rural filters in Debian's Chromium: the degree of urbanisation of the
 * municipality (Eurostat DEGURBA) beside the urban–rural type of the NUTS 3 region, each under a
 * legend that says which it classes. Freiräume's pilot municipalities are towns and suburbs in a
 * predominantly urban NUTS 3 region: ticking the one or the other gives different lists, and each
 * list is what /api/facets gives for the same URL.
 */
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, type TestBrowser } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: TestBrowser;
serverAndBrowser((s, b) => { server = s; browser = b; });

const apiDocuments = async (query: string) =>
  ((await (await fetch(`${server.url}api/facets${query}`)).json()) as { practices: Array<{ document: string }> }).practices.map((p) => p.document);

describe('/practices in Chromium: filtering by the degree of urbanisation of the municipality', () => {
  it('has a filter of its own, named apart from the NUTS 3 typology, that narrows the list (without JavaScript)', async () => {
    const page = await browser.page(server.url, undefined, { javaScript: false });
    await page.goto(`${server.url}practices`);
    const results = () => page.locator('#result-list ol a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const municipal = page.getByRole('group', { name: 'Degree of urbanisation of the municipality (DEGURBA)' });
    const regional = page.getByRole('group', { name: 'Urban–rural type of the NUTS 3 region' });
    expect(await municipal.getByRole('checkbox').count()).toBe(3); // cities, towns and suburbs, rural areas
    expect(await regional.getByRole('checkbox').count()).toBe(3);

    // By municipality: towns and suburbs. Freiräume is among them.
    await municipal.getByRole('checkbox', { name: /towns and suburbs/ }).check();
    await Promise.all([page.waitForURL(/degurba=/), page.getByRole('button', { name: 'Apply filters' }).click()]);
    let url = new URL(page.url());
    expect(url.searchParams.getAll('degurba')).toEqual(['towns-and-suburbs']);
    expect(await results()).toEqual(await apiDocuments(url.search));
    expect(await results()).toContain('/doc/practice/freiraeume');

    // And by NUTS 3 region: predominantly urban. Both hold for Freiräume and People Made only.
    await page.getByRole('group', { name: 'Urban–rural type of the NUTS 3 region' }).getByRole('checkbox', { name: /predominantly urban/i }).check();
    await Promise.all([page.waitForURL(/typology=/), page.getByRole('button', { name: 'Apply filters' }).click()]);
    url = new URL(page.url());
    expect(url.searchParams.getAll('typology')).toEqual(['predominantly-urban']);
    expect(await results()).toEqual(['/doc/practice/freiraeume', '/doc/practice/people-made']);
    expect(await results()).toEqual(await apiDocuments(url.search));
    expect(browser.refused).toEqual([]);
  });

  it('keeps Freiräume out of rural areas by municipality, and in the predominantly urban NUTS 3 regions (with JavaScript)', async () => {
    const page = await browser.page(server.url);
    await page.goto(`${server.url}practices`);
    await page.getByRole('button', { name: 'Apply filters' }).waitFor({ state: 'hidden' }); // the script has run
    const results = () => page.locator('#result-list ol a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const municipal = page.getByRole('group', { name: 'Degree of urbanisation of the municipality (DEGURBA)' });
    await municipal.getByRole('checkbox', { name: /rural areas/ }).check();
    await page.waitForURL(/degurba=rural-areas/);
    await expect.poll(results).toEqual(await apiDocuments('?degurba=rural-areas'));
    expect(await results()).not.toContain('/doc/practice/freiraeume');
    // Now by NUTS 3 region instead: Freiräume's region DE128 is predominantly urban.
    await page.getByRole('group', { name: 'Degree of urbanisation of the municipality (DEGURBA)' }).getByRole('checkbox', { name: /rural areas/ }).uncheck();
    await page.getByRole('group', { name: 'Urban–rural type of the NUTS 3 region' }).getByRole('checkbox', { name: /predominantly urban/i }).check();
    await page.waitForURL(/typology=predominantly-urban/);
    await expect.poll(results).toEqual(await apiDocuments('?typology=predominantly-urban'));
    expect(await results()).toContain('/doc/practice/freiraeume');
    expect(browser.refused).toEqual([]);
  });
});
