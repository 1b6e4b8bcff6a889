/**
 * The releases (releases/<VERSION>/, src/graph/release.ts) in the DCAT-AP catalogue, as DCAT 3
 * versions of the dataset: each a dcat:Dataset `{dataset}/release/{version}` with its version,
 * date, version notes, the version before it, and one distribution, its gzipped N-Quads. The main
 * dataset has them all (dcat:hasVersion, and dct:hasVersion, DCAT-AP 3.0.1's property), the
 * newest as dcat:hasCurrentVersion. Also: the dataset's dct:modified, which changes only when the
 * data does (`modifiedOf`).
 */
import N3 from 'n3';
import { GZIP_MEDIA_TYPE } from '../graph/dumps.js';
import { changeSentence, releaseSummary, type Release } from '../graph/release.js';
import type { Manifest } from '../graph/snapshot.js';
import {
  ADMS, DCAT, DCATAP, DCT, EU_LANGUAGE, EU_PLANNED_AVAILABILITY, IANA_MEDIA_TYPE, RDF, SPDX, XSD,
} from '../vocab/namespace.js';
import { dateTime } from './catalog-facts.js';
import { ACCESS_RIGHTS, DATASET_KEYWORDS, FILE_TYPE, LICENCE, THEMES, type Graph } from './catalog-graph.js';

const { namedNode, blankNode, literal } = N3.DataFactory;

/** The IRI of release `version` of the dataset `datasetIri`. */
export const releaseIri = (datasetIri: string, version: string): string => `${datasetIri}/release/${version}`;

/** The newest release whose graph is the served snapshot's, if any. */
export function servedRelease(manifest: Manifest | undefined, releases: readonly Release[]): Release | undefined {
  return manifest ? [...releases].reverse().find((r) => r.record.graph.version === manifest.version) : undefined;
}

/**
 * When the served data last changed (the dataset's dct:modified): the date of the newest release
 * of the served graph; else since when the snapshot's data has had its content (`dataSince`,
 * which a rebuild of unchanged data keeps; `builtAt` in snapshots older than it).
 */
export function modifiedOf(manifest: Manifest | undefined, releases: readonly Release[]): N3.Literal | undefined {
  if (!manifest) return undefined;
  const release = servedRelease(manifest, releases);
  if (release) return literal(release.record.date, namedNode(XSD.date));
  return dateTime(manifest.dataSince ?? manifest.builtAt);
}

/** What the versions share with the main dataset's description. */
export interface ReleaseContext {
  readonly datasetIri: string;
  readonly title: string;
  readonly publicUrl: string;
  readonly releases: readonly Release[];
  /** The served snapshot, whose release (if any) gets the coverage below. */
  readonly manifest?: Manifest;
  readonly publisher: N3.NamedNode;
  readonly contact: N3.NamedNode;
  readonly rights: N3.NamedNode;
  /** dct:spatial and dct:temporal of the served data: given to the release of the served graph only. */
  readonly spatial: readonly string[];
  readonly temporal?: { readonly start: N3.Literal; readonly end: N3.Literal };
  readonly profile: 'dcat-ap-3.0.1' | 'dcat-ap-2.1.1';
}

/** Adds the releases to `g`, linked from the main dataset. */
export function addReleases(g: Graph, ctx: ReleaseContext): void {
  const ds = namedNode(ctx.datasetIri);
  const served = servedRelease(ctx.manifest, ctx.releases);
  for (const release of ctx.releases) {
    const { record } = release;
    const rd = namedNode(releaseIri(ctx.datasetIri, record.version));
    const page = `${ctx.publicUrl}releases/${record.version}/`;
    const issued = literal(record.date, namedNode(XSD.date));
    g.add(ds, DCAT.hasVersion, rd).add(ds, DCT.hasVersion, rd);
    g.add(rd, RDF.type, DCAT.Dataset)
      .text(rd, DCT.title, `${ctx.title}, release ${record.version}`)
      .text(rd, DCT.description, `Release ${record.version} of the dataset, of ${record.date}: the graph as it was then (graph version ${record.graph.version}, ${record.graph.quads} quads). ${changeSentence(record)}`)
      .add(rd, DCAT.version, literal(record.version))
      .text(rd, ADMS.versionNotes, releaseSummary(record))
      .add(rd, DCT.issued, issued)
      .add(rd, DCAT.isVersionOf, ds)
      .add(rd, DCT.isVersionOf, ds)
      .add(rd, DCT.publisher, ctx.publisher)
      .add(rd, DCAT.contactPoint, ctx.contact)
      .add(rd, DCT.license, LICENCE)
      .add(rd, DCT.accessRights, ACCESS_RIGHTS)
      .add(rd, DCT.language, EU_LANGUAGE.ENG)
      .add(rd, DCAT.landingPage, page)
      .each(rd, DCAT.theme, THEMES)
      .text(rd, DCAT.keyword, ...DATASET_KEYWORDS);
    if (record.previous) g.add(rd, DCAT.previousVersion, namedNode(releaseIri(ctx.datasetIri, record.previous)));
    if (release === served) {
      g.each(rd, DCT.spatial, ctx.spatial);
      if (ctx.temporal) {
        const period = blankNode(`temporal-${record.version.replace(/[^A-Za-z0-9]/g, '-')}`);
        g.add(rd, DCT.temporal, period).add(period, DCAT.startDate, ctx.temporal.start).add(period, DCAT.endDate, ctx.temporal.end);
      }
    }
    const gz = record.files.find((f) => f.file === 'graph.nq.gz');
    if (!gz) continue;
    const d = namedNode(`${rd.value}/graph.nq.gz`);
    const checksum = blankNode(`checksum-release-${record.version.replace(/[^A-Za-z0-9]/g, '-')}`);
    g.add(rd, DCAT.distribution, d)
      .add(d, RDF.type, DCAT.Distribution)
      .text(d, DCT.title, `N-Quads of release ${record.version} (gzip)`)
      .text(d, DCT.description, `Release ${record.version} as canonical N-Quads (sorted, every triple in its named graph), compressed with gzip. What changed since the release before: ${page}.`)
      .add(d, DCAT.accessURL, page)
      .add(d, DCAT.downloadURL, `${ctx.publicUrl}releases/${record.version}/graph.nq.gz`)
      .add(d, DCT.format, FILE_TYPE.nquads)
      .add(d, DCAT.mediaType, IANA_MEDIA_TYPE(gz.mediaType))
      .add(d, DCAT.compressFormat, IANA_MEDIA_TYPE(GZIP_MEDIA_TYPE))
      .add(d, DCT.license, LICENCE)
      .add(d, DCT.rights, ctx.rights)
      .add(d, DCATAP.availability, EU_PLANNED_AVAILABILITY.AVAILABLE)
      .add(d, DCT.issued, issued)
      .add(d, DCAT.byteSize, literal(String(gz.bytes), namedNode(ctx.profile === 'dcat-ap-2.1.1' ? XSD.decimal : XSD.nonNegativeInteger)));
    const [algorithm, value] = ctx.profile === 'dcat-ap-2.1.1' ? [SPDX.checksumAlgorithm_sha1, gz.sha1] : [SPDX.checksumAlgorithm_sha256, gz.sha256];
    g.add(d, SPDX.checksum, checksum)
      .add(checksum, SPDX.algorithm, algorithm)
      .add(checksum, SPDX.checksumValue, literal(value, namedNode(XSD.hexBinary)));
  }
  const newest = ctx.releases.at(-1);
  if (newest) g.add(ds, DCAT.hasCurrentVersion, namedNode(releaseIri(ctx.datasetIri, newest.record.version)));
}
