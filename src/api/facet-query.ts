/**
 * The SPARQL of a facet selection: a SELECT of exactly the practices that /api/facets and the
 * explorer's /practices give for the same filters, for people to open in the SPARQL editor and
 * take further. It is built from the per-dimension graph patterns of queries/internal/facets.rq,
 * the one definition the facet counts use too, so the two cannot drift apart: values within a
 * dimension combine with OR (VALUES), dimensions with AND (one pattern each), hierarchies as that
 * file writes them (`sg:theme/skos:broader*`: a broader theme includes its narrower ones), and a
 * fund counts whether it funds a practice directly or through a programme (`sg:fund` on a practice
 * is inferred through its programmes, ontology/rules/11 and 12).
 *
 * A search text cannot be written in SPARQL with the same meaning (the explorer's search ignores
 * case and diacritics, matches prefixes and allows a little fuzziness, in every language: the
 * search index of src/search/): the query says so in a comment at its top and leaves it out.
 *
 * @example
 *   facetQuery(new Map([['fund', ['https://w3id.org/segraph/id/fund/esf']]]))
 *   // # The practices of the explorer's selection: …
 *   // SELECT DISTINCT ?practice ?name WHERE { ?practice rdf:type sg:Practice .
 *   //   VALUES ?fund { fund:esf } ?practice sg:fund ?fund . OPTIONAL { … } } ORDER BY ?practice
 */
import N3 from 'n3';
import sparqljs from 'sparqljs';
import type { Pattern, SelectQuery, Triple, Variable } from 'sparqljs';
import { staticQuery } from '../query/static-query.js';
import { SKOS } from '../vocab/namespace.js';
import { DIMENSIONS } from './facets.js';

const { namedNode, variable, literal } = N3.DataFactory;

const FACETS_AST = new sparqljs.Parser().parse(staticQuery('facets')) as SelectQuery;

/** A dimension's patterns from ?practice to ?value (its branch of facets.rq's UNION, without the BIND naming it). */
function dimensionPatterns(ast: SelectQuery): Map<string, Pattern[]> {
  const out = new Map<string, Pattern[]>();
  for (const pattern of ast.where ?? []) {
    if (pattern.type !== 'union') continue;
    for (const branch of pattern.patterns) {
      const inner = branch.type === 'group' ? branch.patterns : [branch];
      const bind = inner.find((p) => p.type === 'bind' && p.variable.value === 'dimension');
      if (bind?.type !== 'bind' || !('termType' in bind.expression) || bind.expression.termType !== 'Literal') continue;
      out.set(bind.expression.value, inner.filter((p) => p !== bind));
    }
  }
  return out;
}

const PATTERNS = dimensionPatterns(FACETS_AST);
/** What facets.rq asks of every practice (`?practice rdf:type sg:Practice`): its patterns outside the UNION and the FILTER. */
const PRACTICE_PATTERNS = (FACETS_AST.where ?? []).filter((p) => p.type === 'bgp');
for (const d of DIMENSIONS) if (!PATTERNS.has(d.name)) throw new Error(`queries/internal/facets.rq has no pattern for the dimension ${d.name}`);

/** A copy of `value` (a pattern or part of one) with its variables renamed by `rename`. */
function renamed<T>(value: T, rename: (name: string) => string): T {
  if (Array.isArray(value)) return value.map((v: unknown) => renamed(v, rename)) as T;
  if (value === null || typeof value !== 'object') return value;
  const term = value as { termType?: string; value?: string };
  if (term.termType === 'Variable' && typeof term.value === 'string') return variable(rename(term.value)) as T;
  if (term.termType !== undefined) return value; // other terms are kept as they are
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renamed(v, rename)])) as T;
}

export interface FacetQueryOptions {
  /** The search text of the selection, which the query leaves out (see the module comment). */
  readonly q?: string;
  /** The explorer's URL of the selection, named in the query's comment. */
  readonly source?: string;
}

/** The comment at the top: what the query lists, and what it leaves out. One line each: a SPARQL comment ends at a line end. */
function header(options: FacetQueryOptions): string {
  const lines = [
    `The practices of the explorer's selection${options.source ? ` ${options.source}` : ''}:`,
    'values of one filter combine with OR, filters with AND; a fund counts whether it funds a',
    'practice directly or through a programme; a broader theme, target group or kind of',
    'organisation includes its narrower ones (the patterns of the facets, queries/internal/facets.rq).',
  ];
  if (options.q) {
    // JSON.stringify escapes line ends, so the text cannot end the comment.
    const text = JSON.stringify(options.q.length > 200 ? `${options.q.slice(0, 200)}…` : options.q);
    lines.push(
      `The search text ${text} is left out: the explorer's search (any language, case and`,
      'diacritics aside, word prefixes, a little fuzziness) has no SPARQL equivalent, so this query',
      'lists the practices of the filters alone.',
    );
  }
  return lines.map((l) => `# ${l.replace(/[\r\n]/g, ' ')}\n`).join('');
}

/**
 * The SELECT of the practices matching `filters` (dimension name → value IRIs), with their
 * English names, one row each, ordered by IRI.
 */
export function facetQuery(filters: ReadonlyMap<string, readonly string[]>, options: FacetQueryOptions = {}): string {
  const where: Pattern[] = [...structuredClone(PRACTICE_PATTERNS)];
  const prefixes: Record<string, string> = { ...FACETS_AST.prefixes };
  for (const d of DIMENSIONS) {
    const values = filters.get(d.name) ?? [];
    if (values.length === 0) continue;
    // ?value becomes the dimension's name; any other variable of its pattern gets it as a prefix.
    const rename = (name: string) => (name === 'practice' ? name : name === 'value' ? d.name : `${d.name}_${name}`);
    where.push({ type: 'values', values: values.map((v) => ({ [`?${d.name}`]: namedNode(v) as never })) });
    where.push(...renamed(PATTERNS.get(d.name)!, rename));
    if (/^[A-Za-z][A-Za-z0-9]*$/.test(d.name) && !(d.name in prefixes)) prefixes[d.name] = d.namespace;
  }
  const name = variable('name') as Variable;
  const label: Triple = { subject: variable('practice') as never, predicate: namedNode(SKOS.prefLabel) as never, object: name as never };
  where.push({
    type: 'optional',
    patterns: [
      { type: 'bgp', triples: [label] },
      {
        type: 'filter',
        expression: { type: 'operation', operator: 'langmatches', args: [{ type: 'operation', operator: 'lang', args: [name as never] }, literal('en') as never] },
      },
    ],
  });
  const ast: SelectQuery = {
    type: 'query',
    queryType: 'SELECT',
    prefixes: { ...prefixes, skos: SKOS.iri },
    variables: [variable('practice') as Variable, name],
    distinct: true,
    where,
    order: [{ expression: variable('practice') as never }],
  };
  return header(options) + new sparqljs.Generator({ indent: '  ' }).stringify(ast);
}
