/**
 * A practice's page in a real browser (Debian's Chromium): a person opens a practice from
 * /practices, reads the source and pages of its facts and what we added, follows a related
 * practice, and reads it on a phone without scrolling sideways; axe-core finds no serious or
 * critical problem; nothing is requested from another origin.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, type TestBrowser } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: TestBrowser;
serverAndBrowser((s, b) => { server = s; browser = b; });

describe('a practice page in Chromium', () => {
  it('opens from /practices, shows the source page of its facts and our additions, and follows a related practice', async () => {
    const page = await browser.page(server.url);
    await page.goto(`${server.url}practices?country=POL`);
    await Promise.all([page.waitForURL(/\/doc\/practice\/cis-zbijow-maly$/), page.getByRole('link', { name: /Social Integration Centre/ }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Social Integration Centre (Centrum Integracji Społecznej) in Zbijów Mały');

    const funding = page.getByRole('region', { name: 'Funding' });
    expect(await funding.locator('.source').textContent()).toBe('Source: SECON Best Practices Report, pp. 35–37');
    expect(await funding.locator('.money').first().textContent()).toMatch(/^PLN 1\u202f219\u202f800 \(≈ EUR 267\u202f195, ECB 2021 rate ◆\(added by segraph\)\)$/);
    // The ◆ is named for assistive technology and explained on hover.
    const mark = page.getByRole('region', { name: 'What it is' }).locator('.ours').first();
    expect(await mark.getAttribute('title')).toMatch(/^Added by segraph/);
    expect(await mark.locator('.sr-only').textContent()).toBe('(added by segraph)');
    // The full description is folded until asked for.
    const details = page.locator('details').first();
    expect(await details.locator('p').first().isVisible()).toBe(false);
    await details.locator('summary').click();
    expect(await details.locator('p').first().isVisible()).toBe(true);

    const related = page.getByRole('region', { name: 'Related practices' }).locator('ol.related > li > a');
    const first = await related.first().getAttribute('href');
    expect(first).toMatch(/^\/doc\/practice\//);
    expect(first).not.toBe('/doc/practice/cis-zbijow-maly');
    await Promise.all([page.waitForURL((url) => url.pathname === first), related.first().click()]);
    expect(await page.locator('.source').first().textContent()).toMatch(/^Source: SECON Best Practices Report, pp?\. \d+/);
    expect(browser.refused).toEqual([]);
  });

  it('shows the Polish name first for a Polish reader, with the English one beside it', async () => {
    const page = await browser.page(server.url);
    await page.goto(`${server.url}doc/practice/cis-zbijow-maly?lang=pl`);
    expect(await page.locator('h1').textContent()).toBe('Centrum Integracji Społecznej');
    expect(await page.locator('h1').getAttribute('lang')).toBe('pl');
    expect(await page.locator('p.names').textContent()).toContain('Social Integration Centre (Centrum Integracji Społecznej) in Zbijów Mały (English)');
  });

  it.each(['cus-drobin', 'freiraeume', 'cis-zbijow-maly'])('fits a phone-sized window (%s): nothing wider than the screen', async (slug) => {
    const page = await browser.page(server.url, { width: 375, height: 740 });
    await page.goto(`${server.url}doc/practice/${slug}`);
    await page.locator('details summary').first().click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(browser.refused).toEqual([]);
  });

  it('has no serious or critical accessibility problem (axe-core)', async () => {
    const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const page = await browser.page(server.url);
    await page.goto(`${server.url}doc/practice/cus-drobin`);
    // Injected by the test through the DevTools protocol, not by the page (its CSP allows no script).
    await page.evaluate(axe);
    const violations = await page.evaluate(async () => {
      const run = (globalThis as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run;
      return (await run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });
});
