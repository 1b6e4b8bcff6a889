/**
 * What a template's cells may name, read from the graph's files: countries (EU authority codes),
 * NUTS regions, funds, programmes, the SKOS schemes' concepts, SDGs, source documents (with the
 * graph each one's statements go to and its page count), initiatives, places, organisations and
 * practices. A cell gives a code or its exact English label.
 */
import type { Quad } from '@rdfjs/types';
import { GRAPHS } from '../vocab/graphs.js';
import { EU_COUNTRY, ID, NUTS_CODE, ORG, PROV, RDF, RDFS, SCHEMA, SDGO, SG, SKOS, UN_SDG } from '../vocab/namespace.js';
import { FIXED_CODES, type CodeListName } from './columns.js';
import type { CodeEntry } from './tables.js';

export interface CodeList {
  /** The namespace a code is appended to (empty for the fixed lists). */
  readonly namespace: string;
  readonly entries: readonly CodeEntry[];
}

export interface Known {
  readonly lists: ReadonlyMap<CodeListName, CodeList>;
  /** Ids (local names) of things described in the data. */
  readonly places: ReadonlySet<string>;
  readonly organisations: ReadonlySet<string>;
  readonly practices: ReadonlySet<string>;
  /** Source id → the named graph of what it states. */
  readonly sourceGraph: ReadonlyMap<string, string>;
  /** Source id → its number of pages, where the data gives it (schema:numberOfPages). */
  readonly sourcePages: ReadonlyMap<string, number>;
}

/** The concept schemes' namespaces, by code list. */
export const SCHEME_NAMESPACES = {
  theme: ID('theme/'),
  targetGroup: ID('target-group/'),
  status: ID('status/'),
  unit: ID('unit/'),
  fundingType: ID('funding-type/'),
  organisationKind: ID('organisation-kind/'),
  geographicScope: ID('geographic-scope/'),
  valueQualifier: ID('value-qualifier/'),
  resultKind: ID('result-kind/'),
} as const satisfies Partial<Record<CodeListName, string>>;

export const NAMESPACES = {
  ...SCHEME_NAMESPACES,
  country: EU_COUNTRY.iri,
  nuts: NUTS_CODE.iri,
  fund: ID('fund/'),
  programme: ID('programme/'),
  sdg: UN_SDG.iri,
  source: ID('source/'),
  initiative: ID('initiative/'),
  practice: ID('practice/'),
  organisation: ID('organisation/'),
  place: ID('place/'),
} as const;

const localOf = (iri: string, ns: string): string | undefined => (iri.startsWith(ns) && iri.length > ns.length && !iri.includes('#', ns.length) ? iri.slice(ns.length) : undefined);

/** Reads the known codes and ids from the graph's quads (all data files). */
export function knownFrom(quads: readonly Quad[]): Known {
  const types = new Map<string, Set<string>>();
  const labels = new Map<string, string>();
  const notations = new Map<string, string>();
  const sourceGraph = new Map<string, string>();
  const sourcePages = new Map<string, number>();
  for (const q of quads) {
    const s = q.subject.value;
    if (q.predicate.value === RDF.type) {
      let set = types.get(s);
      if (!set) types.set(s, (set = new Set()));
      set.add(q.object.value);
    } else if ((q.predicate.value === SKOS.prefLabel || q.predicate.value === RDFS.label) && q.object.termType === 'Literal' && q.object.language === 'en') {
      if (q.predicate.value === SKOS.prefLabel || !labels.has(s)) labels.set(s, q.object.value);
    } else if (q.predicate.value === SKOS.notation) {
      notations.set(s, q.object.value);
    } else if (q.predicate.value === PROV.wasDerivedFrom && q.graph.value === GRAPHS.provenance) {
      const id = localOf(q.object.value, NAMESPACES.source);
      if (id) sourceGraph.set(id, s);
    } else if (q.predicate.value === SCHEMA.numberOfPages) {
      const id = localOf(s, NAMESPACES.source);
      if (id) sourcePages.set(id, Number(q.object.value));
    }
  }
  const subjectsIn = (ns: string, type?: string): CodeEntry[] => {
    const out: CodeEntry[] = [];
    for (const [iri, set] of types) {
      const code = localOf(iri, ns);
      if (code === undefined || (type && !set.has(type))) continue;
      out.push({ code, label: labels.get(iri) ?? code });
    }
    return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  };
  const lists = new Map<CodeListName, CodeList>();
  for (const [list, ns] of Object.entries(SCHEME_NAMESPACES) as Array<[CodeListName, string]>) lists.set(list, { namespace: ns, entries: subjectsIn(ns) });
  lists.set('country', { namespace: NAMESPACES.country, entries: subjectsIn(NAMESPACES.country, SG.Country) });
  lists.set('nuts', { namespace: NAMESPACES.nuts, entries: subjectsIn(NAMESPACES.nuts, SG.NutsRegion) });
  lists.set('fund', { namespace: NAMESPACES.fund, entries: subjectsIn(NAMESPACES.fund, SG.Fund) });
  lists.set('programme', { namespace: NAMESPACES.programme, entries: subjectsIn(NAMESPACES.programme, SG.Programme) });
  lists.set('source', { namespace: NAMESPACES.source, entries: subjectsIn(NAMESPACES.source, SG.SourceDocument) });
  lists.set('initiative', { namespace: NAMESPACES.initiative, entries: subjectsIn(NAMESPACES.initiative, SG.Initiative) });
  const goals = subjectsIn(NAMESPACES.sdg, SDGO.Goal).filter((g) => /^\d+$/.test(g.code)).map((g) => ({ code: g.code, label: labels.get(UN_SDG(g.code)) ?? notations.get(UN_SDG(g.code)) ?? g.code }));
  const sdgs = Array.from({ length: 17 }, (_, i) => goals.find((g) => g.code === String(i + 1)) ?? { code: String(i + 1), label: `Goal ${i + 1}` });
  lists.set('sdg', { namespace: NAMESPACES.sdg, entries: sdgs });
  for (const [list, entries] of Object.entries(FIXED_CODES) as Array<[CodeListName, ReadonlyArray<readonly [string, string]>]>) {
    lists.set(list, { namespace: '', entries: entries.map(([code, label]) => ({ code, label })) });
  }
  lists.set('organisation', { namespace: NAMESPACES.organisation, entries: subjectsIn(NAMESPACES.organisation, ORG.Organization) });
  lists.set('place', { namespace: NAMESPACES.place, entries: subjectsIn(NAMESPACES.place) });
  const ids = (ns: string, type?: string) => new Set(subjectsIn(ns, type).map((e) => e.code));
  return {
    lists,
    places: ids(NAMESPACES.place),
    organisations: ids(NAMESPACES.organisation, ORG.Organization),
    practices: ids(NAMESPACES.practice, SG.Practice),
    sourceGraph,
    sourcePages,
  };
}

/** The code a cell names: the code itself, or its exact English label if that names one code. */
export function resolveCode(list: CodeList, text: string): { code: string } | { error: string } {
  const byCode = list.entries.find((e) => e.code === text) ?? list.entries.find((e) => e.code.toLowerCase() === text.toLowerCase());
  if (byCode) return { code: byCode.code };
  const byLabel = list.entries.filter((e) => e.label === text);
  if (byLabel.length === 1) return { code: byLabel[0]!.code };
  if (byLabel.length > 1) return { error: `"${text}" is the label of ${byLabel.map((e) => e.code).join(', ')}: give the code` };
  return { error: `unknown` };
}
