/**
 * Named queries: one SPARQL SELECT per question in `queries/*.rq`, each with a YAML header in
 * `#+` comment lines (the decorator style of grlc) that gives its title, description, parameters
 * and result columns.
 *
 * Parameters are never pasted into query text: see bind.ts.
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
import sparqljs from 'sparqljs';
import type { SelectQuery } from 'sparqljs';
import { parse as parseYaml } from 'yaml';
import { PREFIXES } from '../graph/prefixes.js';
import { EU_COUNTRY, ID, NUTS_CODE, UN_SDG } from '../vocab/namespace.js';

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
