/**
 * Every RDF serialization the server produces, read by Raptor (`rapper` 2.0.15, Debian
 * raptor2-utils), a C parser we did not write (issue 11): documents (resources, named graphs, the
 * ontology), the catalogue, VoID, the service description, Graph Store reads, CONSTRUCT and
 * DESCRIBE results, each in Turtle, N-Triples, RDF/XML, TriG and N-Quads as content negotiation
 * gives them, and every dump (gzipped ones unpacked). Each must parse with exit code 0, no error
 * and no warning, and give the same number of triples as its N-Triples form (whose lines rapper
 * counts too); the dumps give the manifest's quad count, and the triple formats the number of
 * distinct triples of the N-Quads dump as rapper reads it.
 *
 * Raptor 2.0.15 has no JSON-LD parser (its `json` parser is RDF/JSON), so JSON-LD is not checked
 * here: rdflib (python.test.ts) reads it.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/graph/snapshot.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { requireRapper, run } from './debian-tools.js';

const SYNTAXES = {
  turtle: 'text/turtle',
  ntriples: 'application/n-triples',
  rdfxml: 'application/rdf+xml',
  trig: 'application/trig',
  nquads: 'application/n-quads',
} as const;
type Syntax = keyof typeof SYNTAXES;

interface Parsed { code: number; count: number | undefined; problems: string[] }

/** `rapper -i <syntax> -c - <base>`: the exit code, the count it reports, and its error and warning lines. */
async function rapper(syntax: Syntax, body: string | Buffer, base: string): Promise<Parsed> {
  const { code, stderr } = await run('rapper', ['-i', syntax, '-c', '-', base], body);
  const count = /Parsing returned (\d+) triples?/.exec(stderr)?.[1];
  return { code, count: count === undefined ? undefined : Number(count), problems: stderr.split('\n').filter((l) => /Error|Warning|Failed/.test(l)) };
}

const nonEmptyLines = (text: string) => text.split('\n').filter((l) => l.trim() !== '').length;

const PREFIXES = `PREFIX sg: <https://w3id.org/segraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX practice: <https://w3id.org/segraph/id/practice/>
`;
const CONSTRUCT = `${PREFIXES}CONSTRUCT {
  ?practice a sg:Practice ; skos:prefLabel ?name ; schema:startDate ?start ; rdfs:seeAlso [ rdfs:label ?name ] .
} WHERE { ?practice a sg:Practice ; skos:prefLabel ?name ; schema:startDate ?start }`;
const DESCRIBE = `${PREFIXES}DESCRIBE practice:cus-drobin ?org WHERE { practice:cus-drobin sg:implementedBy ?org }`;

/** What the server serves as RDF, by path (GET) or query (POST, a form). */
const RESOURCES: Record<string, { path: string } | { query: string }> = {
  'practice document': { path: '/id/practice/cus-drobin' },
  'practice document (non-ASCII)': { path: '/id/practice/darjiu-equestrian-centre' },
  'organisation document': { path: '/id/organisation/cus-drobin' },
  'named graph document': { path: '/graph/provenance' },
  ontology: { path: '/ontology' },
  catalogue: { path: '/catalog' },
  VoID: { path: '/.well-known/void' },
  'service description': { path: '/sparql' },
  'Graph Store read': { path: '/sparql/graph?graph=https%3A%2F%2Fw3id.org%2Fsegraph%2Fgraph%2Fprovenance' },
  'CONSTRUCT result': { query: CONSTRUCT },
  'DESCRIBE result': { query: DESCRIBE },
};

let server: TestServer;
let manifest: Manifest;

beforeAll(async () => {
  await requireRapper();
  server = await startTestServer({ workers: 2 });
  manifest = server.snapshot!.manifest;
});
afterAll(async () => {
  await server?.close();
});

async function get(what: { path: string } | { query: string }, accept: string): Promise<{ url: string; type: string; body: string }> {
  const res = 'path' in what
    ? await fetch(new URL(what.path, server.url), { headers: { accept } })
    : await fetch(server.endpoint, { method: 'POST', headers: { accept, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: what.query }) });
  expect(res.status, `${accept}: ${res.status}`).toBe(200);
  return { url: res.url, type: (res.headers.get('content-type') ?? '').split(';')[0]!.trim(), body: await res.text() };
}

describe('rapper reads every form of every document and result', () => {
  for (const [name, what] of Object.entries(RESOURCES)) {
    describe(name, () => {
      let reference: number;
      beforeAll(async () => {
        const nt = await get(what, SYNTAXES.ntriples);
        reference = nonEmptyLines(nt.body);
      });
      for (const [syntax, mediaType] of Object.entries(SYNTAXES) as Array<[Syntax, string]>) {
        it(`${syntax} (Accept: ${mediaType}) parses, with as many triples as its N-Triples has lines`, async () => {
          const answer = await get(what, mediaType);
          expect(answer.type).toBe(mediaType);
          const parsed = await rapper(syntax, answer.body, answer.url);
          expect(parsed).toEqual({ code: 0, count: reference, problems: [] });
          expect(reference).toBeGreaterThan(0);
        });
      }
    });
  }
});

describe('rapper reads every dump', () => {
  const FILES: Record<string, Syntax> = {
    'segraph.ttl': 'turtle', 'segraph.nt': 'ntriples', 'segraph.rdf': 'rdfxml', 'segraph.trig': 'trig', 'segraph.nq': 'nquads',
  };
  let distinctTriples: number;
  const bodies = new Map<string, Buffer>();
  const download = async (file: string): Promise<Buffer> => {
    if (!bodies.has(file)) {
      const res = await fetch(new URL(`/dumps/${file}`, server.url));
      expect(res.status).toBe(200);
      bodies.set(file, Buffer.from(await res.arrayBuffer()));
    }
    return bodies.get(file)!;
  };

  beforeAll(async () => {
    // The reference for the triple formats: the N-Quads dump's distinct triples, as rapper reads them.
    const triples = await run('rapper', ['-q', '-i', 'nquads', '-o', 'ntriples', '-', `${server.url}dumps/segraph.nq`], await download('segraph.nq'));
    expect(triples.code).toBe(0);
    distinctTriples = new Set(triples.stdout.split('\n').filter((l) => l.trim() !== '')).size;
  });

  it('the manifest lists a plain and a gzipped file of each format, JSON-LD included (which raptor cannot read)', () => {
    expect(manifest.dumps!.map((d) => d.file).sort()).toEqual(
      [...Object.keys(FILES), 'segraph.jsonld'].flatMap((f) => [f, `${f}.gz`]).sort(),
    );
  });

  for (const [file, syntax] of Object.entries(FILES)) {
    const dataset = syntax === 'trig' || syntax === 'nquads';
    it(`${file} parses: ${dataset ? "the manifest's quad count" : 'the distinct triples of the N-Quads dump'}`, async () => {
      const parsed = await rapper(syntax, await download(file), `${server.url}dumps/${file}`);
      expect(parsed).toEqual({ code: 0, count: dataset ? manifest.quads : distinctTriples, problems: [] });
      expect(distinctTriples).toBeGreaterThan(0);
      expect(distinctTriples).toBeLessThanOrEqual(manifest.quads);
    });
    it(`${file}.gz unpacks to the same bytes, and parses`, async () => {
      const unpacked = gunzipSync(await download(`${file}.gz`));
      expect(unpacked.equals(await download(file))).toBe(true);
      const parsed = await rapper(syntax, unpacked, `${server.url}dumps/${file}.gz`);
      expect(parsed).toEqual({ code: 0, count: dataset ? manifest.quads : distinctTriples, problems: [] });
    });
  }
});
