/**
 * The query editor of /sparql (YASGUI, served from our origin) in a real browser (Debian's
 * Chromium): it starts with our prefixes, runs a typed query and an example question against our
 * endpoint and shows the rows in its table, completes properties from our graph, opens the results
 * page's "Edit this query" link; nothing leaves our origin (the browser helper refuses and records
 * any other request), nothing breaks the page's Content Security Policy (console errors and
 * `securitypolicyviolation` events are collected), and it fits a phone.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { serverAndBrowser, type TestBrowser } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';
import { EDITOR_PREFIXES } from '../../src/http/sparql-editor.js';
import { PREFIXES } from '../../src/graph/prefixes.js';

let server: TestServer;
let browser: TestBrowser;
serverAndBrowser((s, b) => { server = s; browser = b; });

const DARJIU = 'https://w3id.org/segraph/id/practice/darjiu-equestrian-centre';

interface Editor {
  readonly page: Page;
  /** Console errors, page errors and CSP violations. */
  readonly problems: string[];
  /** Every request the page made. */
  readonly requests: Request[];
}

/** The editor page, ready (the bootstrap marks its container), with what it reports. */
async function openEditor(path = 'sparql', viewport?: { width: number; height: number }): Promise<Editor> {
  const page = await browser.page(server.url, viewport);
  const problems: string[] = [];
  const requests: Request[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  await page.goto(`${server.url}${path}`);
  await page.locator('#sparql-editor[data-ready="true"]').waitFor();
  return { page, problems, requests };
}

const editorText = (page: Page) => page.locator('.tabPanel.active .yasqe .CodeMirror').evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());

/** Replaces the active tab's query by typing it (as text input, as a person would paste it). */
async function typeQuery(page: Page, query: string): Promise<void> {
  await page.locator('.tabPanel.active .yasqe .CodeMirror').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(query);
}

async function runAndWaitForRows(page: Page): Promise<void> {
  await page.locator('.tabPanel.active .yasqe_queryButton').click();
  await page.locator('.tabPanel.active .yasr table.dataTable tbody tr').first().waitFor();
}

/** "12 results in 0.1 seconds" → 12 */
const resultCount = async (page: Page) => Number(/(\d+) results?/.exec((await page.locator('.tabPanel.active .yasr_response_chip').textContent()) ?? '')?.[1]);

describe('/sparql query editor (YASGUI) in Chromium', () => {
  it('replaces the plain form with the editor, prefilled with our prefixes and a starting query', async () => {
    const { page, problems } = await openEditor();
    expect(await page.locator('#sparql-editor form[action$="sparql"] textarea').count()).toBe(0);
    const text = await editorText(page);
    for (const prefix of EDITOR_PREFIXES) expect(text).toContain(`PREFIX ${prefix}: <${PREFIXES[prefix]}>`);
    expect(text).toMatch(/SELECT \?practice/);
    // Every file the page loaded is ours, under /assets/yasgui/ (and the page itself).
    expect(problems).toEqual([]);
    expect(browser.refused).toEqual([]);
  });

  it('runs a typed query against /sparql (GET) and shows its rows in the table, then the response view', async () => {
    const { page, problems, requests } = await openEditor();
    await typeQuery(page, `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?name WHERE { <${DARJIU}> rdfs:label ?name FILTER(lang(?name) = "en") }`);
    await runAndWaitForRows(page);
    expect(await page.locator('.tabPanel.active .yasr table.dataTable tbody').textContent()).toContain('Equestrian centre for connecting generations in Dârjiu');
    const sent = requests.filter((r) => new URL(r.url()).pathname === '/sparql' && new URL(r.url()).searchParams.get('query')?.includes(DARJIU));
    expect(sent.map((r) => r.method())).toEqual(['GET']);
    // The other view: the raw answer, SPARQL JSON from our endpoint.
    await page.locator('.tabPanel.active .select_response').click();
    await expect.poll(() => page.locator('.tabPanel.active .yasr_results').textContent()).toContain('"head"');
    await page.locator('.tabPanel.active .select_table').click();
    await page.locator('.tabPanel.active .yasr table.dataTable').waitFor();
    expect(problems).toEqual([]);
    expect(browser.refused).toEqual([]);
  });

  it('opens an example question of the API in a new tab, with its example parameters bound, and runs it', async () => {
    const { page, problems } = await openEditor();
    const list = (await (await fetch(`${server.url}api/queries`)).json()) as { queries: Array<{ name: string; title: string; example?: string }> };
    const question = list.queries.find((q) => q.name === 'practices-by-fund-and-typology')!;
    await page.getByLabel('Example questions').selectOption({ label: question.title });
    await page.getByRole('button', { name: 'Open in a new tab' }).click();
    await expect.poll(() => page.locator('.tabsList .tab.active').textContent()).toContain(question.title);
    const text = await editorText(page);
    expect(text).toContain(`# ${question.title}`);
    expect(text).toContain('https://w3id.org/segraph/id/fund/esf'); // the example's fund, bound
    await runAndWaitForRows(page);
    const api = (await (await fetch(`${server.url}${question.example!.slice(1)}`)).json()) as { results: Array<{ practice: { id: string } }> };
    expect(await resultCount(page)).toBe(api.results.length);
    expect(await page.locator('.tabPanel.active .yasr table.dataTable tbody').textContent()).toContain(api.results[0]!.practice.id);
    expect(problems).toEqual([]);
    expect(browser.refused).toEqual([]);
  });

  it('completes properties from our graph (not from LOV)', async () => {
    const { page, problems, requests } = await openEditor();
    await typeQuery(page, 'PREFIX sg: <https://w3id.org/segraph/ontology#>\nSELECT * WHERE { ?s sg:fu');
    await page.keyboard.press('Control+Space');
    await page.locator('.CodeMirror-hints').waitFor();
    expect(await page.locator('.CodeMirror-hint').allTextContents()).toContain('sg:fund');
    expect(requests.some((r) => new URL(r.url()).searchParams.get('query')?.startsWith('SELECT DISTINCT ?x'))).toBe(true);
    expect(problems).toEqual([]);
    expect(browser.refused).toEqual([]);
  });

  it('completes prefixes from its bundled list and ours (not from prefix.cc)', async () => {
    const { page, problems } = await openEditor();
    await typeQuery(page, 'PREFIX dc');
    await page.keyboard.press('Control+Space');
    await page.locator('.CodeMirror-hints').waitFor();
    const hints = await page.locator('.CodeMirror-hint').allTextContents();
    expect(hints).toContain(`dct: <${PREFIXES['dct']}>`);
    expect(problems).toEqual([]);
    expect(browser.refused).toEqual([]);
  });

  it('opens "Edit this query" from the results page in the editor and runs it, against our endpoint only', async () => {
    const query = `SELECT ?label WHERE { <${DARJIU}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }`;
    const results = await browser.page(server.url);
    await results.goto(`${server.url}sparql?query=${encodeURIComponent(query)}`);
    const href = await results.getByRole('link', { name: 'Edit this query' }).getAttribute('href');
    expect(href).toBe(`/sparql#query=${encodeURIComponent(query)}`);
    const { page, problems } = await openEditor(`sparql#query=${encodeURIComponent(query)}&endpoint=${encodeURIComponent('https://example.org/sparql')}`);
    await page.locator('.tabPanel.active .yasr table.dataTable tbody tr').first().waitFor();
    expect(await editorText(page)).toBe(query);
    expect(await page.locator('.tabPanel.active .yasr table.dataTable tbody').textContent()).toContain('Dârjiu');
    expect(problems).toEqual([]);
    expect(browser.refused).toEqual([]); // the link's endpoint=https://example.org/… was not used
  });

  it('takes only the query (and a view) from a link: a malformed view setting or foreign headers do not break it', async () => {
    const query = 'ASK { ?s ?p ?o }';
    const hash = new URLSearchParams({ query, outputSettings: '{not json', endpoint: 'https://example.org/sparql', headers: 'x', outputFormat: 'response' });
    const { page, problems } = await openEditor(`sparql#${hash}`);
    await expect.poll(() => page.locator('.tabPanel.active .yasr_results').textContent()).toContain('"boolean"');
    expect(await editorText(page)).toBe(query);
    expect(problems).toEqual([]);
    expect(browser.refused).toEqual([]);
  });

  it('keeps its tabs in localStorage under a key naming our endpoint', async () => {
    const { page } = await openEditor();
    const keys = await page.evaluate(() => Object.keys(localStorage));
    expect(keys.some((k) => k.includes(`segraph_${server.endpoint}`))).toBe(true);
  });

  it('has no serious or critical accessibility problem (axe-core), with two tabs and results shown', async () => {
    const { page, problems } = await openEditor();
    await runAndWaitForRows(page);
    await page.getByRole('button', { name: 'Add a new tab' }).click();
    await expect.poll(() => page.locator('.tabsList [role="tab"]').count()).toBe(2);
    // axe is evaluated through the DevTools protocol: the page's policy allows no script of ours but its own.
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
    const { violations } = await page.evaluate(() => (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document));
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('fits a phone-sized window, results included', async () => {
    const { page, problems } = await openEditor('sparql', { width: 375, height: 740 });
    await runAndWaitForRows(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await page.locator('.tabPanel.active .yasqe_queryButton').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    expect(browser.refused).toEqual([]);
  });
});
