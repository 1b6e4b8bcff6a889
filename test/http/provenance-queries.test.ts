/**
 * The README's "Provenance: which page says it" examples, run exactly as written against the
 * server's /sparql over the seed graph: the document and page that state a figure (People Made's
 * €59,500, p. 8), and the pages of a practice's dates and organisation roles read through their
 * rdf:Statement reifications (p. 8 for the start date and the report's five implementers; p. 9,
 * in graph/curation, for the implementer we add).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Row = Record<string, { value: string; type: string; datatype?: string } | undefined>;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(async () => server?.close());

/** The ```sparql blocks of the README section "Provenance: which page says it", in order. */
async function sectionQueries(): Promise<string[]> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('### Provenance: which page says it\n');
  expect(start, 'the README section').toBeGreaterThan(-1);
  const body = start + '### Provenance: which page says it\n'.length;
  const end = readme.slice(body).search(/^#{2,3} /m);
  const section = readme.slice(start, end < 0 ? undefined : body + end);
  return [...section.matchAll(/^```sparql\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

async function select(query: string): Promise<Row[]> {
  const res = await fetch(server.endpoint, {
    method: 'POST', body: query, headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
  });
  expect(res.status, query).toBe(200);
  return ((await res.json()) as { results: { bindings: Row[] } }).results.bindings;
}

const PM = 'https://w3id.org/segraph/id/practice/people-made';
const short = (iri: string) => iri.replace('http://schema.org/', 'schema:').replace('https://w3id.org/segraph/ontology#', 'sg:')
  .replace('https://w3id.org/segraph/id/organisation/', 'orgn:').replace('https://w3id.org/segraph/graph/', 'graph/');

describe('the README\'s provenance queries, run against /sparql', () => {
  it('are two, in the section', async () => {
    expect(await sectionQueries()).toHaveLength(2);
  });

  it('give the document, page 8 and lines 186-190 for People Made\'s €59,500', async () => {
    const [figure] = await sectionQueries();
    const rows = await select(figure!);
    expect(rows.map((r) => [r['fact']!.value, Number(r['value']!.value), r['currency']?.value, r['document']!.value, r['title']?.value,
      Number(r['pageStart']!.value), Number(r['pageEnd']!.value), r['lines']!.value])).toEqual([
      [`${PM}#funding-2021-amount`, 59500, 'EUR', 'https://w3id.org/segraph/id/source/secon-best-practices-report', 'SECON Best Practices Report', 8, 8, '186-190'],
    ]);
  });

  it('give the pages of People Made\'s start date and roles from their reified statements', async () => {
    const [, statements] = await sectionQueries();
    const rows = (await select(statements!)).map((r) => [short(r['predicate']!.value), short(r['object']!.value),
      `${r['pageStart']!.value}-${r['pageEnd']!.value}`, r['lines']!.value, short(r['graph']!.value)]);
    expect(rows).toEqual([
      ['schema:startDate', '2021', '8-8', '182-183', 'graph/secon-report'],
      ['sg:implementedBy', 'orgn:city-of-leuven', '8-8', '175-176', 'graph/secon-report'],
      ['sg:implementedBy', 'orgn:city-of-vilvoorde', '8-8', '175-176', 'graph/secon-report'],
      ['sg:implementedBy', 'orgn:oostrem', '8-8', '175-176', 'graph/secon-report'],
      ['sg:implementedBy', 'orgn:people-made', '9-9', '212-214', 'graph/curation'],
      ['sg:implementedBy', 'orgn:province-of-flemish-brabant', '8-8', '175-176', 'graph/secon-report'],
      ['sg:implementedBy', 'orgn:welzijnskoepel-west-brabant', '8-8', '175-176', 'graph/secon-report'],
    ]);
  });
});
