/**
 * The DCAT-AP catalogue (GET /catalog) against the DCAT-AP SHACL shapes in ../shared/suites/
 * (read at run time, never copied here), loaded the way the EU's validator loads them
 * (../shared/suites/dcat-ap-validator-config/, "base0"/"range0": no background knowledge):
 *
 * - 3.0.1 shapes.ttl + range.ttl: no violation at all;
 * - 3.0.1 shapes_recommended.ttl (+ deprecateduris.ttl): the warnings that remain are only those
 *   the data cannot satisfy (no bounding box or centroid for our places); findings lists are
 *   printed only when their test fails;
 * - 3.0.1 mdr-vocabularies.shape.ttl, with our copy of the EU vocabulary entries merged into the
 *   data: every controlled value in its table; only a known defect of the shapes remains;
 * - 2.1.1 shapes, range, recommended and vocabularies: no violation for the 2.1.1 view
 *   (`?profile=dcat-ap-2.1.1`); the 3.0.1 view fails them only where the two versions conflict
 *   (dcat:byteSize's datatype and the checksum algorithm).
 *
 * With releases (test/helpers/releases.ts: 0.9.0, and 1.0.0 of the served graph) as versions of
 * the dataset, each with its distribution.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import N3 from 'n3';
import * as oxigraph from 'oxigraph';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLdToQuads } from '../../src/graph/jsonld.js';
import { SG } from '../../src/vocab/namespace.js';
import { ofSeverity, parseTurtle, show, V2, V3, validate } from '../helpers/dcat-ap.js';
import { graphDiff } from '../helpers/interop-rdf.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ROOT } from '../helpers/project.js';
import { releasesFixture, type ReleasesFixture } from '../helpers/releases.js';

const ENTRIES = join(ROOT, 'catalog', 'eu-vocabulary-entries.ttl');

const DCAT = 'http://www.w3.org/ns/dcat#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const LOCATION = 'http://purl.org/dc/terms/Location';
const SPDX_ALGORITHM = 'http://spdx.org/rdf/terms#algorithm';
const SKOS_IN_SCHEME = 'http://www.w3.org/2004/02/skos/core#inScheme';
const CONTROLLED = /^http:\/\/(publications\.europa\.eu\/resource\/authority\/[^/]+\/|purl\.org\/adms\/[^/]+\/)/;

let server: TestServer;
let catalogue: Quad[];
let entries: Quad[];
let releases: ReleasesFixture;
const DATASET = 'https://w3id.org/segraph/id/dataset/segraph';
const V = (version: string) => `${DATASET}/release/${version}`;
const objects = (p: string) => catalogue.filter((q) => q.predicate.value === p).map((q) => q.object.value);
const typed = (cls: string) => catalogue.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === cls).map((q) => q.subject.value);

beforeAll(async () => {
  releases = await releasesFixture();
  server = await startTestServer({ workers: 1, releasesDir: releases.dir });
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

  it('shapes_recommended.ttl: only the bounding box and centroid of the places are missing', async ({ onTestFailed }) => {
    const findings = await validate([V3('shapes_recommended.ttl'), V3('deprecateduris.ttl')], catalogue);
    onTestFailed(() => console.log(`DCAT-AP 3.0.1 recommendations not met (${findings.length}):\n${findings.map(show).join('\n')}`));
    expect(ofSeverity(findings, 'Violation')).toEqual([]);
    // dct:Location wants dcat:bbox and dcat:centroid; we have no geometry for the countries and
    // NUTS regions, so each place named in dct:spatial gets two warnings, and nothing else does.
    const locations = typed(LOCATION);
    // A release of another graph than the served one has no coverage (dct:spatial, dct:temporal):
    // the server knows only the served graph's.
    const older = (f: { focus: string; path: string }) => f.focus === V('0.9.0') && ['http://purl.org/dc/terms/spatial', 'http://purl.org/dc/terms/temporal'].includes(f.path);
    const other = findings.filter((f) => !(locations.includes(f.focus) && [`${DCAT}bbox`, `${DCAT}centroid`].includes(f.path)) && !older(f));
    expect(other.map(show)).toEqual([]);
    expect(findings.filter(older)).toHaveLength(2);
    expect(findings.length).toBeLessThanOrEqual(2 * locations.length + 2);
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

  it('mdr-vocabularies.shape.ttl: every controlled value is from its EU table; only a defect of the shapes remains', async ({ onTestFailed }) => {
    const merged = [...catalogue, ...entries];
    const findings = await validate([V3('mdr-vocabularies.shape.ttl'), V3('mdr_imports.ttl')], merged);
    onTestFailed(() => console.log(`DCAT-AP 3.0.1 controlled vocabularies (${findings.length}):\n${findings.map(show).join('\n')}`));
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
    // The main dataset's distributions are the dumps; each release has its own (tested under "versions").
    const ofDumps = (p: string) => {
      const mine = new Set(catalogue.filter((q) => q.subject.value === DATASET && q.predicate.value === `${DCAT}distribution`).map((q) => q.object.value));
      const checksums = new Set(catalogue.filter((q) => mine.has(q.subject.value) && q.predicate.value === 'http://spdx.org/rdf/terms#checksum').map((q) => q.object.value));
      return catalogue.filter((q) => (mine.has(q.subject.value) || checksums.has(q.subject.value)) && q.predicate.value === p).map((q) => q.object.value);
    };
    const distributions = catalogue.filter((q) => q.subject.value === DATASET && q.predicate.value === `${DCAT}distribution`);
    expect(distributions).toHaveLength(server.snapshot!.manifest.dumps!.length);
    expect(objects(`${DCAT}distribution`)).toHaveLength(server.snapshot!.manifest.dumps!.length + 2);
    const download = ofDumps(`${DCAT}downloadURL`).sort();
    expect(download).toEqual(server.snapshot!.manifest.dumps!.map((d) => `${server.url}dumps/${d.file}`).sort());
    const sizes = ofDumps(`${DCAT}byteSize`).map(Number).sort((a, b) => a - b);
    expect(sizes).toEqual(server.snapshot!.manifest.dumps!.map((d) => d.bytes).sort((a, b) => a - b));
    expect(ofDumps('http://spdx.org/rdf/terms#checksumValue').sort()).toEqual(server.snapshot!.manifest.dumps!.map((d) => d.sha256).sort());
    expect(objects(`${DCAT}endpointURL`)).toEqual([`${server.url}sparql`]);
  });

  it('dates: issued is the first publication\'s (from the data), modified the date of the release of the served graph', () => {
    // Catalogue, dataset and each dump distribution; canonical forms, so that every format gives the same literal.
    const records = [...typed(`${DCAT}Catalog`), DATASET, ...server.snapshot!.manifest.dumps!.map((d) => `https://w3id.org/segraph/catalog#distribution-${d.file}`)];
    expect(records).toHaveLength(2 + server.snapshot!.manifest.dumps!.length);
    const of = (s: string, p: string) => catalogue.filter((q) => q.subject.value === s && q.predicate.value === `http://purl.org/dc/terms/${p}`).map((q) => q.object as N3.Literal);
    for (const record of records) {
      expect(of(record, 'issued').map((l) => [l.value, l.datatype.value])).toEqual([['2026-11-22', 'http://www.w3.org/2001/XMLSchema#date']]);
      // The served graph is release 1.0.0's: the data last changed when it was released.
      expect(of(record, 'modified').map((l) => [l.value, l.datatype.value])).toEqual([['2026-02-01', 'http://www.w3.org/2001/XMLSchema#date']]);
    }
    // Each release and its distribution are issued on the release date.
    expect(of(V('0.9.0'), 'issued').map((l) => l.value)).toEqual(['2026-01-15']);
    expect(of(`${V('1.0.0')}/graph.nq.gz`, 'issued').map((l) => l.value)).toEqual(['2026-02-01']);
  });

  it('versions: each release a dcat:Dataset with version, date, notes, previous version and its gzipped N-Quads', () => {
    const about = (s: string, p: string) => catalogue.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value).sort();
    expect(about(DATASET, `${DCAT}hasVersion`)).toEqual([V('0.9.0'), V('1.0.0')]);
    expect(about(DATASET, 'http://purl.org/dc/terms/hasVersion')).toEqual([V('0.9.0'), V('1.0.0')]);
    expect(about(DATASET, `${DCAT}hasCurrentVersion`)).toEqual([V('1.0.0')]);
    expect(about(DATASET, `${DCAT}version`)).toEqual(['1.0.0']);
    for (const release of [releases.older, releases.newer]) {
      const v = release.record.version;
      const iri = V(v);
      expect(about(iri, RDF_TYPE)).toEqual([`${DCAT}Dataset`]);
      expect(about(iri, `${DCAT}version`)).toEqual([v]);
      expect(about(iri, `${DCAT}isVersionOf`)).toEqual([DATASET]);
      expect(about(iri, 'http://purl.org/dc/terms/license')).toEqual(about(DATASET, 'http://purl.org/dc/terms/license'));
      expect(about(iri, 'http://purl.org/dc/terms/publisher')).toEqual(about(DATASET, 'http://purl.org/dc/terms/publisher'));
      expect(about(iri, 'http://purl.org/dc/terms/title')).toHaveLength(1);
      expect(about(iri, 'http://purl.org/dc/terms/description')).toHaveLength(1);
      expect(about(iri, 'http://www.w3.org/ns/adms#versionNotes')).toHaveLength(1);
      expect(about(iri, 'http://www.w3.org/ns/adms#versionNotes')[0]).toContain(release.record.notes!.replace(/\s+/g, ' '));
      const gz = release.record.files.find((f) => f.file === 'graph.nq.gz')!;
      const [distribution] = about(iri, `${DCAT}distribution`);
      expect(about(distribution!, `${DCAT}downloadURL`)).toEqual([`${server.url}releases/${v}/graph.nq.gz`]);
      expect(about(distribution!, `${DCAT}byteSize`)).toEqual([String(gz.bytes)]);
      expect(about(distribution!, `${DCAT}compressFormat`)).toEqual(['https://www.iana.org/assignments/media-types/application/gzip']);
      const [checksum] = about(distribution!, 'http://spdx.org/rdf/terms#checksum');
      expect(catalogue.filter((q) => q.subject.value === checksum && q.predicate.value === 'http://spdx.org/rdf/terms#checksumValue').map((q) => q.object.value)).toEqual([gz.sha256]);
    }
    expect(about(V('1.0.0'), `${DCAT}previousVersion`)).toEqual([V('0.9.0')]);
    expect(about(V('0.9.0'), `${DCAT}previousVersion`)).toEqual([]);
  });
});

describe('DCAT-AP 2.1.1 (what data.europa.eu converts harvested metadata to): /catalog?profile=dcat-ap-2.1.1', () => {
  const V2_SHAPES = () => [V2('shapes.ttl'), V2('range.ttl'), V2('shapes_recommended.ttl'), V2('mdr-vocabularies.shape.ttl')];
  const fetchCatalogue = async (query: string) => {
    const res = await fetch(`${server.url}catalog${query}`, { headers: { accept: 'text/turtle' } });
    expect(res.status).toBe(200);
    return { res, quads: new N3.Parser({ format: 'text/turtle', baseIRI: `${server.url}catalog` }).parse(await res.text()) };
  };

  it('the 2.1.1 view: no violations of the shapes, range, recommended and vocabulary checks', async ({ onTestFailed }) => {
    const { res, quads } = await fetchCatalogue('?profile=dcat-ap-2.1.1');
    expect(res.headers.get('link')).toContain('<https://semiceu.github.io/DCAT-AP/releases/2.1.1/>; rel="profile"');
    const findings = await validate(V2_SHAPES(), [...quads, ...entries]);
    const violations = ofSeverity(findings, 'Violation');
    if (violations.length > 0) console.log(`DCAT-AP 2.1.1 violations (${violations.length}):\n${violations.map(show).join('\n')}`);
    const warnings = ofSeverity(findings, 'Warning');
    onTestFailed(() => console.log(`DCAT-AP 2.1.1 warnings (${warnings.length}):\n${warnings.map(show).join('\n')}`));
    expect(violations.map(show)).toEqual([]);
  });

  it('differs from the 3.0.1 view only in the byte size datatype and the checksum (SHA-1), which are the same files\'', async () => {
    const { quads } = await fetchCatalogue('?profile=dcat-ap-2.1.1');
    const line = (q: Quad) => `${q.subject.termType === 'BlankNode' ? '_' : q.subject.value} ${q.predicate.value} ${q.object.termType === 'BlankNode' ? '_' : q.object.value}`;
    const v3 = new Set(catalogue.map(line));
    const v2 = new Set(quads.map(line));
    const CHECKSUM = new Set([SPDX_ALGORITHM, 'http://spdx.org/rdf/terms#checksumValue']);
    const changed = (a: Set<string>, b: Set<string>) => [...a].filter((l) => !b.has(l) && !CHECKSUM.has(l.split(' ')[1]!));
    const typeOf = (algorithm: string) => `http://spdx.org/rdf/terms#checksumAlgorithm_${algorithm} ${RDF_TYPE} http://spdx.org/rdf/terms#ChecksumAlgorithm`;
    expect(changed(v2, v3)).toEqual([typeOf('sha1')]);
    expect(changed(v3, v2)).toEqual([typeOf('sha256')]);
    const sizes = (qs: Quad[]) => qs.filter((q) => q.predicate.value === `${DCAT}byteSize`).map((q) => [q.object.value, (q.object as N3.Literal).datatype.value]);
    expect(sizes(quads).map(([v]) => v)).toEqual(sizes(catalogue).map(([v]) => v));
    expect(new Set(sizes(quads).map(([, t]) => t))).toEqual(new Set(['http://www.w3.org/2001/XMLSchema#decimal']));
    // Each SHA-1 is the file's: download every distribution and hash it.
    const sha1s = quads.filter((q) => q.predicate.value === 'http://spdx.org/rdf/terms#checksumValue').map((q) => q.object.value);
    const urls = quads.filter((q) => q.predicate.value === `${DCAT}downloadURL`).map((q) => q.object.value);
    expect(sha1s.length).toBe(urls.length);
    const actual = await Promise.all(urls.map(async (u) => createHash('sha1').update(Buffer.from(await (await fetch(u)).arrayBuffer())).digest('hex')));
    expect(new Set(sha1s)).toEqual(new Set(actual));
  });

  it('the 3.0.1 catalogue (the default) is what the 2.1.1 shapes reject in those two places only', async () => {
    const findings = await validate(V2_SHAPES(), [...catalogue, ...entries]);
    const violations = ofSeverity(findings, 'Violation');
    const distributions = objects(`${DCAT}distribution`).length;
    const byteSize = violations.filter((f) => f.path === `${DCAT}byteSize` && f.component === 'DatatypeConstraintComponent');
    const sha1 = violations.filter((f) => f.path === SPDX_ALGORITHM && f.component === 'HasValueConstraintComponent');
    expect(byteSize.length).toBe(distributions);
    expect(sha1.length).toBe(distributions);
    expect(violations.filter((f) => !byteSize.includes(f) && !sha1.includes(f)).map(show)).toEqual([]);
  });

  it('an unknown profile is a 400 naming the profiles', async () => {
    const res = await fetch(`${server.url}catalog?profile=dcat-ap-9`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: Record<string, unknown> }).error).toMatchObject({ code: 'invalid_parameter', parameter: 'profile', allowed: ['dcat-ap-3.0.1', 'dcat-ap-2.1.1'] });
  });
});
