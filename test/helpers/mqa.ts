/**
 * The score data.europa.eu's Metadata Quality Assessment (MQA) gives a DCAT-AP dataset, computed
 * from a catalogue graph: 23 indicators in five dimensions (findability 100, accessibility 100,
 * interoperability 110, reusability 75, contextuality 20), 405 points in all.
 *
 * Source — the published methodology, data.europa.eu, "Metadata quality dashboard"
 * (https://data.europa.eu/mqa/methodology, also in the data provider manual,
 * https://dataeuropa.gitlab.io/data-provider-manual/metadata-quality-dashboard/). The weights
 * below were checked against the methodology page of piveau, the software data.europa.eu runs
 * (github.com/piveau-data/piveau-metrics-ui, src/components/AboutMetrics.vue and the English texts
 * in src/i18n/lang.json: "A dataset can thus achieve a maximum rating of 405 points"), and against
 * an independent re-implementation's table (github.com/mjanez/ckan-mqa, README).
 *
 * How each indicator is evaluated, as the methodology says:
 * - dataset indicators: whether the dataset has the property (the number of values does not count);
 * - distribution indicators: the share of the dataset's distributions that meet it, times the
 *   weight (a dataset with 4 distributions of which 2 meet a 20-point indicator gets 10). This is
 *   the stricter of the two readings in circulation (the other takes the best distribution), so a
 *   full score here is a full score under both;
 * - "accessible" (accessURL, downloadURL): an HTTP HEAD request to the URL (the MQA's URL checker
 *   sends HEAD) answered 200;
 * - format and media type "from a vocabulary": the format in the EU file-type table and the media
 *   type an IANA-registered one;
 * - non-proprietary and machine-readable: the format in data.europa.eu's lists
 *   (gitlab.com/european-data-portal/edp-vocabularies: edp-non-proprietary-format.rdf,
 *   edp-machine-readable-format.rdf; only the RDF and JSON entries we can use are listed here);
 * - DCAT-AP compliance: the catalogue passes the SHACL shapes with no violation (the caller says
 *   which, and whether it did);
 * - dates of issue and modification: on the dataset and on each distribution.
 */
import type { Quad } from '@rdfjs/types';

export type Dimension = 'findability' | 'accessibility' | 'interoperability' | 'reusability' | 'contextuality';

export const DIMENSION_MAX: Readonly<Record<Dimension, number>> = {
  findability: 100, accessibility: 100, interoperability: 110, reusability: 75, contextuality: 20,
};

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const AUTHORITY = 'http://publications.europa.eu/resource/authority/';
const IANA = 'https://www.iana.org/assignments/media-types/';

/**
 * Media types registered with IANA (https://www.iana.org/assignments/media-types/media-types.xhtml)
 * that an RDF publisher uses; a media type outside this list does not count as "from a vocabulary".
 */
export const IANA_REGISTERED = new Set([
  'text/turtle', 'application/n-triples', 'application/n-quads', 'application/trig', 'application/ld+json',
  'application/rdf+xml', 'application/json', 'text/csv', 'application/gzip', 'application/sparql-results+json',
].map((t) => IANA + t));

/** Formats data.europa.eu counts as non-proprietary (edp-non-proprietary-format.rdf; the RDF and JSON ones). */
export const NON_PROPRIETARY = new Set(['RDF_TURTLE', 'RDF_N_TRIPLES', 'RDF_N_QUADS', 'RDF_TRIG', 'RDF_XML', 'JSON_LD', 'JSON', 'CSV']
  .map((code) => `${AUTHORITY}file-type/${code}`));
/** Formats data.europa.eu counts as machine-readable (edp-machine-readable-format.rdf; the RDF and JSON ones). */
export const MACHINE_READABLE = new Set(['RDF_TURTLE', 'RDF_N_TRIPLES', 'RDF_N_QUADS', 'RDF_TRIG', 'RDF_XML', 'JSON_LD', 'JSON', 'CSV']
  .map((code) => `${AUTHORITY}file-type/${code}`));

export interface MqaInput {
  /** The catalogue. */
  readonly quads: readonly Quad[];
  /** The dataset scored. */
  readonly dataset: string;
  /** The EU authority-table entries known (`<value> skos:inScheme <table>`): the file-type, licence and access-right tables. */
  readonly inScheme: ReadonlyMap<string, string>;
  /** Whether the catalogue passes the DCAT-AP shapes with no violation. */
  readonly dcatApCompliant: boolean;
  /** The status an HTTP HEAD request to `url` gets (no redirect followed). */
  readonly head: (url: string) => Promise<number>;
}

export interface IndicatorScore {
  readonly dimension: Dimension;
  readonly indicator: string;
  readonly weight: number;
  readonly points: number;
  /** For distribution indicators: how many of how many distributions meet it. */
  readonly met?: string;
}

export interface MqaScore {
  readonly total: number;
  readonly byDimension: Readonly<Record<Dimension, number>>;
  readonly indicators: readonly IndicatorScore[];
}

/** Computes the MQA score of `input.dataset`. */
export async function mqaScore(input: MqaInput): Promise<MqaScore> {
  const objects = (s: string, p: string) => input.quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
  const has = (s: string, p: string) => objects(s, p).length > 0;
  const inTable = (value: string, table: string) => input.inScheme.get(value) === `${AUTHORITY}${table}`;
  const ds = input.dataset;
  const distributions = objects(ds, `${DCAT}distribution`);
  const status = new Map<string, number>();
  for (const url of new Set(distributions.flatMap((d) => [...objects(d, `${DCAT}accessURL`), ...objects(d, `${DCAT}downloadURL`)]))) {
    status.set(url, await input.head(url));
  }
  const accessible = (urls: readonly string[]) => urls.length > 0 && urls.every((u) => status.get(u) === 200);

  const scores: IndicatorScore[] = [];
  const onDataset = (dimension: Dimension, indicator: string, weight: number, met: boolean) =>
    scores.push({ dimension, indicator, weight, points: met ? weight : 0 });
  const onDistributions = (dimension: Dimension, indicator: string, weight: number, test: (d: string) => boolean) => {
    const n = distributions.filter(test).length;
    scores.push({ dimension, indicator, weight, points: distributions.length ? (weight * n) / distributions.length : 0, met: `${n}/${distributions.length}` });
  };
  /** Dates are scored on the dataset and on each distribution. */
  const onBoth = (dimension: Dimension, indicator: string, weight: number, p: string) => {
    const all = [ds, ...distributions];
    const n = all.filter((s) => has(s, p)).length;
    scores.push({ dimension, indicator, weight, points: (weight * n) / all.length, met: `${n}/${all.length} (dataset and distributions)` });
  };

  onDataset('findability', 'keywords (dcat:keyword)', 30, has(ds, `${DCAT}keyword`));
  onDataset('findability', 'categories (dcat:theme)', 30, has(ds, `${DCAT}theme`));
  onDataset('findability', 'geo search (dct:spatial)', 20, has(ds, `${DCT}spatial`));
  onDataset('findability', 'time-based search (dct:temporal)', 20, has(ds, `${DCT}temporal`));

  onDistributions('accessibility', 'accessURL accessible (HEAD 200)', 50, (d) => accessible(objects(d, `${DCAT}accessURL`)));
  onDistributions('accessibility', 'downloadURL given', 20, (d) => has(d, `${DCAT}downloadURL`));
  onDistributions('accessibility', 'downloadURL accessible (HEAD 200)', 30, (d) => accessible(objects(d, `${DCAT}downloadURL`)));

  onDistributions('interoperability', 'format (dct:format)', 20, (d) => has(d, `${DCT}format`));
  onDistributions('interoperability', 'media type (dcat:mediaType)', 10, (d) => has(d, `${DCAT}mediaType`));
  onDistributions('interoperability', 'format and media type from a vocabulary', 10, (d) =>
    objects(d, `${DCT}format`).some((f) => inTable(f, 'file-type')) && objects(d, `${DCAT}mediaType`).some((m) => IANA_REGISTERED.has(m)));
  onDistributions('interoperability', 'non-proprietary format', 20, (d) => objects(d, `${DCT}format`).some((f) => NON_PROPRIETARY.has(f)));
  onDistributions('interoperability', 'machine-readable format', 20, (d) => objects(d, `${DCT}format`).some((f) => MACHINE_READABLE.has(f)));
  onDataset('interoperability', 'DCAT-AP compliance (SHACL)', 30, input.dcatApCompliant);

  onDistributions('reusability', 'licence (dct:license)', 20, (d) => has(d, `${DCT}license`));
  onDistributions('reusability', 'licence from the EU licence table', 10, (d) => objects(d, `${DCT}license`).some((l) => inTable(l, 'licence')));
  onDataset('reusability', 'access restrictions (dct:accessRights)', 10, has(ds, `${DCT}accessRights`));
  onDataset('reusability', 'access restrictions from the EU access-right table', 5, objects(ds, `${DCT}accessRights`).some((a) => inTable(a, 'access-right')));
  onDataset('reusability', 'contact point (dcat:contactPoint)', 20, has(ds, `${DCAT}contactPoint`));
  onDataset('reusability', 'publisher (dct:publisher)', 10, has(ds, `${DCT}publisher`));

  onDistributions('contextuality', 'rights (dct:rights)', 5, (d) => has(d, `${DCT}rights`));
  onDistributions('contextuality', 'byte size (dcat:byteSize)', 5, (d) => has(d, `${DCAT}byteSize`));
  onBoth('contextuality', 'date of issue (dct:issued)', 5, `${DCT}issued`);
  onBoth('contextuality', 'modification date (dct:modified)', 5, `${DCT}modified`);

  const round = (n: number) => Math.round(n * 100) / 100;
  const byDimension = Object.fromEntries(Object.keys(DIMENSION_MAX).map((d) =>
    [d, round(scores.filter((s) => s.dimension === d).reduce((sum, s) => sum + s.points, 0))])) as Record<Dimension, number>;
  return { total: round(Object.values(byDimension).reduce((a, b) => a + b, 0)), byDimension, indicators: scores };
}

/** The score as a table, for a failing test's message. */
export function describeScore(score: MqaScore): string {
  const lines = (Object.keys(DIMENSION_MAX) as Dimension[]).flatMap((d) => [
    `${d}: ${score.byDimension[d]}/${DIMENSION_MAX[d]}`,
    ...score.indicators.filter((i) => i.dimension === d)
      .map((i) => `  ${i.points === i.weight ? ' ' : '✗'} ${i.indicator}: ${Math.round(i.points * 100) / 100}/${i.weight}${i.met ? ` (${i.met})` : ''}`),
  ]);
  return [`MQA score ${score.total}/405`, ...lines].join('\n');
}
