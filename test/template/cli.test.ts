/**
 * A filled-in template for a practice that is not in the seed, through the command line: `segraph
 * import` writes it (with a new organisation and a new place), `segraph validate` passes, `segraph
 * build` includes it, the server answers for it, and `segraph export --template` gives it back.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHS } from '../../src/vocab/graphs.js';
import { copyProject, ROOT, segraph, type ProjectCopy } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import type { Engine } from '../../src/query/engine.js';


const ID = 'leuven-repair-test';

/** The sheets as a policy officer fills them (labels where codes are not known by heart). */
const SHEETS: Record<string, string[][]> = {
  'practices.csv': [
    ['Practice id', 'Name (English)', 'Name (native language)', 'Native language', 'Native name stated in source?', 'Summary', 'Description', 'Country', 'Places',
      'Geographic scope', 'Start', 'End', 'Start: page', 'Start: lines', 'End: page', 'Status', 'Target groups', 'Themes', 'SDGs', 'Website', 'Identified by', 'Source document', 'Pages', 'Lines'],
    [ID, 'Leuven repair test', 'Leuvense hersteltest', 'nl', 'no', 'A test practice repairing things in Leuven.', 'A test practice.\n\nIt repairs things.', 'Belgium', 'leuven; test-hamlet',
      'local', '2022-03', '2024', '7', '170', '8', 'ongoing', 'social enterprises; consumers', 'circular-economy', '12; 8', 'https://example.org/repair', 'secon', 'secon-best-practices-report', '7-8', '162-200'],
  ],
  'organisations.csv': [
    ['Practice id', 'Organisation id', 'Role', 'Role stated in source?', 'Name (English)', 'Country', 'Kind', 'Kind stated in source?', 'Description', 'Source document', 'Page', 'Lines'],
    [ID, 'test-repair-collective', 'implementer', 'yes', 'Test Repair Collective', 'BEL', 'ngo', 'no', 'A collective that repairs things.', 'secon-best-practices-report', '7', '171'],
    [ID, 'city-of-leuven', 'partner', 'no', '', '', '', '', '', '', '', ''],
  ],
  'fundings.csv': [
    ['Practice id', 'Funding id', 'Funders', 'Funding type', 'Amount', 'Currency', 'Currency stated in source?', 'Per period', 'Approximate?', 'Start', 'Amount uncertainty: our additions', "Source's sentence", 'Source document', 'Page', 'Lines'],
    [ID, 'funding-city', 'city-of-leuven', 'grant', '12000.50', 'EUR', 'no', 'year', 'approximately', '2022', 'The source gives no currency; a Belgian city pays in euros.', 'The city gives about 12,000 a year.', 'secon-best-practices-report', '8', '180-181'],
  ],
  'results.csv': [
    ['Practice id', 'Result id', 'Kind', 'Label (English)', 'Value', 'Value from', 'Value to', 'Unit', 'Achieved or target', 'As of', "Source's sentence", 'Page', 'Lines'],
    [ID, 'result-items-repaired', 'result', 'repair orders completed', '350', '', '', 'order', 'achieved', '2023', '350 repair orders were completed in 2023.', '8', '185'],
    [ID, 'staff', 'staff', '', '', '2', '3', 'person', '', '', '2-3 volunteers', '8', '186'],
  ],
  'places.csv': [
    ['Place id', 'Name (English)', 'Kind', 'Country', 'Part of', 'NUTS 3 code', 'Source document', 'Page'],
    ['test-hamlet', 'Test Hamlet', 'municipality', 'BEL', 'province-of-flemish-brabant', 'BE241', 'secon-best-practices-report', '7'],
  ],
};

let project: ProjectCopy;
let files: string[];
let server: TestServer<Engine> | undefined;

beforeAll(async () => {
  project = await copyProject();
  const dir = join(project.root, 'filled');
  await mkdir(dir);
  files = [];
  for (const [name, rows] of Object.entries(SHEETS)) {
    await writeFile(join(dir, name), stringify(rows));
    files.push(join(dir, name));
  }
});
afterAll(async () => {
  await server?.close();
  await project.remove();
});

describe('segraph import: a new practice', () => {
  it('imports, validates, builds, is released with it in the change log, is served, and exports back', async () => {
    // The graph before the import, released (a maintainer's previous release).
    const before = await segraph('release', '1.0.0', '--root', project.root, '--date', '2026-01-01');
    expect(before.code, before.stderr).toBe(0);

    const imported = await segraph('import', '--root', project.root, ...files);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`^import: wrote data/organisations/test-repair-collective\\.trig, data/places/test-hamlet\\.trig, data/practices/${ID}\\.trig; 5 file\\(s\\), 0 problem\\(s\\), 0 warning\\(s\\)`));

    const text = await project.read(`data/practices/${ID}.trig`);
    expect(text).toContain(`@prefix : <https://w3id.org/segraph/id/practice/${ID}#>.`);
    expect(text).toMatch(/:stated-start a rdf:Statement;\s+rdf:subject practice:leuven-repair-test;\s+rdf:predicate schema:startDate;\s+rdf:object "2022-03"\^\^xsd:gYearMonth;\s+sg:citation :cite-start\./);
    expect(text).toMatch(/:stated-implementer-test-repair-collective a rdf:Statement;/);
    // What we add is in graph:curation: the classifications, the native name we give, the partner
    // role we read, the currency the source does not state.
    const curation = text.slice(text.indexOf('graph:curation {'));
    expect(curation).toMatch(/sg:targetGroup tg:social-enterprises, tg:consumers/);
    expect(curation).toContain('skos:prefLabel "Leuvense hersteltest"@nl');
    expect(curation).toContain('sg:partner orgn:city-of-leuven');
    expect(curation).toMatch(/:funding-city-amount schema:currency "EUR";\s+sg:uncertainty "The source gives no currency; a Belgian city pays in euros."@en/);
    expect(text).toContain('dct:description """A test practice.\n\nIt repairs things."""@en');
    expect(await project.read('data/places/test-hamlet.trig')).toMatch(/graph:curation \{\nplace:test-hamlet sg:nutsRegion nuts:BE241/);

    const again = await segraph('import', '--root', project.root, ...files);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`data/practices/${ID}.trig: exists: give --replace to overwrite it`);
    expect((await segraph('import', '--replace', '--root', project.root, ...files)).code).toBe(0);

    const validated = await segraph('validate', '--root', project.root);
    expect(validated.stderr).toBe('');
    expect(validated.code).toBe(0);

    const built = await segraph('build', '--root', project.root);
    expect(built.code, built.stderr).toBe(0);
    const pointer = JSON.parse(await project.read('build/current.json')) as { path: string };
    const nquads = join(project.root, 'build', pointer.path, 'graph.nq');
    const graph = await readFile(nquads, 'utf8');
    expect(graph).toContain(`<https://w3id.org/segraph/id/practice/${ID}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/segraph/ontology#Practice> <${GRAPHS.seconReport}> .`);

    // Released: the change log lists the practice added, with its triples, and the organisation and place.
    const released = await segraph('release', '1.1.0', '--root', project.root, '--date', '2026-01-02', '--notes', 'A practice from the template.');
    expect(released.code, released.stderr).toBe(0);
    const notes = await project.read('releases/1.1.0/NOTES.md');
    const added = notes.slice(notes.indexOf('## Resources added'), notes.indexOf('## Resources changed') >= 0 ? notes.indexOf('## Resources changed') : undefined);
    expect(added).toContain(`### sgid:practice/${ID}\n`);
    expect(added).toContain(`+ sgid:practice/${ID} skos:prefLabel "Leuven repair test"@en .`);
    expect(added).toContain('### sgid:organisation/test-repair-collective\n');
    expect(added).toContain('### sgid:place/test-hamlet\n');

    server = await startTestServer({ seed: false, loads: [{ path: nquads, format: 'application/n-quads', trusted: true }] });
    const res = await fetch(`${server.url}id/practice/${ID}`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(res.status).toBe(303);
    const page = await fetch(new URL(res.headers.get('location')!, server.url), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Leuven repair test');

    const out = join(project.root, 'exported');
    const exported = await segraph('export', '--template', '--format', 'csv', '--root', project.root, '--out', out);
    expect(exported.code, exported.stderr).toBe(0);
    const practices = parse(await readFile(join(out, 'practices.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const row = practices.find((r) => r['Practice id'] === ID)!;
    expect(row['Name (English)']).toBe('Leuven repair test');
    expect(row['Country']).toBe('BEL');
    expect(row['Target groups']).toBe('social-enterprises; consumers');
    expect(row['Start: page']).toBe('7');
    expect(row['End: page']).toBe('8');
  });
});
