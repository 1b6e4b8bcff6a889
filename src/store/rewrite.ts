/**
 * A client's query, as a remote store must see it (the scale tier, src/store/remote-engine.ts):
 * parsed by sparqljs, every IRI mapped to its stored name (StoreLayout.toStore), FROM and FROM
 * NAMED taken out, and generated back. The dataset goes to the store as protocol parameters
 * instead, always complete (`default-graph-uri` and `named-graph-uri`): Virtuoso, given no
 * dataset, queries every graph it holds — other versions', the control graph, its own system
 * graphs — and given `FROM` without `FROM NAMED` still shows them all to `GRAPH ?g`.
 *
 * The effective dataset, as the embedded engine has it (src/query/load-store.ts, worker.ts):
 * - the request's (`default-graph-uri` / `named-graph-uri`) if it gives one, else
 * - the query's `FROM` / `FROM NAMED` (FROM without FROM NAMED: no named graphs; FROM NAMED
 *   without FROM: an empty default graph), else
 * - the default graph is the version's union graph (each triple once) and every graph of the
 *   version is a named graph.
 * An empty list is sent as NO_GRAPH, a graph that holds nothing, because a store reads "no
 * graph given" as "all graphs".
 *
 * Refused here, before the store sees them:
 * - updates (a parse that is not a query): the endpoint is read-only (`syntax`, like any text
 *   that is not a query);
 * - Virtuoso's own built-ins, IRIs in `bif:` or `sql:` (`bif:contains`, `sql:…`): Oxigraph does
 *   not know them either, and they reach Virtuoso's SQL layer (`evaluation`);
 * - SERVICE: the store would fetch from any server a client names (`evaluation`; Oxigraph in
 *   the embedded engine has no HTTP client for it either).
 *
 * Differences from the embedded engine that remain (the README's list): `STR(?g)` or any string
 * function of a graph name gives the stored name (`urn:segraph:{V}:…`), because the mapping is
 * of IRI terms, not of strings built from them; likewise `IRI("…")`/`URI()` of a graph name's
 * text names the public IRI, which the store does not hold. Everything under `urn:segraph:` is
 * unreachable (mapped to NO_GRAPH).
 */
import { LRUCache } from 'lru-cache';
import N3 from 'n3';
import sparqljs from 'sparqljs';
import type { DatasetSpec } from '../query/protocol.js';
import { RDF, XSD } from '../vocab/namespace.js';
import { NO_GRAPH, type StoreLayout } from './layout.js';

/** The schemes of Virtuoso's built-in functions (and magic predicates), refused. */
const VIRTUOSO_ONLY = /^(bif|sql):/i;

export interface StoreQuery {
  /** The query text for the store: stored names, no FROM / FROM NAMED, no PREFIX or BASE. */
  readonly query: string;
  readonly defaultGraphs: readonly string[];
  readonly namedGraphs: readonly string[];
}

export type RewriteOutcome =
  | ({ readonly ok: true } & StoreQuery)
  | { readonly ok: false; readonly kind: 'syntax' | 'evaluation'; readonly message: string };

/** A parsed query, mapped, before the request's dataset is applied (what the cache keeps). */
type Parsed =
  | {
    readonly ok: true;
    readonly ast: sparqljs.Query;
    /** The text, when it does not depend on the dataset (no GRAPH with a constant name). */
    readonly text?: string;
    readonly from?: { readonly default: string[]; readonly named: string[] };
  }
  | { readonly ok: false; readonly kind: 'syntax' | 'evaluation'; readonly message: string };

class Refused extends Error {}

const nonEmpty = (graphs: readonly string[]): readonly string[] => (graphs.length ? graphs : [NO_GRAPH]);

const { namedNode, literal, variable } = N3.DataFactory;
const FALSE = literal('false', namedNode(XSD.boolean));

/** Operators whose value is an xsd:boolean in SPARQL, and an xsd:integer 0/1 in Virtuoso once bound. */
const BOOLEAN_OPERATORS = new Set([
  '=', '!=', '<', '>', '<=', '>=', '&&', '||', '!', 'in', 'notin', 'exists', 'notexists', 'bound', 'sameterm',
  'isiri', 'isuri', 'isblank', 'isliteral', 'isnumeric', 'regex', 'contains', 'strstarts', 'strends', 'langmatches',
]);

type Expression = sparqljs.Expression;
const operation = (operator: string, args: unknown[]): Expression => ({ type: 'operation', operator, args } as unknown as Expression);

/**
 * Rewrites queries for one version's layout, keeping the last `cacheEntries` rewrites (server
 * queries repeat: parsing and generating cost about a millisecond each, which would be most of
 * what segraph adds to a store's answer).
 */
export class QueryRewriter {
  private readonly parsed: LRUCache<string, Parsed>;
  /** Texts that depend on the dataset, by query and dataset. */
  private readonly texts: LRUCache<string, string>;

  constructor(readonly layout: StoreLayout, cacheEntries = 2000) {
    this.parsed = new LRUCache<string, Parsed>({ max: Math.max(1, cacheEntries) });
    this.texts = new LRUCache<string, string>({ max: Math.max(1, cacheEntries) });
  }

  /**
   * The store's query text and dataset for a client's `query` (see the module's comment).
   * `rowCap`: a SELECT's solutions are limited to it (its own LIMIT if lower), so that the store
   * never sends more than the caller keeps: give the row cap + 1 to tell a cut result from a
   * whole one; absent for the whole result.
   */
  rewrite(query: string, baseIri: string, dataset?: DatasetSpec, rowCap?: number): RewriteOutcome {
    const key = `${this.layout.version}\n${rowCap ?? ''}\n${baseIri}\n${query}`;
    let parsed = this.parsed.get(key);
    if (!parsed) {
      parsed = this.parse(query, baseIri, rowCap);
      this.parsed.set(key, parsed);
    }
    if (!parsed.ok) return parsed;
    const map = (iris: readonly string[]) => nonEmpty(iris.map((g) => this.layout.toStore(g)));
    const graphs = dataset
      ? { defaultGraphs: map(dataset.defaultGraphs), namedGraphs: map(dataset.namedGraphs) }
      : parsed.from
        ? { defaultGraphs: nonEmpty(parsed.from.default), namedGraphs: nonEmpty(parsed.from.named) }
        : { defaultGraphs: [this.layout.union], namedGraphs: nonEmpty(this.layout.storedGraphs) };
    if (parsed.text !== undefined) return { ok: true, query: parsed.text, ...graphs };
    const textKey = `${key}\n${graphs.namedGraphs.join(' ')}`;
    let text = this.texts.get(textKey);
    if (text === undefined) {
      text = generate(withoutAbsentGraphs(parsed.ast, new Set(graphs.namedGraphs.filter((g) => g !== NO_GRAPH))) as sparqljs.Query);
      this.texts.set(textKey, text);
    }
    return { ok: true, query: text, ...graphs };
  }

  private parse(query: string, baseIri: string, rowCap: number | undefined): Parsed {
    let ast: sparqljs.SparqlQuery;
    try {
      ast = new sparqljs.Parser({ baseIRI: baseIri }).parse(query);
    } catch (error) {
      return { ok: false, kind: 'syntax', message: error instanceof Error ? error.message : String(error) };
    }
    if (ast.type !== 'query') return { ok: false, kind: 'syntax', message: 'This endpoint is read-only: the text is an update, not a query.' };
    let mapped: sparqljs.Query;
    const constant = { graphs: false };
    try {
      mapped = this.mapTerms(ast, constant) as sparqljs.Query;
    } catch (error) {
      if (error instanceof Refused) return { ok: false, kind: 'evaluation', message: error.message };
      throw error;
    }
    const from = mapped.from;
    delete mapped.from;
    mapped.prefixes = {};
    delete mapped.base;
    if (mapped.queryType === 'DESCRIBE') mapped = describeAsConstruct(mapped);
    mapped = constantBindsLast(mapped) as sparqljs.Query;
    // Not under ORDER BY: Virtuoso sorts at most 10,000 rows for a LIMIT (its MaxSortedTopRows,
    // "SR353: Sorted TOP clause specifies more then 10001 rows"), so such a query is read whole
    // (within maxResponseBytes) and cut here.
    if (rowCap !== undefined && mapped.queryType === 'SELECT' && !mapped.order && (mapped.limit === undefined || mapped.limit > rowCap)) mapped.limit = rowCap;
    const fromGraphs = from && (from.default.length > 0 || from.named.length > 0)
      ? { default: from.default.map((g: { value: string }) => g.value), named: from.named.map((g: { value: string }) => g.value) }
      : undefined;
    return {
      ok: true, ast: mapped,
      ...(constant.graphs ? {} : { text: generate(mapped) }),
      ...(fromGraphs ? { from: fromGraphs } : {}),
    };
  }

  /**
   * A copy of the syntax tree with every IRI term mapped (patterns, GRAPH names, VALUES,
   * expressions, property paths, FROM): a generic walk, so no construct of the grammar is
   * forgotten. Literals are left whole (their datatype is not a name of ours). On the way:
   * - `DATATYPE(x)` of a language-tagged string is rdf:langString (SPARQL 1.1), where Virtuoso
   *   gives nothing: it becomes `COALESCE(DATATYPE(x), IF(LANG(x) != "", rdf:langString, DATATYPE(x)))`;
   * - a boolean expression bound to a variable (`SELECT (… AS ?v)`, `BIND`) is an xsd:integer
   *   0/1 in Virtuoso (its constants `true`/`false` too): it becomes
   *   `IF(…, STRDT("true", xsd:boolean), STRDT("false", xsd:boolean))`, which Virtuoso keeps
   *   typed (and writes as "1"/"0": the results are normalised, remote-engine.ts).
   * `constant.graphs` is set when a GRAPH pattern names a graph (see withoutAbsentGraphs).
   */
  private mapTerms(node: unknown, constant: { graphs: boolean }): unknown {
    if (Array.isArray(node)) return node.map((n) => this.mapTerms(n, constant));
    if (node === null || typeof node !== 'object') return node;
    const o = node as Record<string, unknown>;
    if (o.termType === 'NamedNode') {
      const value = o.value as string;
      if (VIRTUOSO_ONLY.test(value)) throw new Refused(`The function or IRI ${value} is not supported: it is a built-in of one store (Virtuoso), not SPARQL 1.1.`);
      const stored = this.layout.toStore(value);
      return stored === value ? node : namedNode(stored);
    }
    if (o.termType === 'Literal') {
      // A literal of a datatype the store keeps under our name (layout.ts STORED_DATATYPES).
      const datatype = (o.datatype as { value?: string } | undefined)?.value;
      const stored = datatype ? this.layout.toStore(datatype) : undefined;
      return stored && stored !== datatype && !o.language ? literal(o.value as string, namedNode(stored)) : node;
    }
    if (o.termType !== undefined) return node; // variables, blank nodes, the wildcard
    if (o.type === 'service') throw new Refused('SERVICE is not supported: this endpoint does not query other endpoints.');
    const graphName = (o.name as { termType?: string } | undefined)?.termType;
    // Patterns whose text depends on the dataset's named graphs (see withoutAbsentGraphs).
    if (o.type === 'graph' && (graphName === 'NamedNode' || (graphName === 'Variable' && Array.isArray(o.patterns) && o.patterns.length === 0))) constant.graphs = true;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) copy[k] = this.mapTerms(v, constant);
    if (copy.type === 'operation' && copy.operator === 'datatype') {
      const arg = (copy.args as unknown[])[0];
      return operation('coalesce', [copy, operation('if', [operation('!=', [operation('lang', [arg]), literal('')]), namedNode(RDF.langString), copy])]);
    }
    if (copy.variable && copy.expression && (copy.type === 'bind' || copy.type === undefined)) {
      const e = copy.expression as { type?: string; operator?: string };
      if (e.type === 'operation' && BOOLEAN_OPERATORS.has(String(e.operator).toLowerCase())) {
        const boolean = (value: string) => operation('strdt', [literal(value), namedNode(XSD.boolean)]);
        copy.expression = operation('if', [e, boolean('true'), boolean('false')]);
      }
    }
    return copy;
  }
}

const mentions = (node: unknown, name: string): boolean =>
  JSON.stringify(node).includes(JSON.stringify({ termType: 'Variable', value: name }).slice(0, -1));

/** A BIND of an expression without variables (a constant), e.g. `BIND("region" AS ?dimension)`. */
function constantBind(p: { type?: string; expression?: unknown }): boolean {
  return p.type === 'bind' && !JSON.stringify(p.expression).includes('"termType":"Variable"');
}

/**
 * `{ BIND("region" AS ?d) ?s a/b* ?o }` fails in Virtuoso 7 ("TR…: Query contains a transitive
 * derived table but neither end of it is bound"): it joins the BIND's one solution to the path
 * first. A constant BIND whose variable nothing else in its group names gives the same solutions
 * at the group's end, where Virtuoso evaluates the path first, so such BINDs are moved there (the
 * facet query, queries/internal/facets.rq, has one per dimension).
 */
function constantBindsLast(node: unknown, sequence = false): unknown {
  if (Array.isArray(node)) {
    const items = node.map((n) => constantBindsLast(n));
    if (!sequence) return items;
    const moved = items.filter((p, i) => {
      const b = p as { type?: string; expression?: unknown; variable?: { value: string } };
      return constantBind(b) && !items.some((q, j) => j !== i && mentions(q, b.variable!.value));
    });
    return moved.length ? [...items.filter((p) => !moved.includes(p)), ...moved] : items;
  }
  if (node === null || typeof node !== 'object' || (node as { termType?: string }).termType !== undefined) return node;
  const o = node as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  // A group's elements in order: `where`, and `patterns` of all but UNION (whose patterns are alternatives).
  for (const [k, v] of Object.entries(o)) copy[k] = constantBindsLast(v, k === 'where' || (k === 'patterns' && o.type !== 'union'));
  return copy;
}

function generate(ast: sparqljs.Query): string {
  return new sparqljs.Generator({ allPrefixes: false }).stringify(ast);
}

/**
 * `GRAPH <g> { … }` where g is not a named graph of the dataset holds nothing (SPARQL 1.1,
 * 13.3), but Virtuoso 7 evaluates it as an empty group — one solution — when g is not among the
 * named graphs given: such a pattern becomes `{ FILTER(false) }`. And `GRAPH ?g {}`, which
 * Virtuoso 7 answers with no graph at all, becomes `VALUES ?g { the dataset's named graphs }`.
 */
function withoutAbsentGraphs(node: unknown, named: ReadonlySet<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutAbsentGraphs(n, named));
  if (node === null || typeof node !== 'object' || (node as { termType?: string }).termType !== undefined) return node;
  const o = node as Record<string, unknown>;
  const name = o.name as { termType?: string; value?: string } | undefined;
  if (o.type === 'graph' && name?.termType === 'NamedNode' && !named.has(name.value!)) {
    return { type: 'group', patterns: [{ type: 'filter', expression: FALSE }] };
  }
  if (o.type === 'graph' && name?.termType === 'Variable' && Array.isArray(o.patterns) && o.patterns.length === 0) {
    // `GRAPH ?g {}`: each named graph of the dataset (SPARQL 1.1, 18.6); Virtuoso 7 gives none.
    return named.size
      ? { type: 'values', values: [...named].map((g) => ({ [`?${name.value!}`]: namedNode(g) })) }
      : { type: 'group', patterns: [{ type: 'filter', expression: FALSE }] };
  }
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) copy[k] = withoutAbsentGraphs(v, named);
  return copy;
}

/**
 * DESCRIBE as the embedded engine (Oxigraph) answers it: the triples whose subject is a described
 * resource. Virtuoso's DESCRIBE gives more (the triples where it is the object too), so the store
 * is sent `CONSTRUCT { ?d ?p ?o } WHERE { { the resources } ?d ?p ?o }` instead. Not followed:
 * blank-node objects' own triples (Oxigraph adds them; the seed data has no blank nodes).
 * `DESCRIBE *` is left to the store.
 */
function describeAsConstruct(ast: sparqljs.Query): sparqljs.Query {
  const described = (ast as { variables: Array<{ termType: string }> }).variables;
  if (described.some((v) => v.termType === 'Wildcard')) return ast;
  const d = variable('segraph_described'), p = variable('segraph_p'), o = variable('segraph_o');
  const iris = described.filter((v) => v.termType === 'NamedNode');
  const vars = described.filter((v) => v.termType === 'Variable');
  const branches: unknown[] = [];
  if (iris.length) branches.push({ type: 'values', values: iris.map((i) => ({ '?segraph_described': i })) });
  for (const v of vars) {
    const { variables: _v, queryType: _q, template: _t, prefixes: _p, ...rest } = ast as unknown as Record<string, unknown>;
    branches.push({ ...rest, type: 'query', queryType: 'SELECT', distinct: true, prefixes: {}, variables: [{ expression: v, variable: d }] });
  }
  // The triples are matched inside each branch: Virtuoso 7 answers nothing for
  // `{ VALUES … } UNION { SELECT … } ?d ?p ?o` (a union joined to a pattern after it).
  const triples = { type: 'bgp', triples: [{ subject: d, predicate: p, object: o }] };
  // A sub-select is a group of its own, or the generator writes it bare before the triples.
  const inGroup = (b: unknown) => ((b as { type: string }).type === 'query' ? { type: 'group', patterns: [b] } : b);
  const where = branches.length === 1
    ? [inGroup(branches[0]), triples]
    : [{ type: 'union', patterns: branches.map((b) => ({ type: 'group', patterns: [inGroup(b), triples] })) }];
  return {
    type: 'query', queryType: 'CONSTRUCT', prefixes: {},
    template: [{ subject: d, predicate: p, object: o }],
    where,
  } as unknown as sparqljs.Query;
}
