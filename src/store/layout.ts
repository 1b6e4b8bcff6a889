/**
 * How segraph lays out its data in a remote SPARQL store (the scale tier): the one convention
 * `segraph publish` (src/store/publish.ts) writes and the remote engine (src/store/remote-engine.ts)
 * reads.
 *
 * - Each published version lives beside the others under its own graph names:
 *   `urn:segraph:{version}:{graph}` for each named graph of the snapshot, and
 *   `urn:segraph:{version}:union`, the merge of them all (each triple once): the default graph
 *   queries see, as in the embedded engine (src/query/load-store.ts).
 * - An IRI of the data equal to one of its graph names (the provenance graph describes the graphs)
 *   is stored under the stored name too, so the one mapping, public ⇄ stored, applies to every
 *   IRI of a query and of a result alike.
 * - The control graph `urn:segraph:control` says which version is published and what each
 *   version holds (its manifest, and whether it was loaded completely). Switching versions is
 *   one SPARQL Update of one triple.
 * - Every IRI under `urn:segraph:` is segraph's own: no query through segraph can name one
 *   (src/store/rewrite.ts maps it to a graph that does not exist).
 */
import { XSD } from '../vocab/namespace.js';

/** Segraph's own IRIs in a store start with this. */
export const STORE_NS = 'urn:segraph:';
/** The graph that says which version is published, and what each holds. */
export const CONTROL_GRAPH = `${STORE_NS}control`;
/** A graph name that holds nothing: an empty list of graphs, said to a store that reads "none given" as "all". */
export const NO_GRAPH = `${STORE_NS}none`;
/** The subject of the published-version triple. */
export const STORE_SUBJECT = `${STORE_NS}store`;

/** The control graph's predicates (bookkeeping, never served). */
export const CONTROL = {
  /** STORE_SUBJECT → the published version (a string literal). */
  published: `${STORE_NS}published`,
  /** version node → its version string. */
  version: `${STORE_NS}version`,
  /** version node → "loading" | "complete". */
  state: `${STORE_NS}state`,
  /** version node → the snapshot's manifest.json, as a JSON string literal. */
  manifest: `${STORE_NS}manifest`,
  /** version node → distinct triples of its union graph (xsd:integer). */
  unionTriples: `${STORE_NS}unionTriples`,
  /** version node → when loading it started / finished (xsd:dateTime). */
  loadStarted: `${STORE_NS}loadStarted`,
  loadFinished: `${STORE_NS}loadFinished`,
} as const;

/** The node in the control graph describing one version. */
export const versionNode = (version: string): string => `${STORE_NS}version:${version}`;

/** The stored name of a snapshot graph in a version. */
export const storedGraph = (version: string, graph: string): string => `${STORE_NS}${version}:${graph}`;

/** The union (default) graph of a version. */
export const unionGraph = (version: string): string => `${STORE_NS}${version}:union`;

/**
 * Datatypes a store would not keep as written, stored under a name of ours instead: Virtuoso 7
 * parses `"P1Y"^^xsd:duration` into a number and gives back `"12"`, losing the lexical form (a
 * practice's budget "per year" became "per 12"); under an unknown datatype it keeps the literal
 * exactly. The one mapping applies to the data (publish), to queries and to answers.
 */
export const STORED_DATATYPES: Readonly<Record<string, string>> = {
  [XSD.duration]: `${STORE_NS}datatype:duration`,
};
const PUBLIC_DATATYPES = new Map(Object.entries(STORED_DATATYPES).map(([pub, stored]) => [stored, pub]));

/** The graph names of one version: public ⇄ stored, both ways. */
export class StoreLayout {
  private readonly toStored = new Map<string, string>();
  private readonly toPublic = new Map<string, string>();

  constructor(readonly version: string, readonly graphs: readonly string[]) {
    for (const g of graphs) {
      const stored = storedGraph(version, g);
      this.toStored.set(g, stored);
      this.toPublic.set(stored, g);
    }
  }

  get union(): string {
    return unionGraph(this.version);
  }

  /** Every stored graph of this version (the union graph not included). */
  get storedGraphs(): string[] {
    return [...this.toStored.values()];
  }

  /**
   * An IRI of a query, as the store must see it: a graph name → its stored name; a datatype of
   * STORED_DATATYPES → ours; any other IRI
   * of segraph's own (`urn:segraph:…`, another version's graph, the control graph) → NO_GRAPH;
   * anything else unchanged.
   */
  toStore(iri: string): string {
    const stored = this.toStored.get(iri) ?? STORED_DATATYPES[iri];
    if (stored) return stored;
    return iri.startsWith(STORE_NS) ? NO_GRAPH : iri;
  }

  /** An IRI of the store's answer, as clients see it: this version's stored names → the graph names, our datatypes → theirs. */
  fromStore(iri: string): string {
    return this.toPublic.get(iri) ?? PUBLIC_DATATYPES.get(iri) ?? iri;
  }
}
