/**
 * Messages between the worker pool (main thread) and the query workers. Only plain data crosses
 * the thread boundary: query text in, serialized results out.
 */
import type { FormatId } from './formats.js';
import type { QueryForm } from './sparql-form.js';

/** An RDF file to load into every worker's store. */
export interface SourceSpec {
  readonly path: string;
  /** Oxigraph format name or media type, e.g. 'application/n-quads'. */
  readonly format: string;
  /** Named graph to load a triples file into; absent = the default graph (or the quads' own graphs). */
  readonly graph?: string;
  /** A snapshot we wrote ourselves: loaded without re-validating every term. */
  readonly trusted?: boolean;
}

export interface WorkerInit {
  readonly sources: readonly SourceSpec[];
  /** Compute dataset statistics after loading (one worker does, for VoID and the service description). */
  readonly stats: boolean;
}

/** The RDF dataset of a request (SPARQL protocol default-graph-uri / named-graph-uri). */
export interface DatasetSpec {
  readonly defaultGraphs: readonly string[];
  readonly namedGraphs: readonly string[];
}

export interface QueryJob {
  readonly type: 'query';
  readonly id: number;
  readonly query: string;
  readonly form: QueryForm;
  readonly baseIri: string;
  /**
   * Absent: the query's own FROM / FROM NAMED, or else the default graph is the merge of all
   * graphs (each triple once), and every named graph is visible.
   */
  readonly dataset?: DatasetSpec;
  readonly format: FormatId;
  /** Rows returned at most, more are cut and flagged; Infinity for the whole result. */
  readonly maxRows: number;
}

/** Counted when the data is loaded: cheap, and needed by every service description. */
export interface DatasetStats {
  /** Quads as loaded: those of the named graphs, and any triples loaded into the default graph itself. */
  readonly quads: number;
  /** Triples loaded into the default graph itself (`--load FILE` without a graph), not from a named graph. */
  readonly defaultGraphQuads: number;
  /**
   * Distinct triples of the default graph queries see: the merge of every graph, where a triple
   * stated in several graphs counts once (see load-store.ts).
   */
  readonly defaultGraphTriples: number;
  readonly graphs: ReadonlyArray<{ readonly iri: string; readonly quads: number }>;
}

/** Counted on first request (VoID): each is a scan of the whole dataset. */
export interface VocabularyStats {
  readonly classes: ReadonlyArray<{ readonly iri: string; readonly entities: number }>;
  readonly properties: ReadonlyArray<{ readonly iri: string; readonly triples: number }>;
  readonly distinctSubjects: number;
  readonly distinctObjects: number;
  /** Links into outside datasets: per namespace asked for, the predicates used and their counts. */
  readonly linksets: ReadonlyArray<{ readonly namespace: string; readonly predicate: string; readonly triples: number }>;
}

export interface VocabularyStatsJob {
  readonly type: 'vocabulary-stats';
  readonly id: number;
  /** Namespaces of outside datasets to count links into (each link counted once, for the longest). */
  readonly linkNamespaces: readonly string[];
}

export type WorkerJob = QueryJob | VocabularyStatsJob;

export type WorkerMessage =
  /** `tid`: the worker's thread id in the operating system (Linux), so the pool can lower its priority. */
  | { readonly type: 'ready'; readonly loadMs: number; readonly quads: number; readonly stats?: DatasetStats; readonly tid?: number }
  | { readonly type: 'load-failed'; readonly path: string; readonly message: string }
  | {
      readonly type: 'result'; readonly id: number; readonly body: string;
      readonly rows: number; readonly truncated: boolean; readonly ms: number;
    }
  | { readonly type: 'query-error'; readonly id: number; readonly kind: 'syntax' | 'evaluation'; readonly message: string }
  /** The engine trapped on this job; the worker takes no other and must be replaced. */
  | { readonly type: 'trapped'; readonly id: number; readonly reason: 'stack' | 'trap' | 'panic'; readonly message: string }
  | { readonly type: 'vocabulary-stats'; readonly id: number; readonly stats: VocabularyStats };
