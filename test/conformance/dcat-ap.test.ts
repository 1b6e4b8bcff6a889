/**
 * The DCAT-AP catalogue (GET /catalog) against the DCAT-AP SHACL shapes in ../shared/suites/
 * (read at run time, never copied here), loaded the way the EU's validator loads them
 * (../shared/suites/dcat-ap-validator-config/, "base0"/"range0": no background knowledge):
 *
 * - 3.0.1 shapes.ttl + range.ttl: no violation at all;
 * - 3.0.1 shapes_recommended.ttl (+ deprecateduris.ttl): the warnings that remain are printed, and
 *   are only those the data cannot satisfy (no bounding box or centroid for our places);
 * - 3.0.1 mdr-vocabularies.shape.ttl, with our copy of the EU vocabulary entries merged into the
 *   data: every controlled value in its table; only a known defect of the shapes remains;
 * - 2.1.1 shapes, range, recommended and vocabularies: only the two known conflicts between 2.1.1
 *   and 3.0.1 (dcat:byteSize's datatype and the checksum algorithm).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import * as oxigraph from 'oxigraph';
import SHACLValidator from 'rdf-validate-shacl';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLdToQuads } from '../../src/graph/jsonld.js';
import { SG } from '../../src/vocab/namespace.js';
import { graphDiff } from '../helpers/interop-rdf.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ROOT } from '../helpers/project.js';

const RELEASES = join(ROOT, '..', 'shared', 'suites', 'dcat-ap', 'releases');
const V3 = (file: string) => join(RELEASES, '3.0.1', 'html', 'shacl', file);
const V2 = (file: string) => join(RELEASES, '2.1.1', `dcat-ap_2.1.1_shacl_${file}`);
const ENTRIES = join(ROOT, 'catalog', 'eu-vocabulary-entries.ttl');

const SH = 'http://www.w3.org/ns/shacl#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const LOCATION = 'http://purl.org/dc/terms/Location';
const SPDX_ALGORITHM = 'http://spdx.org/rdf/terms#algorithm';
const SKOS_IN_SCHEME = 'http://www.w3.org/2004/02/skos/core#inScheme';
const CONTROLLED = /^http:\/\/(publications\.europa\.eu\/resource\/authority\/[^/]+\/|purl\.org\/adms\/[^/]+\/)/;

interface Finding { severity: 'Violation' | 'Warning' | 'Info'; focus: string; path: string; message: string; component: string; value: string }

const parseTurtle = async (file: string) => new N3.Parser({ format: 'text/turtle', baseIRI: `file://${file}` }).parse(await readFile(file, 'utf8'));

/** Validates `data` against the shapes in `files` (owl:imports are not followed: no background knowledge). */
async function validate(files: readonly string[], data: readonly Quad[]): Promise<Finding[]> {
  const shapes = new N3.Store((await Promise.all(files.map(parseTurtle))).flat());
  const validator = new SHACLValidator(shapes, { importGraph: () => new N3.Store() });
  const report = await validator.validate(validator.factory.dataset([...data]));
  return report.results.map((r) => ({
    severity: (r.severity?.value.replace(SH, '') ?? 'Violation') as Finding['severity'],
    focus: r.focusNode?.value ?? '',
    path: r.path?.value ?? '',
    message: r.message.map((m) => m.value).join('; '),
    component: r.sourceConstraintComponent?.value.replace(SH, '') ?? '',
    value: r.value?.value ?? '',
  }));
}

const show = (f: Finding) => `${f.severity} <${f.focus}> ${f.path ? `<${f.path}> ` : ''}${f.component}${f.value ? ` value ${f.value}` : ''}: ${f.message}`;
const ofSeverity = (findings: readonly Finding[], severity: Finding['severity']) => findings.filter((f) => f.severity === severity);

let server: TestServer;
let catalogue: Quad[];
let entries: Quad[];
const objects = (p: string) => catalogue.filter((q) => q.predicate.value === p).map((q) => q.object.value);
const typed = (cls: string) => catalogue.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === cls).map((q) => q.subject.value);

beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
  const res = await fetch(`${server.url}catalog`, { headers: { accept: 'text/turtle' } });
  expect(res.status).toBe(200);
  catalogue = new N3.Parser({ format: 'text/turtle', baseIRI: `${server.url}catalog` }).parse(await res.text());
  entries = await parseTurtle(ENTRIES);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('DCAT-AP 3.0.1', () => {
  it('shapes.ttl + range.ttl: no violations', async () => {
    const findings = await validate([V3('shapes.ttl'), V3('range.ttl')], catalogue);
    const violations = ofSeverity(findings, 'Violation');
    if (violations.length > 0) console.log(`DCAT-AP 3.0.1 violations:\n${violations.map(show).join('\n')}`);
    expect(violations.map(show)).toEqual([]);
    expect(findings.map(show)).toEqual([]);
  });

  it('shapes_recommended.ttl: only the bounding box and centroid of the places are missing', async () => {
    const findings = await validate([V3('shapes_recommended.ttl'), V3('deprecateduris.ttl')], catalogue);
    console.log(`DCAT-AP 3.0.1 recommendations not met (${findings.length}):\n${findings.map(show).join('\n')}`);
    expect(ofSeverity(findings, 'Violation')).toEqual([]);
    // dct:Location wants dcat:bbox and dcat:centroid; we have no geometry for the countries and
    // NUTS regions, so each place named in dct:spatial gets two warnings, and nothing else does.
    const locations = typed(LOCATION);
    const other = findings.filter((f) => !(locations.includes(f.focus) && [`${DCAT}bbox`, `${DCAT}centroid`].includes(f.path)));
    expect(other.map(show)).toEqual([]);
    expect(findings.length).toBeLessThanOrEqual(2 * locations.length);
  });

  it('every controlled value has its table entry in catalog/eu-vocabulary-entries.ttl, and the catalogue carries it', () => {
    const schemes = new Set(typed('http://www.w3.org/2004/02/skos/core#ConceptScheme'));
    const used = [...new Set(catalogue.flatMap((q) => [q.subject, q.object]).map((t) => t.value))]
      .filter((iri) => CONTROLLED.test(iri) && !schemes.has(iri));
    expect(used.length).toBeGreaterThan(20);
    const inScheme = (quads: readonly Quad[]) => new Set(quads.filter((q) => q.predicate.value === SKOS_IN_SCHEME).map((q) => q.subject.value));
    const listed = inScheme(entries);
    expect(used.filter((iri) => !listed.has(iri)), 'values missing from catalog/eu-vocabulary-entries.ttl').toEqual([]);
    const carried = inScheme(catalogue);
    expect(used.filter((iri) => !carried.has(iri))).toEqual([]);
  });

  it('mdr-vocabularies.shape.ttl: every controlled value is from its EU table; only a defect of the shapes remains', async () => {
    const merged = [...catalogue, ...entries];
    const findings = await validate([V3('mdr-vocabularies.shape.ttl'), V3('mdr_imports.ttl')], merged);
    console.log(`DCAT-AP 3.0.1 controlled vocabularies (${findings.length}):\n${findings.map(show).join('\n')}`);
    // Known defect: the shape requires spdx:algorithm values to match ^https://spdx.org/rdf/terms,
    // but the SPDX namespace DCAT-AP itself uses is http://spdx.org/rdf/terms# — no SPDX term passes.
    const violations = ofSeverity(findings, 'Violation');
    expect(violations.filter((f) => f.path !== SPDX_ALGORITHM).map(show)).toEqual([]);
    expect(violations.length).toBe(objects(`${DCAT}distribution`).length);
    // Warnings: the publisher is not an EU corporate body (we are not an EU institution), and
    // NUTS regions are not in the country/place/continent tables (their countries are listed too).
    const warnings = ofSeverity(findings, 'Warning');
    const publisherWarnings = warnings.filter((f) => f.path === 'http://purl.org/dc/terms/publisher');
    const spatialWarnings = warnings.filter((f) => f.path === 'http://purl.org/dc/terms/spatial');
    expect(publisherWarnings.map((f) => f.focus).sort()).toEqual([...typed(`${DCAT}Catalog`), ...typed(`${DCAT}Dataset`), ...typed(`${DCAT}DataService`)].sort());
    expect(spatialWarnings.every((f) => f.value.startsWith('http://data.europa.eu/nuts/code/'))).toBe(true);
    expect(warnings.length).toBe(publisherWarnings.length + spatialWarnings.length);
    // The catalogue alone (as the EU's validator sees it, without the tables) gives the same result.
    expect((await validate([V3('mdr-vocabularies.shape.ttl')], catalogue)).map(show).sort()).toEqual(findings.map(show).sort());
  });

  it('names the countries of the practices and their NUTS regions in dct:spatial', () => {
    const spatial = objects('http://purl.org/dc/terms/spatial');
    const countries = new Set(spatial.filter((s) => s.startsWith('http://publications.europa.eu/resource/authority/country/')));
    expect(countries.size).toBe(9);
    expect(spatial.some((s) => s.startsWith('http://data.europa.eu/nuts/code/'))).toBe(true);
  });
});

describe('GET /catalog', () => {
  for (const [format, type] of [['jsonld', 'application/ld+json'], ['rdf', 'application/rdf+xml'], ['nt', 'application/n-triples'], ['nq', 'application/n-quads'], ['trig', 'application/trig']] as const) {
    it(`gives the same catalogue as ${type}`, async () => {
      const res = await fetch(`${server.url}catalog?format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')?.split(';')[0]).toBe(type);
      const body = await res.text();
      let quads: ReadonlyArray<Quad>;
      if (format === 'jsonld') {
        // Compacted with segraph's context, inlined, like every JSON-LD we serve.
        const doc = JSON.parse(body) as Record<string, unknown>;
        expect(doc['@context']).toEqual(expect.objectContaining({ sg: SG.iri }));   // inlined: nothing to fetch
        quads = await jsonLdToQuads(doc);
      } else {
        quads = oxigraph.parse(body, { format: type, base_iri: `${server.url}catalog` }) as unknown as Quad[];
      }
      expect(quads.length).toBe(catalogue.length);
      // Term for term (datatypes and language tags too), blank nodes by structure: a harvester
      // reading RDF/XML must get the catalogue validated above (dcat:byteSize as xsd:nonNegativeInteger).
      expect(await graphDiff(quads, catalogue)).toMatchObject({ missing: [], extra: [] });
    });
  }

  it('answers If-None-Match with 304', async () => {
    const first = await fetch(`${server.url}catalog`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await fetch(`${server.url}catalog`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
  });

  it('describes the dataset with its distributions, each with size and checksum of a dump it links', async () => {
    const distributions = objects(`${DCAT}distribution`);
    expect(distributions).toHaveLength(server.snapshot!.manifest.dumps!.length);
    const download = objects(`${DCAT}downloadURL`).sort();
    expect(download).toEqual(server.snapshot!.manifest.dumps!.map((d) => `${server.url}dumps/${d.file}`).sort());
    const sizes = objects(`${DCAT}byteSize`).map(Number).sort((a, b) => a - b);
    expect(sizes).toEqual(server.snapshot!.manifest.dumps!.map((d) => d.bytes).sort((a, b) => a - b));
    expect(objects('http://spdx.org/rdf/terms#checksumValue').sort()).toEqual(server.snapshot!.manifest.dumps!.map((d) => d.sha256).sort());
    expect(objects(`${DCAT}endpointURL`)).toEqual([`${server.url}sparql`]);
  });

  it('writes dates in their canonical form, so that every format gives the same literal', () => {
    const issued = objects('http://purl.org/dc/terms/issued');
    expect(issued.length).toBeGreaterThan(0);
    for (const date of issued) expect(date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/);
  });
});

describe('DCAT-AP 2.1.1 (what data.europa.eu converts harvested metadata to)', () => {
  it('only the two known conflicts with 3.0.1: dcat:byteSize datatype and the SHA-256 checksum', async () => {
    const findings = await validate(
      [V2('shapes.ttl'), V2('range.ttl'), V2('shapes_recommended.ttl'), V2('mdr-vocabularies.shape.ttl')],
      [...catalogue, ...entries],
    );
    const violations = ofSeverity(findings, 'Violation');
    console.log(`DCAT-AP 2.1.1 violations (${violations.length}):\n${violations.map(show).join('\n')}`);
    const warnings = ofSeverity(findings, 'Warning');
    console.log(`DCAT-AP 2.1.1 warnings (${warnings.length}):\n${warnings.map(show).join('\n')}`);
    const distributions = objects(`${DCAT}distribution`).length;
    // 2.1.1 wants dcat:byteSize as xsd:decimal, 3.0.1 as xsd:nonNegativeInteger: no literal passes both.
    const byteSize = violations.filter((f) => f.path === `${DCAT}byteSize` && f.component === 'DatatypeConstraintComponent');
    // 2.1.1 admits only spdx:checksumAlgorithm_sha1; 3.0.1 any SPDX algorithm (we give SHA-256).
    const sha1 = violations.filter((f) => f.path === SPDX_ALGORITHM && f.component === 'HasValueConstraintComponent');
    expect(byteSize.length).toBe(distributions);
    expect(sha1.length).toBe(distributions);
    expect(violations.filter((f) => !byteSize.includes(f) && !sha1.includes(f)).map(show)).toEqual([]);
  });
});
