/**
 * Reading a snapshot's N-Quads line by line, and rewriting each quad into the store layout
 * (src/store/layout.ts): its triple with every graph name IRI replaced by its stored name, and its
 * graph. A snapshot's graph.nq holds one statement per line, each in a named graph (canonicalNQuads
 * in src/graph/snapshot.ts), so a line is split by a regular expression rather than parsed: the
 * loaders stream ~1.5 GB for 10 M quads and a parser would be most of their time.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { STORE_NS, StoreLayout } from './layout.js';
import { PublishError } from './store-client.js';

/** Data the store layout cannot hold as it is. */
export class DataError extends PublishError {}

/** One term: an IRI, a literal with its language tag or datatype, or a blank node. */
const TERM = /<[^>]*>|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?|_:[^\s]+/g;

export interface RewrittenQuad {
  /** The graph of the snapshot (public name). */
  readonly graph: string;
  /** `<s> <p> <o>` as stored (no final dot). */
  readonly triple: string;
}

/** Splits and rewrites N-Quads lines into the layout of one version. */
export class QuadRewriter {
  private readonly iris = new Map<string, string>();

  constructor(private readonly layout: StoreLayout) {
    for (const g of layout.graphs) this.iris.set(`<${g}>`, `<${layout.toStore(g)}>`);
  }

  /** The rewritten quad of one line; undefined for an empty or comment line. `where` names it in errors. */
  rewrite(line: string, where: () => string): RewrittenQuad | undefined {
    if (line.length === 0 || line.startsWith('#')) return undefined;
    const terms = line.match(TERM);
    if (!terms || terms.length !== 4 || !line.endsWith('.')) {
      throw new DataError(`${where()}: not a quad in a named graph (segraph's snapshots put every statement in one): ${line.slice(0, 200)}`);
    }
    const graphTerm = terms[3]!;
    const graph = graphTerm.slice(1, -1);
    if (!graphTerm.startsWith('<') || !this.iris.has(graphTerm)) {
      throw new DataError(`${where()}: graph ${graphTerm} is not one of the manifest's graphs`);
    }
    let triple = '';
    for (let i = 0; i < 3; i++) {
      let t = terms[i]!;
      if (t.startsWith('<')) {
        if (t.startsWith(`<${STORE_NS}`)) throw new DataError(`${where()}: the data holds ${t}: IRIs under ${STORE_NS} are segraph's own in a store; rename it`);
        t = this.iris.get(t) ?? t;
      } else if (t.startsWith('_:')) {
        throw new DataError(`${where()}: a blank node (${t}): loading in pieces cannot keep a blank node's identity across pieces; skolemise it (segraph's build does)`);
      }
      triple += i === 0 ? t : ` ${t}`;
    }
    return { graph, triple };
  }
}

/** The lines of a file, streamed (never the whole file in memory). */
export function readLines(path: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
}
