/**
 * N-Quads term syntax (https://www.w3.org/TR/n-quads/#sec-grammar), just what the synthetic
 * generator writes: IRIs, language-tagged and typed literals.
 */
import { XSD } from '../src/vocab/namespace.js';

/** Escapes a literal's lexical form (ECHAR: backslash, quote, line breaks). */
const escape = (value: string) =>
  value.replace(/[\\"\n\r]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`));

export const iri = (value: string) => `<${value}>`;
export const text = (value: string, lang: string) => `"${escape(value)}"@${lang}`;
export const plain = (value: string) => `"${escape(value)}"`;
export const typed = (lexical: string, datatype: string) => `"${escape(lexical)}"^^<${datatype}>`;
export const integer = (n: number) => typed(String(Math.trunc(n)), XSD.integer);
/** An xsd:decimal with two fraction digits (a fixed lexical form keeps the output byte-stable). */
export const decimal = (n: number) => typed(n.toFixed(2), XSD.decimal);
export const gYear = (year: number) => typed(String(year), XSD.gYear);

/**
 * Collects N-Quads statements; `write` gets each line (with its newline).
 *
 * @example
 *   const w = quadWriter((line) => lines.push(line));
 *   w.quad(s, p, iri(o), g);
 */
export function quadWriter(write: (line: string) => void) {
  let count = 0;
  return {
    quad(subject: string, predicate: string, object: string, graph: string): void {
      write(`<${subject}> <${predicate}> ${object} <${graph}> .\n`);
      count++;
    },
    get count() {
      return count;
    },
  };
}
