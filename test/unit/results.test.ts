/**
 * Unit: row capping and the XML, CSV and TSV result writers (src/query/results.ts), each read back
 * by a parser that is not ours: the XML by a namespace-aware DOM parser (@xmldom/xmldom: every
 * element in the SPARQL results namespace) and by sparqlxml-parse (the terms), CSV by csv-parse,
 * TSV cells as Turtle terms by N3.
 */
import { Readable } from 'node:stream';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { parse as parseCsv } from 'csv-parse/sync';
import N3 from 'n3';
import type { Term } from '@rdfjs/types';
import { SparqlXmlParser } from 'sparqlxml-parse';
import { describe, expect, it } from 'vitest';
import { capRows, toCsv, toTsv, toXml, type JsonResults, type JsonTerm } from '../../src/query/results.js';

const NS = 'http://www.w3.org/2005/sparql-results#';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const { namedNode, blankNode, literal } = N3.DataFactory;

const TERMS: Record<string, JsonTerm> = {
  iri: { type: 'uri', value: 'https://w3id.org/segraph/id/practice/a?b=1&c=%3C2%3E#é' },
  bnode: { type: 'bnode', value: 'b0' },
  plain: { type: 'literal', value: 'a "quoted", comma\tand tab\nnew line\r\n & <angle> \\ back' },
  lang: { type: 'literal', value: 'Spółdzielnia', 'xml:lang': 'pl' },
  int: { type: 'literal', value: '42', datatype: `${XSD}integer` },
  dec: { type: 'literal', value: '-0.5', datatype: `${XSD}decimal` },
  bool: { type: 'literal', value: 'true', datatype: `${XSD}boolean` },
  date: { type: 'literal', value: '2026-11-22', datatype: `${XSD}date` },
  oddInt: { type: 'literal', value: '4 2', datatype: `${XSD}integer` },
};
const VARS = Object.keys(TERMS);
/** One row with every kind of term, one with nothing bound but `iri`, one with nothing bound. */
const RESULTS: JsonResults = {
  head: { vars: [...VARS, 'unbound'] },
  results: { bindings: [TERMS, { iri: TERMS['iri']! }, {}] },
};

/** The RDF/JS term a JSON term stands for. */
function rdf(t: JsonTerm): Term {
  const value = String(t.value);
  if (t.type === 'uri') return namedNode(value);
  if (t.type === 'bnode') return blankNode(value);
  return literal(value, t['xml:lang'] ?? (t.datatype ? namedNode(t.datatype) : undefined));
}

describe('capRows', () => {
  const rows = (n: number): JsonResults => ({ head: { vars: ['x'] }, results: { bindings: Array.from({ length: n }, (_, i) => ({ x: { type: 'literal', value: String(i) } })) } });

  it('keeps the first maxRows and says it cut', () => {
    const capped = capRows(rows(7), 5);
    expect(capped).toMatchObject({ rows: 5, truncated: true });
    expect(capped.results.results!.bindings.map((b) => b['x']!.value)).toEqual(['0', '1', '2', '3', '4']);
    expect(capped.results.head).toEqual({ vars: ['x'] });
  });

  it('leaves a result of maxRows or fewer as it is', () => {
    const five = rows(5);
    expect(capRows(five, 5)).toEqual({ results: five, rows: 5, truncated: false });
    expect(capRows(rows(0), 5)).toMatchObject({ rows: 0, truncated: false });
    expect(capRows(rows(3), Infinity)).toMatchObject({ rows: 3, truncated: false });
  });

  it('counts no rows for an ASK result', () => {
    expect(capRows({ head: {}, boolean: true }, 0)).toEqual({ results: { head: {}, boolean: true }, rows: 0, truncated: false });
  });
});

describe('toXml', () => {
  const dom = (xml: string) => {
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(xml, 'text/xml');
    expect(errors).toEqual([]);
    return doc;
  };
  const elements = (root: Element): Element[] => [root, ...Array.from(root.childNodes).filter((n): n is Element => n.nodeType === 1).flatMap(elements)];

  it('puts every element in the SPARQL results namespace', () => {
    const doc = dom(toXml(RESULTS));
    const root = doc.documentElement!;
    expect(root.localName).toBe('sparql');
    const all = elements(root);
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((e) => e.namespaceURI !== NS).map((e) => `${e.namespaceURI} ${e.localName}`)).toEqual([]);
    expect(new Set(all.map((e) => e.localName))).toEqual(new Set(['sparql', 'head', 'variable', 'results', 'result', 'binding', 'uri', 'bnode', 'literal']));
    const tagged = all.filter((e) => e.localName === 'literal' && e.hasAttributeNS(XML_NS, 'lang'));
    expect(tagged.map((e) => e.getAttributeNS(XML_NS, 'lang'))).toEqual(['pl']);
  });

  it('gives back every term, exactly, to sparqlxml-parse; unbound variables stay unbound', async () => {
    const stream = new SparqlXmlParser({ prefixVariableQuestionMark: false }).parseXmlResultsStream(Readable.from([toXml(RESULTS)]));
    let variables: Term[] = [];
    stream.on('variables', (v: Term[]) => (variables = v));
    const rows: Array<Record<string, Term>> = [];
    for await (const row of stream) rows.push(row as unknown as Record<string, Term>);
    expect(variables.map((v) => v.value)).toEqual([...VARS, 'unbound']);
    expect(rows).toHaveLength(3);
    for (const name of VARS) expect(rows[0]![name]?.equals(rdf(TERMS[name]!)), name).toBe(true);
    expect(Object.keys(rows[0]!).sort()).toEqual([...VARS].sort());
    expect(Object.keys(rows[1]!)).toEqual(['iri']);
    expect(rows[2]).toEqual({});
  });

  it('writes ASK results as a boolean in the namespace, and links in the head', async () => {
    const xml = toXml({ head: { link: ['https://example.org/about?a=1&b=2'] }, boolean: false });
    const all = elements(dom(xml).documentElement!);
    expect(all.map((e) => `${e.namespaceURI}${e.localName}`)).toEqual([`${NS}sparql`, `${NS}head`, `${NS}link`, `${NS}boolean`]);
    expect(all[2]!.getAttribute('href')).toBe('https://example.org/about?a=1&b=2');
    expect(await new SparqlXmlParser().parseXmlBooleanStream(Readable.from([xml]))).toBe(false);
  });
});

describe('toCsv', () => {
  it('reads back with csv-parse: a header of names, then values without type or language', () => {
    const text = toCsv(RESULTS);
    expect(text.endsWith('\r\n')).toBe(true);
    const records = parseCsv(text, { relax_column_count: false }) as string[][];
    expect(records[0]).toEqual([...VARS, 'unbound']);
    expect(records[1]).toEqual([...VARS.map((v) => (v === 'bnode' ? '_:b0' : String(TERMS[v]!.value))), '']);
    expect(records[2]).toEqual([String(TERMS['iri']!.value), ...Array<string>(VARS.length).fill('')]);
    expect(records[3]).toEqual(Array<string>(VARS.length + 1).fill(''));
    expect(records).toHaveLength(4);
  });

  it('writes ASK as _askResult', () => {
    expect(parseCsv(toCsv({ head: {}, boolean: true }))).toEqual([['_askResult'], ['true']]);
  });
});

describe('toTsv', () => {
  /** A TSV cell as an RDF term, read by N3 as the object of a Turtle triple. */
  const term = (cell: string): Term => new N3.Parser({ format: 'text/turtle' }).parse(`<urn:s> <urn:p> ${cell} .`)[0]!.object;

  it('writes each term in Turtle syntax that N3 reads back as the same term', () => {
    const lines = toTsv(RESULTS).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]!.split('\t')).toEqual([...VARS, 'unbound'].map((v) => `?${v}`));
    const cells = lines[1]!.split('\t');
    expect(cells).toHaveLength(VARS.length + 1);
    VARS.forEach((name, i) => {
      const parsed = term(cells[i]!);
      // A blank node's label is the writer's to choose; N3 renames it.
      if (name === 'bnode') expect(parsed.termType).toBe('BlankNode');
      else expect(parsed.equals(rdf(TERMS[name]!)), `${name}: ${cells[i]}`).toBe(true);
    });
    expect(cells.at(-1)).toBe('');
    expect(lines[2]!.split('\t')).toEqual([`<${String(TERMS['iri']!.value)}>`, ...Array<string>(VARS.length).fill('')]);
  });

  it('uses the short forms for numbers and booleans only when the value is in that form', () => {
    const cells = toTsv(RESULTS).split('\n')[1]!.split('\t');
    const at = (name: string) => cells[VARS.indexOf(name)];
    expect([at('int'), at('dec'), at('bool')]).toEqual(['42', '-0.5', 'true']);
    expect(at('oddInt')).toBe(`"4 2"^^<${XSD}integer>`);
  });

  it('writes ASK as ?_askResult', () => {
    expect(toTsv({ head: {}, boolean: false })).toBe('?_askResult\nfalse\n');
  });
});
