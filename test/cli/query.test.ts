/**
 * `segraph query`, in-process: the whole answer in the format asked for, over the prebuilt seed
 * snapshot; the exit codes of a bad query, a bad option and a query past its deadline.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { queryCommand } from '../../src/cli/query.js';
import { ROOT } from '../helpers/project.js';
import { seedSnapshot } from '../helpers/seed-snapshot.js';

let buildDir = '';
let scratch = '';
beforeAll(async () => {
  const { paths } = await seedSnapshot();
  buildDir = dirname(dirname(paths.dir)); // <build>/snapshots/<version>
  scratch = await mkdtemp(join(tmpdir(), 'segraph-query-'));
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['query', '--root', ROOT, '--build-dir', buildDir, ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('segraph query', () => {
  it('answers a SELECT in the format asked for, and says how many results on stderr', async () => {
    const r = await run('--query', 'PREFIX sg: <https://w3id.org/segraph/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?p a sg:Practice }', '--format', 'csv');
    expect(r.code).toBe(0);
    expect(r.out.split(/\r?\n/)).toEqual(['n', '18']);
    expect(r.err).toMatch(/^query: 1 result in [\d.]+ ms \(graph [0-9a-f]{16}\)$/);
  });

  it('gives the whole answer, past the server\'s row cap', async () => {
    const r = await run('--query', 'SELECT * WHERE { ?s ?p ?o }', '--format', 'tsv');
    expect(r.code).toBe(0);
    const { manifest } = await seedSnapshot();
    const rows = r.out.split('\n').length - 1; // the header
    expect(rows).toBeGreaterThan(10_000);
    expect(rows).toBeLessThanOrEqual(manifest.quads);
    expect(r.err).toContain(`query: ${rows.toLocaleString('en')} results`);
  });

  it('reads the query from --file, and answers CONSTRUCT as a graph (Turtle by default, or N-Triples)', async () => {
    const file = join(scratch, 'funds.rq');
    await writeFile(file, 'PREFIX sg: <https://w3id.org/segraph/ontology#>\nCONSTRUCT { ?p sg:fund ?f } WHERE { ?p sg:fund ?f }\n');
    const turtle = await run('--file', file);
    expect(turtle.code).toBe(0);
    const nt = await run('--file', file, '--format', 'nt');
    const a = new N3.Parser().parse(turtle.out);
    const b = new N3.Parser({ format: 'application/n-triples' }).parse(nt.out);
    expect(a.length).toBeGreaterThan(10);
    expect(new N3.Store(a).size).toBe(new N3.Store(b).size);
  });

  it('reads the query from standard input when neither --query nor --file gives one', async () => {
    const out: string[] = [];
    const code = await queryCommand({
      root: ROOT, buildDir, values: { format: 'json' }, stdin: async () => 'ASK { ?s ?p ?o }',
    }, { out: (l) => out.push(l), err: () => {} });
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ boolean: true });
  });

  it('serves --load files, alone with --no-seed, resolving relative IRIs against the base', async () => {
    const file = join(scratch, 'tiny.ttl');
    await writeFile(file, '<https://w3id.org/segraph/id/x> <https://w3id.org/segraph/id/p> "tiny" .\n');
    const r = await run('--no-seed', '--load', file, '--query', 'SELECT ?o WHERE { <id/x> ?p ?o }', '--format', 'csv');
    expect([r.code, r.out.split(/\r?\n/)]).toEqual([0, ['o', 'tiny']]);
  });

  it.each([
    ['a malformed query: exit 1 with its position', ['--query', 'SELEC ?x'], 1, /^query: malformed query: error at 1:\d+: /],
    ['a format of the other form: exit 2', ['--query', 'ASK {}', '--format', 'ttl'], 2, /--format: 'ttl' is not a format of solutions; use json, xml, csv, tsv/],
    ['SPARQL Update: exit 2', ['--query', 'INSERT DATA { <a:b> <a:c> <a:d> }'], 2, /SPARQL Update is not run/],
    ['both --query and --file: exit 2', ['--query', 'ASK {}', '--file', 'x.rq'], 2, /not both/],
    ['a missing file: exit 1', ['--file', 'no/such/file.rq'], 1, /--file no\/such\/file.rq: no such file/],
    ['--no-seed without --load: exit 2', ['--no-seed', '--query', 'ASK {}'], 2, /--no-seed needs at least one --load FILE/],
    ['a bad deadline: exit 2', ['--query', 'ASK {}', '--deadline', '0'], 2, /--deadline: '0' is not a valid value/],
    ['a query nested past the limit: exit 1', ['--query', `SELECT * WHERE ${'{'.repeat(100)}${'}'.repeat(100)}`], 1, /query_too_complex|nest/i],
  ])('%s', async (_name, args, code, message) => {
    const r = await run(...args);
    expect(r.code).toBe(code);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });

  it('stops a query at --deadline: exit 1, saying so', async () => {
    const r = await run('--query', 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }', '--deadline', '0.3');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^query: .*(deadline|0\.3 s|300 ms)/);
  }, 20_000);
});
