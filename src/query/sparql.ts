/**
 * The one way to put a value into SPARQL text: a `sparql` tagged template whose values are RDF/JS
 * terms (written in SPARQL syntax, escaped), SPARQL fragments built the same way, arrays of those
 * (joined by spaces, e.g. for VALUES) or safe integers (for LIMIT). A plain string is refused: text
 * that is not a term must be a `sparql` fragment, so nothing from a request or the data is ever
 * pasted into a query.
 *
 * Terms are written per the SPARQL 1.1 grammar: an IRI as IRIREF (an absolute IRI with none of
 * `<>"{}|^\`` `\` or the characters U+0000–U+0020, else refused), a literal as STRING_LITERAL_QUOTE
 * with ECHAR escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`) and UCHAR escapes for the other
 * control characters, with its language tag (LANGTAG, else refused) or datatype.
 *
 * `@tpluscode/rdf-string`'s `sparql` template (what Trifid's CKAN plugin uses) was the model but is
 * not used: its 1.3.4 writes a NamedNode's value between `<` and `>` unchecked (`<a> } DROP ALL #>`
 * passes), and pastes plain strings as they are.
 *
 * @example
 *   const iri = N3.DataFactory.namedNode('https://w3id.org/segraph/id/practice/doeners-be');
 *   sparql`ASK { ${iri} ?p ?o }`.toString()
 *   // 'ASK { <https://w3id.org/segraph/id/practice/doeners-be> ?p ?o }'
 *   sparql`SELECT * { ?s ?p ${literal('a "quoted"\nline', 'en')} }`.toString()
 *   // 'SELECT * { ?s ?p "a \\"quoted\\"\\nline"@en }'
 *   sparql`SELECT * { ?s ?p ${'text'} }` // throws SparqlTermError: a plain string
 */
import N3 from 'n3';
import type { BlankNode, Literal, NamedNode, Variable } from '@rdfjs/types';
import { RDF, XSD } from '../vocab/namespace.js';

/** A value the template refuses: a plain string, an IRI or language tag SPARQL cannot hold, … */
export class SparqlTermError extends Error {}

/** SPARQL text built by `sparql` (or read from a `.rq` file of ours): safe to put into more SPARQL. */
export class SparqlText {
  /** @internal Use `sparql` or `staticQuery`. */
  constructor(private readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** The RDF/JS terms a query may hold. */
export type SparqlTerm = NamedNode | Literal | BlankNode | Variable;
export type SparqlValue = SparqlTerm | SparqlText | number | readonly SparqlValue[];

/** The characters IRIREF excludes, besides U+0000–U+0020. */
const NOT_IN_IRIREF = /[\u0000-\u0020<>"{}|^`\\]/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const LANGTAG = /^[a-zA-Z]+(-[a-zA-Z0-9]+)*$/;
/** Blank node labels and variable names: the ASCII part of what the grammar allows. */
const BLANK_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$/;
const VARNAME = /^[A-Za-z0-9_]+$/;

const ECHAR: Readonly<Record<string, string>> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f',
};

/** An IRI as `<…>`, or a SparqlTermError if SPARQL's IRIREF cannot hold it. */
export function iriRef(iri: string): string {
  if (!SCHEME.test(iri)) throw new SparqlTermError(`not an absolute IRI: ${JSON.stringify(iri)}`);
  if (NOT_IN_IRIREF.test(iri)) throw new SparqlTermError(`an IRI SPARQL cannot hold: ${JSON.stringify(iri)}`);
  return `<${iri}>`;
}

/** A string as STRING_LITERAL_QUOTE: `"…"` with `"`, `\`, line ends and other control characters escaped. */
export function quoted(value: string): string {
  return `"${value.replace(/["\\\u0000-\u001f\u007f]/g, (c) => ECHAR[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}"`;
}

/** One term in SPARQL syntax. */
export function termToSparql(term: SparqlTerm): string {
  switch (term.termType) {
    case 'NamedNode':
      return iriRef(term.value);
    case 'Literal': {
      if (term.language) {
        if (!LANGTAG.test(term.language)) throw new SparqlTermError(`not a language tag: ${JSON.stringify(term.language)}`);
        return `${quoted(term.value)}@${term.language}`;
      }
      const datatype = term.datatype?.value;
      if (!datatype || datatype === XSD.string) return quoted(term.value);
      if (datatype === RDF.langString) throw new SparqlTermError('an rdf:langString without a language tag');
      return `${quoted(term.value)}^^${iriRef(datatype)}`;
    }
    case 'BlankNode':
      if (!BLANK_LABEL.test(term.value)) throw new SparqlTermError(`not a blank node label: ${JSON.stringify(term.value)}`);
      return `_:${term.value}`;
    case 'Variable':
      if (!VARNAME.test(term.value)) throw new SparqlTermError(`not a variable name: ${JSON.stringify(term.value)}`);
      return `?${term.value}`;
    default:
      throw new SparqlTermError(`not a term a query can hold: ${(term as { termType?: unknown }).termType}`);
  }
}

function write(value: SparqlValue): string {
  if (value instanceof SparqlText) return value.toString();
  if (Array.isArray(value)) return value.map(write).join(' ');
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new SparqlTermError(`not an integer: ${value}`);
    return String(value);
  }
  if (value !== null && typeof value === 'object' && 'termType' in value) return termToSparql(value as SparqlTerm);
  throw new SparqlTermError(`a ${typeof value} is not a term: make it a NamedNode or Literal, or a sparql\`…\` fragment`);
}

/** SPARQL text with every interpolated value written as a term (see the module's comment). */
export function sparql(strings: TemplateStringsArray, ...values: readonly SparqlValue[]): SparqlText {
  let text = strings[0]!;
  values.forEach((value, i) => { text += write(value) + strings[i + 1]!; });
  return new SparqlText(text);
}

/** An IRI as an RDF/JS NamedNode, to put into `sparql` (checked when it is written). */
export const iri = (value: string): NamedNode => N3.DataFactory.namedNode(value);
/** A string (with a language tag, or of a datatype IRI) as an RDF/JS Literal, to put into `sparql`. */
export const literal = (value: string, languageOrDatatype?: string | NamedNode): Literal =>
  N3.DataFactory.literal(value, languageOrDatatype);
