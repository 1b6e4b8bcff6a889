/**
 * The query-shape check: every shape that overflows Oxigraph's stack is refused at half the size
 * at which it fails, with the limit that catches it; brackets in strings, IRIs and comments do not
 * count; and every legitimate query passes: the W3C SPARQL test suites' positive queries, our
 * named queries, and every query the server sends its engine while serving its pages and APIs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkQueryShape, DEFAULT_QUERY_SHAPE_LIMITS, measureQueryShape, QueryTooComplexError, type QueryShapeLimit,
} from '../../src/query/query-shape.js';
import { loadNamedQueries } from '../../src/api/named-query.js';
import type { QueryRequest } from '../../src/query/engine.js';
import { ID } from '../../src/vocab/namespace.js';
import { ROOT } from '../helpers/project.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { w3cQueries } from '../helpers/w3c-sparql-tests.js';

const P = '<http://example.org/p>';
const list = (n: number, item: (i: number) => string, separator = ' ') => Array.from({ length: n }, (_, i) => item(i)).join(separator);

/**
 * The shapes, and the size at which each first failed (a Wasm trap, or a RangeError: the native
 * stack) when run by Oxigraph 0.5.11 in a Node 20 query worker (src/query/worker.ts), found by
 * bisection on a store of two triples, in a fresh worker and in one warmed up by the named
 * queries and a mix of these shapes; the smaller of the two. (Warm, V8 has optimised the Wasm
 * code, and arithmetic fails at 893 operators rather than 2,281.) Each is tested at half that.
 */
const SHAPES: ReadonlyArray<readonly [name: string, failsAt: number, limit: QueryShapeLimit, query: (n: number) => string]> = [
  ['nested parentheses in an expression', 1593, 'depth', (n) => `SELECT (${'('.repeat(n)}1${')'.repeat(n)} AS ?x) WHERE {}`],
  ['a flat sum 1+1+…', 893, 'sequence', (n) => `SELECT (${list(n, () => '1', '+')} AS ?x) WHERE {}`],
  ['a flat product 1 * 1 * …', 893, 'sequence', (n) => `SELECT (${list(n, () => '1', ' * ')} AS ?x) WHERE {}`],
  ['a sum in a FILTER', 893, 'sequence', (n) => `SELECT * WHERE { ?s ?p ?o FILTER(${list(n, () => '?o', ' + ')} > 0) }`],
  ['a sum in a BIND', 893, 'sequence', (n) => `SELECT * WHERE { BIND(${list(n, () => '1', ' - ')} AS ?x) }`],
  ['a sum in ORDER BY', 893, 'sequence', (n) => `SELECT * WHERE { ?s ?p ?o } ORDER BY (${list(n, () => '?o', ' / ')})`],
  ['a sum in GROUP_CONCAT', 893, 'sequence', (n) => `SELECT (GROUP_CONCAT(${list(n, () => '?o', ' + ')}; SEPARATOR=",") AS ?x) WHERE { ?s ?p ?o }`],
  ['an && chain', 2281, 'sequence', (n) => `SELECT * WHERE { ?s ?p ?o FILTER(${list(n, () => '?o != 1', ' && ')}) }`],
  ['a || chain', 2281, 'sequence', (n) => `SELECT * WHERE { ?s ?p ?o FILTER(${list(n, () => '?o = 1', ' || ')}) }`],
  ['nested groups', 695, 'depth', (n) => `SELECT * WHERE ${'{'.repeat(n)} ?s ?p ?o ${'}'.repeat(n)}`],
  ['nested OPTIONAL', 695, 'depth', (n) => `SELECT * WHERE { ?s ?p ?o ${'OPTIONAL { ?s ?p ?o '.repeat(n)}${'}'.repeat(n)} }`],
  ['sequential OPTIONAL', 832, 'sequence', (n) => `SELECT * WHERE { ?s ?p ?o ${'OPTIONAL { ?s ?p ?o } '.repeat(n)} }`],
  ['sequential MINUS', 832, 'sequence', (n) => `SELECT * WHERE { ?s ?p ?o ${'MINUS { ?s ?p ?o } '.repeat(n)} }`],
  ['sequential BIND', 832, 'sequence', (n) => `SELECT * WHERE { ${list(n, (i) => `BIND(${i} AS ?v${i})`)} }`],
  ['sequential LATERAL', 832, 'sequence', (n) => `SELECT * WHERE { ?s ?p ?o ${'LATERAL { ?s ?p ?o } '.repeat(n)} }`],
  ['a property path p/p/…', 2421, 'sequence', (n) => `SELECT * WHERE { ?s ${list(n, () => P, '/')} ?o }`],
  ['a property path p|p|…', 1562, 'sequence', (n) => `SELECT * WHERE { ?s ${list(n, () => P, '|')} ?o }`],
  ['nested path groups ((p)*)*', 1343, 'depth', (n) => `SELECT * WHERE { ?s ${'('.repeat(n)}${P}${')*'.repeat(n)} ?o }`],
  ['a UNION chain', 2421, 'sequence', (n) => `SELECT * WHERE { ${list(n, () => '{ ?s ?p ?o }', ' UNION ')} }`],
  ['triple patterns in one group', 2421, 'sequence', (n) => `SELECT * WHERE { ${list(n, (i) => `?s ${P} ?o${i} .`)} }`],
  ['an object list', 2421, 'sequence', (n) => `SELECT * WHERE { ?s ${P} ${list(n, (i) => `?o${i}`, ', ')} }`],
  ['groups in sequence {…} {…}', 2421, 'sequence', (n) => `SELECT * WHERE { ${'{ ?s ?p ?o } '.repeat(n)} }`],
  ['FILTERs', 2281, 'sequence', (n) => `SELECT * WHERE { ?s ?p ?o ${list(n, () => 'FILTER(true)')} }`],
  ['nested sub-SELECT', 695, 'depth', (n) => `SELECT * WHERE ${'{ SELECT * WHERE '.repeat(n)}{ ?s ?p ?o }${' }'.repeat(n)}`],
  ['nested FILTER NOT EXISTS', 196, 'depth', (n) => `ASK { ${'FILTER NOT EXISTS { '.repeat(n)}${' }'.repeat(n)} }`],
  ['nested FILTER EXISTS', 196, 'depth', (n) => `ASK { ?s ?p ?o ${'FILTER EXISTS { ?s ?p ?o '.repeat(n)}${' }'.repeat(n)} }`],
  ['nested function calls STR(STR(…))', 240, 'depth', (n) => `SELECT (${'STR('.repeat(n)}1${')'.repeat(n)} AS ?x) WHERE {}`],
  ['nested IF', 240, 'depth', (n) => `SELECT (${'IF(true, '.repeat(n)}1${', 0)'.repeat(n)} AS ?x) WHERE {}`],
  ['nested !', 2281, 'sequence', (n) => `SELECT (${'!'.repeat(n)}true AS ?x) WHERE {}`],
  ['nested collections as an object', 1218, 'depth', (n) => `SELECT * WHERE { ?s ?p ${'('.repeat(n)}1${')'.repeat(n)} }`],
  ['a long collection', 1218, 'sequence', (n) => `SELECT * WHERE { ?s ?p (${list(n, (i) => String(i))}) }`],
  ['nested blank-node property lists', 725, 'depth', (n) => `SELECT * WHERE { ?s ?p ${`[ ${P} `.repeat(n)}1${' ]'.repeat(n)} }`],
  ['nested blank nodes in a CONSTRUCT template', 847, 'depth', (n) => `CONSTRUCT { ?s ?p ${`[ ${P} `.repeat(n)}1${' ]'.repeat(n)} } WHERE { ?s ?p ?o }`],
  ['nested quoted triples << … >>', 1187, 'depth', (n) => `SELECT * WHERE { ${'<< '.repeat(n)}?s ?p ?o${' >> ?p ?o'.repeat(n)} . }`],
  ['nested triple terms <<( … )>>', 786, 'depth', (n) => `SELECT * WHERE { ?s ?p ${'<<( ?s ?p '.repeat(n)}?o${' )>>'.repeat(n)} . }`],
  ['nested annotations {| … |}', 984, 'depth', (n) => `SELECT * WHERE { ?s ?p ?o ${'{| ?p ?o '.repeat(n)}${' |}'.repeat(n)} . }`],
  ['an IN list', 12734, 'sequence', (n) => `SELECT * WHERE { ?s ?p ?o FILTER(?o IN (${list(n, (i) => String(i), ',')})) }`],
  ['projected expressions (1 AS ?v)', 832, 'sequence', (n) => `SELECT ${list(n, (i) => `(1 AS ?v${i})`)} WHERE { ?s ?p ?o }`],
  ['ORDER BY expressions', 832, 'sequence', (n) => `SELECT * WHERE { ?s ?p ?o } ORDER BY ${list(n, () => '(?o + 1)')}`],
  ['GROUP BY expressions', 832, 'sequence', (n) => `SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o } GROUP BY ${list(n, (i) => `(?o + ${i} AS ?g${i})`)}`],
  ['a HAVING && chain', 2281, 'sequence', (n) => `SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s HAVING(${list(n, () => 'COUNT(?o) > 0', ' && ')})`],
  ['DESCRIBE of many resources', 832, 'sequence', (n) => `DESCRIBE ${list(n, (i) => `<http://example.org/r${i}>`)}`],
  // `<` after an operand in an expression is the less-than operator: what follows is parsed.
  ['nested parentheses after <', 1593, 'depth', (n) => `SELECT * WHERE { ?s ?p ?o FILTER(?o <${'('.repeat(n)}1${')'.repeat(n)}) }`],
  ['nested CONCAT', 232, 'depth', (n) => `SELECT (${'CONCAT("a", '.repeat(n)}"b"${')'.repeat(n)} AS ?x) WHERE {}`],
  ['nested triple-term expressions', 893, 'depth', (n) => `SELECT (${'<<( <http://example.org/a> <http://example.org/b> '.repeat(n)}1${' )>>'.repeat(n)} AS ?x) WHERE {}`],
];

/**
 * Combinations: `levels` of nesting each holding `k` elements. The tree is as deep as the sum
 * along its deepest path, so the failing depth falls as k grows. Measured like SHAPES (warm).
 */
const COMBINATIONS: ReadonlyArray<readonly [name: string, k: number, failsAt: number, query: (levels: number, k: number) => string]> = [
  ...([[1, 704], [10, 132], [50, 29], [200, 5]] as const).map(([k, failsAt]) => [
    'nested groups, each holding the next level then k OPTIONALs', k, failsAt,
    (levels: number, n: number) => {
      let inner = '?s ?p ?o .';
      for (let l = 0; l < levels; l++) inner = `?s ?p ?o . { ${inner} } ${'OPTIONAL { ?s ?p ?o } '.repeat(n)}`;
      return `SELECT * WHERE { ${inner} }`;
    },
  ] as const),
  ...([[10, 220], [100, 9]] as const).map(([k, failsAt]) => [
    'nested OPTIONALs, each with k BINDs after the next', k, failsAt,
    (levels: number, n: number) => {
      let inner = '?s ?p ?o .';
      for (let l = 0; l < levels; l++) inner = `?s ?p ?o . OPTIONAL { ${inner} } ${list(n, (i) => `BIND(${i} AS ?v${l}_${i})`)}`;
      return `SELECT * WHERE { ${inner} }`;
    },
  ] as const),
  ...([[10, 90], [100, 9]] as const).map(([k, failsAt]) => [
    'nested parentheses, each with k operands before the next', k, failsAt,
    (levels: number, n: number) => {
      let inner = '1';
      for (let l = 0; l < levels; l++) inner = `(${list(n, () => '1', ' + ')} + ${inner})`;
      return `SELECT (${inner} AS ?x) WHERE {}`;
    },
  ] as const),
  ...([[10, 82], [100, 9]] as const).map(([k, failsAt]) => [
    'nested calls, each with k operands before the next', k, failsAt,
    (levels: number, n: number) => {
      let inner = '1';
      for (let l = 0; l < levels; l++) inner = `ABS(${list(n, () => '1', ' + ')} + ${inner})`;
      return `SELECT (${inner} AS ?x) WHERE {}`;
    },
  ] as const),
  [
    'nested blank nodes, each with an object list of k', 20, 116,
    (levels: number, n: number) =>
      `SELECT * WHERE { ?s ?p ${`[ ${P} ${list(n, (i) => `?x${i}`, ', ')} ; ${P} `.repeat(levels)}1${' ]'.repeat(levels)} }`,
  ],
  [
    'nested groups, the innermost holding k nested calls', 100, 400,
    (levels: number, n: number) =>
      `SELECT * WHERE ${'{ ?s ?p ?o '.repeat(levels)} FILTER(${'STR('.repeat(n)}?o${')'.repeat(n)} = "1") ${'} '.repeat(levels)}`,
  ],
];

function refusal(query: string): QueryTooComplexError | undefined {
  try {
    checkQueryShape(query);
    return undefined;
  } catch (error) {
    if (error instanceof QueryTooComplexError) return error;
    throw error;
  }
}

describe('checkQueryShape refuses the shapes that overflow the engine', () => {
  it.each(SHAPES.map(([name, failsAt, limit, query]) => ({ name, failsAt, limit, query })))(
    '$name (fails at $failsAt): refused at half that, by $limit',
    ({ failsAt, limit, query }) => {
      const half = Math.floor(failsAt / 2);
      const error = refusal(query(half));
      expect(error, `${half}`).toBeInstanceOf(QueryTooComplexError);
      expect(error!.limit).toBe(limit);
      expect(error!.found).toBeGreaterThan(error!.max);
      // …and the same shape at a small size is a query like any other.
      expect(refusal(query(Math.min(25, Math.floor(failsAt / 20))))).toBeUndefined();
    },
  );

  it.each(COMBINATIONS.map(([name, k, failsAt, query]) => ({ name, k, failsAt, query })))(
    '$name, k = $k (fails at $failsAt levels): refused at half that',
    ({ k, failsAt, query }) => {
      expect(refusal(query(Math.max(1, Math.floor(failsAt / 2)), k))).toBeInstanceOf(QueryTooComplexError);
    },
  );

  it('sums sequences along the deepest path: 60 levels each holding 100 OPTIONALs (200 elements) is refused, though one such level is fine', () => {
    let inner = '?s ?p ?o .';
    for (let l = 0; l < 60; l++) inner = `?s ?p ?o . { ${inner} } ${'OPTIONAL { ?s ?p ?o } '.repeat(100)}`;
    const error = refusal(`SELECT * WHERE { ${inner} }`);
    expect(error?.limit).toBe('evalDepth');
    expect(refusal(`SELECT * WHERE { ?s ?p ?o ${'OPTIONAL { ?s ?p ?o } '.repeat(100)} }`)).toBeUndefined();
  });

  it('throws an error that names the limit, its value, what was found and the flag', () => {
    const error = refusal(`SELECT * WHERE ${'{'.repeat(100)} ?s ?p ?o ${'}'.repeat(100)}`)!;
    expect(error).toMatchObject({ limit: 'depth', max: DEFAULT_QUERY_SHAPE_LIMITS.maxDepth, found: 100 });
    expect(error.message).toContain('100 deep');
    expect(error.message).toContain('--max-query-depth');
    const sequence = refusal(`SELECT * WHERE { ?s ?p ?o FILTER(?o IN (${list(1500, String, ',')})) }`)!;
    expect(sequence).toMatchObject({ limit: 'sequence', max: DEFAULT_QUERY_SHAPE_LIMITS.maxSequence });
    expect(sequence.message).toContain('--max-query-sequence');
    expect(sequence.message).toContain('VALUES');
  });

  it('takes other limits', () => {
    const query = `SELECT * WHERE ${'{'.repeat(10)} ?s ?p ?o ${'}'.repeat(10)}`;
    expect(refusal(query)).toBeUndefined();
    expect(() => checkQueryShape(query, { ...DEFAULT_QUERY_SHAPE_LIMITS, maxDepth: 9 })).toThrow(QueryTooComplexError);
    expect(() => checkQueryShape(query, { ...DEFAULT_QUERY_SHAPE_LIMITS, maxEvalDepth: 20 })).toThrow(/evaluation depth/);
    expect(() => checkQueryShape('SELECT * WHERE { ?s ?p ?o, ?a, ?b, ?c, ?d }', { ...DEFAULT_QUERY_SHAPE_LIMITS, maxSequence: 3 })).toThrow(/of 4 elements/);
  });
});

describe('measureQueryShape reads the text as the parser does', () => {
  it('does not count brackets, operators or separators in strings, IRIs and comments', () => {
    const plain = measureQueryShape('SELECT * WHERE { ?s ?p ?o . ?s ?p ?o }');
    const hiding = measureQueryShape([
      'PREFIX ex: <http://example.org/(((/{{{/[[[/>',
      'SELECT * WHERE { # ((((( {{{{{ [[[[[ + + + , , ,',
      '  ?s ?p "((((( {{{ \\" [[[ + + ,,," . ?s ?p \'))))) \\\' }}} ]]] + + ;;\'',
      '  FILTER(?o != """ (((( "" " {{{{ \n ]]]] """ && ?o != \'\'\'(((( \'\' \' [[[[ \n\'\'\')',
      '  FILTER(?o != "\\u0028\\U00000028")',
      '  ?s <http://example.org/a(b)[c]{d}> ex:a\\(\\(\\(\\(\\,\\;',
      '}',
    ].join('\n'));
    expect(hiding.depth).toBe(plain.depth + 1); // FILTER( … ) is the one bracket more
    expect(hiding.sequence).toBeLessThan(10);
  });

  it('counts what the parser reads past a long string that does not close: `"""` is then `""` and a new string', () => {
    // Oxigraph reads the collection ( "" "x" ((((((((((1)))))))))) ), nesting 10 collections.
    expect(measureQueryShape('SELECT * WHERE { ?s ?p ( """x" ((((((((((1)))))))))) ) }').depth).toBe(12);
    // A long string holding an escape the parser rejects is no long string either (the parser
    // nests the collections, then stops at the escape).
    expect(measureQueryShape('SELECT * WHERE { ?s ?p ( """x" ((((((((((1)))))))))) "\\q""" ) }').depth).toBe(12);
    expect(measureQueryShape('SELECT * WHERE { ?s ?p ( """x" ((((((((((1)))))))))) "\\uD800""" ) }').depth).toBe(12);
    // With a good escape, it is one string.
    expect(measureQueryShape('SELECT * WHERE { ?s ?p ( """x" ((((((((((1)))))))))) "\\u0041""" ) }').depth).toBe(2);
  });

  it('reads `<` after an operand in an expression as less-than, and elsewhere as an IRI', () => {
    expect(measureQueryShape('ASK { FILTER(?x <((((((((((1))))))))))) }').depth).toBe(12);
    expect(measureQueryShape('ASK { FILTER(?x = <((((((((((1>) }').depth).toBe(2);
    expect(measureQueryShape('ASK { ?s ?p <((((((((((1> }').depth).toBe(1);
    // ?x <#> comments out the rest of the line for the parser, and so for the scanner
    expect(measureQueryShape('ASK { FILTER(?x <# )))))\n + ((1)) ) }').depth).toBe(4);
  });

  it('counts keywords the parser reads without a space after them', () => {
    expect(measureQueryShape('ASK { FILTERNOTEXISTS{ FILTERNOTEXISTS{} } }').evalDepth)
      .toBe(measureQueryShape('ASK { FILTER NOT EXISTS { FILTER NOT EXISTS { } } }').evalDepth);
  });

  it('does not count the rows of a VALUES block: they are a table, not a tree', () => {
    const rows = list(20_000, (i) => `(${i} "v${i}" <http://example.org/r${i}>)`);
    expect(refusal(`SELECT * WHERE { VALUES (?i ?v ?r) { ${rows} } }`)).toBeUndefined();
    expect(refusal(`SELECT * WHERE { ?s ?p ?o } VALUES ?i { ${list(20_000, String)} }`)).toBeUndefined();
  });

  it('measures 1 MB of pathological text quickly, without recursion', () => {
    const mb = 1024 * 1024;
    for (const text of ['('.repeat(mb), '{'.repeat(mb), '<<'.repeat(mb / 2), '1+'.repeat(mb / 2), "'''".repeat(mb / 3), '"'.repeat(mb)]) {
      const started = performance.now();
      const shape = measureQueryShape(text);
      expect(performance.now() - started).toBeLessThan(5_000); // well under 100 ms in practice
      expect(shape.depth + shape.sequence).toBeGreaterThanOrEqual(0);
    }
    expect(measureQueryShape('('.repeat(mb)).depth).toBe(mb);
    expect(refusal('('.repeat(mb))?.limit).toBe('depth');
    expect(refusal('1+'.repeat(mb / 2))?.limit).toBe('sequence');
  });
});

describe('every legitimate query passes', () => {
  const largest = { depth: 0, sequence: 0, evalDepth: 0 };
  const passes = (name: string, query: string) => {
    const shape = measureQueryShape(query);
    for (const key of ['depth', 'sequence', 'evalDepth'] as const) largest[key] = Math.max(largest[key], shape[key]);
    expect(() => checkQueryShape(query), name).not.toThrow();
  };
  afterAll(() => {
    // For the doc comment of DEFAULT_QUERY_SHAPE_LIMITS.
    console.log(`largest legitimate query shape: ${JSON.stringify(largest)}`);
  });

  it.each(['sparql10', 'sparql11', 'sparql12'])('the positive syntax and evaluation queries of the W3C %s tests', (suite) => {
    const queries = w3cQueries(suite, 'positive');
    expect(queries.length).toBeGreaterThan(100);
    for (const { file, text } of queries) passes(file, text);
  });

  it('the named queries in queries/*.rq', () => {
    const files = readdirSync(join(ROOT, 'queries')).filter((f) => f.endsWith('.rq'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) passes(file, readFileSync(join(ROOT, 'queries', file), 'utf8'));
  });

  describe('every query the server sends its engine while serving pages and APIs', () => {
    let server: TestServer;
    const sent = new Map<string, string>();
    beforeAll(async () => {
      server = await startTestServer({ workers: 1 });
      const execute = server.engine.execute.bind(server.engine);
      server.engine.execute = (request: QueryRequest, key?: string) => {
        sent.set(request.query, request.query);
        return execute(request, key);
      };
    }, 180_000);
    afterAll(async () => {
      await server?.close();
    });

    it('(home, VoID, catalogue, ontology, resources, question API with every example, facets, search)', async () => {
      const urls = ['', '.well-known/void', 'catalog', 'ontology', 'api/queries', 'api/openapi.json', 'api/facets',
        'api/facets?country=POL', 'api/search?q=social', 'sparql/graph?default'];
      const { queries } = await loadNamedQueries(join(ROOT, 'queries'));
      expect(queries.length).toBeGreaterThan(5);
      const mayNeedParameters = new Set<string>();
      for (const q of queries) {
        urls.push(`api/queries/${q.name}`, `api/queries/${q.name}?limit=2&offset=2`);
        mayNeedParameters.add(`api/queries/${q.name}`).add(`api/queries/${q.name}?limit=2&offset=2`);
        for (const example of q.examples) urls.push(`api/queries/${q.name}?${new URLSearchParams(example as Record<string, string>)}`);
        for (const p of q.parameters) for (const value of p.values ?? []) urls.push(`api/queries/${q.name}?${p.name}=${value}`);
      }
      const practices = (await (await fetch(`${server.endpoint}?query=${encodeURIComponent(
        'SELECT ?p WHERE { ?p a <https://w3id.org/segraph/ontology#Practice> } ORDER BY ?p LIMIT 2')}`)).json()) as
        { results: { bindings: Array<{ p: { value: string } }> } };
      for (const { p } of practices.results.bindings) {
        const path = `id/${p.value.slice(ID.iri.length)}`;
        urls.push(path, `${path}?format=ttl`, `${path}?format=jsonld`);
      }
      for (const url of urls) {
        for (const accept of ['text/html', '*/*']) {
          const res = await fetch(`${server.url}${url}`, { headers: { accept } });
          const refused = res.status === 406 || (res.status === 400 && mayNeedParameters.has(url));
          expect(refused || res.status < 400, `${url} ${res.status}`).toBe(true);
          await res.arrayBuffer();
        }
      }
      expect(sent.size).toBeGreaterThan(20);
      for (const query of sent.values()) passes(query.slice(0, 80), query);
      expect(server.errors).toEqual([]);
    });
  });
});
