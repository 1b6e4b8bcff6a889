/**
 * serializeGraph on the quads the HTTP layer builds itself (catalogue, VoID, service description):
 * every format says exactly what the quads say, typed literals included — Oxigraph's store would
 * turn `"1024"^^xsd:nonNegativeInteger` into `xsd:integer` and `"4.50"^^xsd:decimal` into `"4.5"`.
 */
import N3 from 'n3';
import * as oxigraph from 'oxigraph';
import { describe, expect, it } from 'vitest';
import { serializeGraph } from '../../src/query/serialize.js';
import type { FormatId } from '../../src/query/formats.js';

const { namedNode, blankNode, literal, quad } = N3.DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const EX = 'https://example.org/';

const QUADS = [
  quad(namedNode(`${EX}distribution`), namedNode('http://www.w3.org/ns/dcat#byteSize'), literal('1024', namedNode(`${XSD}nonNegativeInteger`))),
  quad(namedNode(`${EX}distribution`), namedNode(`${EX}amount`), literal('4.50', namedNode(`${XSD}decimal`))),
  quad(namedNode(`${EX}distribution`), namedNode(`${EX}ratio`), literal('1.0E6', namedNode(`${XSD}double`))),
  quad(namedNode(`${EX}distribution`), namedNode(`${EX}checksum`), blankNode('checksum')),
  quad(blankNode('checksum'), namedNode(`${EX}value`), literal('0A1B', namedNode(`${XSD}hexBinary`))),
  quad(namedNode(`${EX}distribution`), namedNode('http://purl.org/dc/terms/title'), literal('Zbijów "dump"\nline', 'pl')),
  quad(namedNode(`${EX}distribution`), namedNode('http://purl.org/dc/terms/title'), literal('Zbijów "dump"\nline', 'pl')), // a duplicate
];

const key = (q: { subject: { termType: string; value: string }; predicate: { value: string }; object: { termType: string; value: string; language?: string; datatype?: { value: string } } }) =>
  `${q.subject.termType === 'BlankNode' ? '_' : q.subject.value} ${q.predicate.value} ${q.object.termType === 'BlankNode' ? '_' : q.object.value}|${q.object.termType === 'Literal' ? `${q.object.language ?? ''}|${q.object.datatype?.value ?? ''}` : ''}`;

function parse(body: string, format: FormatId) {
  if (format === 'rdfxml') return oxigraph.parse(body, { format: 'application/rdf+xml', base_iri: EX });
  const mediaType = { ntriples: 'application/n-triples', nquads: 'application/n-quads', trig: 'application/trig' }[format as 'ntriples'];
  return new N3.Parser({ format: mediaType }).parse(body);
}

describe('serializeGraph of quads built by the HTTP layer', () => {
  for (const format of ['ntriples', 'nquads', 'rdfxml', 'trig'] as const) {
    it(`${format}: every term as given (datatypes and lexical forms kept), no duplicates`, async () => {
      const body = await serializeGraph(QUADS, format);
      const read = parse(body, format);
      expect(read).toHaveLength(QUADS.length - 1);
      expect(new Set(read.map(key))).toEqual(new Set(QUADS.map(key)));
      expect(read.map(key)).toContain(`${EX}distribution http://www.w3.org/ns/dcat#byteSize 1024||${XSD}nonNegativeInteger`);
      expect(read.map(key)).toContain(`${EX}distribution ${EX}amount 4.50||${XSD}decimal`);
    });
  }
});
