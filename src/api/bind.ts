/**
 * Binding a named query's parameters: each value is validated and made an RDF term, and the
 * terms are bound by `VALUES` blocks put first in the query's top-level group; the query that runs
 * is generated back from the syntax tree (sparqljs), never assembled from strings.
 */
import N3 from 'n3';
import sparqljs from 'sparqljs';
import type { Pattern, SelectQuery, ValuesPattern } from 'sparqljs';
import { XSD } from '../vocab/namespace.js';
import { listValues, ParameterError } from './parameters.js';
import { expandCurie, RESERVED, type NamedQuery, type ParameterSpec } from './named-query.js';

const { namedNode, literal, variable } = N3.DataFactory;

export { ParameterError };

/** The allowed IRIs of a parameter with a class or scheme (from the graph), by IRI. */
export type AllowedValues = ReadonlyMap<string, string>;

/** A validated value as an RDF term. */
export type BoundTerm = N3.NamedNode | N3.Literal;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The largest `offset` (and `limit`) a page may have: Oxigraph is built for wasm32, where LIMIT
 * and OFFSET are 32-bit, and a query with OFFSET 4294967296 does not even parse. 2^31 − 1 (an
 * OpenAPI `int32`) is far past any result and leaves room below that bound.
 */
export const MAX_OFFSET = 2 ** 31 - 1;

/** The short form of an IRI parameter value: its local name in the parameter's namespace. */
export function shortValue(spec: ParameterSpec, iri: string): string {
  return spec.namespace && iri.startsWith(spec.namespace) ? iri.slice(spec.namespace.length) : iri;
}

/**
 * Validates one value of a parameter and makes it a term. `allowed` lists the IRIs an `iri`
 * parameter may take (from its class or scheme in the graph).
 */
export function toTerm(spec: ParameterSpec, raw: string, allowed?: AllowedValues): BoundTerm {
  const value = raw.trim();
  switch (spec.type) {
    case 'iri': {
      // A name in the namespace may end in a fragment, as the listed values do (`eser#social-economy-missions`).
      const iri = /^https?:\/\//.test(value) ? value : spec.namespace && /^[\w.~-]+(\/[\w.~-]+)*(#[\w.~-]+)?$/.test(value) ? spec.namespace + value : expandCurie(value);
      if (!/^https?:\/\/[^\s<>"{}|\\^`]+$/.test(iri)) {
        throw new ParameterError(spec.name, `not an IRI${spec.namespace ? ` or a name in ${spec.namespace}` : ''}`, { value: raw, allowed: allowed ? [...allowed.keys()].map((i) => shortValue(spec, i)) : undefined });
      }
      if (allowed && !allowed.has(iri)) {
        throw new ParameterError(spec.name, `<${iri}> is not ${spec.class ? `a ${spec.class}` : `in the scheme ${spec.scheme}`} in this dataset`, { value: raw, allowed: [...allowed.keys()].map((i) => shortValue(spec, i)) });
      }
      return namedNode(iri);
    }
    case 'string':
      if (spec.values && !spec.values.includes(value)) throw new ParameterError(spec.name, 'not one of the allowed values', { value: raw, allowed: spec.values });
      if (!value) throw new ParameterError(spec.name, 'empty', { value: raw });
      return literal(value);
    case 'date': {
      const m = DATE.exec(value);
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
      if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw new ParameterError(spec.name, 'not a date (YYYY-MM-DD)', { value: raw });
      return literal(value, namedNode(XSD.date));
    }
    case 'integer': {
      if (!/^[+-]?\d+$/.test(value)) throw new ParameterError(spec.name, 'not an integer', { value: raw });
      // Exact at any size: a Number would round past 2^53 and print 1e+23 for large ones.
      const n = BigInt(value);
      if (spec.minimum !== undefined && n < spec.minimum) throw new ParameterError(spec.name, `less than ${spec.minimum}`, { value: raw });
      if (spec.maximum !== undefined && n > spec.maximum) throw new ParameterError(spec.name, `more than ${spec.maximum}`, { value: raw });
      return literal(n.toString(), namedNode(XSD.integer)); // canonical: no "+", no leading zeros
    }
    case 'decimal': {
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) throw new ParameterError(spec.name, 'not a decimal number', { value: raw });
      const n = Number(value);
      if (spec.minimum !== undefined && n < spec.minimum) throw new ParameterError(spec.name, `less than ${spec.minimum}`, { value: raw });
      if (spec.maximum !== undefined && n > spec.maximum) throw new ParameterError(spec.name, `more than ${spec.maximum}`, { value: raw });
      return literal(value, namedNode(XSD.decimal));
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw new ParameterError(spec.name, 'not true or false', { value: raw });
      return literal(value, namedNode(XSD.boolean));
  }
}

/** Splits repeated and comma-separated values; only a `multiple` parameter may have several. */
export function valuesOf(spec: ParameterSpec, raw: string | readonly string[] | undefined): string[] | undefined {
  if (raw === undefined) return spec.default ? [...spec.default] : undefined;
  const all = spec.multiple ? listValues(raw) : (typeof raw === 'string' ? [raw] : raw).map((v) => v.trim()).filter((v) => v !== '');
  if (all.length === 0) return spec.default ? [...spec.default] : undefined;
  if (all.length > 1 && !spec.multiple) throw new ParameterError(spec.name, 'takes one value', { value: all.join(',') });
  return all;
}

export interface Bindings {
  /** Parameter name → its terms (absent: unbound, the query's variable stays free). */
  readonly terms: ReadonlyMap<string, readonly BoundTerm[]>;
}

/**
 * Validates the request's parameters against the query's, giving each its terms. Unknown names
 * (other than RESERVED) are errors, so a misspelt filter is never silently ignored.
 */
export function bindParameters(
  query: NamedQuery, input: Readonly<Record<string, string | readonly string[] | undefined>>,
  allowed: (spec: ParameterSpec) => AllowedValues | undefined,
): Bindings {
  for (const key of Object.keys(input)) {
    if (!query.parameters.some((p) => p.name === key) && !(RESERVED as readonly string[]).includes(key)) {
      throw new ParameterError(key, `${query.name} has no parameter "${key}"`, { allowed: query.parameters.map((p) => p.name) });
    }
  }
  const terms = new Map<string, BoundTerm[]>();
  for (const spec of query.parameters) {
    const values = valuesOf(spec, input[spec.name]);
    if (values === undefined) {
      if (spec.required) throw new ParameterError(spec.name, 'is required');
      continue;
    }
    const known = spec.type === 'iri' ? allowed(spec) : undefined;
    terms.set(spec.name, [...new Map(values.map((v) => {
      const t = toTerm(spec, v, known);
      return [N3.termToId(t), t] as const;
    })).values()]);
  }
  return { terms };
}

const clone = <T>(x: T): T => structuredClone(x);

/**
 * The query with its parameters bound: one `VALUES` block per bound parameter, first in the
 * top-level group, so every pattern and filter of the query sees the value.
 */
export function boundQuery(query: NamedQuery, bindings: Bindings, page?: { limit: number; offset: number }): SelectQuery {
  const ast = clone(query.ast);
  const blocks: ValuesPattern[] = [...bindings.terms].map(([name, terms]) => ({
    type: 'values',
    values: terms.map((t) => ({ [`?${name}`]: t as never })),
  }));
  ast.where = [...blocks, ...(ast.where ?? [])] as Pattern[];
  if (page) {
    ast.limit = page.limit;
    if (page.offset > 0) ast.offset = page.offset;
    else delete ast.offset;
  }
  return ast;
}

/** `SELECT (COUNT(*) AS ?total) { <the bound query, unpaged> }`. */
export function countQuery(bound: SelectQuery): SelectQuery {
  const inner: SelectQuery = { ...bound }; // shallow: the bound terms are N3 terms, whose termType a deep clone would lose
  delete inner.limit;
  delete inner.offset;
  delete inner.order;
  const prefixes = inner.prefixes;
  inner.prefixes = {};
  return {
    type: 'query', queryType: 'SELECT', prefixes,
    variables: [{ expression: { type: 'aggregate', aggregation: 'count', distinct: false, expression: new sparqljs.Wildcard() }, variable: variable('total') as never }],
    where: [{ type: 'group', patterns: [inner as never] }],
  } as SelectQuery;
}

/** SPARQL text of a syntax tree, with the query's own prefixes. */
export function toSparql(ast: SelectQuery): string {
  return new sparqljs.Generator({ indent: '  ' }).stringify(ast);
}
