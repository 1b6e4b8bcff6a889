/**
 * The W3C SPARQL 1.1 result-format tests (csv-tsv-res, json-res) through a thin harness: each
 * test's query runs on its data in Oxigraph, and our serializers' CSV and TSV (and the engine's
 * JSON) must equal the expected results as terms, blank-node labels aside.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import N3 from 'n3';
import * as oxigraph from 'oxigraph';
import { describe, expect, it } from 'vitest';
import { toCsv, toTsv, type JsonResults } from '../../src/query/results.js';
import { ROOT } from '../helpers/project.js';

const SUITE = join(ROOT, '..', 'shared', 'suites', 'w3c-rdf-tests', 'sparql', 'sparql11');
const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';

interface Case { name: string; query: string; data: string; result: string }

function manifest(folder: string): Case[] {
  const dir = join(SUITE, folder);
  const base = `file://${dir}/`;
  const store = new N3.Store(new N3.Parser({ baseIRI: `${base}manifest.ttl` }).parse(readFileSync(join(dir, 'manifest.ttl'), 'utf8')));
  const one = (s: N3.Term, p: string) => store.getObjects(s, p, null)[0]!;
  const file = (t: N3.Term) => join(dir, t.value.slice(base.length));
  return store.getSubjects(`${MF}result`, null, null).map((test) => {
    const action = one(test, `${MF}action`);
    return {
      name: one(test, `${MF}name`).value,
      query: readFileSync(file(one(action, `${QT}query`)), 'utf8'),
      data: file(one(action, `${QT}data`)),
      result: file(one(test, `${MF}result`)),
    };
  }).sort((a, b) => (a.name < b.name ? -1 : 1));
}

function run(c: Case): { results: JsonResults; json: string } {
  const store = new oxigraph.Store();
  store.load(readFileSync(c.data, 'utf8'), { format: 'text/turtle', base_iri: 'http://example.org/' });
  const json = store.query(c.query, { results_format: 'application/sparql-results+json' }) as string;
  return { results: JSON.parse(json) as JsonResults, json };
}

/**
 * Oxigraph stores numbers by value: "1.0E6"^^xsd:double comes back as "1000000", and the
 * integer-derived types (xsd:negativeInteger…) as xsd:integer. That is the engine's doing, not
 * the serializers', so numeric literals are compared by kind and value.
 */
const NUMERIC = /#(integer|(non)?(negative|positive)Integer|long|int|short|byte|unsigned\w+|decimal|double|float)$/;
const numericKind = (datatype: string) =>
  /#(double|float)$/.test(datatype) ? 'floating' : /#decimal$/.test(datatype) ? 'decimal' : 'integer';

/** A TSV cell as a comparable term string: blank nodes all alike, numbers by value. */
function tsvCell(cell: string): string {
  if (cell === '') return '';
  if (cell.startsWith('_:')) return '_:';
  const quad = new N3.Parser().parse(`<x:s> <x:p> ${cell} .`)[0]!;
  const o = quad.object;
  if (o.termType === 'Literal' && NUMERIC.test(o.datatype.value)) return `${numericKind(o.datatype.value)} ${Number(o.value)}`;
  return o.termType === 'Literal' ? `${o.value}|${o.language}|${o.datatype.value}` : `${o.termType}|${o.value}`;
}
const tsvRows = (text: string) => text.trimEnd().split('\n').map((line) => line.replace(/\r$/, '').split('\t'));
const csvRows = (text: string) =>
  (parseCsv(text, { relax_column_count: true }) as string[][]).map((row, i) =>
    row.map((v) => (v.startsWith('_:') ? '_:' : i > 0 && v !== '' && Number.isFinite(Number(v)) ? String(Number(v)) : v)));

/** Header row + rows → one object per row, keyed by column name. */
const records = ([head, ...rows]: string[][]) =>
  rows.map((row) => Object.fromEntries(head!.map((name, i) => [name, row[i] ?? ''])));

describe('W3C csv-tsv-res', () => {
  for (const c of manifest('csv-tsv-res')) {
    it(c.name, () => {
      const { results } = run(c);
      const expected = readFileSync(c.result, 'utf8');
      // Columns are compared by name: SELECT * leaves their order to the engine.
      if (c.result.endsWith('.csv')) {
        const csv = toCsv(results);
        expect(csv.endsWith('\r\n')).toBe(true);
        expect(records(csvRows(csv))).toEqual(records(csvRows(expected)));
      } else {
        const tsv = tsvRows(toTsv(results));
        expect(records(tsv.map((r, i) => (i === 0 ? r : r.map(tsvCell)))))
          .toEqual(records(tsvRows(expected).map((r, i) => (i === 0 ? r : r.map(tsvCell)))));
      }
    });
  }
});

describe('W3C json-res', () => {
  const normalise = (r: JsonResults) => ({
    vars: [...(r.head.vars ?? [])].sort(),
    rows: (r.results?.bindings ?? []).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, t]) => [k, t.type === 'bnode' ? { type: 'bnode' } : t]))),
  });
  for (const c of manifest('json-res')) {
    it(c.name, () => {
      const { results } = run(c);
      const expected = JSON.parse(readFileSync(c.result, 'utf8')) as JsonResults;
      const sortRows = (x: ReturnType<typeof normalise>) => ({ ...x, rows: x.rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort() });
      expect(sortRows(normalise(results))).toEqual(sortRows(normalise(expected)));
    });
  }
});
