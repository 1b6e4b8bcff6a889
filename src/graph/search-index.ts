/**
 * The full-text search index, built with the snapshot: one document per practice, initiative,
 * organisation, place, programme, fund, target group, theme and SDG, read from the union of the
 * graphs (inferred types included), indexed with MiniSearch and written as `search-index.json`
 * next to the dumps. The server only loads it (src/search/search.ts): building at build time keeps
 * start-up fast and makes the index part of the versioned, checksummed snapshot.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch, { type Options } from 'minisearch';
import type { Quad } from '@rdfjs/types';
import { DCT, EU_COUNTRY, FOAF, ORG, RDF, RDFS, SCHEMA, SDGO, SG, SKOS, XSD } from '../vocab/namespace.js';
import { fold, tokenize } from './fold.js';

/** The kinds of resources searched, by the short key the API uses (`?type=`). */
export const SEARCH_TYPES = ['practice', 'initiative', 'organisation', 'place', 'programme', 'fund', 'target-group', 'theme', 'sdg'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** The file in the snapshot directory. */
export const SEARCH_INDEX_FILE = 'search-index.json';

/** What the manifest records about the search index. */
export interface SearchIndexFile {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  /** How many resources are indexed. */
  readonly documents: number;
}

/** A name in a language (`language` is null for a name without a language tag, such as a NUTS name). */
export interface SearchName {
  readonly value: string;
  readonly language: string | null;
}

/** One indexed resource: the searched fields and what a hit shows. */
export interface SearchDocument {
  readonly id: string;
  readonly type: SearchType;
  /** English label, else any. */
  readonly label: string;
  /** The names in other languages (skos:prefLabel, foaf:name), with their language tags. */
  readonly names: readonly SearchName[];
  /** EU authority country IRIs (sg:country). */
  readonly countries: readonly string[];
  /** A practice's NUTS regions (sg:nutsRegion, asserted or inferred); absent for other kinds. */
  readonly nutsRegions?: readonly string[];
  /** Searched: every label in every language, one per line. */
  readonly name: string;
  /** Searched: dct:abstract. */
  readonly summary: string;
  /** Searched: descriptions, definitions and the report sections of an initiative. */
  readonly description: string;
}

export const SEARCH_FIELDS = ['name', 'summary', 'description'] as const;

/**
 * The options the index is built and loaded with (MiniSearch.loadJSON needs the same ones). Words
 * are split on anything but letters, digits and marks, then folded (src/graph/fold.ts), so that
 * matching ignores case and diacritics alike in the index and in queries.
 */
export const INDEX_OPTIONS: Options<SearchDocument> = {
  idField: 'id',
  fields: [...SEARCH_FIELDS],
  storeFields: ['type', 'label', 'names', 'countries', 'nutsRegions'],
  tokenize: (text) => tokenize(text),
  processTerm: (term) => fold(term) || null,
};

const NAME = [SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label, FOAF.name];
const SUMMARY = [DCT.abstract];
const DESCRIPTION = [
  DCT.description, SCHEMA.description, SKOS.definition, SG.resultsDescription, SG.transferPotential,
  SG.resourcesDescription, SG.beneficiariesDescription, SG.challenges, SG.innovation,
];
const TEXT = new Set([...NAME, ...SUMMARY, ...DESCRIPTION]);

/** How a resource's kind is read from its types; the first that applies wins (a practice is also an initiative). */
const KINDS: ReadonlyArray<readonly [SearchType, (types: ReadonlySet<string>) => boolean]> = [
  ['practice', (t) => t.has(SG.Practice)],
  ['initiative', (t) => t.has(SG.Initiative)],
  ['organisation', (t) => t.has(ORG.Organization)],
  ['programme', (t) => t.has(SG.Programme)],
  ['fund', (t) => t.has(SG.Fund)],
  // Our places (municipalities, regions) and the NUTS regions; countries are a filter, not a hit.
  ['place', (t) => (t.has(SG.Place) && !t.has(SG.Country)) || t.has(SG.NutsRegion)],
  ['target-group', (t) => t.has(SG.TargetGroup)],
  ['theme', (t) => t.has(SG.Theme)],
  ['sdg', (t) => t.has(SDGO.Goal)],
];

interface Text {
  readonly value: string;
  readonly language: string;
}

interface Resource {
  readonly types: Set<string>;
  /** Text literals by predicate, de-duplicated across graphs. */
  readonly texts: Map<string, Map<string, Text>>;
  readonly countries: Set<string>;
  readonly nuts: Set<string>;
}

const isEnglish = (language: string) => language === 'en' || language.startsWith('en-');
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byLanguageThenValue = (a: Text, b: Text) => compare(a.language, b.language) || compare(a.value, b.value);

function resourcesOf(quads: readonly Quad[]): Map<string, Resource> {
  const resources = new Map<string, Resource>();
  const resource = (iri: string) => {
    let r = resources.get(iri);
    if (!r) resources.set(iri, (r = { types: new Set(), texts: new Map(), countries: new Set(), nuts: new Set() }));
    return r;
  };
  for (const { subject, predicate, object } of quads) {
    if (subject.termType !== 'NamedNode') continue;
    const p = predicate.value;
    if (p === RDF.type && object.termType === 'NamedNode') resource(subject.value).types.add(object.value);
    else if (p === SG.country && object.termType === 'NamedNode' && object.value.startsWith(EU_COUNTRY.iri)) resource(subject.value).countries.add(object.value);
    else if (p === SG.nutsRegion && object.termType === 'NamedNode') resource(subject.value).nuts.add(object.value);
    else if (TEXT.has(p) && object.termType === 'Literal' && (object.language || object.datatype.value === XSD.string)) {
      const texts = resource(subject.value).texts;
      let values = texts.get(p);
      if (!values) texts.set(p, (values = new Map()));
      values.set(`${object.language}@${object.value}`, { value: object.value, language: object.language });
    }
  }
  return resources;
}

const textsOf = (r: Resource, predicates: readonly string[]): Text[] =>
  predicates.flatMap((p) => [...(r.texts.get(p)?.values() ?? [])].sort(byLanguageThenValue));

/** The label shown: English first, then a name without a language tag, then any — prefLabel before other names. */
function labelOf(r: Resource): string | undefined {
  const names = textsOf(r, [SKOS.prefLabel, FOAF.name, RDFS.label, SKOS.altLabel]);
  return (names.find((n) => isEnglish(n.language)) ?? names.find((n) => n.language === '') ?? names[0])?.value;
}

/** Distinct values, one per line, in a stable order. */
const joined = (texts: readonly Text[]) => [...new Set(texts.map((t) => t.value))].join('\n');

/** The search documents of the graph, sorted by IRI (so the same graph gives the same index). */
export function searchDocuments(quads: readonly Quad[]): SearchDocument[] {
  const documents: SearchDocument[] = [];
  for (const [iri, r] of resourcesOf(quads)) {
    const type = KINDS.find(([, applies]) => applies(r.types))?.[0];
    const label = labelOf(r);
    if (!type || label === undefined) continue;
    const names = textsOf(r, [SKOS.prefLabel, FOAF.name])
      .filter((n) => !isEnglish(n.language) && n.value !== label)
      .map((n): SearchName => ({ value: n.value, language: n.language || null }));
    documents.push({
      id: iri,
      type,
      label,
      names: names.filter((n, i) => names.findIndex((m) => m.value === n.value && m.language === n.language) === i),
      countries: [...r.countries].sort(),
      ...(type === 'practice' ? { nutsRegions: [...r.nuts].sort() } : {}),
      name: joined(textsOf(r, NAME)),
      summary: joined(textsOf(r, SUMMARY)),
      description: joined(textsOf(r, DESCRIPTION)),
    });
  }
  return documents.sort((a, b) => compare(a.id, b.id));
}

/** The serialised index of `quads` (MiniSearch's JSON), and how many documents it holds. */
export function buildSearchIndex(quads: readonly Quad[]): { json: string; documents: number } {
  const documents = searchDocuments(quads);
  const index = new MiniSearch<SearchDocument>(INDEX_OPTIONS);
  index.addAll(documents);
  return { json: JSON.stringify(index), documents: documents.length };
}

/**
 * Writes `search-index.json` into `snapshotDir` and returns what the manifest records about it.
 * Call it on the snapshot's temporary directory, before it is renamed into place (as writeDumps).
 *
 * @example
 *   const search = await writeSearchIndex(tmpDir, quads);
 *   search; // { file: 'search-index.json', bytes: …, sha256: …, documents: 310 }
 */
export async function writeSearchIndex(snapshotDir: string, quads: readonly Quad[]): Promise<SearchIndexFile> {
  const { json, documents } = buildSearchIndex(quads);
  const bytes = Buffer.from(json, 'utf8');
  await writeFile(join(snapshotDir, SEARCH_INDEX_FILE), bytes);
  return { file: SEARCH_INDEX_FILE, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), documents };
}
