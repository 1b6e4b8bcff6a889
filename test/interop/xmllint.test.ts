/**
 * SPARQL XML results read by libxml2's `xmllint` (Debian libxml2-utils), a namespace-aware XML
 * parser we did not write (issue 11): SELECT answers (seed facts with a Polish name and dates,
 * literals with language tags, datatypes and the characters XML must escape, blank nodes, unbound
 * values), an empty answer and ASK answers are well-formed, valid against a RELAX NG grammar of the
 * format (sparql-results.rng, written from the W3C Recommendation: the W3C's own schema is in no
 * Debian package here), have their root element in the namespace
 * http://www.w3.org/2005/sparql-results#, and hold exactly the values asked for, read by XPath
 * with the namespace (an element of the right name in another namespace matches nothing).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overTheStore, startTestServer, type TestServer } from '../helpers/server.js';

/** No blank node over the store: Virtuoso 7.2.5 does not implement BNODE() (a known difference, test/store/remote-engine.test.ts). */
const BNODES = !overTheStore();
import { requireXmllint, run } from './debian-tools.js';

const NS = 'http://www.w3.org/2005/sparql-results#';
const SCHEMA = join(import.meta.dirname, 'sparql-results.rng');
const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** An XPath step matching `name` in the SPARQL results namespace only. */
const s = (name: string) => `*[local-name()='${name}' and namespace-uri()='${NS}']`;
const RESULT = (n: number) => `/${s('sparql')}/${s('results')}/${s('result')}[${n}]`;
const VALUE = (n: number, variable: string) => `${RESULT(n)}/${s('binding')}[@name='${variable}']/*`;

const SPECIAL_TEXT = 'comma, "quotes" & <angle> ]]> \ttab\r\nnew line – Środowiskowych ☃';
const QUERIES = {
  seed: `PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?practice ?name ?start WHERE {
  VALUES ?practice { <https://w3id.org/segraph/id/practice/cus-drobin> }
  ?practice skos:prefLabel ?name ; schema:startDate ?start .
} ORDER BY STR(?name)`,
  special: `SELECT ?i ?text ?number ?iri ?blank WHERE {
  VALUES (?i ?text ?number ?iri) {
    (1 ${JSON.stringify(SPECIAL_TEXT)}@pl 2.5 <https://w3id.org/segraph/id/practice/cus-drobin?a=1&b=2#x>)
    (2 "typed"^^<${XSD}token> UNDEF UNDEF)
  }
  ${BNODES ? 'BIND(BNODE() AS ?blank)' : ''}
} ORDER BY ?i`,
  empty: 'SELECT ?nothing WHERE { FILTER(false) }',
  askTrue: 'ASK { <https://w3id.org/segraph/id/practice/cus-drobin> a <https://w3id.org/segraph/ontology#Practice> }',
  askFalse: 'ASK { <https://w3id.org/segraph/id/practice/cus-drobin> a <https://w3id.org/segraph/ontology#Fund> }',
} as const;
type Name = keyof typeof QUERIES;

let server: TestServer;
const answers = new Map<string, { type: string; body: string }>();

beforeAll(async () => {
  await requireXmllint();
  server = await startTestServer({ workers: 1 });
  for (const [name, query] of Object.entries(QUERIES)) {
    const byGet = await fetch(`${server.endpoint}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+xml' } });
    const byPost = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/xml' }, body: query });
    for (const [method, res] of [['GET', byGet], ['POST', byPost]] as const) {
      expect(res.status, `${name} by ${method}`).toBe(200);
      answers.set(`${name} ${method}`, { type: res.headers.get('content-type') ?? '', body: await res.text() });
    }
  }
});
afterAll(async () => {
  await server?.close();
});

/** `xmllint --xpath EXPR -` on a text: what it prints (less the newline it ends with). */
async function evaluate(expression: string, body: string): Promise<string> {
  const result = await run('xmllint', ['--xpath', expression, '-'], body);
  expect(result.code, `${expression}: ${result.stderr}`).toBe(0);
  return result.stdout.replace(/\n$/, '');
}
const xpath = (name: Name, expression: string) => evaluate(expression, answers.get(`${name} GET`)!.body);

describe('every SPARQL XML answer', () => {
  for (const name of Object.keys(QUERIES) as Name[]) {
    for (const method of ['GET', 'POST'] as const) {
      it(`${name} by ${method}: well-formed, valid against the RELAX NG grammar, root {${NS}}sparql`, async () => {
        const { type, body } = answers.get(`${name} ${method}`)!;
        expect(type.split(';')[0]).toBe(method === 'GET' ? 'application/sparql-results+xml' : 'application/xml');
        const wellFormed = await run('xmllint', ['--noout', '-'], body);
        expect(wellFormed, 'well-formed').toEqual({ code: 0, stdout: '', stderr: '' });
        const valid = await run('xmllint', ['--noout', '--relaxng', SCHEMA, '-'], body);
        expect(valid, 'valid').toEqual({ code: 0, stdout: '', stderr: '- validates\n' });
        expect(await evaluate('concat(namespace-uri(/*), " ", local-name(/*))', body)).toBe(`${NS} sparql`);
      });
    }
  }

  // The old bug: the namespace was the placeholder itself, written out (hence \${…} here).
  const PLACEHOLDER = `\${SPARQL_RESULTS_XML_NS}`;
  it(`the grammar rejects the answer with the namespace the old bug gave, ${PLACEHOLDER}`, async () => {
    const wrong = answers.get('seed GET')!.body.replace(NS, PLACEHOLDER);
    const valid = await run('xmllint', ['--noout', '--relaxng', SCHEMA, '-'], wrong);
    expect(valid.code).not.toBe(0);
    expect(valid.stderr).toMatch(/wrong namespace/);
  });
});

describe('the values, read by XPath in the SPARQL results namespace', () => {
  it('seed: the variables, and the practice with its two names and its start date', async () => {
    expect(await xpath('seed', `count(/${s('sparql')}/${s('head')}/${s('variable')})`)).toBe('3');
    expect(await xpath('seed', `concat(/${s('sparql')}/${s('head')}/${s('variable')}[1]/@name, ' ', /${s('sparql')}/${s('head')}/${s('variable')}[2]/@name, ' ', /${s('sparql')}/${s('head')}/${s('variable')}[3]/@name)`)).toBe('practice name start');
    expect(await xpath('seed', `count(${RESULT(1)}/../${s('result')})`)).toBe('2');
    for (const n of [1, 2]) {
      expect(await xpath('seed', `string(${VALUE(n, 'practice')}[local-name()='uri'])`)).toBe('https://w3id.org/segraph/id/practice/cus-drobin');
      expect(await xpath('seed', `concat(${VALUE(n, 'start')}/@datatype, ' ', ${VALUE(n, 'start')})`)).toBe(`${XSD}gYear 2012`);
    }
    expect(await xpath('seed', `concat(${VALUE(1, 'name')}/@xml:lang, ' ', ${VALUE(1, 'name')})`)).toBe('pl Centrum Usług Środowiskowych');
    expect(await xpath('seed', `concat(${VALUE(2, 'name')}/@xml:lang, ' ', ${VALUE(2, 'name')})`)).toBe('en Joint Social Cooperative (Centrum Usług Środowiskowych) in Drobin');
  });

  it('special: escaped characters, a language tag, datatypes, an IRI with & and #, a blank node, unbound values', async () => {
    expect(await xpath('special', `string(${VALUE(1, 'text')}[local-name()='literal'])`)).toBe(SPECIAL_TEXT);
    expect(await xpath('special', `string(${VALUE(1, 'text')}/@xml:lang)`)).toBe('pl');
    expect(await xpath('special', `concat(${VALUE(1, 'number')}/@datatype, ' ', ${VALUE(1, 'number')})`)).toBe(`${XSD}decimal 2.5`);
    expect(await xpath('special', `string(${VALUE(1, 'iri')}[local-name()='uri'])`)).toBe('https://w3id.org/segraph/id/practice/cus-drobin?a=1&b=2#x');
    expect(await xpath('special', `count(${VALUE(1, 'blank')}[local-name()='bnode'])`)).toBe(BNODES ? '1' : '0');
    expect(await xpath('special', `concat(${VALUE(2, 'text')}/@datatype, ' ', ${VALUE(2, 'text')})`)).toBe(`${XSD}token typed`);
    expect(await xpath('special', `count(${RESULT(2)}/${s('binding')})`)).toBe(BNODES ? '3' : '2'); // i, text, blank: number and iri unbound
    expect(await xpath('special', `count(${RESULT(2)}/${s('binding')}[@name='number' or @name='iri'])`)).toBe('0');
  });

  it('empty: the variable in the head, a results element with no result', async () => {
    expect(await xpath('empty', `string(/${s('sparql')}/${s('head')}/${s('variable')}/@name)`)).toBe('nothing');
    expect(await xpath('empty', `count(/${s('sparql')}/${s('results')})`)).toBe('1');
    expect(await xpath('empty', `count(/${s('sparql')}/${s('results')}/*)`)).toBe('0');
  });

  it('ASK: a boolean, true and false', async () => {
    expect(await xpath('askTrue', `string(/${s('sparql')}/${s('boolean')})`)).toBe('true');
    expect(await xpath('askFalse', `string(/${s('sparql')}/${s('boolean')})`)).toBe('false');
    expect(await xpath('askTrue', `count(/${s('sparql')}/${s('results')})`)).toBe('0');
  });
});
