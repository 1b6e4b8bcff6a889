/**
 * The explorer's ways out, as a person takes them in Debian's Chromium: the CSV and JSON-LD
 * downloads of a selection arrive as files holding exactly the practices the page lists, and
 * "Open in the SPARQL editor" opens YASGUI with the selection's query and runs it, giving the same
 * practices — nothing requested from another origin.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, type TestBrowser } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: TestBrowser;
serverAndBrowser((s, b) => { server = s; browser = b; });

const STATE = '?fund=esf&typology=predominantly-rural';
const apiIris = async (query: string) =>
  ((await (await fetch(`${server.url}api/facets${query}`)).json()) as { practices: Array<{ id: string }> }).practices.map((p) => p.id).sort();

describe('the explorer\'s downloads and its way to the SPARQL editor, in Chromium', () => {
  it('downloads the selection as a CSV file and a JSON-LD file holding the practices the page lists', async () => {
    const page = await browser.page(server.url);
    await page.goto(`${server.url}practices${STATE}`);
    const expected = await apiIris(STATE);
    expect(expected.length).toBeGreaterThan(0);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV', exact: true }).click()]);
    expect(csv.suggestedFilename()).toBe('segraph-practices-fund-esf-typology-predominantly-rural.csv');
    const rows = parse(await readFile((await csv.path())!, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r['IRI']).sort()).toEqual(expected);

    const [jsonld] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'JSON-LD', exact: true }).click()]);
    expect(jsonld.suggestedFilename()).toMatch(/\.jsonld$/);
    const text = await readFile((await jsonld.path())!, 'utf8');
    for (const iri of expected) expect(text).toContain(iri.replace(/.*\//, ''));
    expect(browser.refused).toEqual([]);
  });

  it('opens the selection\'s question in the SPARQL editor, which runs it and lists the same practices', async () => {
    const page = await browser.page(server.url);
    await page.goto(`${server.url}practices${STATE}`);
    await Promise.all([page.waitForURL(/\/sparql#query=/), page.getByRole('link', { name: 'Open in the SPARQL editor' }).click()]);
    const rows = page.locator('.tabPanel.active .yasr table.dataTable tbody tr');
    await rows.first().waitFor({ timeout: 30_000 });
    const table = (await page.locator('.tabPanel.active .yasr table.dataTable tbody').textContent()) ?? '';
    const expected = await apiIris(STATE);
    expect(await rows.count()).toBe(expected.length);
    for (const iri of expected) expect(table).toContain(iri.replace(/.*\//, ''));
    expect(browser.refused).toEqual([]);
  });
});
