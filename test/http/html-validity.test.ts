/**
 * Every page for people is valid HTML: the home page, the query form, the dumps index, the
 * ontology reference and the page of every resource the seed graph mints (one per IRI under
 * `/id/`, and every named graph), checked with html-validate's recommended rules.
 */
import { HtmlValidate, type Report } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentPath } from '../../src/http/resources.js';
import { DATASET_IRI, DEFAULT_BASE } from '../../src/vocab/namespace.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => server?.close());

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Long query examples and IRIs are shown as written; these rules are about authoring taste.
    'no-inline-style': 'off',
    'long-title': 'off',
    // The explorer's facets are checkboxes sharing a name, sent as a repeated parameter
    // (`?fund=esf&fund=erdf`), as HTML forms allow; html-validate shares only radio and buttons by default.
    'form-dup-name': ['error', { shared: ['radio', 'button', 'reset', 'submit', 'checkbox'] }],
  },
});

async function page(path: string): Promise<string> {
  const res = await fetch(new URL(path, server.url), { headers: { accept: 'text/html', 'accept-language': 'en' } });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
  return res.text();
}

function problems(report: Report): string[] {
  return report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}

async function expectValid(path: string): Promise<void> {
  const report = await validator.validateString(await page(path));
  expect(problems(report), path).toEqual([]);
}

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('valid HTML', () => {
  it.each(['/', '/sparql', '/dumps/', '/ontology', '/ontology?lang=de', '/practices', '/practices?fund=esf&typology=predominantly-rural', '/practices?q=nothing-matches-this', '/practices?region=PL92', '/doc/practice/cis-zbijow-maly?lang=pl', '/doc/practice/cus-drobin?lang=de', '/doc/practice/people-made', '/doc/organisation/cus-drobin?lang=fr', '/practices?region=PL923&fund=esf', '/practices?region=ES43,LV00', `/sparql?query=${encodeURIComponent('SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50')}`, '/sparql?query=ASK%7B%7D'])('%s', expectValid);

  it.each(['/learn', '/learn?q=mazow', '/learn?q=nothing-matches-this', '/learn?region=PL923', '/learn?region=FRK13&refined=1&typology=intermediate&theme=tourism', '/regions/PL92', '/regions/ES432', '/regions/ES111', '/regions/EL301', '/regions/FR'])('%s', expectValid);

  it.each([
    ['/no/such/page', 404, 'not_found'],
    ['/doc/practice/no-such-practice', 404, 'not_found'],
    ['/sparql?query=SELEKT', 400, 'malformed_query'],
    ['/api/queries/no-such-question', 404, 'not_found'],
    ['/regions/XX999', 404, 'not_found'],
    ['/learn?region=%3Cb%3E', 400, 'invalid_parameter'],
  ])('an error for a browser: %s → %i, a page naming %s', async (path, status, code) => {
    const res = await fetch(new URL(path, server.url), { headers: { accept: BROWSER } });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('vary')).toMatch(/accept/i);
    const body = await res.text();
    expect(body).toContain(`<code>${code}</code>`);
    expect(problems(await validator.validateString(body))).toEqual([]);
  });

  it.each([[undefined], ['*/*'], ['application/json'], ['application/json, text/html;q=0.5'], ['application/sparql-results+json']])(
    'an error for a client (Accept %j) stays JSON', async (accept) => {
      const res = await fetch(new URL('/no/such/page', server.url), { headers: accept === undefined ? {} : { accept } });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    });

  it('the page of every minted resource and named graph', async () => {
    const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(`SELECT DISTINCT ?s WHERE { { ?s ?p ?o } UNION { GRAPH ?s { ?a ?b ?c } } FILTER(isIRI(?s) && (STRSTARTS(STR(?s), "${DEFAULT_BASE}id/") || STRSTARTS(STR(?s), "${DEFAULT_BASE}graph/"))) FILTER(!CONTAINS(STR(?s), "#")) }`)}`, { headers: { accept: 'application/sparql-results+json' } });
    // The dataset (its date of issue is in the data) is described by the catalogue, which has no HTML view.
    const iris = ((await res.json()) as { results: { bindings: Array<{ s: { value: string } }> } }).results.bindings.map((b) => b.s.value)
      .filter((iri) => iri !== DATASET_IRI);
    expect(iris.length).toBeGreaterThan(100);
    const failures: string[] = [];
    for (const iri of iris) {
      const path = documentPath(iri, server.site)!;
      const report = await validator.validateString(await page(path));
      failures.push(...problems(report).map((p) => `${path} ${p}`));
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
