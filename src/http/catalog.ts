/**
 * The DCAT-AP 3.0.1 catalogue (served at GET /catalog by ./catalog-router.ts) of what this server publishes, for open-data portals
 * (data.europa.eu harvests DCAT-AP): the dataset, one distribution per dump (with byte size and
 * SHA-256 from the snapshot's manifest), and the SPARQL endpoint as a data service. Controlled
 * values are EU vocabulary IRIs; the statements about each one used (its scheme and label) come
 * from catalog/eu-vocabulary-entries.ttl, so the catalogue passes DCAT-AP's vocabulary checks on
 * its own. Values are typed with DCAT-AP's range classes (dct:LicenseDocument, dct:Location, …)
 * so that validation needs no background knowledge. Negotiated like the other RDF documents.
 *
 * Harvesters identify records by IRI, so every IRI here is minted under the configured base
 * (src/http/site-config.ts), whoever asks and by whatever Host: the catalogue is `{base}catalog`,
 * its parts `{base}catalog#…`. Only what a client must fetch — the dumps' access and download
 * URLs, the endpoint and its description — is under the public URL.
 */
import { readFile } from 'node:fs/promises';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { DUMP_FORMATS, GZIP_MEDIA_TYPE, type DumpFile } from '../graph/dumps.js';
import type { Manifest } from '../graph/snapshot.js';
import {
  ADMS_LICENCE_TYPE, ADMS_PUBLISHER_TYPE, DCAT, DCATAP, DCT, EU_AUTHORITY,
  EU_FREQUENCY, EU_LANGUAGE, EU_PLANNED_AVAILABILITY, FOAF, IANA_MEDIA_TYPE, mintedUnder, RDF, RDFS,
  SKOS, SPARQL11_PROTOCOL, SPDX, VCARD, XSD,
} from '../vocab/namespace.js';
import type { Release } from '../graph/release.js';
import type { CatalogFacts } from './catalog-facts.js';
import { addReleases, modifiedOf } from './catalog-releases.js';
import {
  ACCESS_RIGHTS, DATASET_KEYWORDS, FILE_TYPE, Graph, LICENCE, PUBLISHER_NAME, rightsStatement, SERVICE_KEYWORDS, THEMES,
} from './catalog-graph.js';
import type { DatasetInfo } from './describe.js';
import type { SiteConfig } from './site-config.js';

const { namedNode, blankNode, literal } = N3.DataFactory;

/** A snapshot on disk: its directory and manifest (for the dumps). */
export interface SnapshotInfo {
  readonly dir: string;
  readonly manifest: Manifest;
}

const ENTRIES_FILE = new URL('../../catalog/eu-vocabulary-entries.ttl', import.meta.url);
let entries: Promise<N3.Store> | undefined;

/** The controlled-vocabulary entries (catalog/eu-vocabulary-entries.ttl), read once per process. */
export function vocabularyEntries(): Promise<N3.Store> {
  entries ??= readFile(ENTRIES_FILE, 'utf8').then((text) => new N3.Store(new N3.Parser({ format: 'text/turtle' }).parse(text)));
  entries.catch(() => {
    entries = undefined;
  });
  return entries;
}

/** Adds what `entries` says about every IRI the catalogue uses, and about their schemes. */
function addEntries(g: Graph, entries: N3.Store): void {
  const done = new Set<string>();
  let pending: N3.Term[] = g.store.getQuads(null, null, null, null).flatMap((q) => [q.subject, q.object]);
  while (pending.length > 0) {
    const next: N3.Term[] = [];
    for (const term of pending) {
      if (term.termType !== 'NamedNode' || done.has(term.value)) continue;
      done.add(term.value);
      for (const q of entries.getQuads(term, null, null, null)) {
        g.store.addQuad(q);
        if (q.predicate.value === SKOS.inScheme) next.push(q.object);
      }
    }
    pending = next;
  }
}

/**
 * The DCAT-AP versions the catalogue is served in (`/catalog?profile=…`). 3.0.1 is the default.
 * 2.1.1, to which data.europa.eu converts what it harvests, differs in two places no one graph
 * can satisfy both of: `dcat:byteSize` is an `xsd:decimal` there (`xsd:nonNegativeInteger` in
 * 3.0.1, each at most once) and a checksum's algorithm must be SHA-1 (3.0.1: any SPDX algorithm;
 * we give SHA-256). Everything else is the same graph.
 */
export const CATALOG_PROFILES = {
  'dcat-ap-3.0.1': 'https://semiceu.github.io/DCAT-AP/releases/3.0.1/',
  'dcat-ap-2.1.1': 'https://semiceu.github.io/DCAT-AP/releases/2.1.1/',
} as const;
export type CatalogProfile = keyof typeof CATALOG_PROFILES;

/** The catalogue's triples: IRIs under `site.base`, URLs to fetch under `site.publicUrl`. */
export function catalogQuads(input: {
  readonly site: SiteConfig; readonly dataset: DatasetInfo; readonly datasetIri: string; readonly version: string;
  readonly manifest?: Manifest; readonly facts: CatalogFacts; readonly entries: N3.Store; readonly profile?: CatalogProfile;
  /** The releases (oldest first), described as versions of the dataset. */
  readonly releases?: readonly Release[];
}): Quad[] {
  const { site, manifest, facts } = input;
  const profile = input.profile ?? 'dcat-ap-3.0.1';
  const minted = mintedUnder(site.base);
  const g = new Graph();
  const doc = minted.catalog;
  const cat = namedNode(doc);
  const ds = namedNode(input.datasetIri);
  const service = namedNode(`${doc}#sparql-service`);
  const contact = namedNode(`${doc}#contact-point`);
  const rights = namedNode(`${doc}#rights`);
  const publisher = namedNode(minted.publisher);
  const home = site.base;
  const spatial = [...facts.countries, ...facts.nuts];
  const releases = input.releases ?? [];
  // Stable dates (a harvester sees a changed record when they change): issued is the first
  // publication's, from the data; modified is when the served data last changed — the date of its
  // release, or since when the snapshot has had this content (./catalog-releases.ts). Neither is
  // the server's start time nor a rebuild's.
  const modified = modifiedOf(manifest, releases);
  const dates = { issued: facts.issued ? [facts.issued] : [], modified: modified ? [modified] : [] };

  g.add(cat, RDF.type, DCAT.Catalog)
    .text(cat, DCT.title, `Catalogue of ${input.dataset.title}`)
    .text(cat, DCT.description, 'The datasets and services this segraph server publishes: the knowledge graph, its downloadable dumps and its SPARQL endpoint.')
    .add(cat, DCT.publisher, publisher)
    .add(cat, DCT.language, EU_LANGUAGE.ENG)
    .add(cat, DCT.license, LICENCE)
    .each(cat, DCT.spatial, facts.countries)
    .add(cat, DCAT.themeTaxonomy, EU_AUTHORITY['data-theme'])
    .add(cat, FOAF.homepage, home)
    .add(cat, DCAT.dataset, ds)
    .add(cat, DCAT.service, service);
  dated(g, cat, dates);

  g.add(publisher, RDF.type, FOAF.Agent)
    .add(publisher, FOAF.name, literal(PUBLISHER_NAME, 'en'))
    .add(publisher, DCT.type, ADMS_PUBLISHER_TYPE.NonProfitOrganisation)
    .add(publisher, FOAF.homepage, site.base);
  g.add(contact, RDF.type, VCARD.Kind)
    .add(contact, VCARD.fn, literal(PUBLISHER_NAME, 'en'))
    .add(contact, VCARD.hasURL, site.base);
  g.add(namedNode(LICENCE), DCT.type, ADMS_LICENCE_TYPE.Attribution);

  g.add(ds, RDF.type, DCAT.Dataset)
    .text(ds, DCT.title, input.dataset.title)
    .text(ds, DCT.description, input.dataset.description)
    .text(ds, DCAT.keyword, ...DATASET_KEYWORDS)
    .each(ds, DCAT.theme, THEMES)
    .each(ds, DCT.spatial, spatial)
    .add(ds, DCT.publisher, publisher)
    .add(ds, DCAT.contactPoint, contact)
    .add(ds, DCT.license, LICENCE)
    .add(ds, DCT.accessRights, ACCESS_RIGHTS)
    .add(ds, DCT.language, EU_LANGUAGE.ENG)
    .add(ds, DCT.accrualPeriodicity, EU_FREQUENCY.IRREG)
    .add(ds, DCAT.landingPage, home)
    .add(ds, DCAT.version, literal(releases.at(-1)?.record.version ?? manifest?.version ?? input.version));
  dated(g, ds, dates);
  if (facts.start && facts.end) {
    const period = blankNode('temporal');
    g.add(ds, DCT.temporal, period).add(period, DCAT.startDate, facts.start).add(period, DCAT.endDate, facts.end);
  }
  if (manifest?.dumps?.length) g.add(rights, RDF.type, DCT.RightsStatement).text(rights, RDFS.label, rightsStatement(site.base));
  for (const dump of manifest?.dumps ?? []) distribution(g, ds, dump, { doc, publicUrl: site.publicUrl, dates, rights, profile });
  if (releases.length > 0) {
    if (!manifest?.dumps?.length) g.add(rights, RDF.type, DCT.RightsStatement).text(rights, RDFS.label, rightsStatement(site.base));
    addReleases(g, {
      datasetIri: input.datasetIri, title: input.dataset.title, publicUrl: site.publicUrl, releases, publisher, contact, rights,
      spatial, profile, ...(manifest ? { manifest } : {}), ...(facts.start && facts.end ? { temporal: { start: facts.start, end: facts.end } } : {}),
    });
  }

  g.add(service, RDF.type, DCAT.DataService)
    .text(service, DCT.title, `SPARQL endpoint of ${input.dataset.title}`)
    .text(service, DCT.description, 'A read-only SPARQL 1.1 endpoint over the whole dataset; the default graph is the union of the named graphs. Without a query it returns its SPARQL service description.')
    .add(service, DCAT.endpointURL, `${site.publicUrl}sparql`)
    .add(service, DCAT.endpointDescription, `${site.publicUrl}sparql`)
    .add(service, DCAT.servesDataset, ds)
    .add(service, DCT.conformsTo, SPARQL11_PROTOCOL)
    .add(service, DCAT.contactPoint, contact)
    .add(service, DCT.publisher, publisher)
    .add(service, DCT.license, LICENCE)
    .each(service, DCAT.theme, THEMES)
    .text(service, DCAT.keyword, ...SERVICE_KEYWORDS);
  addEntries(g, input.entries);
  return g.store.getQuads(null, null, null, null);
}

/** The distribution of one dump: named `{doc}#distribution-{file}`, fetched from `{publicUrl}dumps/{file}`. */
function distribution(g: Graph, ds: N3.NamedNode, dump: DumpFile, shared: {
  readonly doc: string; readonly publicUrl: string; readonly dates: Dates; readonly rights: N3.NamedNode; readonly profile: CatalogProfile;
}): void {
  const label = DUMP_FORMATS.find((f) => f.id === dump.format)?.label ?? dump.format;
  const url = `${shared.publicUrl}dumps/${dump.file}`;
  const d = namedNode(`${shared.doc}#distribution-${dump.file}`);
  const checksum = blankNode(`checksum-${dump.file.replace(/[^A-Za-z0-9]/g, '-')}`);
  const what = dump.content === 'dataset'
    ? 'every named graph with its triples (what each source states, our curation, reference data, the ontology and the inferences)'
    : 'the triples of all named graphs merged into one graph, without duplicates';
  g.add(ds, DCAT.distribution, d)
    .add(d, RDF.type, DCAT.Distribution)
    .text(d, DCT.title, `${label} dump${dump.compression ? ' (gzip)' : ''}`)
    .text(d, DCT.description, `The whole dataset as ${label}: ${what}.${dump.compression ? ' Compressed with gzip.' : ''}`)
    .add(d, DCAT.accessURL, url)
    .add(d, DCAT.downloadURL, url)
    .add(d, DCT.format, FILE_TYPE[dump.format])
    .add(d, DCAT.mediaType, IANA_MEDIA_TYPE(dump.mediaType))
    .add(d, DCT.license, LICENCE)
    .add(d, DCT.rights, shared.rights)
    .add(d, DCATAP.availability, EU_PLANNED_AVAILABILITY.AVAILABLE)
    .add(d, DCAT.byteSize, literal(String(dump.bytes), namedNode(shared.profile === 'dcat-ap-2.1.1' ? XSD.decimal : XSD.nonNegativeInteger)));
  const [algorithm, value] = shared.profile === 'dcat-ap-2.1.1'
    ? [SPDX.checksumAlgorithm_sha1, dump.sha1] : [SPDX.checksumAlgorithm_sha256, dump.sha256];
  if (value) {
    g.add(d, SPDX.checksum, checksum)
      .add(checksum, SPDX.algorithm, algorithm)
      .add(checksum, SPDX.checksumValue, literal(value, namedNode(XSD.hexBinary)));
  }
  if (dump.compression) g.add(d, DCAT.compressFormat, IANA_MEDIA_TYPE(GZIP_MEDIA_TYPE));
  dated(g, d, shared.dates);
}

interface Dates { readonly issued: readonly N3.Literal[]; readonly modified: readonly N3.Literal[] }

function dated(g: Graph, s: N3.NamedNode, dates: Dates): void {
  for (const date of dates.issued) g.add(s, DCT.issued, date);
  for (const date of dates.modified) g.add(s, DCT.modified, date);
}
