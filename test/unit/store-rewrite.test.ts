/**
 * src/store/rewrite.ts: a client's query as the store must see it — stored names, the dataset as
 * protocol parameters, always complete — and what is refused. No store needed.
 */
import { describe, expect, it } from 'vitest';
import { NO_GRAPH, StoreLayout } from '../../src/store/layout.js';
import { QueryRewriter } from '../../src/store/rewrite.js';
import { normaliseResults, storeMessage } from '../../src/store/store-answers.js';

const G = 'https://w3id.org/segraph/graph/';
const layout = new StoreLayout('v1', [`${G}a`, `${G}b`]);
const A = `urn:segraph:v1:${G}a`;
const B = `urn:segraph:v1:${G}b`;
const BASE = 'http://example.org/';

const ok = (query: string, dataset?: { defaultGraphs: string[]; namedGraphs: string[] }, rowCap?: number) => {
  const r = new QueryRewriter(layout).rewrite(query, BASE, dataset, rowCap);
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('the store query', () => {
  it('names every graph by its stored name, wherever the query names it', () => {
    const { query } = ok(`PREFIX g: <${G}>
      SELECT ?x (g:a AS ?k) WHERE {
        GRAPH g:a { ?x ?p g:b } VALUES ?g { g:a <http://other.example/> }
        ?x g:a/(g:b|^g:a)* ?y FILTER(?y != g:b && sameTerm(?x, <${G}a>))
      }`);
    expect(query).not.toContain(`<${G}a>`);
    expect(query).not.toContain(`<${G}b>`);
    expect(query.match(new RegExp(A.replace(/[.:/]/g, '\\$&'), 'g'))!.length).toBe(6);
    expect(query.match(new RegExp(B.replace(/[.:/]/g, '\\$&'), 'g'))!.length).toBe(3);
    expect(query).toContain('<http://other.example/>');
    expect(query).not.toMatch(/PREFIX/i);
  });

  it('resolves relative IRIs against the base and maps segraph\'s own IRIs to nothing', () => {
    const { query } = ok('SELECT * WHERE { <rel> ?p <urn:segraph:control> . GRAPH <urn:segraph:v0:x> { ?s ?p ?o } }');
    expect(query).toContain('<http://example.org/rel>');
    expect(query).not.toContain('urn:segraph:control');
    expect(query).not.toContain('urn:segraph:v0:x');
  });

  it('sends a complete dataset: the union and every graph when the query names none', () => {
    expect(ok('SELECT * WHERE { ?s ?p ?o }')).toMatchObject({ defaultGraphs: ['urn:segraph:v1:union'], namedGraphs: [A, B] });
  });

  it('takes FROM and FROM NAMED out of the text into the dataset; FROM alone means no named graphs', () => {
    const from = ok(`SELECT * FROM <${G}a> WHERE { ?s ?p ?o }`);
    expect(from.query).not.toMatch(/FROM/i);
    expect(from).toMatchObject({ defaultGraphs: [A], namedGraphs: [NO_GRAPH] });
    expect(ok(`SELECT * FROM NAMED <${G}b> WHERE { GRAPH ?g { ?s ?p ?o } }`)).toMatchObject({ defaultGraphs: [NO_GRAPH], namedGraphs: [B] });
  });

  it('the request\'s dataset wins over FROM; empty lists and unknown graphs hold nothing', () => {
    const r = ok(`SELECT * FROM <${G}a> WHERE { ?s ?p ?o }`, { defaultGraphs: [`${G}b`, 'urn:segraph:control'], namedGraphs: [] });
    expect(r).toMatchObject({ defaultGraphs: [B, NO_GRAPH], namedGraphs: [NO_GRAPH] });
  });

  it('makes GRAPH <g> of a graph not in the dataset match nothing (Virtuoso would match once)', () => {
    const inside = ok(`ASK { GRAPH <${G}a> { ?s ?p ?o } }`);
    expect(inside.query).toContain(`GRAPH <${A}>`);
    const outside = ok(`ASK { GRAPH <${G}a> { ?s ?p ?o } }`, { defaultGraphs: [], namedGraphs: [`${G}b`] });
    expect(outside.query).not.toContain('GRAPH');
    expect(outside.query).toMatch(/FILTER\s*\(\s*(false|"false"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#boolean>)\s*\)/);
    expect(ok('ASK { GRAPH <urn:segraph:control> { ?s ?p ?o } }').query).not.toContain('GRAPH');
  });

  it('limits a SELECT to the row cap + 1, keeps a lower LIMIT, and leaves ORDER BY queries whole (Virtuoso sorts at most 10,000 for a LIMIT)', () => {
    expect(ok('SELECT * WHERE { ?s ?p ?o }', undefined, 11).query).toMatch(/LIMIT 11$/);
    expect(ok('SELECT * WHERE { ?s ?p ?o } LIMIT 5', undefined, 11).query).toMatch(/LIMIT 5$/);
    expect(ok('SELECT * WHERE { ?s ?p ?o } LIMIT 50', undefined, 11).query).toMatch(/LIMIT 11$/);
    expect(ok('SELECT * WHERE { ?s ?p ?o } ORDER BY ?s', undefined, 11).query).not.toMatch(/LIMIT/);
    expect(ok('SELECT * WHERE { ?s ?p ?o }').query).not.toMatch(/LIMIT/);
  });

  it('answers DESCRIBE as the embedded engine does: the triples of which each resource is the subject', () => {
    const { query } = ok('DESCRIBE <http://x.example/r> ?o WHERE { ?s ?p ?o } LIMIT 2');
    expect(query).toMatch(/^CONSTRUCT/);
    expect(query).toContain('<http://x.example/r>');
    expect(query).toContain('LIMIT 2');
  });

  it('types DATATYPE of a language-tagged string and boolean values bound to a variable as SPARQL 1.1 does', () => {
    expect(ok('SELECT (DATATYPE(?o) AS ?d) WHERE { ?s ?p ?o }').query).toContain('http://www.w3.org/1999/02/22-rdf-syntax-ns#langString');
    expect(ok('SELECT (?o > 1 AS ?big) WHERE { ?s ?p ?o BIND(isIRI(?o) AS ?iri) }').query.match(/STRDT/gi)!.length).toBe(4);
  });

  it('evaluates a constant BIND at the end of its group (Virtuoso\'s transitive paths need a bound end)', () => {
    const { query } = ok('SELECT * WHERE { { BIND("region" AS ?d) ?s <http://x.example/p>* ?v } UNION { BIND("x" AS ?d) ?s ?p ?v } }');
    expect(query.indexOf('BIND')).toBeGreaterThan(query.indexOf('<http://x.example/p>*'));
    const kept = ok('SELECT * WHERE { BIND(1 AS ?n) ?s ?p ?n }').query;
    expect(kept.indexOf('BIND')).toBeLessThan(kept.indexOf('?s ?p ?n'));
  });
});

describe('what never reaches the store', () => {
  const refused = (query: string) => new QueryRewriter(layout).rewrite(query, BASE);

  it('a syntax error, with the parser\'s message', () => {
    expect(refused('SELECT * WHERE { ?s ?p }')).toMatchObject({ ok: false, kind: 'syntax', message: expect.stringMatching(/Parse error/) });
  });

  it('an update: the endpoint is read-only', () => {
    expect(refused('DROP ALL')).toMatchObject({ ok: false, kind: 'syntax', message: expect.stringMatching(/read-only/) });
    expect(refused('INSERT DATA { <urn:a> <urn:b> <urn:c> }')).toMatchObject({ ok: false, kind: 'syntax' });
  });

  it('Virtuoso\'s built-ins and SERVICE', () => {
    expect(refused('SELECT (<bif:length>("a") AS ?n) WHERE {}')).toMatchObject({ ok: false, kind: 'evaluation', message: expect.stringMatching(/bif:length is not supported/) });
    expect(refused('SELECT * WHERE { ?s <sql:x> ?o }')).toMatchObject({ ok: false, kind: 'evaluation' });
    expect(refused('SELECT * WHERE { ?s bif:contains "x" }')).toMatchObject({ ok: false, kind: 'syntax' }); // no such prefix in SPARQL
    expect(refused('SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }')).toMatchObject({ ok: false, kind: 'evaluation', message: expect.stringMatching(/SERVICE/) });
  });
});

describe('the rewrite cache', () => {
  it('makes a repeated query cost next to nothing', () => {
    const rewriter = new QueryRewriter(layout);
    const query = `PREFIX g: <${G}> SELECT ?x WHERE { GRAPH ?g { ?x a g:a } OPTIONAL { ?x g:b ?y } FILTER(?g != g:b) } ORDER BY ?x`;
    const first = rewriter.rewrite(query, BASE);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) expect(rewriter.rewrite(query, BASE)).toEqual(first);
    expect((performance.now() - started) / 1000).toBeLessThan(0.2); // ms per query
  });
});

describe('the store\'s answers', () => {
  it('keeps the first line of a Virtuoso error, without the echoed query', () => {
    expect(storeMessage("Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error at '}' before '}'\n\nSPARQL query:\nSELECT * { } }"))
      .toBe("Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error at '}' before '}'");
    expect(storeMessage('Virtuoso 22012 Error SR084: Division by 0.\n\nSPARQL query:\nSELECT (1/0 AS ?x) {}')).toBe('Virtuoso 22012 Error SR084: Division by 0.');
  });

  it('normalises Virtuoso\'s JSON to SPARQL 1.1 JSON, with the public graph names', () => {
    const raw = {
      head: { link: [], vars: ['g', 'n', 's', 'l', 'b', 'x'] },
      results: {
        distinct: false, ordered: true, bindings: [{
          g: { type: 'uri', value: A },
          n: { type: 'typed-literal', datatype: 'http://www.w3.org/2001/XMLSchema#integer', value: '3' },
          s: { type: 'typed-literal', datatype: 'http://www.w3.org/2001/XMLSchema#string', value: 'c' },
          l: { type: 'literal', 'xml:lang': 'en', value: 'b' },
          b: { type: 'typed-literal', datatype: 'http://www.w3.org/2001/XMLSchema#boolean', value: '1' },
          x: { type: 'bnode', value: 'nodeID://b10006' },
        }],
      },
    };
    expect(normaliseResults(raw as never, layout)).toEqual({
      head: { vars: ['g', 'n', 's', 'l', 'b', 'x'] },
      results: {
        bindings: [{
          g: { type: 'uri', value: `${G}a` },
          n: { type: 'literal', datatype: 'http://www.w3.org/2001/XMLSchema#integer', value: '3' },
          s: { type: 'literal', value: 'c' },
          l: { type: 'literal', 'xml:lang': 'en', value: 'b' },
          b: { type: 'literal', datatype: 'http://www.w3.org/2001/XMLSchema#boolean', value: 'true' },
          x: { type: 'bnode', value: 'b10006' },
        }],
      },
    });
    expect(normaliseResults({ head: { link: [] }, boolean: true }, layout)).toEqual({ head: {}, boolean: true });
  });
});
