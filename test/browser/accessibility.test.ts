/**
 * Accessibility of every kind of page, checked by axe-core (npm `axe-core`) in Debian's Chromium:
 * no violation of impact serious or critical on any page of PAGES, each printed with its rule,
 * targets and help. And the keyboard: Tab from the top of /practices reaches the search box and
 * the first facet checkbox, and the focused control shows it (:focus-visible draws an outline).
 *
 * axe's source is run in the page with `page.evaluate` (the DevTools protocol, which the page's
 * Content-Security-Policy does not govern), so the check runs under the same CSP a reader gets —
 * no bypassCSP, no <script> added to the page.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser, type TestBrowser } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Every kind of page, by a path of the seed graph, and the status it answers with. */
export const PAGES: ReadonlyArray<{ readonly kind: string; readonly path: string; readonly status?: number }> = [
  { kind: 'home', path: '/' },
  { kind: 'explorer, no filter', path: '/practices' },
  { kind: 'explorer, with filters', path: '/practices?fund=esf&typology=predominantly-rural' },
  { kind: 'explorer, a page of several', path: '/practices?limit=5&offset=5' },
  { kind: 'explorer, no results', path: '/practices?q=Darjiu&country=POL' },
  { kind: 'practice', path: '/doc/practice/cus-drobin' },
  { kind: 'organisation', path: '/doc/organisation/altum' },
  { kind: 'place', path: '/doc/place/drobin' },
  { kind: 'concept: theme', path: '/doc/theme/social-inclusion' },
  { kind: 'concept: fund', path: '/doc/fund/esf' },
  { kind: 'ontology', path: '/ontology' },
  { kind: 'SPARQL query form', path: '/sparql' },
  { kind: 'SPARQL results page', path: `/sparql?query=${encodeURIComponent('SELECT ?practice ?name WHERE { ?practice a <https://w3id.org/segraph/ontology#Practice> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?name } LIMIT 5')}` },
  { kind: 'explorer, one region on the map', path: '/practices?region=PL92' },
  { kind: 'practice, for a Polish reader', path: '/doc/practice/cis-zbijow-maly?lang=pl' },
  { kind: 'region profile', path: '/regions/PL92' },
  { kind: 'region profile, a region without practices', path: '/regions/FRK13' },
  { kind: 'practices to learn from: finding a region', path: '/learn?q=mazow' },
  { kind: 'practices to learn from', path: '/learn?region=PL923' },
  { kind: 'not found', path: '/no/such/page', status: 404 },
  { kind: 'bad request', path: '/practices?colour=red', status: 400 },
];


interface Violation { id: string; impact: string | null; help: string; helpUrl: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }

let server: TestServer;
let browser: TestBrowser;
let axeSource: string;
beforeAll(async () => {
  [server, browser, axeSource] = await Promise.all([
    startTestServer(), startBrowser(),
    readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const url = (path: string) => new URL(path.slice(1), server.url).href;

/** axe's violations of impact serious or critical on the page at `path`, after checking its status. */
async function seriousViolations(page: Page, path: string, status: number): Promise<Violation[]> {
  const response = await page.goto(url(path));
  expect(response?.status(), `${path}: HTTP status`).toBe(status);
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } })
      .axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  }) as Violation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const describeViolations = (path: string, violations: readonly Violation[]) => violations.map((v) =>
  `${path}: ${v.impact} ${v.id} — ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n')}`).join('\n');

async function expectAccessible(path: string, status: number, viewport?: { width: number; height: number }) {
  const page = await browser.page(server.url, viewport);
  try {
    const violations = await seriousViolations(page, path, status);
    if (violations.length > 0) process.stderr.write(`${describeViolations(path, violations)}\n`);
    expect(describeViolations(path, violations), 'axe-core: violations of impact serious or critical').toBe('');
  } finally {
    await page.context().close();
  }
}

describe('axe-core finds no serious or critical violation', () => {
  it.each(PAGES)('$kind: $path', async ({ path, status }) => {
    await expectAccessible(path, status ?? 200);
  });

  it('on a phone-sized window too (/practices)', async () => {
    await expectAccessible('/practices?fund=esf', 200, { width: 375, height: 812 });
  });

  it('no page asked for anything from another origin', () => {
    expect(browser.refused).toEqual([]);
  });
});

describe('the keyboard on /practices', () => {
  it('Tab from the top reaches the search box, then the first facet checkbox, each visibly focused', async () => {
    const page = await browser.page(server.url);
    try {
      await page.goto(url('/practices'));
      const firstCheckbox = await page.locator('.facets input[type=checkbox]').first().evaluate((e) => `${(e as HTMLInputElement).name}=${(e as HTMLInputElement).value}`);
      const reached: string[] = [];
      /** Tabs until the focused element matches; at most `max` presses. */
      const tabTo = async (matches: (focused: { id: string; tag: string; type: string; key: string }) => boolean, max: number) => {
        for (let i = 0; i < max; i++) {
          await page.keyboard.press('Tab');
          const focused = await page.evaluate(() => {
            const e = document.activeElement as HTMLInputElement | null;
            return { id: e?.id ?? '', tag: e?.tagName.toLowerCase() ?? '', type: e?.type ?? '', key: e ? `${e.name}=${e.value}` : '' };
          });
          reached.push(focused.id || `${focused.tag}[${focused.key}]`);
          if (matches(focused)) return true;
        }
        return false;
      };
      /** The focused element matches :focus-visible and draws an outline (or a box shadow). */
      const visiblyFocused = () => page.evaluate(() => {
        const e = document.activeElement!;
        const style = getComputedStyle(e);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return e.matches(':focus-visible') && (outline || style.boxShadow !== 'none');
      });
      expect(await tabTo((f) => f.id === 'q', 10), `Tab order: ${reached.join(' → ')}`).toBe(true);
      expect(await visiblyFocused(), 'the search box shows its focus').toBe(true);
      expect(await tabTo((f) => f.type === 'checkbox', 10), `Tab order: ${reached.join(' → ')}`).toBe(true);
      expect(await page.evaluate(() => { const e = document.activeElement as HTMLInputElement; return `${e.name}=${e.value}`; })).toBe(firstCheckbox);
      expect(await visiblyFocused(), 'the checkbox shows its focus').toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('the first Tab on any page reaches a link to skip to the content', async () => {
    const page = await browser.page(server.url);
    try {
      await page.goto(url('/practices'));
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const e = document.activeElement as HTMLAnchorElement;
        return { text: e.textContent, href: e.getAttribute('href'), visible: e.getBoundingClientRect().width > 0 && getComputedStyle(e).clipPath === 'none' };
      });
      expect(skip).toEqual({ text: 'Skip to content', href: '#main', visible: true });
      await page.keyboard.press('Enter');
      expect(new URL(page.url()).hash).toBe('#main');
      expect(await page.locator('main#main').count()).toBe(1);
    } finally {
      await page.context().close();
    }
  });
});
