/**
 * Named queries: one SPARQL SELECT per question in `queries/*.rq`, each with a YAML header in
 * `#+` comment lines (the decorator style of grlc) that gives its title, description, parameters
 * and result columns.
 *
 * Parameters are never pasted into query text. The query is parsed (sparqljs), each validated
 * value becomes an RDF term, and the terms are bound by `VALUES` blocks put first in the query's
 * top-level group; the query actually run is generated back from that syntax tree.
 *
 * @example
 *   #+ title: Practices funded by a fund
 *   #+ parameters:
 *   #+   fund: { type: iri, class: sg:Fund, namespace: "id:fund/", default: esf }
 *   #+ result:
 *   #+   subject: practice
 *   #+   columns: { practice: { description: The practice } }
 *   SELECT ?practice WHERE { ?practice sg:fund ?fund }
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import N3 from 'n3';
import sparqljs from 'sparqljs';
import type { Pattern, SelectQuery, ValuesPattern } from 'sparqljs';
import { parse as parseYaml } from 'yaml';
import { PREFIXES } from '../graph/prefixes.js';
import { EU_COUNTRY, ID, NUTS_CODE, UN_SDG, XSD } from '../vocab/namespace.js';

const { namedNode, literal, variable } = N3.DataFactory;

/** Prefixes a header may use in CURIEs (`sg:Fund`, `id:fund/`), beside those of the data. */
export const HEADER_PREFIXES: Readonly<Record<string, string>> = {
  ...PREFIXES, id: ID.iri, country: EU_COUNTRY.iri, sdg: UN_SDG.iri, nuts: NUTS_CODE.iri,
};

export type ParameterType = 'iri' | 'string' | 'date' | 'integer' | 'decimal' | 'boolean';
const PARAMETER_TYPES: readonly ParameterType[] = ['iri', 'string', 'date', 'integer', 'decimal', 'boolean'];

export interface ParameterSpec {
  readonly name: string;
  readonly type: ParameterType;
  readonly description: string;
  /** `iri`: the value must be an instance of this class (`?v a <class>`, inferred types count). */
  readonly class?: string;
  /** `iri`: the value must be a concept of this SKOS scheme. */
  readonly scheme?: string;
  /** `iri`: a value may be given as its local name in this namespace (`esf` for `…/id/fund/esf`). */
  readonly namespace?: string;
  /** `string`: the allowed values. */
  readonly values?: readonly string[];
  readonly default?: readonly string[];
  readonly required: boolean;
  /** Several values (repeated, or comma-separated) match any of them. */
  readonly multiple: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface ColumnSpec {
  readonly name: string;
  readonly description: string;
  /** `iri` values get a label in plain JSON; `iri-list` is a space-separated list of IRIs. */
  readonly type?: 'iri' | 'iri-list' | 'literal';
  /** The property this column states of the subject, for JSON-LD (a CURIE or IRI). */
  readonly property?: string;
}

export interface NamedQuery {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  /** The column whose IRI each row is about (JSON-LD `@id`), if any. */
  readonly subject?: string;
  readonly columns: readonly ColumnSpec[];
  /** Example parameter sets, for documentation and tests. */
  readonly examples: ReadonlyArray<Readonly<Record<string, string>>>;
  /** The query text as written (header included). */
  readonly text: string;
  /** Parsed once; bound copies are made per request. */
  readonly ast: SelectQuery;
  readonly file: string;
}

/** A header or query that cannot be used; names the file. */
export class NamedQueryError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'NamedQueryError';
  }
}

/** Parameter names every query has (pagination, format, labels, explanation). */
export const RESERVED = ['limit', 'offset', 'format', 'lang', 'explain'] as const;
const NAME = /^[a-z][a-zA-Z0-9]*$/;

/** Expands `prefix:local` with HEADER_PREFIXES; an absolute IRI stays as it is. */
export function expandCurie(value: string): string {
  const m = /^([a-z][\w-]*):(.*)$/.exec(value);
  const ns = m && m[1] !== 'http' && m[1] !== 'https' ? HEADER_PREFIXES[m[1]!] : undefined;
  return ns !== undefined ? ns + m![2]! : value;
}

function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Reads the `#+` header lines of a query file as YAML. */
function header(text: string, file: string): Record<string, unknown> {
  const lines = text.split(/\r?\n/).filter((l) => l.startsWith('#+')).map((l) => l.slice(l.startsWith('#+ ') ? 3 : 2));
  let parsed: unknown;
  try {
    parsed = parseYaml(lines.join('\n'));
  } catch (error) {
    throw new NamedQueryError(file, `header is not valid YAML: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object') throw new NamedQueryError(file, 'no "#+" header with a title');
  return parsed as Record<string, unknown>;
}

function parameterSpec(name: string, raw: unknown, file: string): ParameterSpec {
  if (!NAME.test(name) || (RESERVED as readonly string[]).includes(name)) throw new NamedQueryError(file, `parameter name "${name}" is not allowed`);
  const spec = (raw ?? {}) as Record<string, unknown>;
  const type = String(spec['type'] ?? 'string') as ParameterType;
  if (!PARAMETER_TYPES.includes(type)) throw new NamedQueryError(file, `parameter ${name}: unknown type "${type}"`);
  const out: { -readonly [K in keyof ParameterSpec]: ParameterSpec[K] } = {
    name, type, description: String(spec['description'] ?? ''),
    required: spec['required'] === true, multiple: spec['multiple'] === true,
  };
  if (spec['class'] !== undefined) out.class = expandCurie(String(spec['class']));
  if (spec['scheme'] !== undefined) out.scheme = expandCurie(String(spec['scheme']));
  if (spec['namespace'] !== undefined) out.namespace = expandCurie(String(spec['namespace']));
  const values = list(spec['values']);
  if (values) out.values = values;
  const dflt = list(spec['default']);
  if (dflt) out.default = dflt;
  if (typeof spec['minimum'] === 'number') out.minimum = spec['minimum'];
  if (typeof spec['maximum'] === 'number') out.maximum = spec['maximum'];
  if (type === 'iri' && !out.class && !out.scheme) throw new NamedQueryError(file, `parameter ${name}: an iri parameter needs a class or a scheme`);
  return out;
}

/** Parses one query file. */
export function parseNamedQuery(text: string, file: string): NamedQuery {
  const head = header(text, file);
  const name = basename(file).replace(/\.rq$/, '');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new NamedQueryError(file, 'a query file name is lower-case words and hyphens');
  const title = head['title'];
  if (typeof title !== 'string' || !title) throw new NamedQueryError(file, 'the header needs a title');
  const parameters = Object.entries((head['parameters'] ?? {}) as Record<string, unknown>).map(([n, raw]) => parameterSpec(n, raw, file));
  const result = (head['result'] ?? {}) as Record<string, unknown>;
  const columns = Object.entries((result['columns'] ?? {}) as Record<string, unknown>).map(([n, raw]): ColumnSpec => {
    const spec = (typeof raw === 'string' ? { description: raw } : raw ?? {}) as Record<string, unknown>;
    const type = spec['type'] === undefined ? undefined : String(spec['type']);
    if (type !== undefined && type !== 'iri' && type !== 'iri-list' && type !== 'literal') throw new NamedQueryError(file, `column ${n}: unknown type "${type}"`);
    return {
      name: n, description: String(spec['description'] ?? ''),
      ...(type ? { type: type as ColumnSpec['type'] & string } : {}),
      ...(spec['property'] !== undefined ? { property: expandCurie(String(spec['property'])) } : {}),
    };
  });
  let ast: SelectQuery;
  try {
    // No prefixes given: a query file declares its own, so it runs as it is anywhere.
    const parsed = new sparqljs.Parser().parse(text);
    if (parsed.type !== 'query' || parsed.queryType !== 'SELECT') throw new Error('a named query is a SELECT query');
    ast = parsed;
  } catch (error) {
    throw new NamedQueryError(file, (error as Error).message);
  }
  const projected = new Set(projection(ast));
  for (const c of columns) if (!projected.has(c.name)) throw new NamedQueryError(file, `column ${c.name} is not selected by the query`);
  for (const v of projected) if (!columns.some((c) => c.name === v)) throw new NamedQueryError(file, `the selected variable ?${v} is not described under result.columns`);
  const subject = result['subject'] === undefined ? undefined : String(result['subject']);
  if (subject !== undefined && !projected.has(subject)) throw new NamedQueryError(file, `result.subject ${subject} is not a column`);
  const examples = (Array.isArray(head['examples']) ? head['examples'] : []).map((e) =>
    Object.fromEntries(Object.entries((e ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)])));
  for (const e of examples) {
    for (const k of Object.keys(e)) if (!parameters.some((p) => p.name === k)) throw new NamedQueryError(file, `example names unknown parameter ${k}`);
  }
  return {
    name, title, description: String(head['description'] ?? '').trim(), parameters,
    ...(subject !== undefined ? { subject } : {}),
    columns, examples, text, ast, file,
  };
}

/** The variable names a SELECT projects. */
export function projection(ast: SelectQuery): string[] {
  return ast.variables.flatMap((v) => {
    if ('termType' in v) return v.termType === 'Variable' ? [v.value] : [];
    return [v.variable.value];
  });
}

/**
 * Every `queries/*.rq` of a directory, sorted by name, and the problems of those that cannot be
 * used (each naming its file): a broken query is left out, the others are served.
 */
export async function loadNamedQueries(dir: string): Promise<{ queries: NamedQuery[]; problems: NamedQueryError[] }> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.rq')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { queries: [], problems: [] };
    throw error;
  }
  const queries: NamedQuery[] = [];
  const problems: NamedQueryError[] = [];
  for (const f of files) {
    try {
      queries.push(parseNamedQuery(await readFile(join(dir, f), 'utf8'), join(dir, f)));
    } catch (error) {
      if (error instanceof NamedQueryError) problems.push(error);
      else throw error;
    }
  }
  return { queries, problems };
}

/** A bad parameter value, with what the user needs to correct it. */
export class ParameterError extends Error {
  constructor(readonly parameter: string, readonly value: string | undefined, reason: string, readonly allowed?: readonly string[]) {
    super(reason);
    this.name = 'ParameterError';
  }
}

/** The allowed IRIs of a parameter with a class or scheme (from the graph), by IRI. */
export type AllowedValues = ReadonlyMap<string, string>;

/** A validated value as an RDF term. */
export type BoundTerm = N3.NamedNode | N3.Literal;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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
      const iri = /^https?:\/\//.test(value) ? value : spec.namespace && /^[\w.~-]+(\/[\w.~-]+)*$/.test(value) ? spec.namespace + value : expandCurie(value);
      if (!/^https?:\/\/[^\s<>"{}|\\^`]+$/.test(iri)) {
        throw new ParameterError(spec.name, raw, `not an IRI${spec.namespace ? ` or a name in ${spec.namespace}` : ''}`, allowed ? [...allowed.keys()].map((i) => shortValue(spec, i)) : undefined);
      }
      if (allowed && !allowed.has(iri)) {
        throw new ParameterError(spec.name, raw, `<${iri}> is not ${spec.class ? `a ${spec.class}` : `in the scheme ${spec.scheme}`} in this dataset`, [...allowed.keys()].map((i) => shortValue(spec, i)));
      }
      return namedNode(iri);
    }
    case 'string':
      if (spec.values && !spec.values.includes(value)) throw new ParameterError(spec.name, raw, 'not one of the allowed values', spec.values);
      if (!value) throw new ParameterError(spec.name, raw, 'empty');
      return literal(value);
    case 'date': {
      const m = DATE.exec(value);
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
      if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw new ParameterError(spec.name, raw, 'not a date (YYYY-MM-DD)');
      return literal(value, namedNode(XSD.date));
    }
    case 'integer': {
      if (!/^[+-]?\d+$/.test(value)) throw new ParameterError(spec.name, raw, 'not an integer');
      const n = Number(value);
      if (spec.minimum !== undefined && n < spec.minimum) throw new ParameterError(spec.name, raw, `less than ${spec.minimum}`);
      if (spec.maximum !== undefined && n > spec.maximum) throw new ParameterError(spec.name, raw, `more than ${spec.maximum}`);
      return literal(String(n), namedNode(XSD.integer));
    }
    case 'decimal': {
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) throw new ParameterError(spec.name, raw, 'not a decimal number');
      const n = Number(value);
      if (spec.minimum !== undefined && n < spec.minimum) throw new ParameterError(spec.name, raw, `less than ${spec.minimum}`);
      if (spec.maximum !== undefined && n > spec.maximum) throw new ParameterError(spec.name, raw, `more than ${spec.maximum}`);
      return literal(value, namedNode(XSD.decimal));
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw new ParameterError(spec.name, raw, 'not true or false');
      return literal(value, namedNode(XSD.boolean));
  }
}

/** Splits repeated and comma-separated values; only a `multiple` parameter may have several. */
export function valuesOf(spec: ParameterSpec, raw: string | readonly string[] | undefined): string[] | undefined {
  if (raw === undefined) return spec.default ? [...spec.default] : undefined;
  const all = (typeof raw === 'string' ? [raw] : raw).flatMap((r) => (spec.multiple ? r.split(',') : [r])).map((v) => v.trim()).filter((v) => v !== '');
  if (all.length === 0) return spec.default ? [...spec.default] : undefined;
  if (all.length > 1 && !spec.multiple) throw new ParameterError(spec.name, all.join(','), 'takes one value');
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
      throw new ParameterError(key, undefined, `${query.name} has no parameter "${key}"`, query.parameters.map((p) => p.name));
    }
  }
  const terms = new Map<string, BoundTerm[]>();
  for (const spec of query.parameters) {
    const values = valuesOf(spec, input[spec.name]);
    if (values === undefined) {
      if (spec.required) throw new ParameterError(spec.name, undefined, 'is required');
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
