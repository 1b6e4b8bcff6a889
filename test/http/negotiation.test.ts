/**
 * Content negotiation on /sparql: Accept with q-values, the defaults, the `format=` parameter, and
 * the errors for what we cannot produce.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLdToQuads } from '../../src/graph/jsonld.js';
import { RDF, SG } from '../../src/vocab/namespace.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SELECT = 'SELECT ?p WHERE { ?p a <https://w3id.org/segraph/ontology#Practice> } ORDER BY ?p LIMIT 2';
const CONSTRUCT = 'CONSTRUCT WHERE { <https://w3id.org/segraph/id/practice/cus-drobin> a ?type }';
const ASK = 'ASK { <https://w3id.org/segraph/id/practice/cus-drobin> a <https://w3id.org/segraph/ontology#Practice> }';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(async () => {
  await server?.close();
});

interface Answer { status: number; type: string; vary: string; body: string }
async function ask(query: string, accept?: string, params = ''): Promise<Answer> {
  const headers: Record<string, string> = accept === undefined ? {} : { accept };
  const res = await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}${params}`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', vary: res.headers.get('vary') ?? '', body: await res.text() };
}

const isSparqlJson = (body: string) => {
  const parsed = JSON.parse(body) as { head?: { vars?: string[] }; results?: { bindings?: unknown[] } };
  return Array.isArray(parsed.head?.vars) && Array.isArray(parsed.results?.bindings);
};
const errorOf = (body: string) => (JSON.parse(body) as { error: Record<string, unknown> }).error;

describe('Accept with q-values', () => {
  it('picks CSV over XML when XML has the lower q', async () => {
    const res = await ask(SELECT, 'application/sparql-results+xml;q=0.9, text/csv');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expect(res.body.split('\r\n')[0]).toBe('p');
  });

  it('picks JSON (q=0.5) over CSV (q=0.1), whatever the order', async () => {
    const res = await ask(SELECT, 'text/csv;q=0.1, application/sparql-results+json;q=0.5');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/sparql-results+json');
    expect(isSparqlJson(res.body)).toBe(true);
  });

  it('picks the more specific type over a wildcard of equal q', async () => {
    const res = await ask(SELECT, '*/*, text/tab-separated-values');
    expect(res.type).toBe('text/tab-separated-values; charset=utf-8');
    expect(res.body.split('\n')[0]).toBe('?p');
  });

  it('never serves a type given q=0', async () => {
    const res = await ask(SELECT, 'application/sparql-results+json;q=0, text/csv;q=0.2');
    expect(res.type).toBe('text/csv; charset=utf-8');
  });

  it('picks N-Triples for CONSTRUCT when it has the higher q', async () => {
    const res = await ask(CONSTRUCT, 'text/turtle;q=0.3, application/n-triples;q=0.8');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/n-triples');
    expect(res.body).toContain('<https://w3id.org/segraph/id/practice/cus-drobin> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/segraph/ontology#Practice> .');
  });
});

describe('defaults', () => {
  it.each([[undefined], ['*/*'], ['']])('SELECT with Accept %j → SPARQL JSON', async (accept) => {
    const res = await ask(SELECT, accept);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/sparql-results+json');
    expect(isSparqlJson(res.body)).toBe(true);
  });

  it.each([[undefined], ['*/*']])('ASK with Accept %j → SPARQL JSON', async (accept) => {
    const res = await ask(ASK, accept);
    expect(res.type).toBe('application/sparql-results+json');
    expect(JSON.parse(res.body)).toMatchObject({ boolean: true });
  });

  it.each([[undefined], ['*/*']])('CONSTRUCT with Accept %j → Turtle', async (accept) => {
    const res = await ask(CONSTRUCT, accept);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/turtle; charset=utf-8');
    expect(res.body).toMatch(/@prefix|<https:\/\/w3id\.org\/segraph\/id\/practice\/cus-drobin>/);
  });

  it('application/json for SELECT → SPARQL JSON results', async () => {
    const res = await ask(SELECT, 'application/json');
    expect(res.status).toBe(200);
    // application/json may carry charset=utf-8 (express adds it for that type); JSON is UTF-8 either way.
    expect(res.type).toMatch(/^application\/(sparql-results\+)?json(; charset=utf-8)?$/);
    expect(isSparqlJson(res.body)).toBe(true);
  });

  it('application/json for CONSTRUCT → JSON-LD', async () => {
    const res = await ask(CONSTRUCT, 'application/json');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/(ld\+)?json(; charset=utf-8)?$/);
    const quads = await jsonLdToQuads(JSON.parse(res.body) as Record<string, unknown>);
    expect(quads.some((q) => q.predicate.value === RDF.type && q.object.value === SG.Practice)).toBe(true);
  });

  it('every answer varies on Accept', async () => {
    for (const [query, accept] of [[SELECT, undefined], [SELECT, 'text/csv'], [CONSTRUCT, undefined], [ASK, 'application/sparql-results+xml']] as const) {
      const res = await ask(query, accept);
      expect(res.vary.split(',').map((v) => v.trim().toLowerCase())).toContain('accept');
    }
  });
});

describe('aliases clients send', () => {
  // Turtle is N3 without N3's extensions: it answers a client asking for N3 or an older Turtle type.
  it.each(['text/n3', 'text/rdf+n3', 'application/n3', 'application/turtle', 'application/x-turtle'])('Accept: %s for CONSTRUCT → Turtle, labelled as asked', async (accept) => {
    const res = await ask(CONSTRUCT, accept);
    expect(res.status).toBe(200);
    expect(res.type).toBe(`${accept}; charset=utf-8`);
    expect(res.body).toMatch(/<https:\/\/w3id\.org\/segraph\/id\/practice\/cus-drobin>|practice:cus-drobin|id:practice\/cus-drobin/);
  });

  it('SPARQLWrapper\'s Accept for N3 (Turtle types first) → Turtle', async () => {
    const res = await ask(CONSTRUCT, 'application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/turtle; charset=utf-8');
  });
});

describe('the format parameter', () => {
  it('wins over Accept', async () => {
    const res = await ask(SELECT, 'application/sparql-results+json', '&format=csv');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
  });

  it.each([['xml', 'application/sparql-results+xml'], ['tsv', 'text/tab-separated-values; charset=utf-8'], ['json', 'application/sparql-results+json']])(
    'format=%s for SELECT', async (format, type) => {
      const res = await ask(SELECT, 'text/csv', `&format=${format}`);
      expect(res.type).toBe(type);
    });

  it.each([['nt', 'application/n-triples'], ['jsonld', 'application/ld+json'], ['rdfxml', 'application/rdf+xml'], ['ttl', 'text/turtle; charset=utf-8']])(
    'format=%s for CONSTRUCT', async (format, type) => {
      const res = await ask(CONSTRUCT, 'application/n-quads', `&format=${format}`);
      expect(res.status).toBe(200);
      expect(res.type).toBe(type);
    });

  it.each([['n3', 'text/turtle; charset=utf-8'], ['turtle', 'text/turtle; charset=utf-8'], ['json-ld', 'application/ld+json'], ['rdf+xml', 'application/rdf+xml']])(
    'format=%s, as SPARQLWrapper names it, for CONSTRUCT', async (format, type) => {
      const res = await ask(CONSTRUCT, undefined, `&format=${encodeURIComponent(format)}&output=${encodeURIComponent(format)}`);
      expect(res.status).toBe(200);
      expect(res.type).toBe(type);
      expect(res.body).toContain('cus-drobin');
    });

  it('a solutions format for CONSTRUCT → 406 not_acceptable, listing the graph formats', async () => {
    const res = await ask(CONSTRUCT, undefined, '&format=csv');
    expect(res.status).toBe(406);
    expect(res.type).toMatch(/^application\/json/);
    const error = errorOf(res.body);
    expect(error).toMatchObject({ status: 406, code: 'not_acceptable' });
    expect(error['available']).toEqual(expect.arrayContaining(['text/turtle', 'application/n-triples']));
    expect(error['available']).not.toContain('text/csv');
  });

  it('a graph format for SELECT → 406 not_acceptable', async () => {
    const res = await ask(SELECT, undefined, '&format=nt');
    expect(res.status).toBe(406);
    expect(errorOf(res.body)).toMatchObject({ code: 'not_acceptable' });
  });

  it('an unknown format → 400 invalid_parameter naming the parameter', async () => {
    const res = await ask(SELECT, undefined, '&format=foo');
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/json/);
    expect(errorOf(res.body)).toMatchObject({ status: 400, code: 'invalid_parameter', parameter: 'format' });
  });
});

describe('what we cannot produce', () => {
  it('image/png for SELECT → 406 with the JSON error body listing what is available', async () => {
    const res = await ask(SELECT, 'image/png');
    expect(res.status).toBe(406);
    expect(res.type).toMatch(/^application\/json/);
    const error = errorOf(res.body);
    expect(error).toMatchObject({ status: 406, code: 'not_acceptable' });
    expect(typeof error['message']).toBe('string');
    expect(error['available']).toEqual(['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values']);
  });

  it('image/png for CONSTRUCT → 406 listing the graph formats', async () => {
    const res = await ask(CONSTRUCT, 'image/png');
    expect(res.status).toBe(406);
    expect(errorOf(res.body)['available']).toEqual(expect.arrayContaining(['text/turtle', 'application/ld+json', 'application/rdf+xml']));
  });

  it('text/turtle for SELECT → 406 (no silent fallback to JSON)', async () => {
    const res = await ask(SELECT, 'text/turtle');
    expect(res.status).toBe(406);
    expect(errorOf(res.body)).toMatchObject({ code: 'not_acceptable' });
  });
});
