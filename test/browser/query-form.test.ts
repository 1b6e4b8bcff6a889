/**
 * The SPARQL query form in a real browser (Debian's Chromium) without JavaScript (with it, the
 * form becomes the YASGUI editor: test/browser/yasgui.test.ts): a person runs the prefilled query
 * and gets the answer as a table, with our IRIs linking to their pages; the rows are the JSON
 * answer's.
 */
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, type TestBrowser } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: TestBrowser;
serverAndBrowser((s, b) => { server = s; browser = b; });

describe('/sparql in Chromium', () => {
  it('runs the prefilled query from the form and shows the rows of the JSON answer as a table', async () => {
    const page = await browser.page(server.url, undefined, { javaScript: false });
    await page.goto(`${server.url}sparql`);
    const query = await page.getByLabel('Query').inputValue();
    await Promise.all([page.waitForURL(/query=/), page.getByRole('button', { name: 'Run' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Query results');
    const json = (await (await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } })).json()) as { head: { vars: string[] }; results: { bindings: unknown[] } };
    expect(await page.locator('thead th').allTextContents()).toEqual(json.head.vars);
    expect(await page.locator('tbody tr').count()).toBe(json.results.bindings.length);
    const link = page.locator('tbody a[href^="/doc/"]').first();
    await Promise.all([page.waitForURL(/\/doc\//), link.click()]);
    expect(await page.locator('h1').count()).toBe(1);
    expect(browser.refused).toEqual([]);
  });
});
