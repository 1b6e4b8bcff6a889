/**
 * The `sparql` tagged template with hostile values: whatever a term holds, the query Oxigraph
 * parses has that term where the template put it, and nothing else; what SPARQL cannot hold
 * (an IRI with `>`, a space or a brace, a language tag with a quote) is refused, as are plain strings.
 */
import N3 from 'n3';
import oxigraph from 'oxigraph';
import { describe, expect, it } from 'vitest';
import { documentQuery, existsQuery, UnsafeIriError } from '../../src/query/describe-resource.js';
import { iriRef, quoted, sparql, SparqlTermError, SparqlText, type SparqlValue } from '../../src/query/sparql.js';

const { namedNode, literal, blankNode, variable } = N3.DataFactory;
const XSD_INTEGER = namedNode('http://www.w3.org/2001/XMLSchema#integer');

/** Values that try to close the string or IRI, open or close a group, or start a comment. */
const HOSTILE = [
  'plain', 'a "quoted" word', 'ends with a backslash \\', '\\"', '\\u0022', 'line\nbreak\r\nand\ttab',
  'nul \u0000 and \u0001 \u001f \u007f', '} ; DROP ALL ; {', '" } UNION { ?s ?p ?o } #', '# a comment attempt\n?x',
  "single ' quote", '""" triple', '>', '<http://evil/>', 'ünïcödé – ✓ 𝔘', '',
];

/** What Oxigraph reads back as ?x from `SELECT ?x { BIND(<the template's term> AS ?x) }`. */
function roundTrip(value: SparqlValue): oxigraph.Term {
  const store = new oxigraph.Store();
  const rows = store.query(sparql`SELECT ?x WHERE { BIND(${value} AS ?x) }`.toString()) as Map<string, oxigraph.Term>[];
  expect(rows).toHaveLength(1);
  return rows[0]!.get('x')!;
}

describe('sparql template: literals', () => {
  it.each(HOSTILE)('%j comes back as it went in, and nothing else is added', (value) => {
    const back = roundTrip(literal(value));
    expect(back.termType).toBe('Literal');
    expect(back.value).toBe(value);
    const tagged = roundTrip(literal(value, 'en-GB'));
    expect([tagged.value, (tagged as oxigraph.Literal).language]).toEqual([value, 'en-gb']);
  });

  it('writes escapes per STRING_LITERAL_QUOTE', () => {
    expect(quoted('a"b\\c\nd\re\u0000')).toBe('"a\\"b\\\\c\\nd\\re\\u0000"');
    expect(sparql`${literal('x', 'en')} ${literal('1', XSD_INTEGER)} ${literal('s')}`.toString())
      .toBe('"x"@en "1"^^<http://www.w3.org/2001/XMLSchema#integer> "s"');
  });

  it('keeps a datatype', () => {
    const back = roundTrip(literal('42', XSD_INTEGER)) as oxigraph.Literal;
    expect([back.value, back.datatype.value]).toEqual(['42', XSD_INTEGER.value]);
  });

  it('refuses a language tag SPARQL cannot hold', () => {
    // Written by hand: N3's factory reads some of these tags its own way.
    const langString = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#langString');
    for (const tag of ['en"', 'en }', 'en\n', '-en', 'en--x', 'en # x']) {
      const term = { termType: 'Literal', value: 'x', language: tag, datatype: langString, equals: () => false } as const;
      expect(() => sparql`${term}`).toThrow(SparqlTermError);
    }
  });
});

describe('sparql template: IRIs', () => {
  it('writes an absolute IRI between < and >', () => {
    const iri = 'https://w3id.org/segraph/id/practice/doeners-be#funding-1?a=b&c=%20d';
    expect(sparql`ASK { ${namedNode(iri)} ?p ?o }`.toString()).toBe(`ASK { <${iri}> ?p ?o }`);
    expect(roundTrip(namedNode(iri)).value).toBe(iri);
    expect(roundTrip(namedNode('http://example.org/ünïcödé')).value).toBe('http://example.org/ünïcödé');
  });

  it.each([
    'http://example.org/a> } ; DROP ALL #', 'http://example.org/a b', 'http://example.org/a\nb', 'http://example.org/\u0000',
    'http://example.org/{x}', 'http://example.org/a"b', 'http://example.org/a|b', 'http://example.org/a^b',
    'http://example.org/a`b', 'http://example.org/a\\u003E', 'http://example.org/<', 'relative/path', '', '#fragment',
  ])('refuses %j', (iri) => {
    expect(() => sparql`ASK { ${namedNode(iri)} ?p ?o }`).toThrow(SparqlTermError);
    expect(() => iriRef(iri)).toThrow(SparqlTermError);
  });

  it('checks a datatype IRI too', () => {
    expect(() => sparql`${literal('1', namedNode('http://example.org/t> . } #'))}`).toThrow(SparqlTermError);
  });
});

describe('sparql template: other values', () => {
  it('writes variables, blank nodes, integers, fragments and lists', () => {
    const values = [namedNode('http://example.org/a'), namedNode('http://example.org/b')];
    const pattern = sparql`?s ?p ${variable('o')}`;
    expect(sparql`SELECT * { VALUES ?s { ${values} } ${pattern} . ${blankNode('b0')} ?q ?r } LIMIT ${3}`.toString())
      .toBe('SELECT * { VALUES ?s { <http://example.org/a> <http://example.org/b> } ?s ?p ?o . _:b0 ?q ?r } LIMIT 3');
    expect(sparql`x`).toBeInstanceOf(SparqlText);
  });

  it('refuses plain strings and anything else that is not a term', () => {
    const sneak = (value: unknown) => () => sparql`SELECT * { ?s ?p ${value as SparqlValue} }`;
    for (const value of ['} ; DROP ALL #', 'http://example.org/a', '?x', 1.5, Number.NaN, true, null, undefined, {}, { value: 'x' }]) {
      expect(sneak(value)).toThrow(SparqlTermError);
    }
    expect(sneak([literal('ok'), 'raw'])).toThrow(SparqlTermError);
    expect(sneak(N3.DataFactory.defaultGraph())).toThrow(SparqlTermError);
  });

  it('refuses variable names and blank node labels that are not ones', () => {
    for (const name of ['o }', 'o#', '', 'a b', 'x\n']) {
      expect(() => sparql`${variable(name)}`).toThrow(SparqlTermError);
      // Written by hand: N3's factory names a blank node it is given no name for.
      expect(() => sparql`${{ termType: 'BlankNode', value: name, equals: () => false } as const}`).toThrow(SparqlTermError);
    }
  });
});

describe('the document query', () => {
  it('holds the request IRI as a term, and refuses one with a fragment or that SPARQL cannot hold', () => {
    const iri = 'https://w3id.org/segraph/id/practice/doeners-be';
    const store = new oxigraph.Store();
    store.add(oxigraph.quad(oxigraph.namedNode(iri), oxigraph.namedNode('http://example.org/p'), oxigraph.literal('o')));
    expect(store.query(existsQuery(iri))).toBe(true);
    expect((store.query(documentQuery(iri)) as oxigraph.Quad[]).length).toBe(1);
    for (const bad of [`${iri}#part`, `${iri}> ?p ?o } #`, `${iri}\n`, `${iri}{`, 'doeners-be']) {
      expect(() => documentQuery(bad)).toThrow(UnsafeIriError);
      expect(() => existsQuery(bad)).toThrow(UnsafeIriError);
    }
  });
});
