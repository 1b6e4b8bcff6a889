/**
 * "Which practices could my region learn from?" in a real browser (Debian's Chromium): a person
 * types their region's name without its diacritics, picks it from the matches, sees the practices
 * ranked with their scores and reasons — those the practices-to-learn-from question gives — and
 * opens one; the region's profile; at a phone's width nothing overflows; nothing is fetched from
 * another origin.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, type TestBrowser } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: TestBrowser;
serverAndBrowser((s, b) => { server = s; browser = b; });

interface Row { practice: { document: string }; score: number }
const question = async (path: string) =>
  ((await (await fetch(new URL(`${path}&limit=1000`, server.url))).json()) as { results: Row[] }).results;

describe('/learn in Chromium', () => {
  it('finds a region by its name typed without diacritics, ranks practices with reasons, opens one', async () => {
    const page = await browser.page(server.url);
    await page.goto(`${server.url}`);
    await Promise.all([page.waitForURL(/\/learn$/), page.getByRole('link', { name: 'Which practices could your region learn from?' }).click()]);
    await page.getByLabel('Your region (name or NUTS code)').fill('plocki');
    await Promise.all([page.waitForURL(/q=plocki/), page.getByRole('button', { name: 'Find region' }).click()]);
    await Promise.all([page.waitForURL(/region=PL923/), page.getByRole('link', { name: 'Płocki' }).click()]);

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Practices Płocki could learn from');
    const items = page.locator('.learn-results > li');
    const shown = await items.evaluateAll((lis) => lis.map((li) => ({
      href: li.querySelector('a')!.getAttribute('href'),
      score: Number(/score (\d+)/.exec(li.querySelector('.score')!.textContent!)![1]),
      reasons: li.querySelector('.reasons')!.textContent!,
    })));
    const answer = await question('/api/queries/practices-to-learn-from?region=PL923');
    expect(shown.map((r) => r.href)).toEqual(answer.map((r) => r.practice.document));
    expect(shown.map((r) => r.score)).toEqual(answer.map((r) => r.score));
    expect(shown[0]!.reasons).toContain('same urban–rural type: predominantly rural region');
    expect(shown.every((r) => r.reasons.length > 0)).toBe(true);

    const first = items.first().locator('a').first();
    const name = await first.textContent();
    await Promise.all([page.waitForURL(/\/doc\/practice\//), first.click()]);
    expect(new URL(page.url()).pathname).toBe(shown[0]!.href);
    expect(await page.locator('h1').first().textContent()).toContain(name!.trim());
    expect(browser.refused).toEqual([]);
  });

  it('refines the ranking with the form (keyboard only) and keeps it in the URL', async () => {
    const page = await browser.page(server.url);
    await page.goto(`${server.url}learn?region=FRK13`);
    await page.locator('summary').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: 'young people', exact: true }).check();
    await Promise.all([page.waitForURL(/targetGroup=young-people/), page.getByRole('button', { name: 'Update the ranking' }).click()]);
    const reasons = await page.locator('.learn-results .reasons').allTextContents();
    expect(reasons.some((r) => r.includes('shared target group: young people'))).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'young people', exact: true }).isChecked()).toBe(true);
    expect(browser.refused).toEqual([]);
  });

  it('has no serious or critical accessibility violation (axe-core) on the learn pages and region profiles', async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const page = await browser.page(server.url);
    for (const path of ['learn', 'learn?q=mazow', 'learn?region=PL923', 'learn?region=FRK13&refined=1&typology=intermediate', 'regions/PL92', 'regions/ES111']) {
      await page.goto(`${server.url}${path}`);
      // Evaluated by the browser's debugging protocol, not as a page script: the CSP still forbids every script.
      const { violations, passes } = await page.evaluate(`${axe}\n;axe.run().then((r) => ({ passes: r.passes.length, violations: r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')) }))`) as { violations: string[]; passes: number };
      expect(violations, path).toEqual([]);
      expect(passes, path).toBeGreaterThan(10); // axe ran its rules (colour contrast, labels, landmarks…)
    }
    expect(browser.refused).toEqual([]);
  });

  it('fits a phone: the learn page and a region profile have no horizontal scroll', async () => {
    const page = await browser.page(server.url, { width: 375, height: 800 });
    for (const path of ['learn?q=mazow', 'learn?region=PL92', 'regions/PL92', 'regions/EL301']) {
      await page.goto(`${server.url}${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(375);
    }
    await page.goto(`${server.url}regions/PL92`);
    await Promise.all([page.waitForURL(/\/regions\/PL923$/), page.getByRole('link', { name: 'Płocki' }).first().click()]);
    expect(await page.locator('h1').textContent()).toBe('Płocki');
    expect(browser.refused).toEqual([]);
  });
});
